"""The production stack, end to end (issue 8): gunicorn with ``westem.settings.production``, a
Celery worker and beat on PostgreSQL and Redis, email to a local SMTP sink. Over HTTP a mentee
signs up and confirms her address from the email; an onboarded mentee sends a request to a
mentor, whose email arrives at the sink; a reminder queued in the same database goes through
Redis and the worker to the sink. Everything is stopped with SIGTERM and must exit cleanly.

The fresh database ``<name>_smoke`` (from DATABASE_URL) is created, migrated and dropped."""

import html
import http.cookiejar
import os
import re
import subprocess
import urllib.error
import urllib.parse
import urllib.request

import psycopg
import pytest

from .support import ROOT, VENV_BIN, Process, SmtpSink, body, free_port, wait_until

pytestmark = [pytest.mark.redis, pytest.mark.postgres]

PASSWORD = "smoke-Password-4821"
SETUP = f"""
from tests.factories import MenteeFactory, MentorFactory
mentor = MentorFactory(email="mentor@smoke.example", profile__display_name="Ada Mentor")
MenteeFactory(
    email="mentee@smoke.example", profile__display_name="Maja Mentee", password="{PASSWORD}"
)
print("presentation", mentor.presentation.public_id)
"""
REMINDER = """
from django.db import transaction
from datetime import timedelta
from django.utils import timezone
from matching.models import ConnectionRequest
from matching.reminders import remind_pending_requests
with transaction.atomic():
    ConnectionRequest.objects.update(created_at=timezone.now() - timedelta(days=3))
    print("reminders", remind_pending_requests())
"""


class _SecureCookiesOverLoopback(http.cookiejar.DefaultCookiePolicy):
    """Production marks the session and CSRF cookies Secure; on loopback (no TLS proxy in front)
    the client sends them back anyway."""

    def return_ok_secure(self, cookie, request):
        return True


class Browser:
    def __init__(self, base: str):
        self.base = base
        self.jar = http.cookiejar.CookieJar(policy=_SecureCookiesOverLoopback())
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def get(self, path: str) -> tuple[str, str]:
        with self.opener.open(self.base + path, timeout=20) as response:
            return response.geturl(), response.read().decode()

    def post(self, path: str, data: dict, form_page: str | None = None) -> tuple[str, str]:
        """Submit the form of ``form_page`` (default: ``path``) with its CSRF token, as a
        browser does."""
        _url, page = self.get(form_page or path)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        request = urllib.request.Request(  # noqa: S310 - the stack on loopback, over http
            self.base + path,
            data=urllib.parse.urlencode({"csrfmiddlewaretoken": token, **data}).encode(),
            headers={"Referer": self.base + path},
        )
        with self.opener.open(request, timeout=20) as response:
            return response.geturl(), response.read().decode()


def _admin(url: str) -> str:
    return url.rsplit("/", 1)[0] + "/postgres"


