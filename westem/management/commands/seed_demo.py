"""``manage.py seed_demo``: a believable demo program for trying the platform out.

About 30 mentors and 60 mentees across Europe, the program team (staff, admin, reporter) and
five known logins. The data comes from a fixed random seed, so it is the same on every run,
and running the command again creates nothing new: people are looked up by email and the
ones already there are left alone (only the known logins are checked and repaired, and their
password reset, so they always work).

Each kind of data has its own small ``seed_…(demo)`` function, called in order by
``Command.handle``. A later kind (presentations, requests, mentorships, …) adds its function
at the end of that list, draws its random numbers from ``demo.rng_for("<kind>")`` so the
people stay exactly as they are, and writes through the app's services like the others.
"""

import random
import unicodedata
import zoneinfo
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth.hashers import check_password, is_password_usable, make_password
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.test.utils import override_settings
from django.utils import timezone
from django.utils.text import slugify

from cycles import services as cycle_services
from cycles.models import Meeting, Mentorship, Style
from evaluations import selectors as evaluation_selectors
from evaluations import services as evaluation_services
from evaluations.models import SessionEvaluation
from matching import services as matching_services
from matching.models import ConnectionRequest, MentorPresentation
from profiles import access, services
from profiles.models import ExpertiseArea, Profile, Role, SpokenLanguage, Stage, User
from resources import services as resource_services
from resources.models import Event, Registration, Resource
from westem import documents as library_documents

SEED = 2026
DEMO_PASSWORD = "westem-demo-2026"  # noqa: S105 - a published demo password, by design
DEMO_URL = "http://127.0.0.1:8000/"
EMAIL_DOMAIN = "westem.example"
MENTOR_COUNT = 30  # mentors in the demo, the known mentor login included
MENTEE_COUNT = 60  # mentees in the demo, the known mentee login included

MENTOR_EMAIL = f"mentor@{EMAIL_DOMAIN}"
MENTEE_EMAIL = f"mentee@{EMAIL_DOMAIN}"
STAFF_EMAIL = f"staff@{EMAIL_DOMAIN}"
ADMIN_EMAIL = f"admin@{EMAIL_DOMAIN}"
REPORTER_EMAIL = f"reporter@{EMAIL_DOMAIN}"


# --- Reference data: countries, fields and the words the profiles are written with ----------


@dataclass(frozen=True)
class Country:
    name: str
    timezone: str
    weight: int
    native: str  # the country's main language ("" where English is it)
    extra: tuple[str, ...]  # other languages people there plausibly speak
    names: tuple[str, ...]  # first names; "Name/xx" adds a heritage language xx
    initials: str  # initials of common surnames there
    cities: tuple[str, ...]
    universities: tuple[str, ...]
    companies: tuple[str, ...]
    schools: tuple[str, ...]


COUNTRIES: dict[str, Country] = {
    "SE": Country(
        "Sweden",
        "Europe/Stockholm",
        12,
        "sv",
        ("de", "fr", "es", "fi"),
        ("Astrid", "Elin", "Maja", "Linnea", "Ebba", "Amina/so", "Leyla/fa", "Johanna", "Nour/ar"),
        "LAJNBEKS",
        ("Stockholm", "Gothenburg", "Uppsala", "Lund", "Umeå"),
        (
            "KTH Royal Institute of Technology",
            "Chalmers University of Technology",
            "Uppsala University",
            "Lund University",
            "Linköping University",
            "Umeå University",
        ),
        (
            "RISE Research Institutes of Sweden",
            "Kvarn Software AB",
            "Lumen Medtech AB",
            "Fjällgren Energy",
            "Norrsken Robotics AB",
        ),
        ("Katedralskolan", "Norra Real", "Hvitfeldtska gymnasiet"),
    ),
    "FI": Country(
        "Finland",
        "Europe/Helsinki",
        6,
        "fi",
        ("sv", "de", "et"),
        ("Aino", "Emilia", "Helmi", "Noora", "Veera", "Iida", "Sanna"),
        "VKMLHN",
        ("Helsinki", "Espoo", "Tampere", "Oulu", "Turku"),
        (
            "Aalto University",
            "University of Helsinki",
            "Tampere University",
            "University of Oulu",
            "Åbo Akademi University",
        ),
        ("VTT Technical Research Centre of Finland", "Revontuli Games Oy", "Saimaa Bioworks Oy"),
        ("Helsingin Suomalainen Yhteiskoulu", "Tampereen lyseon lukio"),
    ),
    "NO": Country(
        "Norway",
        "Europe/Oslo",
        5,
        "no",
        ("sv", "da", "de"),
        ("Ingrid", "Nora", "Sigrid", "Thea", "Marte", "Silje", "Hiba/ar"),
        "HOLBJ",
        ("Oslo", "Bergen", "Trondheim", "Tromsø"),
        (
            "Norwegian University of Science and Technology (NTNU)",
            "University of Oslo",
            "University of Bergen",
            "UiT The Arctic University of Norway",
        ),
        ("SINTEF", "Fjordline Subsea AS", "Nordlys Analytics AS"),
        ("Oslo katedralskole", "Bergen katedralskole"),
    ),
    "DK": Country(
        "Denmark",
        "Europe/Copenhagen",
        4,
        "da",
        ("de", "sv", "no"),
        ("Freja", "Mette", "Signe", "Camilla", "Asta", "Yasmin/ar"),
        "NJHPM",
        ("Copenhagen", "Aarhus", "Odense", "Aalborg"),
        (
            "Technical University of Denmark (DTU)",
            "University of Copenhagen",
            "Aarhus University",
            "Aalborg University",
        ),
        ("Havvind Engineering ApS", "Kvist Pharma A/S", "Bølge Data ApS"),
        ("Aurehøj Gymnasium", "Aarhus Katedralskole"),
    ),
    "DE": Country(
        "Germany",
        "Europe/Berlin",
        7,
        "de",
        ("fr", "es", "pl"),
        ("Lena", "Katharina", "Miriam", "Friederike", "Ayşe/tr", "Elif/tr", "Sophie", "Lea"),
        "MSWKBFY",
        ("Berlin", "Munich", "Hamburg", "Aachen", "Dresden"),
        (
            "Technical University of Munich",
            "RWTH Aachen University",
            "Karlsruhe Institute of Technology",
            "TU Berlin",
            "Heidelberg University",
            "TU Dresden",
        ),
        (
            "Fraunhofer Institute for Solar Energy Systems",
            "Rheinwerk Automation GmbH",
            "Isar Robotics GmbH",
        ),
        ("Gymnasium am Rotherbaum", "Humboldt-Gymnasium"),
    ),
    "NL": Country(
        "the Netherlands",
        "Europe/Amsterdam",
        5,
        "nl",
        ("de", "fr"),
        ("Sanne", "Fleur", "Lotte", "Femke", "Naima/ar", "Iris", "Mei/zh"),
        "DBVJM",
        ("Amsterdam", "Delft", "Eindhoven", "Utrecht", "Groningen"),
        (
            "Delft University of Technology",
            "Eindhoven University of Technology",
            "University of Twente",
            "Utrecht University",
            "Leiden University",
        ),
        ("TNO", "Polder Photonics B.V.", "Deltawerk Water Engineering"),
        ("Stedelijk Gymnasium Leiden", "Het Amsterdams Lyceum"),
    ),
    "ES": Country(
        "Spain",
        "Europe/Madrid",
        6,
        "es",
        ("ca", "fr", "pt"),
        ("Lucía", "Carmen", "Marta", "Nerea", "Ainhoa", "Claudia", "Montserrat/ca"),
        "GFMRSL",
        ("Madrid", "Barcelona", "Valencia", "Granada", "Bilbao"),
        (
            "Universidad Politécnica de Madrid",
            "Universitat Politècnica de Catalunya",
            "Universidad de Granada",
            "Universitat de València",
            "Universidad Carlos III de Madrid",
        ),
        ("Barcelona Supercomputing Center", "Solaria Sur Ingeniería", "Cierzo Wind Systems"),
        ("IES Ramiro de Maeztu", "Institut Jaume Balmes"),
    ),
    "PT": Country(
        "Portugal",
        "Europe/Lisbon",
        4,
        "pt",
        ("es", "fr"),
        ("Inês", "Beatriz", "Mariana", "Joana", "Catarina", "Rita"),
        "SFPCAM",
        ("Lisbon", "Porto", "Coimbra", "Braga"),
        (
            "Instituto Superior Técnico",
            "University of Porto",
            "University of Coimbra",
            "University of Minho",
        ),
        ("INESC TEC", "Atlântico Data Labs", "Tejo Biotech"),
        ("Escola Secundária Camões", "Escola Secundária Garcia de Orta"),
    ),
    "IT": Country(
        "Italy",
        "Europe/Rome",
        6,
        "it",
        ("fr", "de", "es"),
        ("Giulia", "Chiara", "Francesca", "Alessia", "Martina", "Federica", "Elena"),
        "RBCEFG",
        ("Milan", "Turin", "Bologna", "Rome", "Padua"),
        (
            "Politecnico di Milano",
            "Politecnico di Torino",
            "University of Bologna",
            "Sapienza University of Rome",
            "University of Padua",
        ),
        ("INFN", "Lagunare Aerospace", "Appennino Materials S.r.l."),
        ("Liceo Scientifico Galileo Galilei", "Liceo Scientifico Leonardo da Vinci"),
    ),
    "GR": Country(
        "Greece",
        "Europe/Athens",
        4,
        "el",
        ("fr", "de"),
        ("Eleni", "Katerina", "Despina", "Ioanna", "Georgia", "Athina"),
        "PKGDA",
        ("Athens", "Thessaloniki", "Patras", "Heraklion"),
        (
            "National Technical University of Athens",
            "Aristotle University of Thessaloniki",
            "University of Crete",
            "University of Patras",
        ),
        ("NCSR Demokritos", "Aegean Marine Systems", "Olympus Data Analytics"),
        ("Varvakeio Model School", "2nd General Lyceum of Thessaloniki"),
    ),
    "PL": Country(
        "Poland",
        "Europe/Warsaw",
        5,
        "pl",
        ("de", "uk"),
        ("Zofia", "Agnieszka", "Katarzyna", "Magdalena", "Natalia", "Olena/uk", "Aleksandra"),
        "NKWLZ",
        ("Warsaw", "Kraków", "Gdańsk", "Wrocław", "Poznań"),
        (
            "Warsaw University of Technology",
            "AGH University of Krakow",
            "Jagiellonian University",
            "Gdańsk University of Technology",
            "Wrocław University of Science and Technology",
        ),
        ("Wisła Semiconductors", "Tatra Robotics sp. z o.o.", "Bałtyk Cloud Systems"),
        ("XIV Liceum Ogólnokształcące im. Stanisława Staszica", "V Liceum Ogólnokształcące"),
    ),
    "IE": Country(
        "Ireland",
        "Europe/Dublin",
        4,
        "",
        ("ga", "fr", "es"),
        ("Aoife", "Siobhán", "Niamh", "Ciara", "Róisín", "Saoirse", "Priya/hi"),
        "MOKBR",
        ("Dublin", "Cork", "Galway", "Limerick"),
        (
            "Trinity College Dublin",
            "University College Dublin",
            "University of Galway",
            "University College Cork",
        ),
        ("Tyndall National Institute", "Liffey Medical Devices", "Shannon Cloud Systems"),
        ("Loreto College", "Coláiste Íde"),
    ),
    "FR": Country(
        "France",
        "Europe/Paris",
        6,
        "fr",
        ("es", "de", "it"),
        ("Camille", "Léa", "Manon", "Chloé", "Inès", "Yasmine/ar", "Fatou", "Margaux"),
        "MBDLRG",
        ("Paris", "Lyon", "Grenoble", "Toulouse", "Strasbourg"),
        (
            "Sorbonne University",
            "Université Paris-Saclay",
            "École Polytechnique",
            "Université Grenoble Alpes",
            "INSA Lyon",
        ),
        ("Inria", "Garonne Aéro", "Lumière Quantum SAS"),
        ("Lycée Henri-IV", "Lycée du Parc"),
    ),
    "EE": Country(
        "Estonia",
        "Europe/Tallinn",
        3,
        "et",
        ("fi", "de"),
        ("Kadri", "Liis", "Triin", "Maarja", "Kertu", "Anastassia/ru"),
        "TKSMP",
        ("Tallinn", "Tartu"),
        ("Tallinn University of Technology (TalTech)", "University of Tartu"),
        ("Vaba Code OÜ", "Läänemere Labs"),
        ("Tallinna Reaalkool", "Hugo Treffneri Gümnaasium"),
    ),
    "RO": Country(
        "Romania",
        "Europe/Bucharest",
        4,
        "ro",
        ("fr", "it", "hu"),
        ("Ioana", "Andreea", "Alexandra", "Bianca", "Mihaela", "Réka/hu"),
        "PISCDM",
        ("Bucharest", "Cluj-Napoca", "Iași", "Timișoara"),
        (
            "Politehnica University of Bucharest",
            "Babeș-Bolyai University",
            "Technical University of Cluj-Napoca",
            "Alexandru Ioan Cuza University",
        ),
        ("Carpathia Software", "Dunărea Bioengineering"),
        ("Colegiul Național Sfântul Sava", "Colegiul Național Emil Racoviță"),
    ),
}


