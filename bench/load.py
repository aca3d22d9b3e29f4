"""Load benchmark: gunicorn with the production settings, 50 signed-in mentees for 60 seconds.

Seeds PostgreSQL like ``bench/directory.py`` (10,000 published mentors, 20,000 mentees; the
database, ``westem_bench`` by default, is created and seeded on first use and reused), gives
the first ``--users`` mentees a known password, a verified email and an active traditional
mentorship with real content (an accepted request, an agreement accepted by both, three goals
with their revisions, past and coming meetings, a conversation, ticked checklists), collects
the static files into a temporary directory and starts gunicorn with
``westem.settings.production`` (only ``STATIC_ROOT`` is changed, to that temporary directory)
as the README deploys it: sync workers, 2 × cores + 1 of them, each serving one request at a
time (a worker busy with one page does not take the next; the proxy in front buffers slow
clients). ``--threads 4`` runs the gthread worker instead.

Every virtual user signs in through the login form, then loops until the end:

1. the directory with a random filter combination (a quarter of the visits without any
   filter; the others 1–3 of field, country, language, style, free place and free text;
   best-match sort four times in five, newest first otherwise; page 2 one time in five);
2. the page of a mentor picked from that directory page;
3. her dashboard;
4. her mentorship page;

with a think time drawn uniformly from ``--think`` after every page: by default 2–6 s, a
person who glances at each page before the next click (she reads a mentor's presentation
for longer than that). ``--think 0.5-1.5`` is a stress run: 50 users then ask for about 45
pages a second, more than two cores can serve at this platform's cost per page.
The client talks to gunicorn as a TLS-terminating proxy would: plain HTTP with
``X-Forwarded-Proto: https`` (the production settings trust that header), each user from
her own loopback address (127.0.x.y), so per-IP rate limits see distinct people. Requests
started in the first ``--warmup`` seconds are not counted. The client runs in this process
(one thread per user) on the same machine as gunicorn and PostgreSQL.

Before the load, one signed-in user requests each kind of page ``--sequential`` times in a
row and the server CPU per page (gunicorn, PostgreSQL) is printed: that cost depends much
less on what else the machine runs than the latencies under load (contention still inflates
it, up to about 2×). After the load, the CPU used
by gunicorn, PostgreSQL, the client and the rest of the machine is printed with the load
average: a run on a machine busy with other work says so.

    .venv/bin/python bench/load.py [--users 50] [--duration 60] [--think 2-6]
        [--workers 5] [--threads 1] [--sequential 20] [--database-url postgres://…]

Targets: no error; p95 under 300 ms on every page, under 150 ms for the filtered directory.
Needs PostgreSQL and Redis (``REDIS_URL``, default ``redis://127.0.0.1:6379/7``; that Redis
database is flushed at the start).
"""

import argparse
import http.client
import os
import platform
import random
import re
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from collections import defaultdict
from datetime import timedelta
from http.cookies import SimpleCookie
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from directory import MENTEES, MENTORS, ensure_database, percentile, seed  # noqa: E402

PASSWORD = "load-bench-password-123"  # noqa: S105 (a benchmark user's known password)
SEEDED_MENTORSHIPS = 6000  # bench/directory.py gives mentees 0..5999 an active mentorship
TARGET_P95_MS = 300
TARGET_FILTERED_P95_MS = 150
PAGES = [
    ("directory, no filter", TARGET_P95_MS),
    ("directory, filtered", TARGET_FILTERED_P95_MS),
    ("mentor page", TARGET_P95_MS),
    ("dashboard", TARGET_P95_MS),
    ("mentorship page", TARGET_P95_MS),
]
MENTOR_LINK = re.compile(r'href="/mentors/([0-9a-f-]{36})/"')
SEARCH_WORDS = ["robotics", "research", "programming", "career", "confidence", "Mentor 42"]
SEED_COUNTRIES = ["SE", "FI", "DE", "ES", "IT", "NL", "PL", "PT", "GR", "IE", "FR", "EE"]


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=50, help="concurrent users (default 50)")
    parser.add_argument("--duration", type=float, default=60, help="seconds measured (60)")
    parser.add_argument(
        "--warmup", type=float, default=5, help="seconds run before measuring (default 5)"
    )
    parser.add_argument("--think", default="2-6", help="think time range in seconds (default 2-6)")
    parser.add_argument(
        "--workers", type=int, default=5, help="gunicorn workers (default 5: 2 × cores + 1)"
    )
    parser.add_argument(
        "--threads",
        type=int,
        default=1,
        help="threads per gunicorn worker; above 1, the gthread worker (default 1: sync)",
    )
    parser.add_argument(
        "--sequential",
        type=int,
        default=20,
        help="first, one user requests each kind of page this many times in a row and the "
        "server CPU per page is printed (0: skip; default 20)",
    )
    parser.add_argument("--port", type=int, default=0, help="gunicorn port (default: a free one)")
    parser.add_argument("--seed", type=int, default=1, help="random seed of the users' choices")
    parser.add_argument(
        "--database-url",
        default=os.environ.get(
            "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/westem_bench"
        ),
    )
    parser.add_argument(
        "--redis-url", default=os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/7")
    )
    args = parser.parse_args()
    low, _, high = args.think.partition("-")
    args.think_range = (float(low), float(high or low))
    if not 0 < args.users <= SEEDED_MENTORSHIPS:
        parser.error(f"--users must be between 1 and {SEEDED_MENTORSHIPS}")
    return args


