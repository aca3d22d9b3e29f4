"""Settings of the Celery workers the real-broker tests start: the test settings on the test
session's PostgreSQL database (DATABASE_URL), the broker at REDIS_URL, and email to the SMTP
sink of the test (EMAIL_URL).

A message taken by a worker that is then killed comes back to the queue after the broker's
visibility timeout (an hour by default, when the five-minute sweep has long sent the row); the
test shortens it (CELERY_VISIBILITY_TIMEOUT seconds), and has the worker look for such
messages every second, to see the redelivery within its run. The scan for them holds a mutex in
Redis; a worker killed while holding it would keep the next one from scanning until the mutex
expires (five minutes by default), so it expires after a few seconds here."""

from westem.settings.test import *  # noqa: F403
from westem.settings.test import env

CELERY_TASK_ALWAYS_EAGER = False
EMAIL_CONFIG = env.email_url("EMAIL_URL")
globals().update(EMAIL_CONFIG)
EMAIL_TIMEOUT = 10
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT", default=3600),
    "unacked_restore_interval": 1,
    "unacked_restore_throttle": 1,
    "unacked_mutex_expire": 3,
}
