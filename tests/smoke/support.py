"""Helpers for the tests that run the real processes: an SMTP sink (aiosmtpd) in a thread of
the test process, and subprocesses started in their own process group and always stopped."""

import email
import email.policy
import os
import signal
import socket
import subprocess
import threading
import time
from collections.abc import Callable
from pathlib import Path

from aiosmtpd.controller import Controller

ROOT = Path(__file__).resolve().parents[2]
VENV_BIN = Path(os.environ.get("VIRTUAL_ENV", ROOT / ".venv")) / "bin"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class _Handler:
    def __init__(self, sink: "SmtpSink"):
        self.sink = sink

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        # The slow part of a mail server: before the message is taken, so a worker killed
        # here has sent nothing.
        if self.sink.delay:
            import asyncio

            await asyncio.sleep(self.sink.delay)
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.original_content, policy=email.policy.default)
        with self.sink.lock:
            self.sink.messages.append((list(envelope.rcpt_tos), message))
        return "250 Message accepted for delivery"


class SmtpSink:
    """Every message accepted, kept as (recipients, email.message.EmailMessage). ``delay``
    seconds pass before each recipient is accepted."""

    def __init__(self, delay: float = 0.0):
        self.delay = delay
        self.lock = threading.Lock()
        self.messages: list = []
        self.port = free_port()
        self.controller = Controller(_Handler(self), hostname="127.0.0.1", port=self.port)

    def __enter__(self) -> "SmtpSink":
        self.controller.start()
        return self

    def __exit__(self, *exc) -> None:
        self.controller.stop()

    @property
    def url(self) -> str:
        return f"smtp://127.0.0.1:{self.port}"

    def to(self, address: str) -> list:
        with self.lock:
            return [message for rcpt, message in self.messages if address in rcpt]

    def wait_for(self, address: str, timeout: float = 20.0):
        """The first message to ``address``, waiting for it at most ``timeout`` seconds."""
        wait_until(lambda: self.to(address), timeout, f"no email to {address}")
        return self.to(address)[0]


def body(message) -> str:
    return message.get_body(preferencelist=("plain",)).get_content()


def wait_until(condition: Callable[[], object], timeout: float, what: str, every=0.1):
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout} s: {what}")
        time.sleep(every)


class Process:
    """A subprocess in its own process group (a Celery worker's children die with it), its
    output in a log file."""

    def __init__(self, name: str, args: list[str], env: dict, log_dir: Path):
        self.name = name
        self.log = log_dir / f"{name}.log"
        self._log_file = self.log.open("ab")
        self.popen = subprocess.Popen(
            args,
            cwd=ROOT,
            env=env,
            stdout=self._log_file,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def output(self) -> str:
        return self.log.read_text(errors="replace")

    def kill(self) -> None:
        """SIGKILL to the whole group: no task gets to finish or give back its message."""
        if self.popen.poll() is None:
            os.killpg(self.popen.pid, signal.SIGKILL)
        self.popen.wait(timeout=10)
        self._log_file.close()

    def stop(self, timeout: float = 15.0) -> int | None:
        """SIGTERM, wait, then SIGKILL as the last resort; the exit code of a clean stop."""
        if self.popen.poll() is None:
            try:
                os.killpg(self.popen.pid, signal.SIGTERM)
                self.popen.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                os.killpg(self.popen.pid, signal.SIGKILL)
                self.popen.wait(timeout=10)
                self._log_file.close()
                return None
        self._log_file.close()
        return self.popen.returncode


def celery_worker(name: str, env: dict, log_dir: Path, concurrency: int = 2) -> Process:
    return Process(
        name,
        [
            str(VENV_BIN / "celery"),
            "-A",
            "westem",
            "worker",
            "--pool=prefork",
            f"--concurrency={concurrency}",
            "-l",
            "info",
            "-n",
            f"{name}@%h",
            "--without-gossip",
            "--without-mingle",
        ],
        env,
        log_dir,
    )


def database_url(settings_dict: dict) -> str:
    user = settings_dict.get("USER") or ""
    password = settings_dict.get("PASSWORD") or ""
    credentials = f"{user}:{password}@" if password else (f"{user}@" if user else "")
    host = settings_dict.get("HOST") or "127.0.0.1"
    port = settings_dict.get("PORT") or 5432
    return f"postgres://{credentials}{host}:{port}/{settings_dict['NAME']}"