@dataclass(frozen=True)
class Field:
    subject: str  # "a master's in …", "years in …"
    jobs: tuple[str, ...]  # jobs outside academia
    academic: tuple[str, ...]  # jobs in a university
    research: tuple[str, ...]  # what a thesis or a project is about
    related: tuple[str, ...]  # slugs that go well with this one


FIELDS: dict[str, Field] = {
    "natural-sciences": Field(
        "natural sciences",
        ("laboratory manager", "science communicator", "research engineer"),
        ("researcher in natural sciences", "senior lecturer in science education"),
        ("how microplastics move through lakes", "soil chemistry in boreal forests"),
        ("physics", "chemistry", "biology", "environmental-science"),
    ),
    "technology": Field(
        "technology",
        ("product manager", "technology consultant", "innovation lead"),
        ("researcher in human–computer interaction",),
        ("how people use smart-home devices", "accessible design for older users"),
        ("computer-science", "electrical-engineering", "mechanical-engineering"),
    ),
    "mathematics": Field(
        "mathematics",
        ("quantitative analyst", "cryptographer", "operations research analyst"),
        ("associate professor of mathematics", "senior lecturer in mathematics"),
        ("graph theory", "numerical methods for fluid flow"),
        ("statistics", "data-science-ai", "physics"),
    ),
    "mechanical-engineering": Field(
        "mechanical engineering",
        ("design engineer", "mechanical engineer", "test engineer for electric vehicles"),
        ("associate professor of mechanical engineering",),
        ("fatigue in 3D-printed metal parts", "lightweight structures for drones"),
        ("energy", "technology", "civil-engineering"),
    ),
    "computer-science": Field(
        "computer science",
        ("software engineer", "backend developer", "security specialist", "engineering manager"),
        ("associate professor of computer science", "researcher in distributed systems"),
        ("program verification", "privacy in mobile apps"),
        ("data-science-ai", "technology", "mathematics"),
    ),
    "physics": Field(
        "physics",
        ("optical engineer", "medical physicist", "research physicist"),
        ("researcher in quantum optics", "astrophysicist"),
        ("quantum sensors", "exoplanet atmospheres"),
        ("mathematics", "energy", "electrical-engineering"),
    ),
    "chemistry": Field(
        "chemistry",
        ("analytical chemist", "process chemist", "quality control lead"),
        ("associate professor of chemistry", "researcher in organic chemistry"),
        ("greener catalysts", "new electrolytes for batteries"),
        ("chemical-engineering", "natural-sciences", "biology"),
    ),
    "biology": Field(
        "biology",
        ("bioinformatician", "molecular biologist", "lab team lead"),
        ("research group leader in cell biology", "marine biologist"),
        ("gut bacteria and antibiotic resistance", "how coral reefs recover"),
        ("medicine-health", "data-science-ai", "environmental-science"),
    ),
    "medicine-health": Field(
        "biomedical engineering",
        ("biomedical engineer", "clinical research associate", "medical device specialist"),
        ("researcher in biomedical imaging",),
        ("faster MRI image reconstruction", "wearable sensors for heart monitoring"),
        ("biology", "electrical-engineering", "data-science-ai"),
    ),
    "electrical-engineering": Field(
        "electrical engineering",
        ("electronics engineer", "hardware design engineer", "power systems engineer"),
        ("associate professor of electrical engineering",),
        ("low-power chip design", "grid stability with a lot of solar power"),
        ("energy", "technology", "physics"),
    ),
    "civil-engineering": Field(
        "civil engineering",
        ("structural engineer", "architect", "urban planner", "bridge engineer"),
        ("researcher in sustainable construction",),
        ("tall timber buildings", "flood-resilient cities"),
        ("environmental-science", "energy", "mechanical-engineering"),
    ),
    "chemical-engineering": Field(
        "materials science",
        ("process engineer", "materials engineer", "battery cell engineer"),
        ("researcher in materials science",),
        ("recycling lithium-ion batteries", "biodegradable packaging"),
        ("chemistry", "energy", "mechanical-engineering"),
    ),
    "environmental-science": Field(
        "environmental science",
        ("environmental consultant", "hydrologist", "climate data analyst"),
        ("climate scientist", "researcher in geology"),
        ("glacier melt in the Alps", "drought and groundwater"),
        ("energy", "natural-sciences", "civil-engineering"),
    ),
    "data-science-ai": Field(
        "data science and AI",
        ("data scientist", "machine learning engineer", "AI product lead"),
        ("AI researcher", "researcher in language technology"),
        ("fairness in machine learning", "speech recognition for small languages"),
        ("computer-science", "statistics", "mathematics"),
    ),
    "energy": Field(
        "energy engineering",
        ("energy systems engineer", "sustainability manager", "wind power analyst"),
        ("researcher in energy systems",),
        ("offshore wind forecasting", "heat pumps in old buildings"),
        ("environmental-science", "electrical-engineering", "chemical-engineering"),
    ),
    "statistics": Field(
        "statistics",
        ("statistician", "biostatistician", "data analyst"),
        ("associate professor of statistics",),
        ("clinical trial design", "small-area estimation"),
        ("mathematics", "data-science-ai", "medicine-health"),
    ),
}

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


