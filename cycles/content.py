"""The program manual's content for each phase of the cycle: checklist items and guiding
questions (SPEC §7), and the hints of the agreement form (SPEC §8). Translated with gettext."""

from dataclasses import dataclass, replace

from django.utils.translation import gettext_lazy as _

from .models import Phase


@dataclass(frozen=True)
class PhaseContent:
    phase: int
    summary: str
    items: tuple[tuple[str, str], ...]  # (key, label)
    questions: tuple[str, ...]
    # The mentor's own, where the manual's questions are the mentee's ("my intentions for
    # study or work"); empty: both are asked ``questions``.
    mentor_questions: tuple[str, ...] = ()

    def questions_for(self, role: str) -> tuple[str, ...]:
        if role == "mentor" and self.mentor_questions:
            return self.mentor_questions
        return self.questions


PHASES = {
    Phase.PREPARATION: PhaseContent(
        phase=Phase.PREPARATION,
        summary=_(
            "Get to know each other and lay the ground for trust: share your backgrounds and "
            "paths, find common interests, and start thinking about goals and expectations."
        ),
        items=(
            ("first_meeting_date", _("Set the date of the first meeting")),
            ("self_reflection", _("Self-reflection before the meeting")),
            ("get_to_know", _("Get to know each other")),
            ("build_trust", _("Build trust")),
            ("discuss_agreement", _("Discuss the mentoring agreement")),
            ("set_boundaries", _("Set boundaries")),
            ("think_goals", _("Think about goals")),
        ),
        questions=(
            _("What is your background, and how did you get to where you are now?"),
            _("What are your interests, wishes, setbacks and worries?"),
            _("What do you have in common?"),
            _("Which long-term goals come to mind — confidence, strengths, a future in STEM?"),
        ),
    ),
    Phase.NEGOTIATION: PhaseContent(
        phase=Phase.NEGOTIATION,
        summary=_(
            "Turn worries and questions into goals: agree the goals, expectations, boundaries, "
            "timeline and success criteria of your mentoring agreement."
        ),
        items=(
            ("discuss_expectations", _("Discuss expectations")),
            ("agree_timeline", _("Agree a timeline")),
            ("agree_goals", _("Agree concrete goals together")),
            ("success_criteria", _("Define success criteria")),
            ("next_meeting_date", _("Set the date of the next meeting")),
            ("next_meeting_tasks", _("Agree tasks and goals for the next meeting")),
            ("session_feedback", _("Give feedback on the session")),
        ),
        questions=(
            _("What do you expect of this mentoring program?"),
            _("How long are you willing to commit to the program?"),
            _("When are you available?"),
            _("How will we work together?"),
            _("How often do we meet?"),
            _("Which specific goals do I want to reach? (at most 3)"),
            _("How can this mentoring succeed?"),
        ),
    ),
    Phase.ENABLING: PhaseContent(
        phase=Phase.ENABLING,
        summary=_(
            "The main work towards the goals happens here. Evaluate, revise and edit your goals "
            "at the end of sessions, ask for feedback regularly and listen actively."
        ),
        items=(
            ("evaluate_goals", _("Evaluate goals")),
            ("revise_goals", _("Revise goals")),
            ("edit_goals", _("Edit goals")),
            ("constructive_feedback", _("Give constructive feedback")),
            ("listen_actively", _("Listen actively")),
        ),
        questions=(
            _("How has your mentoring relationship developed?"),
            _("Are you reaching the goals you set at the start?"),
            _("Is this what you expected when you joined the program?"),
            _("What would make this program better for you in the future?"),
        ),
    ),
    Phase.CLOSURE: PhaseContent(
        phase=Phase.CLOSURE,
        summary=_(
            "Gather your insights and look back on the whole process: which goals were reached, "
            "what you learned, and what the mentee's next steps are."
        ),
        items=(
            ("review_process", _("Review the mentoring process")),
            ("review_agreement", _("Review the mentoring agreement")),
            ("close_relationship", _("Close the mentoring relationship")),
            ("next_steps", _("Next steps for the mentee")),
            ("final_evaluation", _("Fill in the final evaluation")),
        ),
        questions=(
            _("Which goals were met?"),
            _("Which goals were not met, and why not?"),
            _("What have I learned about my strengths and challenges, also in STEM?"),
            _("How will I apply what I have learned from this relationship?"),
            _(
                "Did I identify biases in STEM that affected my choices? Do I know how to "
                "address them?"
            ),
            _("What impact did the mentoring have on my intentions for study or work in STEM?"),
        ),
        mentor_questions=(
            _("Which of my mentee's goals were met?"),
            _("Which of them were not met, and why not?"),
            _("What have I learned about my strengths and challenges as a mentor, also in STEM?"),
            _("How will I apply what I have learned from this relationship?"),
            _(
                "Did we identify biases in STEM that affected my mentee's choices? Do we know "
                "how to address them?"
            ),
            _(
                "What impact did the mentoring have on my mentee's intentions for study or work "
                "in STEM?"
            ),
        ),
    ),
}

# Flash: one session on a topic, no mentoring agreement to discuss or review (SPEC §7–8: it is
# optional and not asked for). These items take the place of the agreement's.
FLASH_ITEMS = {
    "discuss_agreement": ("agree_topic", _("Agree the topic of the flash session")),
    "review_agreement": ("review_topic", _("Look back on the topic of the session")),
}
FLASH_SUMMARIES = {
    Phase.NEGOTIATION: _(
        "Turn worries and questions into goals: agree what you want from the session, your "
        "expectations and how you will know it helped."
    ),
}


def content_for(phase: int, *, flash: bool) -> PhaseContent:
    """The phase's content for the mentorship's style."""
    content = PHASES[phase]
    if not flash:
        return content
    return replace(
        content,
        summary=FLASH_SUMMARIES.get(phase, content.summary),
        items=tuple(FLASH_ITEMS.get(key, (key, label)) for key, label in content.items),
    )


ITEM_KEYS = {
    key
    for phase in PHASES
    for flash in (False, True)
    for key, _label in content_for(phase, flash=flash).items
}

MENTOR_SUCCESS_HINT = _(
    "As a mentor I am successful when… I strengthen my mentee's skills; I share my professional "
    "and life experience; I give insight into my field; I am willing to learn new things myself."
)
MENTEE_SUCCESS_HINT = _(
    "As a mentee I am successful when… I define and pursue my professional and personal goals; "
    "I work openly with fears and weaknesses; I rethink and question my actions; I accept tips "
    "and advice; I make decisions and act on my own responsibility; I know my strengths."
)
GOAL_EXAMPLES = _(
    "For example: confirm and extend my strengths; build confidence for studies and work in "
    "STEM; stand up for myself; address biases and break down barriers in my course or work; "
    "see a future for myself in STEM."
)
