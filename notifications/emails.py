"""Rendering one email to one user: in her language, with absolute links, a plain-text part
and the same text in the site's HTML layout. Sending is the outbox's (``outbox.deliver``)."""

import functools
import logging

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template import Context, Engine, engines
from django.template.loader import render_to_string
from django.utils import translation

logger = logging.getLogger(__name__)


def absolute_url(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def user_language(user) -> str:
    profile = getattr(user, "profile", None)
    return getattr(profile, "language", "") or settings.LANGUAGE_CODE


@functools.cache
def _text_engine() -> Engine:
    """The project's templates without HTML escaping, for plain-text parts and subjects: a
    link's ``&`` must stay ``&`` there. The HTML part is rendered (and escaped) as usual."""
    default = engines["django"].engine
    return Engine(
        dirs=default.dirs,
        app_dirs=default.app_dirs,
        libraries=default.libraries,
        autoescape=False,
    )


def _render_text(name: str, context: dict) -> str:
    return _text_engine().get_template(name).render(Context(context, autoescape=False))


def render_user_email(*, user, template: str, context: dict) -> EmailMultiAlternatives:
    """Render ``emails/<template>_subject.txt`` and ``emails/<template>.txt`` for ``user``.

    The HTML part wraps the same text in the site's email layout.
    """
    with translation.override(user_language(user)):
        ctx = {
            "user": user,
            "site_url": settings.SITE_URL.rstrip("/"),
            "LANGUAGE_CODE": user_language(user),
            **context,
        }
        subject = " ".join(_render_text(f"emails/{template}_subject.txt", ctx).split())
        text = _render_text(f"emails/{template}.txt", ctx).strip() + "\n"
        html = render_to_string("emails/layout.html", {**ctx, "subject": subject, "text": text})
    message = EmailMultiAlternatives(
        subject=f"{settings.ACCOUNT_EMAIL_SUBJECT_PREFIX}{subject}",
        body=text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[user.email],
    )
    message.attach_alternative(html, "text/html")
    return message