# --- What one demo person looks like -------------------------------------------------------


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


# --- Making people up, deterministically -----------------------------------------------------

_FOLD = str.maketrans({"ł": "l", "ø": "o", "æ": "ae", "ß": "ss", "đ": "d", "ı": "i"})


def _ascii(text: str) -> str:
    text = unicodedata.normalize("NFKD", text.lower().translate(_FOLD))
    return "".join(c for c in text if c.isascii() and c.isalnum())


def _a(noun: str) -> str:
    return f"an {noun}" if noun[0].lower() in "aeiou" else f"a {noun}"


# Organisations named with "the" in running text ("a PhD at the University of Crete").
_THE = (
    "University of",
    "National ",
    "Technical University",
    "Norwegian ",
    "Politehnica ",
    "Karlsruhe ",
    "Fraunhofer ",
    "Tyndall ",
    "Barcelona ",
    "Varvakeio ",
    "2nd ",
)


def _the(org: str) -> str:
    return f"the {org}" if org.startswith(_THE) else org


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def make_people(rng: random.Random, *, field_slugs: list[str]) -> list[Person]:
    """The whole demo cast, the same for the same seed whatever the database holds."""
    taken = {MENTOR_EMAIL, MENTEE_EMAIL, KNOWN_MENTOR.display_name, KNOWN_MENTEE.display_name}
    mentors = [_make_person(rng, Role.MENTOR, field_slugs, taken) for _ in range(MENTOR_COUNT - 1)]
    mentees = [_make_person(rng, Role.MENTEE, field_slugs, taken) for _ in range(MENTEE_COUNT - 1)]
    for index in rng.sample(range(len(mentors)), 3):
        mentors[index].preparatory_meeting = True
        mentors[index].manual_read = True
    return [KNOWN_MENTOR, *mentors, KNOWN_MENTEE, *mentees]


def _make_person(rng: random.Random, role: str, field_slugs: list[str], taken: set) -> Person:
    """One made-up person; ``taken`` holds the emails and display names already given out."""
    code = rng.choices(list(COUNTRIES), weights=[c.weight for c in COUNTRIES.values()])[0]
    country = COUNTRIES[code]
    for _attempt in range(50):  # no two people share a display name
        first, _slash, heritage = rng.choice(country.names).partition("/")
        initial = rng.choice(country.initials)
        display_name = f"{first} {initial}."
        if display_name not in taken:
            break
    taken.add(display_name)
    email = _unique_email(f"{_ascii(first)}.{initial.lower()}", taken)

    main = rng.choice(field_slugs)
    related = [slug for slug in FIELDS[main].related if slug in field_slugs]
    expertise = [main, *rng.sample(related, min(len(related), rng.choice((0, 1, 1, 2))))]

    is_mentor = role == Role.MENTOR
    if is_mentor:
        stage = rng.choices((Stage.EXPERIENCED, Stage.EARLY_CAREER), weights=(4, 1))[0]
    else:
        stage = rng.choices(
            (Stage.SCHOOL, Stage.BACHELOR, Stage.MASTER, Stage.PHD, Stage.EARLY_CAREER),
            weights=(2, 5, 6, 4, 3),
        )[0]
    words = _words(rng, code, FIELDS[main], stage)
    if is_mentor:
        bio, goals = _mentor_bio(rng, stage, words), _mentor_goals(rng, words)
        styles = rng.choices(((True, True), (True, False), (False, True)), weights=(11, 6, 3))[0]
        hours = rng.choice((1, 2, 2, 3, 3, 4, 4, 5, 6, 8))
        goals = "" if rng.random() < 0.1 else goals
    else:
        bio, goals = _mentee_bio(rng, stage, words), _mentee_goals(rng, stage, words)
        styles = rng.choices(((True, True), (True, False), (False, True)), weights=(9, 7, 4))[0]
        hours = rng.choice((2, 3, 4, 4, 5, 6, 8, 10))
        goals = "" if rng.random() < 0.15 else goals

    languages = _spoken_languages(rng, country, heritage)
    language = "sv" if code == "SE" or ("sv" in languages and rng.random() < 0.5) else "en"
    handle = "" if rng.random() < 0.2 else _meeting_handle(rng, first, initial, email)
    return Person(
        email=email,
        role=role,
        display_name=display_name,
        country=code,
        stage=stage,
        organisation=words["org"],
        bio=bio,
        goals=goals,
        style_traditional=styles[0],
        style_flash=styles[1],
        hours_per_month=hours,
        timezone=country.timezone,
        language=language,
        meeting_handle=handle,
        expertise=expertise,
        languages=languages,
        manual_read=rng.random() < (0.5 if is_mentor else 0.35),
    )


def _unique_email(local: str, taken: set) -> str:
    email, number = f"{local}@{EMAIL_DOMAIN}", 1
    while email in taken:
        number += 1
        email = f"{local}{number}@{EMAIL_DOMAIN}"
    taken.add(email)
    return email


def _words(rng: random.Random, code: str, fld: Field, stage: str) -> dict:
    """The pieces one person's texts are built from, so her bio and goals agree."""
    country = COUNTRIES[code]
    academic = stage == Stage.EXPERIENCED and rng.random() < 0.35
    jobs = fld.jobs
    if stage != Stage.EXPERIENCED:  # a first job does not come with a team to lead
        jobs = tuple(job for job in jobs if "lead" not in job and "manager" not in job)
    title = rng.choice(fld.academic if academic else jobs)
    if stage == Stage.EXPERIENCED and not academic and rng.random() < 0.3:
        title = f"senior {title}"
    if stage == Stage.SCHOOL:
        org = rng.choice(country.schools)
    elif stage in (Stage.BACHELOR, Stage.MASTER, Stage.PHD) or academic:
        org = rng.choice(country.universities)
    else:
        org = rng.choice(country.companies) if rng.random() < 0.85 else ""
    city = rng.choice(country.cities)
    elsewhere = rng.choice([c.name for k, c in COUNTRIES.items() if k != code])
    favourites = rng.sample(FAVOURITE_SUBJECTS, 2)
    return {
        "academic": academic,
        "org": org,
        "the_org": _the(org),
        "at_org": f" at {_the(org)}" if org else "",
        "at_org_or_city": f" at {_the(org)}" if org else f" in {city}",
        "city": city,
        "subject": fld.subject,
        "research": rng.choice(fld.research),
        "title": title,
        "Title": _cap(title),
        "a_title": _a(title),
        "years": rng.randint(8, 25) if stage == Stage.EXPERIENCED else rng.randint(2, 5),
        "team": rng.randint(4, 12),
        "elsewhere": elsewhere,
        "ordinal": rng.choice(ORDINALS),
        "fav": favourites[0],
        "fav2": favourites[1],
    }


