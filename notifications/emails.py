"""Rendering one email to one user: in her language, with absolute links, a plain-text part
and the same text in the site's HTML layout. Sending is the outbox's (``outbox.deliver``)."""

import functools
import logging
import re

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template import Context, Engine, engines
from django.template.defaultfilters import linebreaks_filter
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

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


# Inside a word, the characters by which mail clients spot addresses and URLs ("evil.example",
# "ada@evil.example", "https://…"): a zero-width non-joiner after each keeps the word as it
# reads and copies but no longer looks like an address to them.
_ADDRESS_MARKS = re.compile(r"([.@:])(?=\S)")
_TRAILING = ".,;:!?)»”’"


def html_text(text: str, *, links: set[str]) -> SafeString:
    """The email's text as HTML paragraphs, where only the platform's own addresses in
    ``links`` (those the email's context gave) are links. Anything else that looks like an
    address — a name, a title or a message a participant typed — is written so that mail
    clients do not make a link of it either."""
    parts = []
    for word in re.split(r"(\s+)", text):
        bare = word.rstrip(_TRAILING)
        if bare in links:
            url = escape(bare)
            tail = escape(word[len(bare) :])
            parts.append(f'<a href="{url}" style="color:#5b2a86;">{url}</a>{tail}')
        else:
            parts.append(_ADDRESS_MARKS.sub("\\1&#8204;", escape(word)))
    return mark_safe(linebreaks_filter("".join(parts), autoescape=False))  # noqa: S308 - escaped above


def _platform_links(context: dict) -> set[str]:
    """The platform's addresses among the context's values (and in its lists), and the
    ``staff_links`` an email context names (addresses the program staff typed, such as an
    event's online link)."""
    site = settings.SITE_URL.rstrip("/")
    values = [
        item
        for value in context.values()
        for item in (value if isinstance(value, list) else [value])
    ]
    own = {
        value
        for value in values
        if isinstance(value, str) and (value == site or value.startswith(site + "/"))
    }
    return own | {link for link in context.get("staff_links") or () if link}


def render_user_email(*, user, template: str, context: dict) -> EmailMultiAlternatives:
    """Render ``emails/<template>_subject.txt`` and ``emails/<template>.txt`` for ``user``.

    The HTML part wraps the same text in the site's email layout; only the platform's links
    from ``context`` are links there (``html_text``). The context's ``attachments``, built by
    the app's email context when the email is sent (never stored), are attached as
    ``(filename, content, mimetype)``: a meeting's calendar file, for example.
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
        body = html_text(text, links=_platform_links(ctx))
        html = render_to_string("emails/layout.html", {**ctx, "subject": subject, "body": body})
    message = EmailMultiAlternatives(
        subject=f"{settings.ACCOUNT_EMAIL_SUBJECT_PREFIX}{subject}",
        body=text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[user.email],
    )
    message.attach_alternative(html, "text/html")
    for filename, content, mimetype in context.get("attachments") or ():
        message.attach(filename, content, mimetype)
    return message
