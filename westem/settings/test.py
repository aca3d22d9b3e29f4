"""Tests: SQLite by default, PostgreSQL and Redis when DATABASE_URL / REDIS_URL are set.

The suite runs on several processes (pytest-xdist, ``make test``): pytest-django gives each its
own test database (``test_<name>_gw1``), and here each gets its own Redis database, eight
numbers apart (the production-stack test takes the next one), so one process's
``cache.clear()`` or broker queue never touches another's."""

import os
import re

from django.core.exceptions import ImproperlyConfigured

_worker = re.fullmatch(r"gw(\d+)", os.environ.get("PYTEST_XDIST_WORKER", ""))
_redis = re.fullmatch(r"(redis://[^/]*)/(\d+)", os.environ.get("REDIS_URL", ""))
# Once per process tree: the workers and servers a test starts inherit the shifted URL (and
# PYTEST_XDIST_WORKER), and must not shift it again.
if _worker and _redis and int(_worker[1]) and not os.environ.get("WESTEM_TEST_REDIS_SHIFTED"):
    _number = int(_redis[2]) + 8 * int(_worker[1])
    if _number > 14:
        raise ImproperlyConfigured(
            f"REDIS_URL's database {_redis[2]} leaves no Redis database for test process "
            f"{_worker[0]}: use a lower number or fewer processes (-n)."
        )
    # Read by .base (the cache, Celery's broker) and by the test processes' own subprocesses.
    os.environ["REDIS_URL"] = f"{_redis[1]}/{_number}"
    os.environ["WESTEM_TEST_REDIS_SHIFTED"] = "1"

from .base import *  # noqa: E402, F403
from .base import env  # noqa: E402

DEBUG = False
SECRET_KEY = "test-only-key-0123456789abcdef-0123456789abcdef"  # noqa: S105
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    "exports": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "resources": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "photos": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
}
LANGUAGE_CODE = "en"
# Rate limits stay on, but generous enough for a suite that signs up many users.
ACCOUNT_RATE_LIMITS = {
    "login_failed": "50/m/ip,5/5m/key",
    "signup": "500/m/ip",
    "confirm_email": False,
    "reset_password": "500/m/ip,50/m/key",
    "change_password": "50/m/user",
}
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=True)