def _mentor_bio(rng: random.Random, stage: str, words: dict) -> str:
    openings = MENTOR_OPENINGS if stage == Stage.EXPERIENCED else EARLY_MENTOR_OPENINGS
    middles = MENTOR_MIDDLES
    if words["academic"] or stage != Stage.EXPERIENCED:
        middles = tuple(m for m in middles if "industry" not in m)
    if stage != Stage.EXPERIENCED:
        middles = tuple(m for m in middles if "lead a team" not in m)
    if not words["academic"]:
        middles = tuple(m for m in middles if "theses" not in m)
    sentences = [rng.choice(openings), *rng.sample(middles, rng.choice((1, 1, 2)))]
    if rng.random() < 0.6:
        sentences.append(rng.choice(MENTOR_CLOSERS))
    return " ".join(sentences).format(**words)


def _mentor_goals(rng: random.Random, words: dict) -> str:
    a, b = rng.sample(MENTOR_TOPICS, 2)
    return rng.choice(MENTOR_OFFERS).format(a=a, b=b).format(**words)


def _mentee_bio(rng: random.Random, stage: str, words: dict) -> str:
    sentences = [rng.choice(MENTEE_OPENINGS[stage])]
    if stage == Stage.SCHOOL:
        sentences.append(rng.choice(SCHOOL_SECONDS))
    else:
        middles = (
            MENTEE_MIDDLES if stage == Stage.EARLY_CAREER else MENTEE_MIDDLES + STUDENT_MIDDLES
        )
        sentences += rng.sample(middles, rng.choice((0, 1, 1, 2)))
    return " ".join(sentences).format(**words)


def _mentee_goals(rng: random.Random, stage: str, words: dict) -> str:
    a, b = rng.sample(MENTEE_GOALS[stage], 2)
    return rng.choice(MENTEE_GOAL_TEMPLATES).format(a=a, b=b).format(**words)


def _spoken_languages(rng: random.Random, country: Country, heritage: str) -> list[str]:
    """English, plus up to two others that fit where she lives and where her family is from."""
    others = []
    if country.native and rng.random() < 0.9:
        others.append(country.native)
    if heritage and rng.random() < 0.7:
        others.append(heritage)
    if len(others) < 2 and rng.random() < 0.35:
        others.append(rng.choice(country.extra))
    return ["en", *dict.fromkeys(others)]


def _meeting_handle(rng: random.Random, first: str, initial: str, email: str) -> str:
    name = _ascii(first)
    kind = rng.choices(("discord", "jitsi", "zoom", "teams"), weights=(12, 3, 2, 2))[0]
    if kind == "discord":
        nick = rng.choice((f"{name}.{initial.lower()}", f"{name}_{initial.lower()}", name))
        return f"discord: {nick}#{rng.randint(1000, 9999)}"
    if kind == "jitsi":
        return f"https://meet.jit.si/westem-{name}-{rng.randint(100, 999)}"
    if kind == "zoom":
        return f"zoom: https://zoom.us/my/{name}{initial.lower()}{rng.randint(10, 99)}"
    return f"teams: {email}"


# --- Writing it, through the services --------------------------------------------------------


@dataclass
class Demo:
    """What the seed functions share: the password, the team, the people, and the tallies."""

    password: str
    password_hash: str = ""
    staff: User | None = None
    people: dict[str, User] = field(default_factory=dict)  # email -> user, every demo person
    new: set[str] = field(default_factory=set)  # emails of the users this run created
    created: Counter = field(default_factory=Counter)
    existing: Counter = field(default_factory=Counter)

    def rng_for(self, kind: str) -> random.Random:
        """A random source of one kind of data, so adding a kind never reshuffles another."""
        return random.Random(f"{SEED}:{kind}")


def seed_team(demo: Demo) -> None:
    """The staff member, the superuser and the reporter."""
    for member in TEAM:
        user, created = _get_or_create_user(demo, member.email, superuser=member.is_superuser)
        changed = {}
        if user.is_staff != member.is_staff:
            changed["is_staff"] = member.is_staff
        if member.is_superuser and not user.is_superuser:
            changed["is_superuser"] = True
        if not user.is_active:
            changed["is_active"] = True
        if changed:
            User.objects.filter(pk=user.pk).update(**changed)
            user.refresh_from_db()
        if member.group and not user.groups.filter(name=member.group).exists():
            services.add_to_group(user=user, group_name=member.group)
        demo.people[member.email] = user
        (demo.created if created else demo.existing)["team"] += 1
    demo.staff = demo.people[STAFF_EMAIL]


def seed_participants(demo: Demo) -> None:
    """The mentors and mentees: account, role, code of conduct, profile, manual, meeting."""
    areas = {area.slug: area for area in ExpertiseArea.objects.filter(is_active=True)}
    field_slugs = [slug for slug in FIELDS if slug in areas]
    if not field_slugs:
        raise CommandError("No fields of expertise found: run `manage.py migrate` first.")
    spoken = {language.code: language for language in SpokenLanguage.objects.all()}
    code = services.current_code_of_conduct()

    people = make_people(random.Random(SEED), field_slugs=field_slugs)
    existing = {u.email: u for u in User.objects.filter(email__in=[p.email for p in people])}
    known = {MENTOR_EMAIL, MENTEE_EMAIL}
    for person in people:
        user = existing.get(person.email)
        if user is None:
            user, _created = _get_or_create_user(demo, person.email)
        elif person.email not in known:
            # Someone already there is left as she is (she may have been edited since).
            demo.people[person.email] = user
            demo.existing[person.role] += 1
            continue
        else:
            _ensure_verified_email(user)
            demo.existing[person.role] += 1
        demo.people[person.email] = user
        _set_up_participant(
            person,
            user=user,
            code=code,
            expertise=[areas[s] for s in person.expertise if s in areas],
            languages=[spoken[c] for c in person.languages if c in spoken],
        )
        if person.email in demo.new:
            demo.created[person.role] += 1

    mentors = [p for p in people if p.preparatory_meeting and _is_ours(demo, p)]
    services.mark_preparatory_meeting_attended(
        profiles=Profile.objects.filter(user__email__in=[p.email for p in mentors]),
        by=demo.staff,
    )


def _is_ours(demo: Demo, person: Person) -> bool:
    """New this run, or a known login (which is always kept in working order)."""
    return person.email in demo.new or person.email in (MENTOR_EMAIL, MENTEE_EMAIL)


def _set_up_participant(person: Person, *, user: User, code, expertise, languages) -> None:
    """Each step only fills what is missing, so a known login left half-done is repaired."""
    profile = services.ensure_profile(user=user, language=person.language)
    try:
        if profile.role != person.role:
            services.choose_role(user=user, role=person.role)
        if code is not None and not services.has_accepted_current_code(user=user):
            services.accept_code_of_conduct(user=user, code=code)
        if profile.onboarded_at is None:
            services.update_profile(
                user=user,
                data=person.profile_data(),
                expertise=expertise,
                languages=languages,
            )
    except ValidationError as error:
        raise CommandError(f"{person.email}: {'; '.join(error.messages)}") from error
    if person.manual_read:
        services.record_manual_read(user=user)


def set_passwords(demo: Demo) -> None:
    """The new users and the known logins get the demo password; the rest keep theirs.

    Hashing is slow on purpose, so one hash serves everyone, and a known login whose
    password already works is not touched (re-running logs nobody out).
    """
    logins = [demo.people[email] for email in (*KNOWN_LOGINS, *demo.new)]
    usable = [user.password for user in logins if is_password_usable(user.password)]
    for encoded in dict.fromkeys(usable):
        if check_password(demo.password, encoded):
            demo.password_hash = encoded
            break
    else:
        demo.password_hash = make_password(demo.password)
    stale = [user.pk for user in logins if user.password != demo.password_hash]
    User.objects.filter(pk__in=stale).update(password=demo.password_hash)


def _get_or_create_user(demo: Demo, email: str, *, superuser: bool = False) -> tuple[User, bool]:
    user = User.objects.filter(email=email).first()
    created = user is None
    if created:
        create = User.objects.create_superuser if superuser else User.objects.create_user
        user = create(email, password=None)
        demo.new.add(email)
        EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    else:
        _ensure_verified_email(user)
    return user, created


def _ensure_verified_email(user: User) -> None:
    """A verified primary address, so logging in works with mandatory verification."""
    address = EmailAddress.objects.filter(user=user, email__iexact=user.email).first()
    if address is None:
        EmailAddress.objects.filter(user=user, primary=True).update(primary=False)
        EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    elif not (address.verified and address.primary):
        EmailAddress.objects.filter(user=user, primary=True).exclude(pk=address.pk).update(
            primary=False
        )
        EmailAddress.objects.filter(pk=address.pk).update(verified=True, primary=True)


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