# --- the server ----------------------------------------------------------------------------


def server_environment(args, workdir: Path) -> dict:
    """The production settings' variables, and a settings module that only moves STATIC_ROOT."""
    (workdir / "load_settings.py").write_text(
        "from westem.settings.production import *  # noqa: F403\n"
        f"STATIC_ROOT = {str(workdir / 'static')!r}\n"
    )
    env = dict(os.environ)
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "load_settings",
            "PYTHONPATH": os.pathsep.join([str(workdir), str(ROOT)]),
            "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
            "DATABASE_URL": args.database_url,
            "REDIS_URL": args.redis_url,
            "EMAIL_URL": "consolemail://",
            "DJANGO_LOG_LEVEL": "WARNING",
        }
    )
    return env


def setup_django(env: dict, workdir: Path) -> None:
    os.environ.update({k: v for k, v in env.items() if k != "PYTHONPATH"})
    sys.path.insert(0, str(workdir))
    import django

    django.setup()


def prepare_users(count: int) -> list[dict]:
    """The first ``count`` mentees: password, verified email, a mentorship with content."""
    from allauth.account.models import EmailAddress
    from django.contrib.auth.hashers import make_password
    from django.db import transaction
    from django.utils import timezone

    from cycles.content import PHASES
    from cycles.models import (
        Agreement,
        Goal,
        GoalRevision,
        Meeting,
        Mentorship,
        Message,
        Phase,
        PhaseTick,
    )
    from matching.models import ConnectionRequest
    from profiles.models import User

    emails = [f"mentee{i}@bench.example" for i in range(count)]
    users = list(User.objects.filter(email__in=emails).order_by("pk"))
    mentorships = {
        m.mentee_id: m
        for m in Mentorship.objects.filter(mentee__in=users, status=Mentorship.Status.ACTIVE)
    }
    User.objects.filter(pk__in=[u.pk for u in users]).update(password=make_password(PASSWORD))
    have_email = set(EmailAddress.objects.filter(user__in=users).values_list("user_id", flat=True))
    EmailAddress.objects.bulk_create(
        [
            EmailAddress(user=u, email=u.email, verified=True, primary=True)
            for u in users
            if u.pk not in have_email
        ]
    )
    with_content = set(
        Agreement.objects.filter(mentorship__in=mentorships.values()).values_list(
            "mentorship_id", flat=True
        )
    )
    missing = [m for m in mentorships.values() if m.pk not in with_content]
    if missing:
        print(f"giving {len(missing)} load users' mentorships their content …", flush=True)
    now = timezone.now()
    today = timezone.localdate()
    rng = random.Random(11)
    with transaction.atomic():
        for m in missing:
            m.phase = Phase.ENABLING
            m.start_date = today - timedelta(days=45)
            m.save(update_fields=["phase", "start_date"])
            ConnectionRequest.objects.create(
                mentee_id=m.mentee_id,
                mentor_id=m.mentor_id,
                style=m.style,
                message="I would love to learn about research careers in your field.",
                status=ConnectionRequest.Status.ACCEPTED,
                mentorship=m,
                created_at=now - timedelta(days=47),
                responded_at=now - timedelta(days=45),
            )
            Agreement.objects.create(
                mentorship=m,
                expectations="Honest feedback on my plans and a view of research careers.",
                steps="Meet twice a month, prepare an agenda, follow up on tasks.",
                boundaries="No help with graded coursework; no contact at weekends.",
                availability="Weekday evenings, Stockholm time.",
                confidentiality=True,
                termination_clause=True,
                start_date=today - timedelta(days=40),
                end_date=today + timedelta(days=70),
                mentor_success_criteria="She applies for two summer research positions.",
                mentee_success_criteria="I know which master's programme I want and why.",
                mentor_accepted_at=now - timedelta(days=39),
                mentee_accepted_at=now - timedelta(days=38),
            )
            goals = Goal.objects.bulk_create(
                [
                    Goal(
                        mentorship=m,
                        title=title,
                        description="What I want to reach by the end of the cycle.",
                        progress_note="Good progress at the last meeting.",
                        position=position,
                        status=status,
                    )
                    for position, (title, status) in enumerate(
                        [
                            ("Choose a master's programme", Goal.Status.OPEN),
                            ("Apply for a summer research position", Goal.Status.ACHIEVED),
                            ("Speak up more in lab meetings", Goal.Status.OPEN),
                        ]
                    )
                ]
            )
            GoalRevision.objects.bulk_create(
                [
                    GoalRevision(
                        goal=goal,
                        actor_id=m.mentee_id,
                        title=goal.title,
                        description="An earlier wording.",
                        status=Goal.Status.OPEN,
                        created_at=now - timedelta(days=10 * k),
                    )
                    for goal in goals
                    for k in (1, 2)
                ]
            )
            Meeting.objects.bulk_create(
                [
                    Meeting(
                        mentorship=m,
                        starts_at=now + timedelta(days=days, hours=rng.randint(0, 5)),
                        time_zone="Europe/Stockholm",
                        duration_minutes=60,
                        location="https://meet.example/westem-pair",
                        agenda="Goals, the application letter, questions about the lab.",
                        notes="We talked about the programmes and the next steps."
                        if days < 0
                        else "",
                        tasks_next_time="Draft the motivation letter." if days < 0 else "",
                        proposed_by_id=m.mentee_id,
                    )
                    for days in (-42, -28, -21, -14, -7, -2, 5, 19)
                ]
            )
            Message.objects.bulk_create(
                [
                    Message(
                        mentorship=m,
                        author_id=m.mentee_id if k % 2 else m.mentor_id,
                        body=f"Message {k}: thanks for the tips, I will read the paper this week.",
                        created_at=now - timedelta(hours=40 - k),
                    )
                    for k in range(40)
                ]
            )
            ticks = [key for phase in (1, 2) for key, _label in PHASES[phase].items]
            ticks += [key for key, _label in PHASES[3].items][:2]
            PhaseTick.objects.bulk_create(
                [
                    PhaseTick(mentorship=m, user_id=user_id, item=key)
                    for key in ticks
                    for user_id in (m.mentor_id, m.mentee_id)
                ]
            )
    return [
        {"email": u.email, "mentorship": str(mentorships[u.pk].public_id)}
        for u in users
        if u.pk in mentorships
    ]


