"""Settings shared by every environment. Values come from the environment (django-environ)."""

from importlib.metadata import distribution
from pathlib import Path

import environ
from celery.schedules import crontab
from csp.constants import NONE, SELF
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()

DEBUG = env.bool("DJANGO_DEBUG", default=False)
SECRET_KEY = env("DJANGO_SECRET_KEY", default="")
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=[])
SITE_URL = env("SITE_URL", default="http://127.0.0.1:8000")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sites",
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_filters",
    "django_countries",
    "csp",
    "core",
    "notifications",
    "profiles",
    "resources",
    "cycles",
    "matching",
    "evaluations",
    "westem",
]

MIDDLEWARE = [
    # First: its check runs before any other middleware reads the form (CSRF among them).
    "core.middleware.FormCharsetMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "profiles.middleware.ProfileMiddleware",
    "profiles.middleware.TwoFactorMiddleware",
]

ROOT_URLCONF = "westem.urls"
WSGI_APPLICATION = "westem.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "django.template.context_processors.tz",
                "notifications.context_processors.inbox",
                "westem.context_processors.staff_todo",
            ],
        },
    },
]

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DJANGO_CONN_MAX_AGE", default=0)
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Short OLTP queries: PostgreSQL's JIT compiles for longer than they run.
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c jit=off"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "westem",
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

AUTH_USER_MODEL = "profiles.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "dashboard"
LOGOUT_REDIRECT_URL = "home"

# django-allauth: email is the login, verified before the first login.
ACCOUNT_ADAPTER = "profiles.adapters.AccountAdapter"
ACCOUNT_FORMS = {"signup": "profiles.forms_signup.SignupForm"}
# The privacy notice people agree to at sign-up; a new date records a new consent. Only new
# sign-ups accept a new version: people already signed up are not asked again (the platform
# has no re-acceptance; the notice promises to announce important changes on the platform).
# 2026-12-07: the section on girls under 18 (issue 20).
PRIVACY_NOTICE_VERSION = "2026-12-07"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_UNIQUE_EMAIL = True
# No page says whether an address has an account: sign-up with a taken address and password
# reset for an unknown one answer as for any other, and the owner of the address is told by
# email instead. The login form gives one message for a wrong email or password, and failed
# logins are rate limited.
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_LOGIN_ON_PASSWORD_RESET = False
ACCOUNT_CHANGE_EMAIL = True
ACCOUNT_EMAIL_NOTIFICATIONS = True
ACCOUNT_SESSION_REMEMBER = None
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[WESTEM] "
ACCOUNT_DEFAULT_HTTP_PROTOCOL = env("ACCOUNT_DEFAULT_HTTP_PROTOCOL", default="http")
ACCOUNT_RATE_LIMITS = {
    "login_failed": "10/m/ip,5/5m/key",
    "signup": "20/m/ip",
    "confirm_email": "1/3m/key",
    "reset_password": "20/m/ip,5/m/key",
    "change_password": "5/m/user",
}
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
# Authenticator secrets are encrypted in the database under a key derived from this (or, when
# it is empty, from SECRET_KEY): set it so that a new SECRET_KEY leaves them readable.
MFA_ADAPTER = "profiles.adapters.MFAAdapter"
MFA_ENCRYPTION_KEY = env("MFA_ENCRYPTION_KEY", default="")
# Staff, superusers and reporters see participants' data only signed in with an authenticator
# app (profiles.access.needs_two_factor; off only for the local demo).
WESTEM_STAFF_MFA_REQUIRED = env.bool("WESTEM_STAFF_MFA_REQUIRED", default=True)
MFA_TOTP_ISSUER = "WESTEM"

SITE_ID = 1

# Program rules (SPEC §5–6), adjustable per installation.
MATCHING_PRESENTATION_APPROVAL_REQUIRED = env.bool("MATCHING_APPROVAL_REQUIRED", default=True)
MATCHING_MAX_PENDING_REQUESTS = env.int("MATCHING_MAX_PENDING_REQUESTS", default=3)
MATCHING_REQUEST_EXPIRY_DAYS = env.int("MATCHING_REQUEST_EXPIRY_DAYS", default=14)
# Connection requests a mentee may send in 24 hours, withdrawn ones included.
MATCHING_REQUESTS_PER_DAY = env.int("MATCHING_REQUESTS_PER_DAY", default=10)
# Safety reports a person may make in 24 hours.
SAFETY_REPORTS_PER_DAY = env.int("SAFETY_REPORTS_PER_DAY", default=5)

# Safeguarding (profiles.age): under this age a person is a minor.
SAFEGUARDING_ADULT_AGE = 18
# The age of digital consent (GDPR Art. 8) by country, as the member states set it: below it a
# guardian consents for her. Countries not listed: "default".
AGE_OF_DIGITAL_CONSENT = {
    "default": 16,
    **dict.fromkeys(["BE", "DK", "EE", "FI", "GB", "IS", "LV", "MT", "NO", "PT", "SE"], 13),
    **dict.fromkeys(["AT", "BG", "CY", "ES", "IT", "LT"], 14),
    **dict.fromkeys(["CZ", "FR", "GR", "SI"], 15),
}
MATCHING_DIRECTORY_PAGE_SIZE = 12
# Bookable flash sessions: how far ahead a mentor publishes times and mentees book them.
MATCHING_FLASH_HORIZON_WEEKS = env.int("MATCHING_FLASH_HORIZON_WEEKS", default=8)
# Match rounds (issue 21): how many mentors a mentee may rank in one round.
MATCHING_ROUND_MAX_CHOICES = env.int("MATCHING_ROUND_MAX_CHOICES", default=5)