def seed_matching(demo: Demo) -> None:
    """Presentations (published, awaiting approval, draft, paused) and requests in every
    state, through the matching services. Runs once: skipped when demo requests exist."""
    people = list(demo.people.values())
    if ConnectionRequest.objects.filter(mentee__in=people).exists():
        demo.existing["matching"] += 1
        return
    rng = demo.rng_for("matching")
    profiles = {
        p.user.email: p
        for p in Profile.objects.filter(user__in=people)
        .select_related("user")
        .prefetch_related("expertise", "languages")
    }
    mentors = sorted(
        (p for p in profiles.values() if p.role == Role.MENTOR),
        key=lambda p: p.user.email != MENTOR_EMAIL,
    )
    mentees = sorted(
        (p for p in profiles.values() if p.role == Role.MENTEE),
        key=lambda p: p.user.email != MENTEE_EMAIL,
    )
    visible = []
    for index, profile in enumerate(mentors):
        mentor = profile.user
        if MentorPresentation.objects.filter(mentor=mentor).exists():
            continue
        area = profile.expertise.all()[0]
        presentation = matching_services.save_presentation(
            mentor=mentor,
            data={
                "headline": rng.choice(HEADLINES).format(field=area.name_en),
                "introduction": profile.bio,
                "expertise_details": "",
                "offer": profile.goals or "Study and career choices, confidence and networks.",
                "offers_traditional": profile.style_traditional or not profile.style_flash,
                "offers_flash": profile.style_flash,
                "capacity": rng.choice([1, 2, 2, 3]),
                "accepting_requests": True,
            },
            expertise=list(profile.expertise.all()),
            languages=list(profile.languages.all()),
        )
        if index in (27, 28):  # drafts, not yet published
            continue
        presentation = matching_services.publish_presentation(presentation=presentation, by=mentor)
        if index in (24, 25, 26):  # published, waiting for the staff
            continue
        visible.append(presentation)
        if index in (20, 21):
            matching_services.set_accepting_requests(
                presentation=presentation, by=mentor, accepting=False
            )
    matching_services.approve_presentations(presentations=visible, by=demo.staff)
    demo.created["presentations"] += len(visible)

    open_mentors = [p.mentor for p in visible][:20]
    the_mentor, the_mentee = demo.people[MENTOR_EMAIL], demo.people[MENTEE_EMAIL]

    def ask(mentee, mentor, style="traditional"):
        stage = profiles[mentee.email].get_stage_display().lower()
        message = rng.choice(REQUEST_MESSAGES).format(stage=stage)
        return matching_services.send_request(
            mentee=mentee, mentor=mentor, style=style, message=message
        )

    # The two demo logins are a pair, so both see a mentorship.
    matching_services.accept_request(request=ask(the_mentee, the_mentor), by=the_mentor)
    others = [p.user for p in mentees if p.user != the_mentee]
    # Waiting in the demo mentor's inbox.
    ask(others[0], the_mentor, "flash")
    ask(others[1], the_mentor, "flash")
    for offset, mentee in enumerate(others[2:40]):
        mentor = open_mentors[1 + offset % (len(open_mentors) - 1)]
        presentation = mentor.presentation
        if not presentation.accepting_requests:
            continue
        style = (
            "flash"
            if presentation.offers_flash
            and (offset % 3 == 0 or not presentation.offers_traditional)
            else "traditional"
        )
        try:
            request = ask(mentee, mentor, style)
        except ValidationError:
            continue  # a full mentor: the rules hold in the demo too
        outcome = offset % 5
        try:
            if outcome in (0, 1):
                matching_services.accept_request(request=request, by=mentor)
            elif outcome == 2:
                matching_services.decline_request(
                    request=request, by=mentor, reason=rng.choice(DECLINE_REASONS)
                )
            elif outcome == 3 and offset % 2:
                matching_services.withdraw_request(request=request, by=mentee)
        except ValidationError:
            continue
        demo.created["requests"] += 1
    # Two old requests nobody answered: the daily job expires them.
    stale = [ask(others[40], open_mentors[2], "flash"), ask(others[41], open_mentors[3], "flash")]
    ConnectionRequest.objects.filter(pk__in=[r.pk for r in stale]).update(
        created_at=timezone.now() - timedelta(days=settings.MATCHING_REQUEST_EXPIRY_DAYS + 2)
    )
    matching_services.expire_stale_requests()


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


def seed_cycles(demo: Demo) -> None:
    """Mentorships in every phase, style and status, through the cycles services: agreements,
    meetings (past ones are moved back in time after they are proposed, as demo data only),
    goals, ticks and messages. Runs once: skipped when any demo mentorship has meetings."""
    mentorships = list(
        Mentorship.objects.filter(mentee__in=list(demo.people.values()))
        .select_related("mentor", "mentee")
        .order_by("pk")
    )
    if not mentorships or Meeting.objects.filter(mentorship__in=mentorships).exists():
        return
    now = timezone.now()
    the_pair = next(m for m in mentorships if m.mentee.email == MENTEE_EMAIL)
    others = [m for m in mentorships if m is not the_pair]

    def meet(mentorship, days: int, *, by=None, agenda="Get to know each other"):
        meeting = cycle_services.schedule_meeting(
            mentorship=mentorship,
            by=by or mentorship.mentee,
            data={
                "starts_at": now + timedelta(days=abs(days), hours=2),
                "time_zone": "Europe/Stockholm",
                "duration_minutes": 60,
                "location": "https://meet.example.org/westem-demo",
                "agenda": agenda,
            },
        )
        if days < 0:  # a meeting that has taken place
            Meeting.objects.filter(pk=meeting.pk).update(
                starts_at=now + timedelta(days=days),
                notes="We talked about goals and "
                "agreed to read two articles from the library before next time.",
            )
        return meeting

    def agree(mentorship, *, accept=("mentor", "mentee")):
        data = {
            **AGREEMENT_TEXT,
            "start_date": mentorship.start_date,
            "end_date": mentorship.start_date + timedelta(days=100),
        }
        cycle_services.save_agreement(
            mentorship=mentorship, by=mentorship.mentee, data=data, goals=DEMO_GOALS[:2]
        )
        for role in accept:
            cycle_services.accept_agreement(mentorship=mentorship, by=getattr(mentorship, role))

    def advance(mentorship, to_phase: int):
        while mentorship.phase < to_phase:
            mentorship = cycle_services.advance_phase(mentorship=mentorship, by=mentorship.mentor)
        return mentorship

    # The demo pair: phase 2, one meeting held and one ahead, the agreement waiting for the
    # mentor's acceptance, a few messages and ticks.
    meet(the_pair, -6)
    meet(the_pair, 5, agenda="Go through the draft agreement together")
    advance(the_pair, 2)
    agree(the_pair, accept=("mentee",))
    for item in ("first_meeting_date", "get_to_know", "build_trust", "discuss_expectations"):
        cycle_services.set_tick(mentorship=the_pair, by=the_pair.mentee, item=item, done=True)
    for item in ("get_to_know", "build_trust"):
        cycle_services.set_tick(mentorship=the_pair, by=the_pair.mentor, item=item, done=True)
    for index, body in enumerate(DEMO_MESSAGES):
        author = the_pair.mentee if index % 2 == 0 else the_pair.mentor
        cycle_services.post_message(mentorship=the_pair, by=author, body=body)

    # The others spread over the cycle, each style on its own: every phase and every ending.
    plans = ("phase 1", "phase 2", "phase 3", "phase 4", "completed", "ended")
    for style in (Style.TRADITIONAL, Style.FLASH):
        of_style = [m for m in others if m.style == style]
        for index, mentorship in enumerate(of_style):
            plan = plans[index % len(plans)]
            meet(mentorship, -20 + index)
            if plan == "phase 1":
                continue
            if mentorship.is_traditional:
                agree(mentorship)
            mentorship = advance(mentorship, 2)
            if plan == "phase 2":
                meet(mentorship, 7 + index, by=mentorship.mentor, agenda="Agree the goals")
                continue
            mentorship = advance(mentorship, 3 if mentorship.is_traditional else 4)
            if plan == "phase 3":
                continue
            mentorship = advance(mentorship, 4)
            if plan == "completed":
                for person in (mentorship.mentor, mentorship.mentee):
                    cycle_services.confirm_closure(mentorship=mentorship, by=person)
            elif plan == "ended":
                cycle_services.end_mentorship(
                    mentorship=mentorship,
                    by=mentorship.mentee,
                    reason="My exam period turned out heavier than expected.",
                )
    demo.created["mentorships"] += len(mentorships)


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


