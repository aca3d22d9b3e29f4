"""Directory benchmark: 10,000 published mentors and 20,000 mentees on PostgreSQL.

Renders the mentor directory through Django's full request stack (middleware, view,
templates) unfiltered (both sorts), with three filters, the free-place filter alone and a
free-text search, and a mentor's page, many times, and prints p50/p95 server time,
the queries per page, and the ratio of page time to the time of the same SQL run alone.

    .venv/bin/python bench/directory.py [--runs 50] [--database-url postgres://…]

The database (default ``westem_bench``) is created, migrated and seeded on first use and
reused afterwards.
"""

import argparse
import os
import random
import re
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

MENTORS = 10_000
MENTEES = 20_000


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=50)
    parser.add_argument(
        "--database-url",
        default=os.environ.get(
            "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/westem_bench"
        ),
    )
    return parser.parse_args()


def ensure_database(url: str) -> None:
    import psycopg

    name = url.rsplit("/", 1)[1]
    admin_url = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin_url, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{name}"')


def with_search_text(**fields):
    """A presentation with its texts folded for the search, as ``MentorPresentation.save``
    folds them (``bulk_create`` calls no ``save``)."""
    from matching.models import MentorPresentation

    presentation = MentorPresentation(**fields)
    presentation.search_text = presentation.folded_text()
    return presentation


def seed() -> None:
    """Bulk-insert the population; plain inserts keep seeding to seconds."""
    from django.contrib.auth.hashers import make_password
    from django.utils import timezone

    from core.text import fold
    from cycles.models import Mentorship
    from matching.models import MentorPresentation
    from profiles.models import (
        CodeOfConduct,
        CodeOfConductAcceptance,
        ExpertiseArea,
        Profile,
        SpokenLanguage,
        User,
    )

    if MentorPresentation.objects.count() >= MENTORS:
        return
    print("seeding 10,000 mentors and 20,000 mentees …", flush=True)
    rng = random.Random(7)
    password = make_password("bench-password-123")
    now = timezone.now()
    fields = list(ExpertiseArea.objects.all())
    languages = list(SpokenLanguage.objects.all())
    english = SpokenLanguage.objects.get(code="en")
    countries = ["SE", "FI", "DE", "ES", "IT", "NL", "PL", "PT", "GR", "IE", "FR", "EE"]
    code = CodeOfConduct.objects.current()

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
                    search_name=fold(f"{prefix.title()} {i}"),  # as Profile.save folds it
                    country=rng.choice(countries),
                    stage="experienced" if role == "mentor" else "master",
                    bio="Engineer and researcher in a STEM field.",
                    goals=rng.choice(
                        [
                            "research career and confidence",
                            "programming internships",
                            "robotics studies and networks",
                            "data science and statistics",
                        ]
                    ),
                    style_traditional=True,
                    style_flash=rng.random() < 0.7,
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
        if code:
            CodeOfConductAcceptance.objects.bulk_create(
                [CodeOfConductAcceptance(user=u, code=code) for u in users],
                batch_size=5000,
            )
        return users

    mentors = people("mentor", MENTORS, "mentor")
    mentees = people("mentee", MENTEES, "mentee")
    presentations = MentorPresentation.objects.bulk_create(
        [
            with_search_text(
                mentor=user,
                headline=f"Mentor {i}: engineering, research and careers",
                introduction="I work in industry and love helping students find their path.",
                offer=rng.choice(
                    [
                        "career choices and confidence",
                        "research and PhD applications",
                        "programming and internships",
                        "networks in robotics",
                    ]
                ),
                offers_traditional=True,
                offers_flash=rng.random() < 0.7,
                capacity=rng.choice([1, 2, 2, 3]),
                accepting_requests=rng.random() < 0.9,
                is_published=True,
                published_at=now,
                approved_at=now,
            )
            for i, user in enumerate(mentors)
        ],
        batch_size=2000,
    )
    MentorPresentation.expertise.through.objects.bulk_create(
        [
            MentorPresentation.expertise.through(mentorpresentation_id=p.pk, expertisearea_id=f.pk)
            for p in presentations
            for f in rng.sample(fields, 2)
        ],
        batch_size=5000,
    )
    MentorPresentation.languages.through.objects.bulk_create(
        [
            MentorPresentation.languages.through(
                mentorpresentation_id=p.pk, spokenlanguage_id=lang.pk
            )
            for p in presentations
            for lang in {english, rng.choice(languages)}
        ],
        batch_size=5000,
    )
    Mentorship.objects.bulk_create(
        [
            Mentorship(mentor=mentors[i % MENTORS], mentee=mentee, style="traditional")
            for i, mentee in enumerate(mentees[:6000])
        ],
        batch_size=5000,
    )
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def percentile(values, share):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def measure(client, url: str, runs: int) -> dict:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url)  # warm up caches and connections
    page_times = []
    for _ in range(runs):
        started = time.perf_counter()
        response = client.get(url)
        page_times.append(time.perf_counter() - started)
        assert response.status_code == 200, response.status_code
    with CaptureQueriesContext(connection) as captured:
        client.get(url)
    statements = [query["sql"] for query in captured.captured_queries]
    sql_times = []
    with connection.cursor() as cursor:
        for _ in range(runs):
            started = time.perf_counter()
            for sql in statements:
                cursor.execute(sql)
                if cursor.description:
                    cursor.fetchall()
            sql_times.append(time.perf_counter() - started)
    p50, sql_p50 = statistics.median(page_times), statistics.median(sql_times)
    return {
        "url": url,
        "queries": len(statements),
        "p50_ms": p50 * 1000,
        "p95_ms": percentile(page_times, 0.95) * 1000,
        "sql_p50_ms": sql_p50 * 1000,
        "ratio": p50 / sql_p50 if sql_p50 else float("nan"),
    }