# Meetings (SPEC §15). A room server (e.g. Jitsi: "https://meet.jit.si/"): each mentorship gets
# a room there under a random name, offered as the place of its meetings. Empty: no rooms.
MEETING_ROOM_BASE_URL = env("MEETING_ROOM_BASE_URL", default="")
# The program's own online meeting channel (e.g. a Teams or Zoom link run by staff): with the
# pair's room, the only place a meeting of a pair with a minor may be held (issue 20).
PROGRAM_MEETING_CHANNEL_URL = env("PROGRAM_MEETING_CHANNEL_URL", default="")
# Program health (issue 22, ``cycles.health``): when an active pair shows a sign of drifting.
# A meeting is overdue this many days after the agreed rhythm's interval (30 days divided by
# the meetings a month) has passed since the last one held, with none planned.
HEALTH_MEETING_GRACE_DAYS = env.int("HEALTH_MEETING_GRACE_DAYS", default=7)
# Consecutive ended months whose held minutes are under the agreed minimum.
HEALTH_HOURS_MONTHS = env.int("HEALTH_HOURS_MONTHS", default=2)
HEALTH_AGREEMENT_DAYS = env.int("HEALTH_AGREEMENT_DAYS", default=14)
HEALTH_FIRST_MEETING_DAYS = env.int("HEALTH_FIRST_MEETING_DAYS", default=21)
HEALTH_SILENCE_DAYS = env.int("HEALTH_SILENCE_DAYS", default=21)
HEALTH_REMINDER_ANSWER_DAYS = env.int("HEALTH_REMINDER_ANSWER_DAYS", default=7)
HEALTH_PAGE_SIZE = 25
# Calendar feeds are read without signing in (the token is the key), and limited like the
# sign-in: per address (calendar services such as Google's fetch many feeds from one address)
# and per token.
CALENDAR_FEED_RATE_LIMITS = "300/m/ip,20/m/key"
# Cancelled meetings and sign-ups stay in a calendar feed (as cancelled) this many days, so
# calendars that read it drop them.
CALENDAR_FEED_CANCELLED_DAYS = 30

# Reports (SPEC §10). Staff see an average of session reflections only over at least this many
# distinct people (for a calendar month or year: evaluations/reports.py); exports of more rows
# than EXPORT_SYNC_MAX_ROWS run as a Celery task, whose download link works for
# EXPORT_LINK_HOURS.
REPORTS_MIN_ANSWERS = 5
EXPORT_SYNC_MAX_ROWS = env.int("EXPORT_SYNC_MAX_ROWS", default=5000)
EXPORT_LINK_HOURS = env.int("EXPORT_LINK_HOURS", default=24)

LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", _("English")),
    ("sv", _("Swedish")),
]
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "locale_overrides"]
FORMAT_MODULE_PATH = ["westem.formats"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "Europe/Stockholm"

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
BOOTSTRAP_DATA = "xstatic/pkg/bootstrap/data"
STATICFILES_DIRS = [
    BASE_DIR / "static",
    # Bootstrap's CSS and JS come from the XStatic-Bootstrap package, not from a copy in the repo.
    ("vendor/bootstrap", distribution("XStatic-Bootstrap").locate_file(BOOTSTRAP_DATA)),
]
MEDIA_URL = "/media/"
MEDIA_ROOT = env.path("DJANGO_MEDIA_ROOT", default=BASE_DIR / "media")
# Profile photos are private: kept outside the media root, served only by the photo view to
# the people who may see their person (profiles.photos.may_see_photo).
PHOTOS_ROOT = env.path("DJANGO_PHOTOS_ROOT", default=BASE_DIR / "photos")
# Report exports are private: kept outside the media root, served only by the download view.
EXPORTS_ROOT = env.path("DJANGO_EXPORTS_ROOT", default=BASE_DIR / "exports")
# Files of the resource library: served by the library's download view, as attachments.
RESOURCES_ROOT = env.path("DJANGO_RESOURCES_ROOT", default=BASE_DIR / "library")
RESOURCE_FILE_MAX_BYTES = 10 * 1024 * 1024
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    "exports": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": EXPORTS_ROOT, "base_url": None},
    },
    "resources": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": RESOURCES_ROOT, "base_url": None},
    },
    "photos": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": PHOTOS_ROOT, "base_url": None},
    },
}