def seed_evaluations(demo: Demo) -> None:
    """Reflections on the meetings held (some by one person, most by both) and final
    evaluations of the cycles that reached their end, through the evaluations services. The
    demo pair's meeting is left for the demo mentee to reflect on. Runs once."""
    mentorships = list(
        Mentorship.objects.filter(mentee__in=list(demo.people.values()))
        .exclude(mentee__email=MENTEE_EMAIL)
        .select_related("mentor", "mentee")
        .order_by("pk")
    )
    if SessionEvaluation.objects.filter(meeting__mentorship__in=mentorships).exists():
        return
    rng = demo.rng_for("evaluations")
    meetings = Meeting.objects.filter(
        mentorship__in=mentorships, cancelled_at__isnull=True, starts_at__lte=timezone.now()
    ).select_related("mentorship__mentor", "mentorship__mentee")
    for index, meeting in enumerate(meetings.order_by("pk")):
        people = (meeting.mentorship.mentee, meeting.mentorship.mentor)
        for person in people[: 1 if index % 4 == 3 else 2]:
            evaluation_services.submit_reflection(
                meeting=meeting,
                by=person,
                data={
                    "useful": rng.choice((3, 4, 4, 5, 5)),
                    "prepared": rng.choice((2, 3, 4, 4, 5)),
                    "understood": rng.choice((3, 4, 5, 5, 5)),
                    "progress": rng.choice((2, 3, 3, 4, 5)),
                    "reflection": rng.choice(REFLECTION_TEXTS),
                },
            )
            demo.created["reflections"] += 1
    for index, mentorship in enumerate(mentorships):
        if not evaluation_selectors.final_evaluation_is_open(mentorship):
            continue
        # Completed cycles by both; others (phase 4, ended early) by one, as happens.
        both = mentorship.status == Mentorship.Status.COMPLETED
        for person in (mentorship.mentee, mentorship.mentor)[: 2 if both else 1]:
            answers = FINAL_ANSWERS[(index + (person == mentorship.mentor)) % len(FINAL_ANSWERS)]
            initial = evaluation_selectors.final_evaluation_initial(mentorship)
            evaluation_services.submit_final_evaluation(
                mentorship=mentorship,
                by=person,
                data={
                    **initial,
                    **answers,
                    "quality_rating": rng.choice((3, 4, 5, 5)),
                    "effectiveness_rating": rng.choice((3, 4, 4, 5)),
                },
            )
            demo.created["final evaluations"] += 1


# --- Events: the mentors' preparatory meetings and community events ---------------------------

STOCKHOLM = zoneinfo.ZoneInfo("Europe/Stockholm")
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


def _at(now, *, days: int, weekday: int, hour: int, minute: int = 0) -> datetime:
    """18:00 (say) in Stockholm on the first given weekday at least ``days`` from now."""
    day = timezone.localtime(now, STOCKHOLM).date() + timedelta(days=days)
    day += timedelta(days=(weekday - day.weekday()) % 7)
    return datetime.combine(day, time(hour, minute), tzinfo=STOCKHOLM)


def _create_event(key: str, starts_at: datetime) -> Event:
    """An event as staff create it in the admin."""
    event = Event(**DEMO_EVENTS[key], starts_at=starts_at, time_zone="Europe/Stockholm")
    event.full_clean()
    event.save()
    return event


def seed_events(demo: Demo) -> None:
    """The last preparatory meeting, held, with the attendance marked for the mentors whose
    profile says they attended; the next one, open, with a few mentors signed up; a career
    evening for everyone (the demo mentee signed up) and a CV clinic for mentees, nearly full.
    Sign-ups and attendance go through the services. Runs once: skipped when the demo's
    events exist."""
    titles = {event["title"] for event in DEMO_EVENTS.values()}
    if Event.objects.filter(title__in=titles).exists():
        demo.existing["events"] += 1
        return
    rng = demo.rng_for("events")
    now = timezone.now()
    profiles = Profile.objects.filter(user__in=list(demo.people.values())).select_related("user")
    mentors = sorted(
        (p for p in profiles if p.role == Role.MENTOR), key=lambda profile: profile.user.email
    )
    mentees = sorted(
        (p for p in profiles if p.role == Role.MENTEE), key=lambda profile: profile.user.email
    )

    # The last meeting: signed up before it, then moved back in time (demo data only), and
    # marked by staff; it changes nobody's profile, which says so already.
    held = _create_event("last_preparatory", now + timedelta(days=1))
    attended = [p.user for p in mentors if p.preparatory_meeting_attended_at is not None]
    absent = [p.user for p in mentors if p.preparatory_meeting_attended_at is None]
    for user in attended:
        resource_services.sign_up(event=held, by=user)
    no_show = rng.choice(absent)
    resource_services.sign_up(event=held, by=no_show)
    Event.objects.filter(pk=held.pk).update(
        starts_at=_at(now - timedelta(days=28), days=0, weekday=1, hour=18)
    )
    resource_services.mark_attended(
        registrations=Registration.objects.filter(event=held, user__in=attended), by=demo.staff
    )

    upcoming = _create_event("next_preparatory", _at(now, days=10, weekday=1, hour=18))
    for user in rng.sample([u for u in absent if u != no_show], 4):
        resource_services.sign_up(event=upcoming, by=user)

    evening = _create_event("career_evening", _at(now, days=17, weekday=3, hour=18, minute=30))
    known_mentee = next(p.user for p in mentees if p.user.email == MENTEE_EMAIL)
    others = [p.user for p in (*mentors, *mentees) if p.user.email not in KNOWN_LOGINS]
    for user in [known_mentee, *rng.sample(others, 11)]:
        resource_services.sign_up(event=evening, by=user)

    clinic = _create_event("cv_clinic", _at(now, days=6, weekday=2, hour=17))
    for user in rng.sample([p.user for p in mentees if p.user.email != MENTEE_EMAIL], 6):
        resource_services.sign_up(event=clinic, by=user)
    demo.created["events"] += len(DEMO_EVENTS)


# --- The resource library ----------------------------------------------------------------------

