"""The demo's people who are written out by hand, and the logins ``make run`` prints.

The known mentor and mentee are a pair; the team is the program's staff, a superuser and a
reporter. The other participants are made up by ``westem.demo.cast`` from the same seed on
every run, up to ``MENTOR_COUNT`` mentors and ``MENTEE_COUNT`` mentees.
"""

from dataclasses import dataclass

from profiles import access
from profiles.models import Role, Stage

SEED = 2026
DEMO_PASSWORD = "westem-demo-2026"  # noqa: S105 - a published demo password, by design
EMAIL_DOMAIN = "westem.example"
MENTOR_COUNT = 30  # mentors in the demo, the known mentor login included
MENTEE_COUNT = 60  # mentees in the demo, the known mentee login included

MENTOR_EMAIL = f"mentor@{EMAIL_DOMAIN}"
MENTEE_EMAIL = f"mentee@{EMAIL_DOMAIN}"
STAFF_EMAIL = f"staff@{EMAIL_DOMAIN}"
ADMIN_EMAIL = f"admin@{EMAIL_DOMAIN}"
REPORTER_EMAIL = f"reporter@{EMAIL_DOMAIN}"


@dataclass
class Person:
    email: str
    role: str
    display_name: str
    country: str
    stage: str
    organisation: str
    bio: str
    goals: str
    style_traditional: bool
    style_flash: bool
    hours_per_month: int
    timezone: str
    language: str
    meeting_handle: str
    expertise: list[str]  # ExpertiseArea slugs
    languages: list[str]  # SpokenLanguage codes
    manual_read: bool = False
    preparatory_meeting: bool = False

    def __post_init__(self):
        self.role, self.stage = str(self.role), str(self.stage)  # plain strings, not enums

    def profile_data(self) -> dict:
        return {
            "display_name": self.display_name,
            "country": self.country,
            "stage": self.stage,
            "organisation": self.organisation,
            "bio": self.bio,
            "goals": self.goals,
            "style_traditional": self.style_traditional,
            "style_flash": self.style_flash,
            "hours_per_month": self.hours_per_month,
            "timezone": self.timezone,
            "language": self.language,
            "meeting_handle": self.meeting_handle,
        }


@dataclass(frozen=True)
class TeamMember:
    email: str
    label: str
    is_staff: bool = False
    is_superuser: bool = False
    group: str = ""


KNOWN_MENTOR = Person(
    email=MENTOR_EMAIL,
    role=Role.MENTOR,
    display_name="Karin L.",
    country="SE",
    stage=Stage.EXPERIENCED,
    organisation="Kvarn Software AB",
    bio=(
        "Engineering manager at Kvarn Software in Stockholm, with 16 years in telecom and cloud "
        "software. I studied at KTH and have often been the only woman on the team. Mentoring "
        "is my way of giving back what others once gave me."
    ),
    goals=(
        "I can help with choosing between research and industry, preparing for technical "
        "interviews and finding your voice in male-dominated teams. Happy to do a flash "
        "session on your CV too."
    ),
    style_traditional=True,
    style_flash=True,
    hours_per_month=4,
    timezone="Europe/Stockholm",
    language="sv",
    meeting_handle="discord: karin.lindqvist#4821",
    expertise=["computer-science", "data-science-ai"],
    languages=["en", "sv", "de"],
    manual_read=True,
    preparatory_meeting=True,
)
KNOWN_MENTEE = Person(
    email=MENTEE_EMAIL,
    role=Role.MENTEE,
    display_name="Eleni P.",
    country="GR",
    stage=Stage.MASTER,
    organisation="National Technical University of Athens",
    bio=(
        "I'm doing a master's in computer science at the National Technical University of "
        "Athens, writing my thesis on privacy in mobile apps. I'm one of four women in my year."
    ),
    goals=(
        "I want to decide whether to apply for a PhD or start working, and to feel more "
        "confident presenting my work in English."
    ),
    style_traditional=True,
    style_flash=True,
    hours_per_month=4,
    timezone="Europe/Athens",
    language="en",
    meeting_handle="discord: eleni_p#3307",
    expertise=["computer-science", "data-science-ai"],
    languages=["en", "el", "fr"],
)
TEAM = (
    TeamMember(STAFF_EMAIL, "program staff", is_staff=True, group=access.STAFF_GROUP),
    TeamMember(ADMIN_EMAIL, "superuser", is_staff=True, is_superuser=True),
    TeamMember(REPORTER_EMAIL, "reporter (dashboard and exports)", group=access.REPORTER_GROUP),
)

KNOWN_LOGINS = (MENTOR_EMAIL, MENTEE_EMAIL, STAFF_EMAIL, ADMIN_EMAIL, REPORTER_EMAIL)
LOGIN_LABELS = {
    MENTOR_EMAIL: "mentor (Swedish-speaking, pages in Swedish)",
    MENTEE_EMAIL: "mentee",
    **{member.email: member.label for member in TEAM},
}
