"""Text a participant typed is never a link in the platform's emails: the HTML part links only
the platform's own addresses, and writes anything else that looks like an address or a URL
so that mail clients do not turn it into one."""

import re

import pytest
from django.conf import settings
from django.urls import reverse

from matching import services
from tests.factories import MenteeFactory, MentorFactory

pytestmark = pytest.mark.django_db

TYPED = "Ada https://evil.example/login www.evil.example help@evil.example evil.example"


def html_part(message) -> str:
    return next(content for content, mimetype in message.alternatives if mimetype == "text/html")


def links(html: str) -> list[str]:
    return re.findall(r"<a\b[^>]*>", html)


def test_a_name_full_of_links_is_no_link_in_the_email(
    mailoutbox, django_capture_on_commit_callbacks
):
    mentee = MenteeFactory(profile__display_name=TYPED)
    mentor = MentorFactory()

    with django_capture_on_commit_callbacks(execute=True):
        request = services.send_request(
            mentee=mentee, mentor=mentor, style="flash", message="Hello, I study physics."
        )

    (email,) = mailoutbox
    assert TYPED in email.body  # the plain text says what she typed
    html = html_part(email)
    request_url = settings.SITE_URL + reverse("matching:request_detail", args=[request.public_id])
    assert [tag for tag in links(html) if "evil" in tag] == []
    assert "mailto:" not in html
    assert f'<a href="{request_url}"' in html  # the platform's own link still works
    # Her words are all there, to read, not to click.
    visible = re.sub(r"<[^>]+>|&#8204;", "", html)
    for word in ("https://evil.example/login", "www.evil.example", "help@evil.example"):
        assert word in visible
