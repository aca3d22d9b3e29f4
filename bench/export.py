"""Export benchmark: 100,000 final evaluations on PostgreSQL, exported to CSV and to Excel.

Each export runs in a fresh Python process (``--worker``), as a Celery task would, writing
through ``evaluations.exports`` to a temporary file; the benchmark prints rows per second and
the growth of the peak resident memory (``getrusage`` max RSS minus the RSS just before the
export started).

    .venv/bin/python bench/export.py [--rows 100000] [--chunk-size 2000] [--database-url postgres://…]

The database (default ``westem_bench``) is created and migrated on first use; the final
evaluations (with text of realistic lengths, some answers starting with "=" or "-") are seeded
once and reused afterwards. Targets: CSV ≥ 20,000 rows/s, Excel ≥ 5,000 rows/s, peak memory
growth < 100 MB.
"""

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

MENTORS = 2_000
MENTEES = 8_000
TARGETS = {"csv": 20_000, "xlsx": 5_000}
MEMORY_TARGET_MB = 100

WORDS = [
    "mentor",
    "mentee",
    "research",
    "physics",
    "mathematics",
    "confidence",
    "internship",
    "thesis",
    "programme",
    "laboratory",
    "presentation",
    "network",
    "career",
    "chemistry",
    "engineering",
    "data",
    "model",
    "goal",
    "session",
    "feedback",
    "team",
    "project",
    "conference",
    "student",
    "supervisor",
    "industry",
    "code",
    "analysis",
    "learning",
    "women",
    "science",
    "technology",
    "bias",
    "meeting",
    "plan",
    "review",
    "summer",
    "application",
    "skills",
    "listening",
    "courage",
    "future",
    "doctorate",
    "startup",
    "robot",
    "energy",
    "climate",
    "statistics",
    "biology",
    "teaching",
]


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--chunk-size", type=int, default=None)
    parser.add_argument(
        "--database-url",
        default=os.environ.get(
            "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/westem_bench"
        ),
    )
    parser.add_argument("--worker", choices=["csv", "xlsx"], help=argparse.SUPPRESS)
    parser.add_argument("--output", help=argparse.SUPPRESS)
    return parser.parse_args()


def ensure_database(url: str) -> None:
    import psycopg

    name = url.rsplit("/", 1)[1]
    admin_url = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin_url, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{name}"')


def setup_django(url: str) -> None:
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "westem.settings.test")
    import django

    django.setup()


def text(rng: random.Random, low: int, high: int) -> str:
    """Free text of a participant's answer: sentences, a line break now and then."""
    length = rng.randint(low, high)
    parts, size = [], 0
    while size < length:
        sentence = " ".join(rng.choices(WORDS, k=rng.randint(6, 16))).capitalize() + "."
        if rng.random() < 0.15:
            sentence += "\n"
        parts.append(sentence)
        size += len(sentence) + 1
    answer = " ".join(parts)[:length]
    roll = rng.random()
    if roll < 0.02:
        return "=" + answer  # a formula-looking answer
    if roll < 0.06:
        return "- " + answer  # a bullet list
    return answer


