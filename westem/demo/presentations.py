"""Mentor presentations and connection requests in the demo.

Every mentor writes a presentation from her profile, under one of ``HEADLINES``; the staff
approve the published ones. A few stay behind, by their place in the list of mentors (the
known mentor first): ``DRAFTS`` are never published, ``AWAITING_APPROVAL`` wait for the
staff, and ``PAUSED`` are in the directory but not accepting requests.
"""

DRAFTS = (27, 28)
AWAITING_APPROVAL = (24, 25, 26)
PAUSED = (20, 21)
CAPACITIES = (1, 2, 2, 3)  # drawn per presentation
DEFAULT_OFFER = "Study and career choices, confidence and networks."

HEADLINES = [
    "{field} professional happy to talk about study and career choices",
    "From lab bench to team lead in {field} — ask me anything",
    "Let's talk {field}: master's choices, internships and confidence",
    "{field} researcher who loves helping students find their path",
    "Engineer in {field}; mentoring on first jobs and networks",
]
REQUEST_MESSAGES = [
    "Hi! I'm in my {stage} and I'm not sure which master's programme to choose. Your path "
    "sounds a lot like what I dream of — could you mentor me?",
    "Hello! I would love to learn how you found your first job in the field and how you "
    "built your confidence in meetings.",
    "Hi, I have a specific question about applying for a PhD position abroad. Could we have a "
    "flash session about it?",
    "Hej! I'm the only girl in my programming class and I would love to talk to someone who "
    "has been there.",
]
DECLINE_REASONS = [
    "My calendar is full this term, but I wish you all the best — another mentor in your "
    "field may be a great match!",
    "",
]
