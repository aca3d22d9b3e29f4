"""The platform's emails: plain text stays plain, the HTML part is escaped once, and both are
written in the recipient's language."""

import pytest
from django.conf import settings

from notifications.emails import render_user_email
from tests.factories import ConnectionRequestFactory, MentorFactory

pytestmark = pytest.mark.django_db


def _request_email(mentor, message: str):
    request = ConnectionRequestFactory(mentor=mentor, message=message)
    return render_user_email(
        user=mentor,
        template="matching/request_received",
        context={
            "request": request,
            "mentee_name": "Ada & Grace",
            "url": settings.SITE_URL + "/requests/x/?a=1&b=2",
        },
    )


def test_plain_text_and_subject_are_not_html_escaped():
    email = _request_email(MentorFactory(), "Tom & Jerry's <b>plan</b>")

    assert email.subject == "[WESTEM] Ada & Grace would like you as her mentor"
    assert "Tom & Jerry's <b>plan</b>" in email.body
    assert settings.SITE_URL + "/requests/x/?a=1&b=2" in email.body
    assert "&amp;" not in email.body


def test_html_part_escapes_once_and_links_work():
    email = _request_email(MentorFactory(), "Tom & Jerry's <b>plan</b>")
    html, mimetype = email.alternatives[0]

    assert mimetype == "text/html"
    assert "Tom &amp; Jerry&#x27;s &lt;b&gt;plan&lt;/b&gt;" in html
    assert f'href="{settings.SITE_URL}/requests/x/?a=1&amp;b=2"' in html
    assert "&amp;amp;" not in html
    assert '<html lang="en">' in html


def test_email_is_in_the_recipients_language():
    email = _request_email(MentorFactory(profile__language="sv"), "Hej!")
    html, _mimetype = email.alternatives[0]

    assert '<html lang="sv">' in html
    assert "Ada & Grace" in email.subject
    assert "would like you as her mentor" not in email.subject
