"""Which sessions a person is signed in with.

Sessions are stored by key (``cached_db`` in production) with the user's id inside their
encoded data, so "her sessions" could only be found by decoding every live session. Instead,
each sign-in records its session's key (``SignedInSession``), and so does a password change,
which gives the session a new key; signing out forgets it. Her erasure ends exactly those.

This keeps an index, as Django's own ``update_last_login`` does on the same signal; what a
person does on the platform is never decided here.
"""

from importlib import import_module

from allauth.account.signals import password_changed, password_set
from django.conf import settings
from django.contrib.auth.signals import user_logged_in, user_logged_out
from django.db import transaction
from django.dispatch import receiver

from .models import SignedInSession


def _store():
    return import_module(settings.SESSION_ENGINE).SessionStore


@receiver(user_logged_in, dispatch_uid="profiles.sessions.signed_in")
@receiver(password_changed, dispatch_uid="profiles.sessions.password_changed")
@receiver(password_set, dispatch_uid="profiles.sessions.password_set")
def record_session(sender, request, user, **kwargs) -> None:
    session = getattr(request, "session", None)
    key = session.session_key if session is not None else None
    if not key or user is None or user.pk is None:
        return
    with transaction.atomic():
        SignedInSession.objects.update_or_create(session_key=key, defaults={"user": user})
        # Her keys of sessions that ended meanwhile (expired, signed out elsewhere) go.
        store = _store()
        gone = [
            row.pk
            for row in SignedInSession.objects.filter(user=user).exclude(session_key=key)
            if not store().exists(row.session_key)
        ]
        SignedInSession.objects.filter(pk__in=gone).delete()


@receiver(user_logged_out, dispatch_uid="profiles.sessions.signed_out")
def forget_session(sender, request, user, **kwargs) -> None:
    session = getattr(request, "session", None)
    if session is not None and session.session_key:
        SignedInSession.objects.filter(session_key=session.session_key).delete()


def end_sessions(user) -> int:
    """End every session ``user`` signed in with (her other browsers and devices), through the
    session engine so that a cached copy goes too; the number ended."""
    store = _store()
    keys = list(SignedInSession.objects.filter(user=user).values_list("session_key", flat=True))
    for key in keys:
        store(session_key=key).delete()
    SignedInSession.objects.filter(user=user).delete()
    return len(keys)
