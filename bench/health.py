"""Program health benchmark: the daily refresh of the health signals (``cycles.health``) over
20,000 active pairs on PostgreSQL, then the same at 2,000 to compare the query counts; and the
staff's health page at both sizes.

The refresh runs twice inside a transaction that is rolled back: the first run finds every
signal new (they all start: one row each), the second is the next day's run (nothing new,
the figures compared). Each prints its time, its number of queries and its counts; then the
health page, rendered through Django's request stack for a staff member, with its queries.

    .venv/bin/python bench/health.py [--pairs 20000 2000] [--server postgres://…]

Each size has its own database (``westem_bench_health_<n>``), created, migrated and seeded
with bulk inserts on first use and reused afterwards; the refresh runs at the moment of the
seeding, so a reused database gives the same work. Target: under 20 s for the refresh, the
same number of queries at both sizes, the page under 10 queries.
"""

import argparse
import os
import sys
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.directory import ensure_database  # noqa: E402

TARGET_SECONDS = 20
PAGE_QUERIES = 10


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pairs", type=int, nargs="+", default=[20_000, 2_000])
    parser.add_argument(
        "--server",
        default=os.environ.get("BENCH_SERVER_URL", "postgres://postgres@127.0.0.1:5432"),
    )
    return parser.parse_args()


