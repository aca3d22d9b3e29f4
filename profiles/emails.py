"""Emails to one user, written in her language, with absolute links, sent after commit."""

import logging

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation

logger = logging.getLogger(__name__)


def absolute_url(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def user_language(user) -> str:
    profile = getattr(user, "profile", None)
    return getattr(profile, "language", "") or settings.LANGUAGE_CODE


def render_user_email(*, user, template: str, context: dict) -> EmailMultiAlternatives:
    """Render ``emails/<template>_subject.txt`` and ``emails/<template>.txt`` for ``user``.

    The HTML part wraps the same text in the site's email layout.
    """
    with translation.override(user_language(user)):
        ctx = {"user": user, "site_url": settings.SITE_URL.rstrip("/"), **context}
        subject = render_to_string(f"emails/{template}_subject.txt", ctx).strip()
        subject = " ".join(subject.split())
        text = render_to_string(f"emails/{template}.txt", ctx).strip() + "\n"
        html = render_to_string("emails/layout.html", {**ctx, "subject": subject, "text": text})
    message = EmailMultiAlternatives(
        subject=f"{settings.ACCOUNT_EMAIL_SUBJECT_PREFIX}{subject}",
        body=text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[user.email],
    )
    message.attach_alternative(html, "text/html")
    return message


def send_user_email_on_commit(*, user, template: str, context: dict) -> None:
    """Queue the email to go out once the surrounding transaction has committed."""
    message = render_user_email(user=user, template=template, context=context)
    transaction.on_commit(message.send)
