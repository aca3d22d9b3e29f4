"""Staff approve a presentation, or return it with a note, from its own admin page: through
the services, with the admin's CSRF check; the mentor hears of it in her inbox and by email,
and reads the note on her page until she edits the presentation."""

import html

import pytest
from django.contrib.auth.models import Permission
from django.test import Client
from django.urls import reverse

from matching.models import MentorPresentation
from notifications.models import InboxItem
from tests.factories import MentorFactory, StaffFactory

from .test_views import presentation_post

pytestmark = pytest.mark.django_db

NOTE = "Please say which fields you studied, and remove the phone number."


@pytest.fixture
def presentation():
    return MentorFactory(presentation__approved_at=None).presentation


@pytest.fixture
def staff_client():
    """Staff signed in, with the CSRF check on, as in a browser."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(StaffFactory())
    return client


def change_url(presentation) -> str:
    return reverse("admin:matching_mentorpresentation_change", args=[presentation.pk])


def post_with_csrf(client, url: str, data: dict):
    """Open the page, take the form's CSRF token, post: what a browser does."""
    page = client.get(url)
    assert page.status_code == 200
    return client.post(url, {**data, "csrfmiddlewaretoken": page.context["csrf_token"]})


def test_the_change_page_offers_approve_and_return_while_it_waits(staff_client, presentation):
    text = staff_client.get(change_url(presentation)).content.decode()
    assert 'name="_approve"' in text
    assert 'name="_return"' in text
    assert 'name="note"' in text

    approved = MentorFactory().presentation
    text = staff_client.get(change_url(approved)).content.decode()
    assert 'name="_approve"' not in text


def test_a_post_without_the_csrf_token_is_refused(staff_client, presentation):
    response = staff_client.post(change_url(presentation), {"_approve": "1"})
    assert response.status_code == 403
    presentation.refresh_from_db()
    assert presentation.approved_at is None


def test_approve_from_the_change_page(
    staff_client, presentation, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = post_with_csrf(staff_client, change_url(presentation), {"_approve": "1"})

    assert response.status_code == 302
    presentation.refresh_from_db()
    assert presentation.approved_at is not None
    assert presentation.is_visible
    item = InboxItem.objects.get(user=presentation.mentor, kind="presentation_approved")
    assert item.link == reverse("matching:my_presentation")
    [email] = mailoutbox
    assert email.to == [presentation.mentor.email]
    # Her inbox says it, without a name.
    client = Client()
    client.force_login(presentation.mentor)
    inbox = html.unescape(client.get(reverse("notifications:inbox")).content.decode())
    assert "The program staff approved your presentation." in inbox


def test_return_with_a_note(
    staff_client, presentation, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = post_with_csrf(
            staff_client, change_url(presentation), {"_return": "1", "note": NOTE}
        )

    assert response.status_code == 302
    presentation.refresh_from_db()
    assert presentation.return_note == NOTE
    assert presentation.approved_at is None
    assert not MentorPresentation.objects.awaiting_approval().filter(pk=presentation.pk).exists()

    # Her inbox says the staff returned it, not what they wrote; the email has the note.
    item = InboxItem.objects.get(user=presentation.mentor, kind="presentation_returned")
    assert item.link == reverse("matching:my_presentation")
    [email] = mailoutbox
    assert email.to == [presentation.mentor.email]
    assert NOTE in email.body
    assert reverse("matching:my_presentation") in email.body
    mentor = Client()
    mentor.force_login(presentation.mentor)
    inbox = html.unescape(mentor.get(reverse("notifications:inbox")).content.decode())
    assert "The program staff returned your presentation with a note." in inbox
    assert NOTE not in inbox

    # Her page shows the note until she edits the presentation; then it waits again.
    own = html.unescape(mentor.get(reverse("matching:my_presentation")).content.decode())
    assert NOTE in own
    assert "Returned by the program staff" in own
    mentor.post(reverse("matching:presentation_edit"), presentation_post(headline="Fixed it"))
    own = html.unescape(mentor.get(reverse("matching:my_presentation")).content.decode())
    assert NOTE not in own
    assert MentorPresentation.objects.awaiting_approval().filter(pk=presentation.pk).exists()


def test_the_note_is_required(staff_client, presentation, mailoutbox):
    response = post_with_csrf(
        staff_client, change_url(presentation), {"_return": "1", "note": "   "}
    )

    assert response.status_code == 302
    page = staff_client.get(response["Location"]).content.decode()
    assert "Write what the mentor should change." in html.unescape(page)
    presentation.refresh_from_db()
    assert presentation.returned_at is None
    assert not mailoutbox
    assert not InboxItem.objects.filter(user=presentation.mentor).exists()


def test_staff_without_the_permission_to_change_presentations_are_refused(presentation):
    reader = StaffFactory()
    reader.groups.clear()  # staff status, and only the permission to read presentations
    reader.user_permissions.add(
        Permission.objects.get(codename="view_mentorpresentation"),
    )
    client = Client()
    client.force_login(reader)

    page = client.get(change_url(presentation))
    assert page.status_code == 200
    assert 'name="_approve"' not in page.content.decode()
    for data in ({"_approve": "1"}, {"_return": "1", "note": NOTE}):
        assert client.post(change_url(presentation), data).status_code == 403

    presentation.refresh_from_db()
    assert presentation.approved_at is None
    assert presentation.returned_at is None
