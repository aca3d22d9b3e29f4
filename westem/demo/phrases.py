"""The sentences the made-up demo profiles are written with, in English.

Templates take the words ``westem.demo.cast`` picks for one person (``{subject}``,
``{the_org}``, ``{Title}``, …), so her bio and goals agree with each other.
"""

from profiles.models import Stage

MENTOR_OPENINGS = (
    "{Title}{at_org}, with {years} years in {subject}.",
    "I work as {a_title}{at_org_or_city}.",
    "I have spent {years} years in {subject} and I am now {a_title}{at_org}.",
    "{Title} based in {city}, with {years} years in {subject} behind me.",
)
EARLY_MENTOR_OPENINGS = (
    "I finished my master's in {subject} {years} years ago and now work as {a_title}{at_org}.",
    "{Title}{at_org}, a few years into my first job after a PhD in {subject}.",
)
MENTOR_MIDDLES = (
    "I did my PhD in {subject} before moving to industry.",
    "I was the first in my family to go to university.",
    "I lead a team of {team} and care a lot about how we hire and grow people.",
    "I have moved countries twice for work, so I know what starting over feels like.",
    "I have often been the only woman in the room, and I have learned a lot from it.",
    "I supervise master's theses and love watching students find their own questions.",
    "I came to {subject} late, after starting out in languages.",
    "Outside work I coach a girls' robotics team.",
    "In my free time I hike, and I bake far too much bread.",
    "I sit on hiring panels, so I see many applications from the other side.",
)
MENTOR_CLOSERS = (
    "Mentoring is my way of giving back what others once gave me.",
    "I'd love to meet curious people who are a little unsure of their path. I was too.",
    "I believe good questions matter more than quick answers.",
)
MENTOR_OFFERS = (
    "I can help with {a} and {b}.",
    "Happy to talk about {a}, {b} or anything else on your mind.",
    "I offer honest advice on {a}, and a sounding board for {b}.",
    "Ask me about {a}. I can also help with {b}.",
)
MENTOR_TOPICS = (
    "choosing between a PhD and industry",
    "applying for your first job",
    "negotiating your salary",
    "preparing for technical interviews",
    "presenting your work with confidence",
    "dealing with bias in male-dominated teams",
    "finding a research group abroad",
    "writing a CV that gets read",
    "combining a career with a family",
    "impostor syndrome",
    "starting your own company",
    "getting your first paper published",
    "moving from academia to industry",
    "building a professional network",
    "leading a team for the first time",
    "choosing a master's programme",
    "what a career in {subject} really looks like",
)

MENTEE_OPENINGS = {
    Stage.SCHOOL: (
        "I'm in my last year at {the_org}.",
        "I go to {the_org} and my favourite subjects are {fav} and {fav2}.",
    ),
    Stage.BACHELOR: (
        "I'm in my {ordinal} year of a bachelor's in {subject} at {the_org}.",
        "Bachelor's student in {subject} at {the_org}.",
    ),
    Stage.MASTER: (
        "I'm doing a master's in {subject} at {the_org}.",
        "Master's student in {subject} at {the_org}, writing my thesis on {research}.",
    ),
    Stage.PHD: (
        "I'm a PhD candidate at {the_org}, researching {research}.",
        "PhD student in {subject} at {the_org}; my project is about {research}.",
    ),
    Stage.EARLY_CAREER: (
        "I graduated in {subject} {years} years ago and now work as {a_title}{at_org}.",
        "{Title}{at_org}, one year into my first job.",
    ),
}
SCHOOL_SECONDS = (
    "I'm thinking about studying {subject}, but I'm not sure yet.",
    "Everyone tells me to become a doctor, but I'm drawn to {subject}.",
    "I built my first website last summer and I want to learn much more.",
)
MENTEE_MIDDLES = (
    "I like hands-on projects more than pure theory.",
    "In my free time I volunteer at a coding club for kids.",
    "I play the cello and go climbing at weekends.",
    "I moved here from {elsewhere} for my studies.",
)
STUDENT_MIDDLES = (
    "I'm one of only a few women in my year.",
    "I'm curious about both research and industry and can't decide.",
    "I sometimes doubt whether I belong in {subject}, even when my grades say I do.",
    "I help organise our student association's career day.",
)
MENTEE_GOAL_TEMPLATES = (
    "I want to {a} and {b}.",
    "Looking for someone who can help me {a}.",
    "My goal this year is to {a}. I'd also like to {b}.",
    "I'd love advice on how to {a}.",
)
MENTEE_GOALS = {
    Stage.SCHOOL: (
        "choose what to study at university",
        "find out what engineers and scientists actually do all day",
        "get into a summer research school",
        "learn to code properly",
        "feel sure about choosing STEM even though few of my friends do",
    ),
    Stage.BACHELOR: (
        "choose a master's programme",
        "find a summer internship",
        "feel more confident speaking up in group projects",
        "understand what a career in {subject} actually looks like",
        "build a network outside my university",
        "balance my studies with a part-time job",
    ),
    Stage.MASTER: (
        "decide whether to do a PhD",
        "find my first job after graduating",
        "prepare for job interviews",
        "apply for a PhD abroad",
        "get better at presenting my research",
        "handle comments about women in engineering",
        "understand what a career in {subject} actually looks like",
    ),
    Stage.PHD: (
        "publish my first paper",
        "get better at presenting my research",
        "decide between a postdoc and a job in industry",
        "build a network outside my university",
        "handle comments about women in my field",
        "plan my career after the PhD",
    ),
    Stage.EARLY_CAREER: (
        "negotiate my first raise",
        "prepare for my next job interview",
        "handle comments about women in engineering",
        "find out whether I should go back for a PhD",
        "grow into a team-lead role",
        "build a network outside my company",
    ),
}
FAVOURITE_SUBJECTS = ("maths", "physics", "chemistry", "biology", "programming")
ORDINALS = ("first", "second", "third")
