"""Match round benchmark: 20,000 mentees rank 5 of 10,000 mentors (capacities 1–3) on
PostgreSQL; the solver alone, the whole draft and the publication, with their queries.

    .venv/bin/python bench/rounds.py [--database-url postgres://…/westem_bench_rounds]

The people (``westem_bench_rounds`` by default) are seeded with ``bulk_create`` on first use
and kept; each run removes the rounds, mentorships, requests and notifications a run before
left, then builds a new round in review: every mentee's five choices (seven in ten among a
fifth of the mentors, so places are contested), mentors' marks (a third good fit, one in
twenty not a fit, one in fifty ordered), a round capacity for a fifth of the mentors, and
5,000 pending traditional requests, which publication withdraws. The emails are sent by
workers after the commit; their queueing (written by the database) is in the publication's
time, their sending is not.

Targets: solver < 5 s, draft < 30 s, publication < 60 s.
"""

import argparse
import os
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.directory import ensure_database, with_search_text  # noqa: E402

MENTORS = 10_000
MENTEES = 20_000
CHOICES = 5
PENDING_REQUESTS = 5_000


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--database-url",
        default=os.environ.get(
            "BENCH_ROUNDS_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/westem_bench_rounds"
        ),
    )
    return parser.parse_args()


def seed_people(rng: random.Random) -> None:
    """The mentors (a published presentation each, capacity 1–3) and the mentees."""
    from django.contrib.auth.hashers import make_password
    from django.utils import timezone

    from core.text import fold
    from matching.models import MentorPresentation
    from profiles.models import ExpertiseArea, Profile, SpokenLanguage, User

    if MentorPresentation.objects.count() >= MENTORS:
        return
    print("seeding 10,000 mentors and 20,000 mentees …", flush=True)
    password = make_password("bench-password-123")
    now = timezone.now()
    fields = list(ExpertiseArea.objects.all())
    languages = list(SpokenLanguage.objects.all())
    english = SpokenLanguage.objects.get(code="en")
    countries = ["SE", "FI", "DE", "ES", "IT", "NL", "PL", "PT", "GR", "IE", "FR", "EE"]
    goals = [
        "research career and confidence in presenting",
        "programming internships and networks",
        "robotics studies and applying abroad",
        "data science, statistics and a doctorate",
    ]

    def people(prefix: str, count: int, role: str):
        users = User.objects.bulk_create(
            [User(email=f"{prefix}{i}@bench.example", password=password) for i in range(count)],
            batch_size=2000,
        )
        profiles = Profile.objects.bulk_create(
            [
                Profile(
                    user=user,
                    role=role,
                    display_name=f"{prefix.title()} {i}",
                    search_name=fold(f"{prefix.title()} {i}"),
                    country=rng.choice(countries),
                    stage="experienced" if role == "mentor" else "master",
                    goals=rng.choice(goals),
                    style_traditional=True,
                    hours_per_month=3,
                    onboarded_at=now,
                )
                for i, user in enumerate(users)
            ],
            batch_size=2000,
        )
        Profile.expertise.through.objects.bulk_create(
            [
                Profile.expertise.through(profile_id=p.pk, expertisearea_id=f.pk)
                for p in profiles
                for f in rng.sample(fields, 2)
            ],
            batch_size=5000,
        )
        Profile.languages.through.objects.bulk_create(
            [
                Profile.languages.through(profile_id=p.pk, spokenlanguage_id=lang.pk)
                for p in profiles
                for lang in {english, rng.choice(languages)}
            ],
            batch_size=5000,
        )
        return users

    mentors = people("mentor", MENTORS, "mentor")
    people("mentee", MENTEES, "mentee")
    presentations = MentorPresentation.objects.bulk_create(
        [
            with_search_text(
                mentor=user,
                headline=f"Mentor {i}: engineering, research and careers",
                introduction="I work in industry and love helping students find their path.",
                offer=rng.choice(
                    [
                        "career choices and confidence",
                        "research and doctorate applications",
                        "programming and internships",
                        "networks in robotics",
                    ]
                ),
                capacity=rng.choice([1, 2, 3]),
                is_published=True,
                published_at=now,
                approved_at=now,
            )
            for i, user in enumerate(mentors)
        ],
        batch_size=2000,
    )
    for through, column, pick in (
        (MentorPresentation.expertise.through, "expertisearea_id", lambda: rng.sample(fields, 2)),
        (
            MentorPresentation.languages.through,
            "spokenlanguage_id",
            lambda: {english, rng.choice(languages)},
        ),
    ):
        through.objects.bulk_create(
            [
                through(mentorpresentation_id=p.pk, **{column: item.pk})
                for p in presentations
                for item in pick()
            ],
            batch_size=5000,
        )


