"""Evaluations in the demo: reflections after meetings (in English and Swedish; an empty one
too, as people leave them) and answers to the final evaluation at the end of a cycle.
"""

REFLECTION_TEXTS = (
    "We made a plan for my applications. I felt listened to.",
    "Good session: I finally said out loud that I want to stay in research.",
    "Hard to find time this week, but the tips on networking were concrete.",
    "Vi pratade om hur jag tar plats i grupparbeten. Jag ska testa det på måndag.",
    "",
)
FINAL_ANSWERS = (
    {
        "strengths": "I explain complex things clearly; I still doubt myself in big groups.",
        "application": "I will ask for feedback early instead of waiting until I feel ready.",
        "biases": "People assumed I was the note-taker in lab meetings. I now say so, calmly.",
        "stem_impact": "I am now sure I want to continue with a master's in engineering.",
    },
    {
        "strengths": "Jag är bra på att planera, men jag säger för sällan vad jag kan.",
        "application": "Jag söker sommarjobbet på forskningsinstitutet i år.",
        "biases": "",
        "stem_impact": "Jag vill stanna inom datavetenskap och bli handledare själv en dag.",
    },
    {
        "strengths": "Mentoring showed me how much I know that I take for granted.",
        "application": "I will mentor again, and share the agreement template with colleagues.",
        "biases": "Recruiters still ask women about family plans; we practised answers.",
        "stem_impact": "It confirmed that I want to lead a team in industry.",
    },
)