def filter_choices() -> dict:
    from profiles.models import ExpertiseArea, SpokenLanguage

    return {
        "field": [str(pk) for pk in ExpertiseArea.objects.values_list("pk", flat=True)],
        "language": [str(pk) for pk in SpokenLanguage.objects.values_list("pk", flat=True)],
        "country": SEED_COUNTRIES,
        "style": ["traditional", "flash"],
        "free": ["on"],
        "q": SEARCH_WORDS,
    }


def worker_kind(args) -> str:
    if args.threads > 1:
        return f"gthread, {args.workers} workers × {args.threads} threads"
    return f"sync, {args.workers} workers"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_gunicorn(args, env: dict, workdir: Path) -> subprocess.Popen:
    command = [
        str(Path(sys.executable).parent / "gunicorn"),
        "westem.wsgi:application",
        f"--bind=127.0.0.1:{args.port}",
        f"--workers={args.workers}",
        *(
            [f"--threads={args.threads}", "--worker-class=gthread", "--keep-alive=5"]
            if args.threads > 1
            else ["--worker-class=sync"]
        ),
        "--log-level=warning",
        f"--error-logfile={workdir / 'gunicorn.log'}",
    ]
    server = subprocess.Popen(command, env=env, cwd=ROOT, start_new_session=True)  # noqa: S603
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"gunicorn exited ({server.returncode}); see {workdir}/gunicorn.log")
        try:
            connection = http.client.HTTPConnection("127.0.0.1", args.port, timeout=5)
            connection.request("GET", "/privacy/", headers={"X-Forwarded-Proto": "https"})
            if connection.getresponse().status == 200:
                return server
        except OSError:
            pass
        time.sleep(0.3)
    stop(server)
    raise SystemExit("gunicorn did not answer within 60 s")