def _manage(args: list[str], env: dict) -> str:
    done = subprocess.run(
        [str(VENV_BIN / "python"), "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


@pytest.fixture
def smoke_database():
    base_url = os.environ["DATABASE_URL"]
    name = base_url.rsplit("/", 1)[1] + "_smoke"
    with psycopg.connect(_admin(base_url), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield base_url.rsplit("/", 1)[0] + "/" + name
    finally:
        with psycopg.connect(_admin(base_url), autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _own_redis_db(url: str) -> str:
    """The next database number of the test's Redis: the stack's keys stay apart."""
    base, _, number = url.rstrip("/").rpartition("/")
    return f"{base}/{(int(number) + 1) % 16 if number.isdigit() else 2}"


@pytest.fixture
def smoke_redis():
    """The stack's own Redis database, empty (rate limits of an earlier run are in its cache)."""
    import redis

    url = _own_redis_db(os.environ["REDIS_URL"])
    client = redis.Redis.from_url(url)
    client.flushdb()
    try:
        yield url
    finally:
        client.flushdb()
        client.close()


def test_sign_up_and_request_over_http_on_the_production_stack(
    smoke_database, smoke_redis, tmp_path
):
    port = free_port()
    site = f"http://127.0.0.1:{port}"
    with SmtpSink() as sink:
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "westem.settings.production",
            "DJANGO_SECRET_KEY": "smoke-test-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz",
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
            "DATABASE_URL": smoke_database,
            "REDIS_URL": smoke_redis,
            "EMAIL_URL": sink.url,
            "SITE_URL": site,
            "DJANGO_SECURE_SSL_REDIRECT": "false",
            "DJANGO_SECURE_HSTS_SECONDS": "0",
            "DJANGO_LOG_LEVEL": "WARNING",
        }
        env.pop("CELERY_TASK_ALWAYS_EAGER", None)
        _manage(["migrate", "--noinput"], env)
        _manage(["collectstatic", "--noinput", "-v", "0"], env)
        presentation = re.search(r"presentation (\S+)", _manage(["shell", "-c", SETUP], env))[1]

        processes = []
        try:
            processes.append(
                Process(
                    "gunicorn",
                    [
                        str(VENV_BIN / "gunicorn"),
                        "westem.wsgi",
                        "--bind",
                        f"127.0.0.1:{port}",
                        "--workers",
                        "2",
                    ],
                    env,
                    tmp_path,
                )
            )
            processes.append(
                Process(
                    "worker",
                    [str(VENV_BIN / "celery"), "-A", "westem", "worker", "-l", "info"]
                    + ["--concurrency=2", "--without-gossip", "--without-mingle"],
                    env,
                    tmp_path,
                )
            )
            processes.append(
                Process(
                    "beat",
                    [str(VENV_BIN / "celery"), "-A", "westem", "beat", "-l", "info"]
                    + ["--schedule", str(tmp_path / "beat-schedule")],
                    env,
                    tmp_path,
                )
            )

            def up():
                try:
                    return Browser(site).get("/accounts/login/")
                except (urllib.error.URLError, ConnectionError):
                    return None

            wait_until(up, 30, "gunicorn answering", every=0.3)

            # A new mentee signs up and confirms her address from the email.
            newcomer = Browser(site)
            url, page = newcomer.post(
                "/accounts/signup/",
                {
                    "email": "newcomer@smoke.example",
                    "password1": PASSWORD,
                    "password2": PASSWORD,
                    "birth_date": "1999-04-12",  # an adult: no guardian's consent to wait for
                    "accept_privacy": "on",
                },
            )
            assert "/accounts/confirm-email/" in url, page[:2000]
            verification = sink.wait_for("newcomer@smoke.example")
            link = re.search(r"https?://\S+/accounts/confirm-email/\S+/", body(verification))[0]
            path = urllib.parse.urlsplit(link).path
            url, page = newcomer.post(path, {})
            assert urllib.parse.urlsplit(url).path == "/onboarding/role/", url

            # An onboarded mentee signs in and sends a request to the mentor.
            mentee = Browser(site)
            url, _page = mentee.post(
                "/accounts/login/", {"login": "mentee@smoke.example", "password": PASSWORD}
            )
            assert "/accounts/login/" not in url
            url, page = mentee.post(
                f"/mentors/{presentation}/request/",
                {
                    "style": "traditional",
                    "message": "I study robotics and would love advice on internships.",
                },
                form_page=f"/mentors/{presentation}/",
            )
            assert "/requests/" in url, html.unescape(page)[:2000]
            received = sink.wait_for("mentor@smoke.example")
            assert "Maja" in received["Subject"] + body(received)
            assert f"{site}/requests/" in body(received)

            # A reminder goes through Redis and the worker.
            _manage(["shell", "-c", REMINDER], env)
            wait_until(lambda: len(sink.to("mentor@smoke.example")) == 2, 30, "the reminder")
            reminder = sink.to("mentor@smoke.example")[1]
            assert reminder["Subject"].endswith("Maja Mentee is waiting for your answer")
            assert f"<{site}/notifications/unsubscribe/" in str(reminder["List-Unsubscribe"])
            assert "beat: Starting" in processes[2].output()
        finally:
            codes = {process.name: process.stop() for process in processes}
            logs = "\n".join(f"--- {p.name}\n{p.output()[-2000:]}" for p in processes)
    assert codes == {"gunicorn": 0, "worker": 0, "beat": 0}, logs
