"""Making the demo's participants up, deterministically: the same seed gives the same
people whatever the database holds. The words come from ``backgrounds`` and ``phrases``.
"""

import random
import unicodedata

from profiles.models import Role, Stage
from westem.demo.backgrounds import COUNTRIES, FIELDS, Country, Field
from westem.demo.people import (
    EMAIL_DOMAIN,
    KNOWN_MENTEE,
    KNOWN_MENTOR,
    MENTEE_COUNT,
    MENTEE_EMAIL,
    MENTOR_COUNT,
    MENTOR_EMAIL,
    Person,
)
from westem.demo.phrases import (
    EARLY_MENTOR_OPENINGS,
    FAVOURITE_SUBJECTS,
    MENTEE_GOAL_TEMPLATES,
    MENTEE_GOALS,
    MENTEE_MIDDLES,
    MENTEE_OPENINGS,
    MENTOR_CLOSERS,
    MENTOR_MIDDLES,
    MENTOR_OFFERS,
    MENTOR_OPENINGS,
    MENTOR_TOPICS,
    ORDINALS,
    SCHOOL_SECONDS,
    STUDENT_MIDDLES,
)

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