def stop(server: subprocess.Popen) -> None:
    if server.poll() is None:
        server.send_signal(signal.SIGTERM)  # graceful: workers finish their requests
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()


def _cpu_seconds(pid: int) -> float | None:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (FileNotFoundError, ProcessLookupError):
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime + stime


def _descendants(pid: int) -> list[int]:
    found = [pid]
    try:
        for task in Path(f"/proc/{pid}/task").iterdir():
            for child in (task / "children").read_text().split():
                found += _descendants(int(child))
    except (FileNotFoundError, ProcessLookupError):
        pass
    return found


def _machine_busy() -> tuple[float, float]:
    """(busy, total) jiffies of all cores, from /proc/stat."""
    values = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    idle = values[3] + values[4]  # idle + iowait
    return sum(values) - idle, sum(values)


class CpuMeter(threading.Thread):
    """CPU used by gunicorn (master and workers) and by the PostgreSQL backends of the bench
    database, sampled twice a second so that processes ending mid-run still count."""

    def __init__(self, server_pid: int, database: str):
        super().__init__(daemon=True)
        self.server_pid = server_pid
        self.database = f" {database} "  # a backend's title: "postgres: 15/main: user db …"
        self.first: dict[tuple[str, int], float] = {}
        self.last: dict[tuple[str, int], float] = {}
        self.done = threading.Event()
        self.counting_new = False
        self.sample()  # processes already running: counted from now
        self.counting_new = True  # processes started later: counted from their start
        self.machine_start = _machine_busy()

    def _backends(self) -> list[int]:
        pids = []
        for entry in Path("/proc").iterdir():
            if entry.name.isdigit():
                try:
                    title = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
                except OSError:
                    continue
                if title.startswith("postgres: ") and self.database in title:
                    pids.append(int(entry.name))
        return pids

    def sample(self) -> None:
        groups = [("gunicorn", _descendants(self.server_pid)), ("postgres", self._backends())]
        for group, pids in groups:
            for pid in pids:
                cpu = _cpu_seconds(pid)
                if cpu is not None:
                    self.first.setdefault((group, pid), 0.0 if self.counting_new else cpu)
                    self.last[(group, pid)] = cpu

    def run(self) -> None:
        while not self.done.wait(0.5):
            self.sample()

    def stop(self) -> dict[str, float]:
        self.done.set()
        self.join()
        self.sample()
        busy, total = _machine_busy()
        used = {"gunicorn": 0.0, "postgres": 0.0}
        for key, cpu in self.last.items():
            used[key[0]] += cpu - self.first[key]
        cores = os.cpu_count() or 1
        used["machine"] = (busy - self.machine_start[0]) / max(1, total - self.machine_start[1])
        used["machine"] *= cores  # busy cores on average
        return used


# --- the client ----------------------------------------------------------------------------