# Uploaded profile photos: type is checked by content, size is capped; each is decoded and
# written again (no metadata) at most this many pixels on a side.
PROFILE_PHOTO_MAX_BYTES = 2 * 1024 * 1024
PROFILE_PHOTO_SIDE = 800
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="WESTEM <noreply@westem.example>")
SERVER_EMAIL = env("SERVER_EMAIL", default=DEFAULT_FROM_EMAIL)
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"

# Celery: Redis as the broker; without REDIS_URL tasks run in-process. Even then Celery takes
# a producer from its broker's pool for each task, so the in-memory broker is named in full:
# with no host in the URL kombu warns "No hostname was supplied" on the first task.
CELERY_BROKER_URL = REDIS_URL or "memory://localhost/"
CELERY_RESULT_BACKEND = None
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TIMEZONE = TIME_ZONE
# Her inbox keeps an item this long; her daily digest comes at this hour of her time zone.
NOTIFICATIONS_INBOX_KEEP_DAYS = env.int("NOTIFICATIONS_INBOX_KEEP_DAYS", default=183)
NOTIFICATIONS_DIGEST_HOUR = env.int("NOTIFICATIONS_DIGEST_HOUR", default=7)
# Every periodic job of the platform, in one place.
CELERY_BEAT_SCHEDULE = {
    "send-due-notifications": {
        "task": "notifications.send_due_notifications",
        "schedule": crontab(minute="*/5"),
    },
    # Each person's digest once her morning has come, in her own time zone.
    "send-digests": {
        "task": "notifications.send_digests",
        "schedule": crontab(minute=2),
    },
    "delete-old-inbox-items": {
        "task": "notifications.delete_old_inbox_items",
        "schedule": crontab(hour=4, minute=5),
    },
    # Staff learn how many safety reports wait: one email an hour at most, only when new.
    "send-report-digest": {
        "task": "profiles.send_report_digest",
        "schedule": crontab(minute=0),
    },
    # Issue 20: staff learn of a mentor's screening expiring in a mentorship with a minor.
    "alert-screening-expiry": {
        "task": "cycles.alert_screening_expiry",
        "schedule": crontab(hour=7, minute=40),
    },
    "expire-stale-requests": {
        "task": "matching.expire_stale_requests",
        "schedule": crontab(hour=3, minute=15),
    },
    "expire-exports": {
        "task": "evaluations.expire_exports",
        "schedule": crontab(minute=5),
    },
    # Reminders (SPEC §12): each sweep queues what is due once; see notifications/outbox.py.
    # Issue 21: a match round's participants are told it opened; the silent reminded.
    "announce-match-rounds": {
        "task": "matching.announce_rounds",
        "schedule": crontab(minute=25),
    },
    "remind-pending-requests": {
        "task": "matching.remind_pending_requests",
        "schedule": crontab(hour=9, minute=0),
    },
    "remind-meetings-tomorrow": {
        "task": "cycles.remind_meetings_tomorrow",
        "schedule": crontab(minute=20),
    },
    "remind-reflections": {
        "task": "evaluations.remind_reflections",
        "schedule": crontab(minute=35),
    },
    "remind-agreements-unsigned": {
        "task": "cycles.remind_agreements_unsigned",
        "schedule": crontab(hour=9, minute=10),
    },
    # On the 1st, for the month before.
    "remind-hours-below": {
        "task": "cycles.remind_hours_below",
        "schedule": crontab(day_of_month=1, hour=9, minute=20),
    },
    # Issue 22: the signals of drifting pairs, before the staff's working day.
    "refresh-health-signals": {
        "task": "cycles.refresh_health_signals",
        "schedule": crontab(hour=6, minute=50),
    },
    "remind-end-approaching": {
        "task": "cycles.remind_end_approaching",
        "schedule": crontab(hour=9, minute=30),
    },
    "remind-final-evaluations": {
        "task": "evaluations.remind_final_evaluations",
        "schedule": crontab(hour=9, minute=40),
    },
    # Meetings logged afterwards that nobody disputed within a week start to count.
    "confirm-logged-meetings": {
        "task": "cycles.confirm_logged_meetings",
        "schedule": crontab(hour=3, minute=40),
    },
}

# Content Security Policy: every script and style comes from the site itself; no inline script.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "object-src": [NONE],
    },
}
# Changing the email address or a password asks for the password again (allauth).
ACCOUNT_REAUTHENTICATION_REQUIRED = True

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# One handler, on the root logger. Django's own default configuration (applied first) gives the
# "django" logger a console handler of its own when DEBUG is on, and that logger propagates to
# the root: every line of runserver, a 404 or a 500 would be printed twice. Naming the "django"
# logger here with no handlers takes that one away; "django.server" keeps its own handler and
# does not propagate, so it too prints once. DJANGO_LOG_LEVEL holds for Django's lines too.
LOG_LEVEL = env("DJANGO_LOG_LEVEL", default="INFO")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"hide_calendar_tokens": {"()": "profiles.log_filters.HideCalendarTokens"}},
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {
        "django": {"handlers": [], "level": LOG_LEVEL, "propagate": True},
        # "Not Found: <path>" for every 4xx: never with a calendar token in it.
        "django.request": {"filters": ["hide_calendar_tokens"], "propagate": True},
    },
}