def seed(rows: int) -> None:
    """Bulk-insert people, mentorships and their final evaluations (two per mentorship)."""
    from django.contrib.auth.hashers import make_password
    from django.db import connection
    from django.utils import timezone

    from cycles.models import Mentorship
    from evaluations.models import FinalEvaluation
    from profiles.models import ExpertiseArea, Profile, User

    have = FinalEvaluation.objects.count()
    if have >= rows:
        return
    print(f"seeding {rows - have:,} final evaluations …", flush=True)
    rng = random.Random(11)
    now = timezone.now()
    password = make_password("bench-password-123")
    fields = list(ExpertiseArea.objects.all())
    countries = ["SE", "FI", "DE", "ES", "IT", "NL", "PL", "PT", "GR", "IE", "FR", "EE"]

    def people(prefix: str, count: int, role: str) -> list[int]:
        existing = list(
            User.objects.filter(email__startswith=f"{prefix}")
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        if len(existing) >= count:
            return existing[:count]
        users = User.objects.bulk_create(
            [User(email=f"{prefix}{i}@bench.example", password=password) for i in range(count)],
            batch_size=2000,
        )
        profiles = Profile.objects.bulk_create(
            [
                Profile(
                    user=user,
                    role=role,
                    display_name=f"{role.title()} {i}",
                    country=rng.choice(countries),
                    stage="experienced" if role == "mentor" else "master",
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
                for f in rng.sample(fields, rng.randint(1, 3))
            ],
            batch_size=5000,
        )
        return [user.pk for user in users]

    mentors = people("export-mentor", MENTORS, "mentor")
    mentees = people("export-mentee", MENTEES, "mentee")
    pairs = (rows - have + 1) // 2
    batch = 5000
    for start in range(0, pairs, batch):
        size = min(batch, pairs - start)
        mentorships = Mentorship.objects.bulk_create(
            [
                Mentorship(
                    mentor_id=mentors[(start + i) % MENTORS],
                    mentee_id=mentees[(start + i) % MENTEES],
                    style=rng.choice(["traditional", "traditional", "flash"]),
                    status=rng.choice(["completed", "completed", "ended_early"]),
                    phase=4,
                    start_date=(now - timedelta(days=rng.randint(30, 700))).date(),
                )
                for i in range(size)
            ]
        )
        evaluations = []
        for mentorship in mentorships:
            for author in (mentorship.mentee_id, mentorship.mentor_id):
                evaluations.append(
                    FinalEvaluation(
                        mentorship=mentorship,
                        author_id=author,
                        goals_met=text(rng, 60, 900),
                        goals_not_met=text(rng, 0, 600),
                        strengths=text(rng, 80, 1200),
                        application=text(rng, 60, 900),
                        biases=text(rng, 0, 900),
                        stem_impact=text(rng, 60, 900),
                        quality_rating=rng.randint(1, 5),
                        effectiveness_rating=rng.randint(1, 5),
                        sessions=rng.randint(1, 12),
                        submitted_at=now - timedelta(minutes=rng.randint(1, 10**6)),
                    )
                )
        FinalEvaluation.objects.bulk_create(evaluations[: rows - have], batch_size=2000)
        have += min(len(evaluations), rows - have)
        print(f"  {have:,}", flush=True)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def current_rss_kb() -> int:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") // 1024


def worker(args) -> None:
    """One export in this fresh process; prints its figures as JSON."""
    setup_django(args.database_url)
    from django.db import connection

    from evaluations import exports

    connection.ensure_connection()
    kwargs = {"chunk_size": args.chunk_size} if args.chunk_size else {}
    queryset = exports.export_queryset({})
    rss_before = current_rss_kb()
    started = time.perf_counter()
    with open(args.output, "wb") as target:
        written = exports.WRITERS[args.worker](queryset, target, language="en", **kwargs)
    elapsed = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KB on Linux
    print(
        json.dumps(
            {
                "rows": written,
                "seconds": elapsed,
                "rss_before_mb": rss_before / 1024,
                "peak_mb": peak / 1024,
                "growth_mb": (peak - rss_before) / 1024,
                "bytes": os.path.getsize(args.output),
            }
        )
    )


def main() -> None:
    args = parse_args()
    if args.worker:
        worker(args)
        return
    ensure_database(args.database_url)
    setup_django(args.database_url)
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    seed(args.rows)
    from evaluations.models import FinalEvaluation

    total = FinalEvaluation.objects.count()
    print(
        f"machine: {os.cpu_count()} cores; PostgreSQL; {total:,} final evaluations; "
        f"one fresh process per export"
    )
    print(
        f"{'format':<8}{'rows':>9}{'seconds':>9}{'rows/s':>10}{'peak MB':>9}{'growth MB':>11}"
        f"{'file MB':>9}  target"
    )
    failed = False
    with tempfile.TemporaryDirectory() as folder:
        for format in ("csv", "xlsx"):
            output = Path(folder) / f"export.{format}"
            command = [
                sys.executable,
                __file__,
                "--worker",
                format,
                "--output",
                str(output),
                "--database-url",
                args.database_url,
            ]
            if args.chunk_size:
                command += ["--chunk-size", str(args.chunk_size)]
            result = subprocess.run(command, capture_output=True, text=True, check=True)  # noqa: S603
            figures = json.loads(result.stdout.strip().splitlines()[-1])
            rate = figures["rows"] / figures["seconds"]
            met = rate >= TARGETS[format] and figures["growth_mb"] < MEMORY_TARGET_MB
            failed |= not met
            print(
                f"{format:<8}{figures['rows']:>9,}{figures['seconds']:>9.1f}{rate:>10,.0f}"
                f"{figures['peak_mb']:>9.0f}{figures['growth_mb']:>11.1f}"
                f"{figures['bytes'] / 2**20:>9.0f}  "
                f"≥{TARGETS[format]:,} rows/s, <{MEMORY_TARGET_MB} MB: {'met' if met else 'MISSED'}"
            )
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