# Texts the program wrote itself, kept in the library as plain-text files.
TIPS_FOR_MENTORS = """\
Tips for your first sessions as a mentor

1. Let your mentee lead. She sets the agenda; you ask the questions that help her think.
2. Listen more than you talk. A good session often ends with her doing most of the talking.
3. Share your own path, detours included. Stories of what went wrong help more than advice.
4. Agree on practicalities early: how often you meet, how long, and how you keep in touch.
5. Write down her goals in her own words, and come back to them every few sessions.
6. Give feedback that is specific and kind: what worked, and one thing to try next time.
7. Say when you do not know. Finding the answer together is part of mentoring.
8. Respect confidentiality and the boundaries you agreed on.
9. End each session with one small step for her, and one for you.
10. Take care of yourself too: the program staff are there if anything feels difficult.
"""
TIPS_FOR_MENTORS_SV = """\
Tips för dig som är mentor

1. Låt adepten leda. Hon sätter agendan; du ställer frågorna som hjälper henne att tänka.
2. Lyssna mer än du pratar. Ett bra samtal slutar ofta med att hon har pratat mest.
3. Berätta om din egen väg, omvägarna också. Det som gick fel hjälper ofta mer än råd.
4. Kom överens om det praktiska tidigt: hur ofta ni ses, hur länge och hur ni håller kontakten.
5. Skriv ner hennes mål med hennes egna ord och återkom till dem med jämna mellanrum.
6. Ge återkoppling som är konkret och vänlig: vad som fungerade, och en sak att pröva nästa gång.
7. Säg det när du inte vet. Att leta svaret tillsammans är en del av mentorskapet.
8. Respektera sekretessen och de gränser ni har kommit överens om.
9. Avsluta varje möte med ett litet nästa steg för henne, och ett för dig.
10. Ta hand om dig själv också: programmets personal finns där om något känns svårt.
"""
SESSION_QUESTIONS = """\
Questions to talk about in your sessions

Getting to know each other
- What made you choose STEM, and who encouraged you?
- What does a good week at work or at university look like for you?
- What would you like to be able to do in a year that you cannot do today?

Goals and progress
- Which of your goals feels most important right now, and why?
- What has helped you most since our last session? What got in the way?
- How will we know that a goal has been reached?

Being a woman in STEM
- Have you been treated differently because of your gender? How did you respond?
- Who are your role models, and what do you admire in them?
- Where do you feel most at home in your field, and where least?

Looking ahead
- Which choices are coming up for you: courses, jobs, projects?
- What would you do if you knew you could not fail?
- What do you want to take with you from this mentoring?
"""
MENTORING_SELF_TEST = """\
What do I want from mentoring? A self-test

Rate each statement from 1 (not at all) to 5 (very much). There are no right answers: the
aim is to know what to ask your mentor for.

 1. I would like help choosing between study or career paths.
 2. I want to understand what the daily work in my field is like.
 3. I want to become more confident speaking up in meetings or classes.
 4. I would like feedback on my CV, applications or interviews.
 5. I want to build a network of people in my field.
 6. I sometimes feel I do not belong in STEM.
 7. I want to learn how to handle bias or unfair treatment.
 8. I would like someone to hold me to my plans.

Mostly 4s and 5s on 1, 2 and 4: your mentoring is about choices and first steps: bring
concrete decisions to your sessions.
Mostly 4s and 5s on 3, 6 and 7: confidence and belonging come first: agree with your mentor
on small experiments to try between sessions.
Mostly 4s and 5s on 5 and 8: ask your mentor to introduce you to people and to follow up on
your plans at each meeting.
"""
CONFIDENCE_HABITS = """\
Feeling secure in your STEM role: ten small habits

1. Keep a list of what you have solved, learned and been thanked for. Read it before hard days.
2. Ask your question in the meeting, not afterwards: others are often wondering the same.
3. Prepare one point you want to make before each meeting.
4. When you are praised, say thank you, without explaining it away.
5. Find one person at work or university you can think aloud with.
6. Notice the difference between "I do not know this yet" and "I am not good at this".
7. Volunteer for one task a term that stretches you a little.
8. Share your work before it is perfect, and ask for specific feedback.
9. Say no to one task that does not help your goals.
10. Talk with your mentor about a moment you felt out of place, and what you would do next time.
"""
CONFIDENCE_HABITS_SV = """\
Känn dig trygg i din roll inom STEM

1. För en lista över det du har löst, lärt dig och fått tack för. Läs den inför tuffa dagar.
2. Ställ din fråga på mötet, inte efteråt: andra undrar ofta samma sak.
3. Förbered en sak du vill säga inför varje möte.
4. När du får beröm, säg tack, utan att förklara bort det.
5. Hitta en person på jobbet eller universitetet som du kan tänka högt med.
6. Lägg märke till skillnaden mellan "det kan jag inte än" och "det är jag dålig på".
7. Ta på dig en uppgift varje termin som utmanar dig lite.
8. Visa ditt arbete innan det är perfekt och be om konkret återkoppling.
9. Säg nej till en uppgift som inte hjälper dig mot dina mål.
10. Prata med din mentor om ett tillfälle då du kände dig malplacerad, och vad du gör nästa gång.
"""


@dataclass(frozen=True)
class LibraryEntry:
    title: str
    summary: str
    category: str
    kind: str
    language: str
    phases: tuple[int, ...]
    url: str = ""
    text: str = ""  # a file the program wrote (then no url)
    audience: str = "both"
    featured: bool = False


# Well-known public resources on women in STEM (titles and summaries written by the program),
# and the program's own short texts. Links are organisations' home pages or long-standing
# pages of theirs.
DEMO_LIBRARY = (
    # Tips for mentors
    LibraryEntry(
        "Tips for your first sessions as a mentor",
        "Ten practical tips from the program: let your mentee lead, listen more than you talk, "
        "share your own path and agree on the practicalities early.",
        "mentor_tips",
        "file",
        "en",
        (1, 2),
        text=TIPS_FOR_MENTORS,
        audience="mentor",
    ),
    LibraryEntry(
        "Tips för dig som är mentor",
        "Tio praktiska råd från programmet: låt adepten leda, lyssna mer än du pratar och kom "
        "överens om det praktiska tidigt.",
        "mentor_tips",
        "file",
        "sv",
        (1, 2, 3),
        text=TIPS_FOR_MENTORS_SV,
        audience="mentor",
    ),
    # Mentoring skills
    LibraryEntry(
        "European Mentoring and Coaching Council",
        "The professional body for mentoring and coaching in Europe: its competence framework "
        "and code of ethics describe what good mentoring looks like.",
        "mentoring_skills",
        "link",
        "en",
        (1, 3),
        url="https://www.emccglobal.org/",
        audience="mentor",
    ),
    # Self-tests
    LibraryEntry(
        "What do I want from mentoring? A self-test",
        "Eight statements to rate before your first meeting, and what your answers suggest "
        "asking your mentor for.",
        "self_tests",
        "self_test",
        "en",
        (1,),
        text=MENTORING_SELF_TEST,
        audience="mentee",
    ),
    LibraryEntry(
        "Project Implicit: the gender–science test",
        "Harvard's implicit association tests measure associations we are not aware of; the "
        "gender–science test shows how readily we link science with men. A good start for a "
        "talk about bias.",
        "self_tests",
        "self_test",
        "en",
        (1, 3),
        url="https://implicit.harvard.edu/implicit/",
    ),
    # Topics to discuss
    LibraryEntry(
        "Questions to talk about in your sessions",
        "Questions for getting to know each other, following up goals, being a woman in STEM "
        "and looking ahead, gathered by the program.",
        "topics",
        "file",
        "en",
        (1, 2, 3),
        text=SESSION_QUESTIONS,
        featured=True,
    ),
    LibraryEntry(
        "Catalyst: research on women at work",
        "A non-profit that studies workplaces and women's careers; its short research "
        "summaries make good starting points for a session about work culture.",
        "topics",
        "article",
        "en",
        (3,),
        url="https://www.catalyst.org/",
    ),
    # Toolkits
    LibraryEntry(
        "GEAR: gender equality in academia and research",
        "The European Institute for Gender Equality's step-by-step toolkit for gender "
        "equality plans in universities and research organisations.",
        "toolkits",
        "toolkit",
        "en",
        (3,),
        url="https://eige.europa.eu/gender-mainstreaming/toolkits/gear",
    ),
    LibraryEntry(
        "Scientix: the community for science education in Europe",
        "Teaching materials, projects and online courses for STEM teachers, in many European "
        "languages: ideas for mentors who teach or visit schools.",
        "toolkits",
        "toolkit",
        "en",
        (3,),
        url="https://www.scientix.eu/",
        audience="mentor",
    ),
    # Gender pay gap and equality
    LibraryEntry(
        "She Figures: women in European research and innovation",
        "The European Commission's statistics, published every three years, on women and men "
        "from doctoral studies to research careers and leadership.",
        "equality",
        "article",
        "en",
        (1, 3),
        url="https://projects.research-and-innovation.ec.europa.eu/en/"
        "knowledge-publications-tools-and-data/interactive-reports/she-figures-2021",
        featured=True,
    ),
    LibraryEntry(
        "Gender Equality Index",
        "EIGE's index compares gender equality in work, money, knowledge, time, power and "
        "health across the EU countries, year by year.",
        "equality",
        "article",
        "en",
        (3,),
        url="https://eige.europa.eu/gender-equality-index",
    ),
    LibraryEntry(
        "Global Gender Gap Report",
        "The World Economic Forum's yearly report on the gaps between women and men in work, "
        "education, health and politics, country by country.",
        "equality",
        "article",
        "en",
        (3,),
        url="https://www.weforum.org/publications/series/global-gender-gap-report/",
    ),
    LibraryEntry(
        "Jämställdhetsmyndigheten",
        "Myndigheten som samordnar Sveriges jämställdhetspolitik: fakta om löner, utbildning "
        "och arbetsliv för kvinnor och män.",
        "equality",
        "article",
        "sv",
        (3,),
        url="https://jamstalldhetsmyndigheten.se/",
    ),
    LibraryEntry(
        "Sveriges Ingenjörer",
        "Ingenjörernas fackförbund: lönestatistik och råd inför lönesamtalet, bra att läsa "
        "tillsammans med din mentor.",
        "equality",
        "article",
        "sv",
        (3, 4),
        url="https://www.sverigesingenjorer.se/",
        audience="mentee",
    ),
    # Overcoming barriers
    LibraryEntry(
        "International Day of Women and Girls in Science",
        "Every 11 February the United Nations marks the day for full and equal access to "
        "science for women and girls; the page gathers facts and events.",
        "barriers",
        "article",
        "en",
        (1,),
        url="https://www.un.org/en/observances/women-and-girls-in-science-day",
    ),
    LibraryEntry(
        "Tekniksprånget",
        "Fyra månaders betald praktik som ingenjör efter gymnasiet, hos arbetsgivare i hela "
        "Sverige; hälften av praktikanterna är unga kvinnor.",
        "barriers",
        "link",
        "sv",
        (1, 3),
        url="https://teknikspranget.se/",
        audience="mentee",
    ),
    LibraryEntry(
        "Nationella sekretariatet för genusforskning",
        "Forskning om genus och jämställdhet i högskola och arbetsliv, sammanfattad för alla "
        "som vill förstå varför hindren finns.",
        "barriers",
        "article",
        "sv",
        (3,),
        url="https://www.genus.se/",
    ),
    # Feeling secure in your STEM role
    LibraryEntry(
        "Feeling secure in your STEM role: ten small habits",
        "Small things to try between sessions: keep a list of what you have solved, ask your "
        "question in the meeting, and accept praise without explaining it away.",
        "confidence",
        "file",
        "en",
        (3, 4),
        text=CONFIDENCE_HABITS,
        audience="mentee",
    ),
    LibraryEntry(
        "Känn dig trygg i din roll inom STEM",
        "Tio små vanor att pröva mellan mötena, från programmet: för en lista över det du har "
        "klarat och ställ din fråga på mötet.",
        "confidence",
        "file",
        "sv",
        (3, 4),
        text=CONFIDENCE_HABITS_SV,
        audience="mentee",
    ),
    # Inspiring and historical women in STEM
    LibraryEntry(
        "Ada Lovelace Day",
        "A yearly celebration, every second Tuesday of October, of women in science, "
        "technology, engineering and maths, with stories and events around the world.",
        "inspiring_women",
        "link",
        "en",
        (1, 4),
        url="https://findingada.com/",
        featured=True,
    ),
    LibraryEntry(
        "Hidden figures at NASA",
        "NASA tells the story of Katherine Johnson, Dorothy Vaughan and Mary Jackson, whose "
        "mathematics sent astronauts into space; search its site for their names.",
        "inspiring_women",
        "video",
        "en",
        (1,),
        url="https://www.nasa.gov/",
    ),
    LibraryEntry(
        "Women who changed science",
        "The Nobel Prize's stories and films about laureates such as Marie Curie, Barbara "
        "McClintock, May-Britt Moser and Donna Strickland.",
        "inspiring_women",
        "video",
        "en",
        (1, 4),
        url="https://www.nobelprize.org/",
    ),
    LibraryEntry(
        "For Women in Science",
        "The L'Oréal–UNESCO programme has honoured women researchers since 1998; its portraits "
        "of prize-winners and young talents make inspiring reading.",
        "inspiring_women",
        "article",
        "en",
        (1,),
        url="https://www.forwomeninscience.com/",
    ),
    # For universities
    LibraryEntry(
        "Athena Swan Charter",
        "Advance HE's charter helps universities and research institutes to support and "
        "advance gender equality, with awards for what they achieve.",
        "universities",
        "toolkit",
        "en",
        (3,),
        url="https://www.advance-he.ac.uk/equality-charters/athena-swan-charter",
        audience="mentor",
    ),
    LibraryEntry(
        "Vinnova",
        "Sveriges innovationsmyndighet finansierar forskning och innovation och kräver att "
        "projekten arbetar med jämställdhet, också på lärosätena.",
        "universities",
        "link",
        "sv",
        (3,),
        url="https://www.vinnova.se/",
        audience="mentor",
    ),
    # Networks for women in STEM
    LibraryEntry(
        "Womengineer",
        "Ideell organisation som vill att lika många kvinnor som män tar ingenjörsexamen; "
        "förebilder, bloggar och Introduce a Girl to Engineering Day.",
        "networks",
        "network",
        "sv",
        (1, 4),
        url="https://womengineer.org/",
        featured=True,
    ),
    LibraryEntry(
        "Girls Who Code",
        "A non-profit closing the gender gap in technology, with clubs, summer programmes and "
        "free learning material.",
        "networks",
        "network",
        "en",
        (1, 4),
        url="https://girlswhocode.com/",
        audience="mentee",
    ),
    LibraryEntry(
        "IEEE Women in Engineering",
        "One of the largest professional networks for women engineers and scientists, with "
        "local groups across Europe.",
        "networks",
        "network",
        "en",
        (4,),
        url="https://wie.ieee.org/",
    ),
    LibraryEntry(
        "European Platform of Women Scientists",
        "A network of associations of women scientists that speaks for women in research in "
        "European policy.",
        "networks",
        "network",
        "en",
        (4,),
        url="https://epws.org/",
    ),
    LibraryEntry(
        "WISE",
        "The UK campaign for gender balance in science, technology and engineering, with "
        "resources for schools, employers and women in the field.",
        "networks",
        "network",
        "en",
        (4,),
        url="https://www.wisecampaign.org.uk/",
    ),
)