def main() -> None:
    args = parse_args()
    os.environ["DATABASE_URL"] = args.database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "westem.settings.test")
    # Persistent connections, as in production (westem.settings.production).
    os.environ.setdefault("DJANGO_CONN_MAX_AGE", "60")
    ensure_database(args.database_url)

    import django

    django.setup()
    from django.core.management import call_command
    from django.test import Client
    from django.urls import reverse

    from profiles.models import ExpertiseArea, SpokenLanguage, User

    call_command("migrate", verbosity=0)
    seed()

    mentee = User.objects.get(email="mentee1@bench.example")
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(mentee)
    field = ExpertiseArea.objects.get(slug="computer-science").pk
    language = SpokenLanguage.objects.get(code="sv").pk
    directory = reverse("matching:directory")
    pages = [
        ("baseline: a plain page", reverse("code_of_conduct")),
        ("unfiltered (best match)", directory),
        ("unfiltered (newest)", f"{directory}?sort=newest"),
        ("3 filters", f"{directory}?field={field}&language={language}&free=on"),
        ("free place", f"{directory}?free=on"),
        ("text search", f"{directory}?q=robotics"),
        ("mentor page", None),
    ]
    print(
        f"machine: {os.cpu_count()} cores; {args.runs} runs per page; PostgreSQL; "
        f"{MENTORS:,} mentors, {MENTEES:,} mentees"
    )
    print(f"{'page':<26}{'queries':>8}{'p50 ms':>9}{'p95 ms':>9}{'SQL p50 ms':>12}{'ratio':>7}")
    for name, url in pages:
        if url is None:  # the first mentor of the unfiltered directory
            response = client.get(directory)
            url = re.search(r'href="(/mentors/[0-9a-f-]{36}/)"', response.content.decode())[1]
        row = measure(client, url, args.runs)
        print(
            f"{name:<26}{row['queries']:>8}{row['p50_ms']:>9.1f}{row['p95_ms']:>9.1f}"
            f"{row['sql_p50_ms']:>12.1f}{row['ratio']:>7.2f}"
        )


if __name__ == "__main__":
    main()
