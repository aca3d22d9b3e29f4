"""The demo's events: the mentors' preparatory meetings (the last one held, the next one
open) and two community events, with when they are (counted from today) and how many
sign up.
"""

from resources.models import Event

PREPARATORY_DESCRIPTION = (
    "An online hour and a half for the program's mentors, before your first mentorship: we "
    "go through the manual, the four phases of the mentoring cycle, the mentoring agreement "
    "and the code of conduct, and share what each of us hopes to give and to learn.\n\n"
    "Read the manual first if you can, and bring your questions. Attending ticks the "
    "preparatory meeting on your checklist."
)
DEMO_EVENTS = {
    "last_preparatory": {
        "kind": Event.Kind.PREPARATORY,
        "title": "Preparatory meeting for mentors",
        "description": PREPARATORY_DESCRIPTION,
        "duration_minutes": 90,
        "online_link": "https://meet.example.org/westem-mentor-prep",
        "capacity": 25,
        "audience": "mentor",
    },
    "next_preparatory": {
        "kind": Event.Kind.PREPARATORY,
        "title": "Preparatory meeting for mentors",
        "description": PREPARATORY_DESCRIPTION,
        "duration_minutes": 90,
        "online_link": "https://meet.example.org/westem-mentor-prep",
        "capacity": 25,
        "audience": "mentor",
    },
    "career_evening": {
        "kind": Event.Kind.COMMUNITY,
        "title": "Career evening: from the lab to industry",
        "description": (
            "Three women from research, a start-up and a large engineering company tell how "
            "they chose their paths, and what they would tell their younger selves. Questions "
            "from mentors and mentees in the chat; breakout rooms afterwards to meet people "
            "from your own field."
        ),
        "duration_minutes": 75,
        "online_link": "https://meet.example.org/westem-career-evening",
        "capacity": None,
        "audience": "both",
    },
    "cv_clinic": {
        "kind": Event.Kind.COMMUNITY,
        "title": "Flash mentoring clinic: your CV and LinkedIn profile",
        "description": (
            "Twenty minutes one-to-one with an experienced mentor on your CV or LinkedIn "
            "profile. Bring it as a link or a PDF. Few places, so that everyone gets time."
        ),
        "duration_minutes": 60,
        "online_link": "https://meet.example.org/westem-cv-clinic",
        "capacity": 8,
        "audience": "mentee",
    },
}


TIME_ZONE = "Europe/Stockholm"  # the events' times are set and shown in it

# When each event is: the first given weekday (0 is Monday) at least ``days`` from today, at
# that hour. The last preparatory meeting counts from ``LAST_HELD_DAYS_AGO`` days back.
SCHEDULE = {
    "last_preparatory": {"days": 0, "weekday": 1, "hour": 18},
    "next_preparatory": {"days": 10, "weekday": 1, "hour": 18},
    "career_evening": {"days": 17, "weekday": 3, "hour": 18, "minute": 30},
    "cv_clinic": {"days": 6, "weekday": 2, "hour": 17},
}
LAST_HELD_DAYS_AGO = 28

# How many people sign up, drawn at random: mentors who have not attended yet for the next
# preparatory meeting, other participants (besides the known mentee) for the career evening,
# mentees for the clinic.
SIGN_UPS = {"next_preparatory": 4, "career_evening": 11, "cv_clinic": 6}