def fresh_round(rng: random.Random):
    """A new round in review, with what a run before left removed."""
    from datetime import timedelta

    from django.db import connection
    from django.utils import timezone

    from cycles.models import Mentorship, Style
    from matching.models import ConnectionRequest
    from matching.rounds.models import Fit, MatchRound, RoundChoice, RoundMentor
    from notifications.models import InboxItem, Notification
    from profiles.models import Role, User

    MatchRound.objects.update(published_draft=None, published_at=None)
    MatchRound.objects.all().delete()
    Mentorship.objects.all().delete()
    ConnectionRequest.objects.all().delete()
    Notification.objects.all().delete()
    InboxItem.objects.all().delete()

    now = timezone.now()
    round_ = MatchRound.objects.create(
        name="Bench cohort",
        opens_at=now - timedelta(days=14),
        closes_at=now - timedelta(hours=1),
        publishes_on=timezone.localdate(),
    )
    mentors = list(User.objects.filter(profile__role=Role.MENTOR).values_list("pk", flat=True))
    mentees = list(User.objects.filter(profile__role=Role.MENTEE).values_list("pk", flat=True))
    popular = mentors[: len(mentors) // 5]
    choices = []
    for mentee in mentees:
        picked: list[int] = []
        while len(picked) < CHOICES:
            mentor = rng.choice(popular if rng.random() < 0.7 else mentors)
            if mentor not in picked:
                picked.append(mentor)
        for rank, mentor in enumerate(picked, start=1):
            mark = rng.random()
            choices.append(
                RoundChoice(
                    round=round_,
                    mentee_id=mentee,
                    mentor_id=mentor,
                    rank=rank,
                    fit=Fit.NOT if mark < 0.05 else Fit.GOOD if mark < 0.38 else Fit.UNMARKED,
                    mentor_order=rng.randint(1, 5) if rng.random() < 0.02 else None,
                    created_at=now - timedelta(minutes=rng.randint(1, 20_000)),
                )
            )
    RoundChoice.objects.bulk_create(choices, batch_size=5000)
    RoundMentor.objects.bulk_create(
        [
            RoundMentor(round=round_, mentor_id=mentor, capacity=rng.randint(0, 2))
            for mentor in rng.sample(mentors, len(mentors) // 5)
        ],
        batch_size=5000,
    )
    ConnectionRequest.objects.bulk_create(
        [
            ConnectionRequest(
                mentee_id=mentee,
                mentor_id=rng.choice(mentors),
                style=Style.TRADITIONAL,
                message="Would you mentor me?",
            )
            for mentee in rng.sample(mentees, PENDING_REQUESTS)
        ],
        batch_size=5000,
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return round_, len(choices)


def timed(action):
    """(result, seconds, queries) of ``action``; the queries counted as they run."""
    from django.db import connection

    count = 0

    def counting(execute, sql, params, many, context):
        nonlocal count
        count += 1
        return execute(sql, params, many, context)

    with connection.execute_wrapper(counting):
        started = time.perf_counter()
        result = action()
        seconds = time.perf_counter() - started
    return result, seconds, count


def main() -> None:
    args = parse_args()
    os.environ["DATABASE_URL"] = args.database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "westem.settings.test")
    ensure_database(args.database_url)

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection, transaction

    from matching.rounds import preferences, solve
    from matching.rounds.drafts import make_draft
    from matching.rounds.publication import publish

    call_command("migrate", verbosity=0)
    rng = random.Random(21)
    seed_people(rng)
    round_, choices = fresh_round(rng)

    prefs, read_s, read_q = timed(lambda: preferences.read(round_))
    matching, solve_s, _ = timed(
        lambda: solve(
            mentee_prefs=prefs.mentee_prefs,
            mentor_prefs=prefs.mentor_prefs,
            capacities=prefs.capacities,
        )
    )
    draft, draft_s, draft_q = timed(lambda: make_draft(round=round_, by=None))

    def publication():
        with transaction.atomic():
            started = publish(round=round_, draft=draft, by=None)
            # The emails go to workers after the commit; they are not publication's time.
            connection.run_on_commit.clear()
        return started

    started, publish_s, publish_q = timed(publication)

    figures = draft.figures
    print(
        f"machine: {os.cpu_count()} cores; PostgreSQL; {MENTEES:,} mentees × {MENTORS:,} "
        f"mentors, capacities 1–3, {choices:,} choices"
    )
    print(
        f"draft: {figures['matched']:,} matched, {figures['unmatched']:,} unmatched of "
        f"{figures['mentees']:,}; first choice {figures['by_choice']['1']:,}; "
        f"{figures['places']:,} places; blocking pairs {figures['blocking_pairs']}, "
        f"broken rules {figures['broken_rules']}"
    )
    print(f"{'step':<34}{'seconds':>9}{'queries':>9}{'target':>10}")
    seconds = figures["seconds"]
    rows = [
        ("read preferences (alone)", read_s, read_q, ""),
        ("solve (alone)", solve_s, 0, "< 5 s"),
        ("draft", draft_s, draft_q, "< 30 s"),
        ("  of which read", seconds["read"], None, ""),
        ("  of which solve", seconds["solve"], None, ""),
        ("  of which stability check", seconds["check"], None, ""),
        ("  of which reasons and fairness", seconds["explain"], None, ""),
        (f"publish ({started:,} mentorships)", publish_s, publish_q, "< 60 s"),
    ]
    for name, value, queries, target in rows:
        shown = "" if queries is None else f"{queries:,}"
        print(f"{name:<34}{value:>9.2f}{shown:>9}{target:>10}")


if __name__ == "__main__":
    main()
