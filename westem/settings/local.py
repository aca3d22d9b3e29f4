"""Development: SQLite, console email, Celery tasks in-process, DEBUG on."""

from .base import *  # noqa: F403
from .base import env

DEBUG = env.bool("DJANGO_DEBUG", default=True)
SECRET_KEY = env("DJANGO_SECRET_KEY", default="dev-only-insecure-key-change-me-0123456789abcdef")
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
# The demo's staff login opens the admin without setting up an authenticator app first.
WESTEM_STAFF_MFA_REQUIRED = env.bool("WESTEM_STAFF_MFA_REQUIRED", default=False)