class Browser:
    """One person: her own loopback address, a keep-alive connection and her cookies."""

    def __init__(self, port: int, index: int):
        self.port = port
        self.host = f"127.0.0.1:{port}"
        self.source = f"127.0.{1 + index // 250}.{1 + index % 250}"
        self.cookies: dict[str, str] = {}
        self.connection = None

    def _connect(self):
        self.connection = http.client.HTTPConnection(
            "127.0.0.1", self.port, timeout=60, source_address=(self.source, 0)
        )

    def request(self, method: str, path: str, body: str | None = None, headers=None):
        headers = {
            "Host": self.host,
            "X-Forwarded-Proto": "https",
            "User-Agent": "westem-load/1.0",
            "Accept": "text/html",
            "Accept-Language": "en-GB,en;q=0.8",
            **(headers or {}),
        }
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        for attempt in (1, 2):
            fresh = self.connection is None
            if fresh:
                self._connect()
            try:
                self.connection.request(method, path, body=body, headers=headers)
                response = self.connection.getresponse()
                content = response.read()
                break
            except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
                # The server closed an idle keep-alive connection: reconnect once, as browsers do.
                self.connection.close()
                self.connection = None
                if fresh or attempt == 2:
                    raise
        if response.getheader("Connection", "").lower() == "close":
            self.connection.close()
            self.connection = None
        for header in response.headers.get_all("Set-Cookie") or []:
            cookie = SimpleCookie()
            cookie.load(header)
            for key, morsel in cookie.items():
                self.cookies[key] = morsel.value
        return response.status, response, content.decode("utf-8", "replace")

    def sign_in(self, email: str) -> None:
        status, _, html = self.request("GET", "/accounts/login/")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
        if status != 200 or not token:
            raise RuntimeError(f"login page: {status}")
        body = urllib.parse.urlencode(
            {"csrfmiddlewaretoken": token.group(1), "login": email, "password": PASSWORD}
        )
        status, response, _ = self.request(
            "POST",
            "/accounts/login/",
            body=body,
            headers={
                "Content-Type": "application/x-www-form-urlencoded",
                "Origin": f"https://{self.host}",
                "Referer": f"https://{self.host}/accounts/login/",
            },
        )
        if status != 302 or "sessionid" not in self.cookies:
            raise RuntimeError(f"login: {status} → {response.getheader('Location')}")

    def close(self):
        if self.connection is not None:
            self.connection.close()


class Recorder:
    def __init__(self):
        self.lock = threading.Lock()
        self.samples = defaultdict(list)  # page → [ms]
        self.errors = defaultdict(lambda: defaultdict(int))  # page → reason → count
        self.window = (0.0, 0.0)

    def add(self, page: str, started: float, elapsed: float, error: str | None) -> None:
        if not self.window[0] <= started < self.window[1]:
            return
        with self.lock:
            if error:
                self.errors[page][error] += 1
            else:
                self.samples[page].append(elapsed * 1000)


def directory_query(rng: random.Random, choices: dict) -> tuple[str, bool]:
    params = {}
    count = rng.choice([0, 1, 1, 2, 2, 3, 3, 3])  # a quarter unfiltered
    for name in rng.sample(sorted(choices), count):
        params[name] = rng.choice(choices[name])
    if rng.random() < 0.2:
        params["sort"] = "newest"
    if rng.random() < 0.2:
        params["page"] = "2"
    query = urllib.parse.urlencode(params)
    return ("/mentors/?" + query) if query else "/mentors/", count > 0


def sign_in(browser: Browser, person: dict, timings: list) -> None:
    started = time.monotonic()
    try:
        browser.sign_in(person["email"])
    except Exception as error:  # noqa: BLE001 (reported; she stays out of the run)
        person["login_error"] = f"{type(error).__name__}: {error}"
    else:
        timings.append((time.monotonic() - started) * 1000)


def run_user(index, browser, person, args, choices, recorder, stop_at, mentor_ids):
    rng = random.Random(args.seed * 100_003 + index)
    time.sleep(rng.uniform(0, args.think_range[1]))  # spread the users' first clicks

    def visit(page: str, path: str, check=None):
        started = time.monotonic()
        error = None
        html = ""
        try:
            status, _, html = browser.request("GET", path)
            if status != 200:
                error = f"HTTP {status}"
            elif check and check not in html:
                error = "content missing"
        except Exception as exc:  # noqa: BLE001 (counted as the page's error)
            error = type(exc).__name__
            browser.close()
            browser.connection = None
        recorder.add(page, started, time.monotonic() - started, error)
        time.sleep(rng.uniform(*args.think_range))
        return html

    mentorship_path = f"/mentorships/{person['mentorship']}/"
    while time.monotonic() < stop_at:
        path, filtered = directory_query(rng, choices)
        html = visit("directory, filtered" if filtered else "directory, no filter", path)
        found = MENTOR_LINK.findall(html)
        mentor = rng.choice(found) if found else rng.choice(mentor_ids)
        if time.monotonic() >= stop_at:
            break
        visit("mentor page", f"/mentors/{mentor}/")
        if time.monotonic() >= stop_at:
            break
        visit("dashboard", "/dashboard/", check=mentorship_path)
        if time.monotonic() >= stop_at:
            break
        visit("mentorship page", mentorship_path)
    browser.close()


# --- the report ----------------------------------------------------------------------------


