"""Reminders benchmark: one full scan of every reminder sweep over 50,000 active mentorships
on PostgreSQL, then the same at 5,000 to compare the query counts.

Each sweep of the apps' ``reminders`` modules (SPEC §12), and the expiry of stale requests
(``matching.services``, which tells each mentee), runs once, inside a transaction that
is rolled back afterwards (the Notification rows it writes are measured, and no email is
queued), and prints its time, its number of queries and how many reminders it queued; then the
total. A sweep not found is skipped and named.

    .venv/bin/python bench/reminders.py [--mentorships 50000 5000] [--server postgres://…]

Each size has its own database (``westem_bench_reminders_<n>``), created, migrated and seeded
with bulk inserts on first use and reused afterwards; the sweeps run at the moment of the
seeding, so a reused database gives the same work. Target: under 30 s for one full scan.
"""

import argparse
import importlib
import os
import sys
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SWEEPS = [
    ("matching.reminders", "remind_pending_requests"),
    ("matching.services", "expire_stale_requests"),
    ("matching.services", "pause_unanswering_mentors"),
    ("cycles.reminders", "remind_meetings_tomorrow"),
    ("cycles.reminders", "remind_agreements_unsigned"),
    ("cycles.reminders", "remind_hours_below"),
    ("cycles.reminders", "remind_end_approaching"),
    ("evaluations.reminders", "remind_reflections"),
    ("evaluations.reminders", "remind_final_evaluations"),
]
TARGET_SECONDS = 30


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mentorships", type=int, nargs="+", default=[50_000, 5_000])
    parser.add_argument(
        "--server",
        default=os.environ.get("BENCH_SERVER_URL", "postgres://postgres@127.0.0.1:5432"),
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


def seed(count: int):
    """``count`` active mentorships (a mentor has five), with what makes every sweep work:
    agreements missing, half accepted and accepted; meetings last month, tomorrow and just
    held; cycles ending within two weeks; flash sessions held; requests pending for four days
    or past the expiry period, and mentors whose last two requests expired. Returns the
    moment of the seeding."""
    from django.contrib.auth.hashers import make_password
    from django.utils import timezone

    from cycles.models import Agreement, Meeting, Mentorship, Phase, Style
    from matching.models import ConnectionRequest, MentorPresentation
    from profiles.models import Profile, User

    existing = Mentorship.objects.order_by("created_at").values_list("created_at", flat=True)
    if existing.count() == count:
        return existing.first()
    print(f"seeding {count:,} mentorships …", flush=True)
    now = timezone.now()
    today = timezone.localdate(now)
    password = make_password("bench-password-123")
    mentor_count = count // 5

    def people(prefix: str, number: int, role: str):
        users = User.objects.bulk_create(
            [User(email=f"{prefix}{i}@bench.example", password=password) for i in range(number)],
            batch_size=5000,
        )
        Profile.objects.bulk_create(
            [
                Profile(user=u, role=role, display_name=f"{prefix.title()} {i}", onboarded_at=now)
                for i, u in enumerate(users)
            ],
            batch_size=5000,
        )
        return users

    mentors = people("mentor", mentor_count, "mentor")
    mentees = people("mentee", count, "mentee")
    MentorPresentation.objects.bulk_create(
        [
            MentorPresentation(
                mentor=m,
                headline="Engineer",
                introduction="Engineer and researcher.",
                offer="Careers",
                accepting_requests=True,
                is_published=True,
                published_at=now,
                approved_at=now,
            )
            for m in mentors
        ],
        batch_size=5000,
    )

    def mentorship(k: int) -> Mentorship:
        flash = k % 10 == 8
        started = 5 if flash else (20 if k % 10 in (6, 7) else 40 + (k * 7) % 75)
        start = today - timedelta(days=started)
        return Mentorship(
            mentor=mentors[k % mentor_count],
            mentee=mentees[k],
            style=Style.FLASH if flash else Style.TRADITIONAL,
            phase=Phase.PREPARATION,
            status=Mentorship.Status.ACTIVE,
            start_date=start,
            end_date=None if flash else start + timedelta(days=120),
            created_at=now,
        )

    mentorships = Mentorship.objects.bulk_create(
        [mentorship(k) for k in range(count)], batch_size=5000
    )
    Agreement.objects.bulk_create(
        [
            Agreement(
                mentorship=m,
                expectations="Meet twice a month.",
                steps="Plan, meet, reflect.",
                boundaries="Respect each other's time.",
                availability="Evenings",
                confidentiality=True,
                termination_clause=True,
                start_date=m.start_date,
                end_date=m.end_date,
                mentor_success_criteria="A plan",
                mentee_success_criteria="An internship",
                mentor_accepted_at=now,
                mentee_accepted_at=now if k % 3 == 2 else None,
            )
            for k, m in enumerate(mentorships)
            if m.style == Style.TRADITIONAL and k % 3
        ],
        batch_size=5000,
    )
    last_month = (today.replace(day=1) - timedelta(days=1)).replace(day=10)
    last_month_at = now.replace(year=last_month.year, month=last_month.month, day=10)

    def meeting(m: Mentorship, starts_at) -> Meeting:
        return Meeting(
            mentorship=m,
            starts_at=starts_at,
            time_zone="Europe/Stockholm",
            duration_minutes=60,
            location="https://meet.example/room",
        )

    meetings = []
    for k, m in enumerate(mentorships):
        if m.style == Style.FLASH:
            meetings.append(meeting(m, now - timedelta(days=2)))
            continue
        if k % 2 == 0:
            meetings.append(meeting(m, last_month_at))
        if k % 4 == 0:
            meetings.append(meeting(m, now + timedelta(hours=1 + k % 23)))
        elif k % 4 == 1:
            meetings.append(meeting(m, now - timedelta(hours=2 + k % 60)))
    Meeting.objects.bulk_create(meetings, batch_size=5000)

    requests = [
        ConnectionRequest(
            mentee=mentees[j],
            mentor=mentors[(j + 1) % mentor_count],
            style=Style.TRADITIONAL,
            message="Hello",
            status=ConnectionRequest.Status.PENDING,
            created_at=now - timedelta(days=4),
        )
        for j in range(count // 10)
    ]
    requests += [  # unanswered past the expiry period
        ConnectionRequest(
            mentee=mentees[j],
            mentor=mentors[(j + 2) % mentor_count],
            style=Style.TRADITIONAL,
            message="Hello",
            status=ConnectionRequest.Status.PENDING,
            created_at=now - timedelta(days=15),
        )
        for j in range(count // 20)
    ]
    for i in range(mentor_count // 10):  # two expired in a row
        for n in (2, 3):
            requests.append(
                ConnectionRequest(
                    mentee=mentees[(i * 7 + n) % count],
                    mentor=mentors[i],
                    style=Style.TRADITIONAL,
                    message="Hello",
                    status=ConnectionRequest.Status.EXPIRED,
                    created_at=now - timedelta(days=20 + n),
                    responded_at=now - timedelta(days=6 + n),
                )
            )
    ConnectionRequest.objects.bulk_create(requests, batch_size=5000)
    return now


def scan(now, *, again: bool) -> list[tuple[str, float, int, int | None]]:
    """One run of every sweep: (name, seconds, queries, reminders queued or mentors paused).
    With ``again``, each sweep runs twice and the second run is measured: its reminders are
    all written already (the next hour's or day's run)."""
    import inspect

    from django.db import connection, transaction
    from django.test.utils import CaptureQueriesContext

    rows = []
    for module_name, function_name in SWEEPS:
        try:
            sweep = getattr(importlib.import_module(module_name), function_name)
        except (ImportError, AttributeError):
            rows.append((f"{module_name}.{function_name}", 0.0, 0, None))
            continue
        kwargs = {"now": now} if "now" in inspect.signature(sweep).parameters else {}
        with transaction.atomic():
            if again:
                sweep(**kwargs)
            with CaptureQueriesContext(connection) as queries:
                started = time.perf_counter()
                done = sweep(**kwargs)
                seconds = time.perf_counter() - started
            transaction.set_rollback(True)
        rows.append((f"{module_name}.{function_name}", seconds, len(queries), done))
    return rows


def report(title: str, rows) -> None:
    print(f"\n{title}")
    print(f"{'sweep':<48}{'seconds':>9}{'queries':>9}{'queued':>9}")
    for sweep, seconds, queries, done in rows:
        if done is None:
            print(f"{sweep:<48}{'not on main: skipped':>27}")
        else:
            print(f"{sweep:<48}{seconds:>9.2f}{queries:>9}{done:>9}")
    total = sum(r[1] for r in rows)
    verdict = "within" if total < TARGET_SECONDS else "OVER"
    print(
        f"{'total':<48}{total:>9.2f}{sum(r[2] for r in rows):>9}"
        f"{sum(r[3] or 0 for r in rows):>9}   ({verdict} the {TARGET_SECONDS} s target)"
    )


def main() -> None:
    args = parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "westem.settings.test")
    os.environ["DATABASE_URL"] = f"{args.server}/westem_bench_reminders_{args.mentorships[0]}"
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connections

    print(f"machine: {os.cpu_count()} cores; PostgreSQL; one full scan of the reminder sweeps")
    for count in args.mentorships:
        name = f"westem_bench_reminders_{count}"
        ensure_database(f"{args.server}/{name}")
        connections.close_all()
        connections["default"].settings_dict["NAME"] = name
        call_command("migrate", verbosity=0)
        now = seed(count)
        with connections["default"].cursor() as cursor:
            cursor.execute("ANALYZE")  # the planner's statistics, as autovacuum keeps them
        report(f"{count:,} active mentorships: first scan (everything due)", scan(now, again=False))
        report(f"{count:,} active mentorships: the scan after (all written)", scan(now, again=True))


if __name__ == "__main__":
    main()
