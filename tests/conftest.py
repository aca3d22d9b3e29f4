"""Shared fixtures. Under CI=true a browser, PostgreSQL or Redis test that cannot run fails
instead of being skipped, so CI never passes without having run them."""

import os
import time
from pathlib import Path

import pytest
from django.core.cache import cache
from django.db import connection
from django.utils import translation

IN_CI = os.environ.get("CI", "").lower() == "true"
NEEDS = {
    "postgres": "needs PostgreSQL (set DATABASE_URL=postgres://…)",
    "redis": "needs Redis (set REDIS_URL=redis://…)",
    "browser": "needs Chromium at /usr/bin/chromium (apt-get install chromium)",
}


def skip_or_fail(reason: str) -> None:
    if IN_CI:
        pytest.fail(f"CI=true but this test could not run: {reason}", pytrace=False)
    pytest.skip(reason)


def _available(kind: str) -> bool:
    if kind == "postgres":
        return connection.vendor == "postgresql"
    if kind == "redis":
        return bool(os.environ.get("REDIS_URL"))
    if kind == "browser":
        return os.path.exists(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
    return True


def pytest_runtest_setup(item):
    for kind, reason in NEEDS.items():
        if item.get_closest_marker(kind) and not _available(kind):
            skip_or_fail(reason)


def pytest_sessionfinish(session, exitstatus):
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    skipped = len(reporter.stats.get("skipped", [])) if reporter else 0
    if IN_CI and skipped and exitstatus == 0:
        session.exitstatus = 1
        if reporter:
            reporter.write_line(f"CI=true: {skipped} test(s) were skipped; CI runs every test.")


@pytest.fixture(scope="session")
def _data_migrations():
    """The RunPython steps of this project's own migrations (groups, fields of expertise,
    languages, the code of conduct, the site's name), with the models they run against.

    Tests on ``transactional_db`` (live server, concurrency) end by emptying every table; these
    steps, all idempotent, put the reference data back, for the next test and the next run of a
    reused test database."""
    from django.apps import apps
    from django.conf import settings
    from django.db.migrations.loader import MigrationLoader
    from django.db.migrations.operations import RunPython

    def own_app(label: str) -> bool:
        path = Path(apps.get_app_config(label).path).resolve()
        return path.is_relative_to(settings.BASE_DIR) and "site-packages" not in path.parts

    loader = MigrationLoader(None, ignore_no_migrations=True)
    plan: list[tuple[str, str]] = []
    for leaf in sorted(loader.graph.leaf_nodes()):
        plan.extend(node for node in loader.graph.forwards_plan(leaf) if node not in plan)
    state_apps = loader.project_state().apps
    steps = [
        operation.code
        for app_label, name in plan
        if own_app(app_label)
        for operation in loader.graph.nodes[app_label, name].operations
        if isinstance(operation, RunPython)
    ]
    return state_apps, steps


def _restore_reference_data(data_migrations) -> None:
    state_apps, steps = data_migrations
    for step in steps:
        step(state_apps, None)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker, _data_migrations):
    with django_db_blocker.unblock():
        _restore_reference_data(_data_migrations)


@pytest.fixture(autouse=True)
def _reference_data_for_transactional_tests(request, _data_migrations):
    marker = request.node.get_closest_marker("django_db")
    transactional = "live_server" in request.fixturenames or (
        marker is not None and (marker.kwargs.get("transaction") or marker.args[:1] == (True,))
    )
    if transactional:
        request.getfixturevalue("transactional_db")
        _restore_reference_data(_data_migrations)


@pytest.fixture(autouse=True)
def _clean_state():
    """Each test starts with an empty cache (rate limits) and English as the language."""
    cache.clear()
    translation.activate("en")
    yield
    translation.deactivate()


@pytest.fixture
def mentor(db):
    from tests.factories import MentorFactory

    return MentorFactory()


@pytest.fixture
def mentee(db):
    from tests.factories import MenteeFactory

    return MenteeFactory()


@pytest.fixture
def staff_user(db):
    from tests.factories import StaffFactory

    return StaffFactory()


@pytest.fixture
def reporter_user(db):
    from tests.factories import ReporterFactory

    return ReporterFactory()


@pytest.fixture
def commit_per_request(client, django_capture_on_commit_callbacks):
    """The test client's requests run their on-commit callbacks when they end, as each request
    does in production (autocommit): for pages whose emails are sent after the commit, such as
    allauth's (handed to a worker by ``notifications.outbox.hand_over``)."""
    original = client.request

    def request(**kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return original(**kwargs)

    client.request = request
    return client


@pytest.fixture(autouse=True)
def _force_login_with_two_factor(monkeypatch):
    """``client.force_login(user)`` stands for "she signed in" in tests of what she does after.
    For a person with an authenticator app, signing in on the site means her password and a
    code (allauth records both in the session, and the program's pages ask for the code's
    record: ``profiles.middleware.TwoFactorMiddleware``), so it records them too. Tests of
    signing in itself go through the login page."""
    from allauth.account.internal.flows.login import AUTHENTICATION_METHODS_SESSION_KEY
    from allauth.mfa.models import Authenticator
    from django.test import Client

    force_login = Client.force_login

    def with_two_factor(self, user, backend=None):
        force_login(self, user, backend)
        authenticator = Authenticator.objects.filter(user=user, type="totp").first()
        if authenticator is None:
            return
        session = self.session
        now = time.time()
        session[AUTHENTICATION_METHODS_SESSION_KEY] = [
            {"method": "password", "at": now, "email": user.email},
            {"method": "mfa", "at": now, "id": authenticator.pk, "type": "totp"},
        ]
        session["account_authentication_methods_user"] = str(user.pk)
        session.save()

    monkeypatch.setattr(Client, "force_login", with_two_factor)