def machine() -> str:
    memory = "?"
    for line in Path("/proc/meminfo").read_text().splitlines():
        if line.startswith("MemTotal:"):
            memory = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
    return f"{os.cpu_count()} cores, {memory} RAM, {platform.system()} {platform.release()}"


def load_average() -> str:
    one, five, fifteen = os.getloadavg()
    return f"{one:.2f} {five:.2f} {fifteen:.2f}"


def report(recorder: Recorder, duration: float) -> bool:
    print(
        f"\n{'page':<22}{'requests':>9}{'rps':>7}{'p50 ms':>8}{'p95 ms':>8}{'p99 ms':>8}"
        f"{'max ms':>8}{'errors':>7}  {'target p95':<11}result"
    )
    passed = True
    total = errors_total = 0
    for page, target in PAGES:
        times = recorder.samples.get(page, [])
        errors = sum(recorder.errors.get(page, {}).values())
        total += len(times) + errors
        errors_total += errors
        if not times:
            print(f"{page:<22}{errors:>9}{'':>46}{errors:>7}  < {target} ms    FAIL")
            passed = False
            continue
        p95 = percentile(times, 0.95)
        ok = errors == 0 and p95 < target
        passed = passed and ok
        print(
            f"{page:<22}{len(times) + errors:>9}{(len(times) + errors) / duration:>7.1f}"
            f"{statistics.median(times):>8.0f}{p95:>8.0f}{percentile(times, 0.99):>8.0f}"
            f"{max(times):>8.0f}{errors:>7}  < {target} ms    {'PASS' if ok else 'FAIL'}"
        )
    print(f"{'all pages':<22}{total:>9}{total / duration:>7.1f}{'':>32}{errors_total:>7}")
    for page, reasons in recorder.errors.items():
        print(f"  errors on {page}: " + ", ".join(f"{r} ×{n}" for r, n in reasons.items()))
    return passed


SEQUENTIAL_PAGES = [
    ("plain page (code of conduct)", "/code-of-conduct/"),
    ("directory, best match", "/mentors/"),
    ("directory, newest", "/mentors/?sort=newest"),
    ("directory, field", "/mentors/?field={field}"),
    ("directory, field + language", "/mentors/?field={field}&language={language}"),
    ("directory, free place", "/mentors/?free=on"),
    ("directory, text search", "/mentors/?q=robotics"),
    ("mentor page", "/mentors/{mentor}/"),
    ("dashboard", "/dashboard/"),
    ("mentorship page", "/mentorships/{mentorship}/"),
]


def sequential(args, server, browser: Browser, person: dict, choices, mentor_ids) -> None:
    """Each kind of page ``args.sequential`` times in a row for one user: the server CPU a
    page costs (gunicorn and PostgreSQL), less dependent on other work than latencies are."""
    print(
        f"\none user, {args.sequential} requests in a row per page (server CPU: gunicorn and "
        "PostgreSQL per request):"
    )
    print(f"{'page':<32}{'wall p50 ms':>12}{'gunicorn ms':>13}{'PostgreSQL ms':>15}")
    values = {
        "field": choices["field"][0],
        "language": choices["language"][-1],
        "mentor": mentor_ids[0],
        "mentorship": person["mentorship"],
    }
    database = args.database_url.rsplit("/", 1)[1]
    for name, template in SEQUENTIAL_PAGES:
        path = template.format(**values)
        for _ in range(3):  # warm the workers' caches and connections
            browser.request("GET", path)
        meter = CpuMeter(server.pid, database)
        meter.start()
        times = []
        for _ in range(args.sequential):
            started = time.monotonic()
            status, _, _ = browser.request("GET", path)
            times.append((time.monotonic() - started) * 1000)
            if status != 200:
                raise SystemExit(f"{path}: HTTP {status}")
        used = meter.stop()
        print(
            f"{name:<32}{statistics.median(times):>12.0f}"
            f"{used['gunicorn'] * 1000 / args.sequential:>13.1f}"
            f"{used['postgres'] * 1000 / args.sequential:>15.1f}"
        )
    print(flush=True)


def run_threads(target, argument_lists) -> None:
    threads = [threading.Thread(target=target, args=a, daemon=True) for a in argument_lists]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


