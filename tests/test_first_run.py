"""The first run as a new developer meets it: `make run` serves the demo where its emails and
its printout say, and its console prints each line once, without warnings from Celery.

The Makefile is read with `make -n` (it prints the commands it would run, runs none), and the
console with a fresh interpreter on `westem.settings.local`, the settings `make run` uses.
"""

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def make_commands(*args: str, **environ: str) -> list[str]:
    """The shell lines `make run` would run, with the given variables and environment."""
    if shutil.which("make") is None:
        pytest.fail("make is not installed (apt-get install make)")
    env = {k: v for k, v in os.environ.items() if k not in {"SITE_URL", "HOST", "PORT"}}
    result = subprocess.run(
        # -B: every target counts as out of date, so each command prints whatever the stamps say.
        ["make", "-n", "-B", "--no-print-directory", "run", *args],
        cwd=ROOT,
        env={**env, **environ},
        capture_output=True,
        text=True,
        check=True,
    )
    # A recipe line continued with a backslash is one shell command.
    return result.stdout.replace("\\\n", " ").splitlines()


def command_of(lines: list[str], what: str) -> str:
    [line] = [line for line in lines if what in line]
    return line


def site_urls(line: str) -> list[str]:
    return re.findall(r"SITE_URL='([^']*)' \S+ manage\.py (\S+)", line)


def test_make_run_on_another_port_passes_that_address_to_the_site_and_the_demo():
    lines = make_commands("PORT=8101")

    assert site_urls(command_of(lines, "seed_demo")) == [("http://127.0.0.1:8101", "seed_demo")]
    serve = command_of(lines, "runserver")
    assert site_urls(serve) == [
        ("http://127.0.0.1:8101", "send_due_notifications"),
        ("http://127.0.0.1:8101", "runserver"),
    ]
    assert serve.endswith("runserver 127.0.0.1:8101")
    assert ":8000" not in "\n".join(lines)


def test_make_run_takes_host_and_port_from_the_environment():
    lines = make_commands(HOST="localhost", PORT="8102")

    assert site_urls(command_of(lines, "seed_demo")) == [("http://localhost:8102", "seed_demo")]
    assert command_of(lines, "runserver").endswith("runserver localhost:8102")


def test_a_site_url_given_wins_over_host_and_port():
    """Behind a proxy or a tunnel the links point where people reach the site."""
    lines = make_commands("PORT=8101", SITE_URL="https://demo.westem.example")

    assert site_urls(command_of(lines, "seed_demo")) == [
        ("https://demo.westem.example", "seed_demo")
    ]
    assert {url for url, _ in site_urls(command_of(lines, "runserver"))} == {
        "https://demo.westem.example"
    }


CONSOLE = """
import logging

import django

django.setup()

logging.getLogger("django.utils.autoreload").info("line from django")
logging.getLogger("django.request").warning("Not Found: /nowhere/")
logging.getLogger("django.server").info('"GET / HTTP/1.1" 200 1234')
logging.getLogger("notifications.outbox").warning("line from the project")

from westem.celery import app


@app.task(name="tests.first_run.ping")
def ping():
    return "pong"


print("task says", ping.delay().get())
"""


@pytest.fixture(scope="module")
def console() -> str:
    """What `make run`'s console shows for a few log lines and a task, on its settings: DEBUG
    on, no Redis (tasks in-process)."""
    env = {
        **{k: v for k, v in os.environ.items() if k not in {"REDIS_URL", "DJANGO_LOG_LEVEL"}},
        "DJANGO_SETTINGS_MODULE": "westem.settings.local",
        "PYTHONWARNINGS": "default",
    }
    result = subprocess.run(
        [sys.executable, "-c", CONSOLE],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    return result.stdout + result.stderr


@pytest.mark.parametrize(
    "line",
    [
        "line from django",
        "Not Found: /nowhere/",
        '"GET / HTTP/1.1" 200 1234',
        "line from the project",
    ],
)
def test_every_log_line_is_printed_once(console, line):
    assert console.count(line) == 1, console


def test_tasks_run_in_process_without_a_warning_about_the_broker(console):
    assert "task says pong" in console
    assert "No hostname was supplied" not in console
    assert "Warning" not in console, console
