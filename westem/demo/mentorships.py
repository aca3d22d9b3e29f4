"""The demo's mentorships: what the pairs agree, meet about and write to each other.

Every traditional pair that got past phase 1 signed ``AGREEMENT_TEXT`` with two of
``DEMO_GOALS``. The known pair is in phase 2: one meeting held and one ahead, the agreement
waiting for the mentor, a few ticks and ``DEMO_MESSAGES``. The other pairs of each style take
the ``PLANS`` in turn, so every phase and every ending is there.
"""

AGREEMENT_TEXT = {
    "expectations": "Regular, honest conversations about my study choices and how to grow "
    "my confidence in a male-dominated field.",
    "steps": "Meet twice a month online; between meetings I try one concrete thing we agreed "
    "on and we talk about how it went.",
    "boundaries": "No reviewing of graded coursework; no contact outside the agreed channel.",
    "meetings_per_month": 2,
    "meeting_minutes": 60,
    "availability": "Weekday evenings after 18:00 (CET), some Saturday mornings.",
    "confidentiality": True,
    "termination_clause": True,
    "mentor_success_criteria": "I share my experience of the field and she leaves each "
    "session with a next step.",
    "mentee_success_criteria": "I have decided on my master's track and applied to two "
    "summer internships.",
}
DEMO_GOALS = [
    "Choose a master's specialisation",
    "Apply for a summer internship",
    "Present my project work with confidence",
]
DEMO_MESSAGES = [
    "Hi! Thank you for accepting. Would next Tuesday at 18:00 work for our first meeting?",
    "Tuesday works great. I'll send you the link — looking forward to it!",
    "I read the article you sent about imposter feelings. It helped a lot.",
]


AGREEMENT_DAYS = 100  # from the start date to the agreed end date
GOALS_AGREED = 2  # the first goals of DEMO_GOALS go into each agreement

MEETING = {
    "time_zone": "Europe/Stockholm",
    "duration_minutes": 60,
    "location": "https://meet.example.org/westem-demo",
}
FIRST_AGENDA = "Get to know each other"
NEXT_AGENDA = "Go through the draft agreement together"  # the known pair's next meeting
GOALS_AGENDA = "Agree the goals"  # a meeting ahead for the pairs in phase 2
MEETING_NOTES = (
    "We talked about goals and agreed to read two articles from the library before next time."
)

# The known pair: a meeting six days ago and one in five days; the ticks each has made.
PAIR_MEETING_DAYS = (-6, 5)
PAIR_MENTEE_TICKS = ("first_meeting_date", "get_to_know", "build_trust", "discuss_expectations")
PAIR_MENTOR_TICKS = ("get_to_know", "build_trust")

PLANS = ("phase 1", "phase 2", "phase 3", "phase 4", "completed", "ended")
END_REASON = "My exam period turned out heavier than expected."