def seed(count: int):
    """``count`` active pairs (a mentor has four), with what every signal reads: agreements
    missing, half accepted and accepted, of one or two meetings a month; meetings held in the
    last months and planned ahead, or never; messages, checklist ticks and reflections of
    either person at various ages; reminders answered and not. Returns the moment of the
    seeding."""
    from django.contrib.auth.hashers import make_password
    from django.utils import timezone

    from cycles import emails
    from cycles.models import (
        Agreement,
        Meeting,
        Mentorship,
        Message,
        Phase,
        PhaseTick,
        Style,
    )
    from evaluations.models import SessionEvaluation
    from notifications.models import Notification
    from profiles.models import Profile, User

    existing = Mentorship.objects.order_by("created_at").values_list("created_at", flat=True)
    if existing.count() == count:
        return existing.first()
    print(f"seeding {count:,} pairs …", flush=True)
    now = timezone.now()
    today = timezone.localdate(now)
    password = make_password("bench-password-123")
    mentor_count = count // 4

    def people(prefix: str, number: int, role: str):
        users = User.objects.bulk_create(
            [User(email=f"{prefix}{i}@bench.example", password=password) for i in range(number)],
            batch_size=5000,
        )
        Profile.objects.bulk_create(
            [
                Profile(
                    user=u,
                    role=role,
                    display_name=f"{prefix.title()} {i}",
                    country=("SE", "FI", "DE", "ES")[i % 4],
                    onboarded_at=now,
                )
                for i, u in enumerate(users)
            ],
            batch_size=5000,
        )
        return users

    mentors = people("mentor", mentor_count, "mentor")
    mentees = people("mentee", count, "mentee")

    def pair(k: int) -> Mentorship:
        flash = k % 10 == 9
        start = today - timedelta(days=10 + (k * 7) % 110)
        return Mentorship(
            mentor=mentors[k % mentor_count],
            mentee=mentees[k],
            style=Style.FLASH if flash else Style.TRADITIONAL,
            phase=Phase.NEGOTIATION,
            status=Mentorship.Status.ACTIVE,
            start_date=start,
            end_date=None if flash else start + timedelta(days=120),
            created_at=now,
        )

    pairs = Mentorship.objects.bulk_create([pair(k) for k in range(count)], batch_size=5000)
    Agreement.objects.bulk_create(
        [
            Agreement(
                mentorship=m,
                expectations="Meet twice a month.",
                steps="Plan, meet, reflect.",
                boundaries="Respect each other's time.",
                meetings_per_month=1 + k % 2,
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
            for k, m in enumerate(pairs)
            if m.style == Style.TRADITIONAL and k % 3
        ],
        batch_size=5000,
    )

    def meeting(m: Mentorship, days: float, proposer) -> Meeting:
        return Meeting(
            mentorship=m,
            starts_at=now + timedelta(days=days),
            time_zone="Europe/Stockholm",
            duration_minutes=60,
            location="https://meet.example/room",
            proposed_by=proposer,
            created_at=now + timedelta(days=min(days, 0) - 2),
        )

    meetings = []
    for k, m in enumerate(pairs):
        if k % 5 == 0:
            continue  # never met
        for back in range(0, (m.start_date - today).days, -(12 + k % 30)):
            meetings.append(meeting(m, back - 1, m.mentee if k % 2 else m.mentor))
        if k % 4 == 1:
            meetings.append(meeting(m, 3 + k % 10, m.mentee))
    meetings = Meeting.objects.bulk_create(meetings, batch_size=5000)

    Message.objects.bulk_create(
        [
            Message(
                mentorship=m,
                author=m.mentee if k % 2 else m.mentor,
                body="Hello!",
                created_at=now - timedelta(days=(k * 13) % 60),
            )
            for k, m in enumerate(pairs)
            for _ in range(k % 4)
        ],
        batch_size=5000,
    )
    PhaseTick.objects.bulk_create(
        [
            PhaseTick(
                mentorship=m,
                user=m.mentee,
                item="first_meeting_date",
                created_at=now - timedelta(days=(k * 11) % 50),
            )
            for k, m in enumerate(pairs)
            if k % 3 == 0
        ],
        batch_size=5000,
    )
    SessionEvaluation.objects.bulk_create(
        [
            SessionEvaluation(
                meeting=x,
                author_id=x.mentorship.mentee_id,
                useful=4,
                prepared=4,
                understood=4,
                progress=4,
                created_at=x.starts_at + timedelta(days=1),
            )
            for x in meetings[::7]
            if x.starts_at < now - timedelta(days=1)
        ],
        batch_size=5000,
    )
    Notification.objects.bulk_create(
        [
            Notification(
                user=m.mentee if k % 2 else m.mentor,
                kind=emails.AGREEMENT_UNSIGNED,
                occasion=f"agreement:{m.pk}",
                template="cycles/reminder_agreement_unsigned",
                status=Notification.Status.SENT,
                created_at=now - timedelta(days=(k * 5) % 30),
            )
            for k, m in enumerate(pairs)
            if k % 6 == 1
        ],
        batch_size=5000,
    )
    return now


def refresh(now, *, again: bool) -> tuple[float, int, object]:
    """One refresh, measured (the one after a first run with ``again``), rolled back."""
    from django.db import connection, transaction
    from django.test.utils import CaptureQueriesContext

    from cycles.health import refresh_signals

    with transaction.atomic():
        if again:
            refresh_signals(now=now - timedelta(days=1))
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            result = refresh_signals(now=now)
            seconds = time.perf_counter() - started
        transaction.set_rollback(True)
    return seconds, len(queries), result


def health_page(now) -> tuple[float, int, int]:
    """The staff's health page after a refresh (rolled back): seconds, queries, pairs listed
    (the first page's count) — the second request of a session, as the test does."""
    from django.contrib.auth.models import Group
    from django.db import connection, transaction
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from cycles.health import refresh_signals
    from profiles.access import STAFF_GROUP
    from profiles.models import Profile, User

    with transaction.atomic():
        refresh_signals(now=now)
        staff = User.objects.create(email="bench-staff@bench.example", is_staff=True)
        Profile.objects.create(user=staff, display_name="Staff", onboarded_at=now)
        staff.groups.add(Group.objects.get(name=STAFF_GROUP))
        client = Client()
        client.force_login(staff)
        url = reverse("health:pairs")
        client.get(url)
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            response = client.get(url)
            seconds = time.perf_counter() - started
        assert response.status_code == 200, (response.status_code, response.get("Location"))
        listed = response.context["page"].paginator.count
        transaction.set_rollback(True)
    return seconds, len(queries), listed


def main() -> None:
    args = parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "westem.settings.test")
    os.environ["DATABASE_URL"] = f"{args.server}/westem_bench_health_{args.pairs[0]}"
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connections
    from django.test.utils import setup_test_environment

    setup_test_environment()  # the test client's responses carry their context

    settings.ALLOWED_HOSTS = ["testserver"]
    # A staff session signed in with a code passes the two-factor check reading the session
    # alone (``profiles.middleware.TwoFactorMiddleware``): no query to leave out.
    settings.WESTEM_STAFF_MFA_REQUIRED = False
    print(f"machine: {os.cpu_count()} cores; PostgreSQL; the daily refresh of the health signals")
    print(
        f"{'pairs':>8}{'run':>18}{'seconds':>9}{'queries':>9}{'started':>9}{'cleared':>9}{'open':>8}"
    )
    for count in args.pairs:
        name = f"westem_bench_health_{count}"
        ensure_database(f"{args.server}/{name}")
        connections.close_all()
        connections["default"].settings_dict["NAME"] = name
        call_command("migrate", verbosity=0)
        now = seed(count)
        with connections["default"].cursor() as cursor:
            cursor.execute("ANALYZE")  # the planner's statistics, as autovacuum keeps them
        for label, again in (("first (all new)", False), ("the day after", True)):
            seconds, queries, result = refresh(now, again=again)
            verdict = "" if seconds < TARGET_SECONDS else f"  OVER the {TARGET_SECONDS} s target"
            print(
                f"{count:>8,}{label:>18}{seconds:>9.2f}{queries:>9}{len(result.started):>9,}"
                f"{result.cleared:>9,}{result.open:>8,}{verdict}"
            )
        seconds, queries, listed = health_page(now)
        verdict = "" if queries < PAGE_QUERIES else f"  OVER {PAGE_QUERIES - 1} queries"
        print(
            f"{count:>8,}{'health page':>18}{seconds:>9.3f}{queries:>9}"
            f"{'':>9}{'':>9}{listed:>8,}{verdict}"
        )


if __name__ == "__main__":
    main()