def _library_file_name(entry: LibraryEntry) -> str:
    return f"westem-{slugify(entry.title)}.txt"


def seed_library(demo: Demo) -> None:
    """The library: the program's documents (the agreement template and the code of conduct,
    in English and Swedish) and the resources above, through the library's services. A
    resource already there (the same link, or the same file) is left as it is."""
    for _resource, created in library_documents.ensure_library_documents():
        (demo.created if created else demo.existing)["library"] += 1
    for entry in DEMO_LIBRARY:
        if entry.url:
            existing = Resource.objects.filter(url=entry.url)
        else:
            stem = _library_file_name(entry).removesuffix(".txt")
            existing = Resource.objects.filter(file__contains=f"/{stem}")
        if existing.exists():
            demo.existing["library"] += 1
            continue
        upload = None
        if entry.text:
            upload = ContentFile(entry.text.encode(), name=_library_file_name(entry))
        resource_services.create_resource(
            data={
                "title": entry.title,
                "summary": entry.summary,
                "category": entry.category,
                "kind": entry.kind,
                "audience": entry.audience,
                "language": entry.language,
                "phases": list(entry.phases),
                "url": entry.url,
                "is_featured": entry.featured,
            },
            upload=upload,
        )
        demo.created["library"] += 1


# Run in this order; a later kind of data appends its function here.
SEEDERS = (
    seed_team,
    seed_participants,
    seed_matching,
    seed_cycles,
    seed_evaluations,
    seed_events,
    seed_library,
    set_passwords,
)


class Command(BaseCommand):
    help = (
        "Create a demo program: about 30 mentors and 60 mentees across Europe and five known "
        "logins. Running it again creates nothing new and resets the known logins' password."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--password",
            default=DEMO_PASSWORD,
            help=f"Password of the demo logins (default: {DEMO_PASSWORD}).",
        )

    def handle(self, *args, password: str, **options):
        if not password:
            raise CommandError("The demo password cannot be empty.")
        demo = Demo(password=password)
        # The demo's own notifications are not sent anywhere.
        locmem = "django.core.mail.backends.locmem.EmailBackend"
        with override_settings(EMAIL_BACKEND=locmem), transaction.atomic():
            for seeder in SEEDERS:
                seeder(demo)
        self.report(demo)

    def report(self, demo: Demo) -> None:
        write = self.stdout.write
        kinds = (
            ("mentor", "mentors"),
            ("mentee", "mentees"),
            ("team", "team"),
            ("library", "library"),
        )
        for kind, label in kinds:
            write(f"{label:>8}: {demo.created[kind]} created, {demo.existing[kind]} already there")
        total = Profile.objects.filter(user__email__in=list(demo.people))
        write(
            f"The demo has {total.filter(role=Role.MENTOR).count()} mentors and "
            f"{total.filter(role=Role.MENTEE).count()} mentees."
        )
        write(
            f"Matching: {MentorPresentation.objects.visible().count()} presentations in the "
            f"directory, {ConnectionRequest.objects.count()} connection requests."
        )
        width = max(len(email) for email in KNOWN_LOGINS)
        lines = [
            "",
            f"Demo logins (password: {demo.password}):",
            *(f"  {email:<{width}}  {LOGIN_LABELS[email]}" for email in KNOWN_LOGINS),
            f"The other demo participants this command created (…@{EMAIL_DOMAIN}) use it too.",
            f"Open {DEMO_URL}",
        ]
        write(self.style.SUCCESS("\n".join(lines)))