def main() -> None:
    args = parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="westem-load-"))
    server = None
    try:
        env = server_environment(args, workdir)
        ensure_database(args.database_url)
        setup_django(env, workdir)
        import django
        import redis
        from django.core.management import call_command

        from matching.models import MentorPresentation

        call_command("migrate", verbosity=0)
        seed()
        people = prepare_users(args.users)
        choices = filter_choices()
        mentor_ids = [
            str(pk)
            for pk in MentorPresentation.objects.visible()
            .order_by("?")
            .values_list("public_id", flat=True)[:500]
        ]
        call_command("collectstatic", interactive=False, verbosity=0)
        from django.db import connections

        connections.close_all()
        redis.Redis.from_url(args.redis_url).flushdb()
        args.port = args.port or free_port()
        server = start_gunicorn(args, env, workdir)

        print(
            f"machine: {machine()}; Python {platform.python_version()}, "
            f"Django {django.get_version()}"
        )
        print(
            f"data: PostgreSQL {args.database_url.rsplit('/', 1)[1]}, {MENTORS:,} mentors, "
            f"{MENTEES:,} mentees; cache and sessions' rate limits in Redis {args.redis_url}"
        )
        print(
            f"server: gunicorn {worker_kind(args)}, "
            "westem.settings.production (DEBUG off, CONN_MAX_AGE 60, WhiteNoise), "
            "client and server on this machine"
        )
        print(
            f"load: {args.users} signed-in mentees, think time {args.think_range[0]}–"
            f"{args.think_range[1]} s (uniform) after each page; loop: directory (random "
            "filters) → a mentor from it → dashboard → mentorship page; "
            f"{args.warmup:g} s warm-up, then {args.duration:g} s measured"
        )
        print(f"load average before: {load_average()} (1, 5, 15 min)", flush=True)

        browsers = [Browser(args.port, index) for index in range(len(people))]
        login_times: list[float] = []
        started = time.monotonic()
        run_threads(sign_in, [(b, p, login_times) for b, p in zip(browsers, people, strict=True)])
        failed = [p for p in people if "login_error" in p]
        print(
            f"sign-in: {len(login_times)} of {len(people)} users signed in through the login "
            f"form in {time.monotonic() - started:.1f} s, all at once (p50 "
            f"{statistics.median(login_times) if login_times else 0:.0f} ms per sign-in; "
            "PBKDF2 makes it slow on purpose; not counted below)"
        )
        for person in failed[:5]:
            print(f"  sign-in failed for {person['email']}: {person['login_error']}")
        if args.sequential and not failed:
            sequential(args, server, browsers[0], people[0], choices, mentor_ids)

        recorder = Recorder()
        begin = time.monotonic()
        recorder.window = (begin + args.warmup, begin + args.warmup + args.duration)
        meter = CpuMeter(server.pid, args.database_url.rsplit("/", 1)[1])
        meter.start()
        client_before = time.process_time()
        run_threads(
            run_user,
            [
                (i, b, p, args, choices, recorder, recorder.window[1], mentor_ids)
                for i, (b, p) in enumerate(zip(browsers, people, strict=True))
                if "login_error" not in p
            ],
        )
        elapsed = time.monotonic() - begin
        used = meter.stop()
        client_cpu = time.process_time() - client_before
        passed = report(recorder, args.duration)
        if failed:
            print(f"FAIL: {len(failed)} users could not sign in")
            passed = False
        requests = sum(len(v) for v in recorder.samples.values()) or 1
        server_ms = (used["gunicorn"] + used["postgres"]) * 1000 * args.duration / elapsed
        ours = (used["gunicorn"] + used["postgres"] + client_cpu) / elapsed
        others = max(0.0, used["machine"] - ours)
        print(
            f"\nCPU over the whole {elapsed:.0f} s (warm-up included): gunicorn "
            f"{used['gunicorn']:.0f} s, PostgreSQL backends {used['postgres']:.0f} s, this "
            f"client {client_cpu:.0f} s; about {server_ms / requests:.0f} ms of server CPU per "
            f"request; the machine was busy {used['machine']:.2f} of its {os.cpu_count()} cores "
            f"on average ({others:.2f} on other work)"
        )
        print(f"load average after: {load_average()} (1, 5, 15 min)")
        print(
            "result: "
            + ("PASS" if passed else "FAIL")
            + f" (no error; p95 < {TARGET_P95_MS} ms on every page, "
            + f"< {TARGET_FILTERED_P95_MS} ms for the filtered directory)"
        )
    finally:
        if server is not None:
            stop(server)
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
