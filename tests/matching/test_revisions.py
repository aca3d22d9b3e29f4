"""A presentation edited after staff approved it: the approved text stays what mentees read
until staff approve the changes; she sees that they wait, and staff are told once."""

import html

import pytest
from django.test import override_settings
from django.urls import reverse

from matching.models import MentorPresentation
from notifications.models import Notification
from tests.factories import MenteeFactory, StaffFactory

from .test_views import presentation_post

pytestmark = pytest.mark.django_db

APPROVED = "Software engineer happy to talk about studies and careers in computing"
EDITED = "Send me money at totally-not-a-scam.example"


def text(response) -> str:
    return html.unescape(response.content.decode())


def test_an_approved_presentation_edited_afterwards_waits_for_approval(
    client, make_mentor, mailoutbox, django_capture_on_commit_callbacks
):
    mentor = make_mentor("Ada")
    staff = StaffFactory()
    presentation = mentor.presentation
    assert presentation.headline == APPROVED
    client.force_login(mentor)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("matching:presentation_edit"),
            presentation_post(headline=EDITED, introduction="Changed introduction."),
        )
    assert response.status_code == 302

    # Mentees still read the approved text, in the directory and on her page.
    mentee = MenteeFactory()
    client.force_login(mentee)
    directory = text(client.get(reverse("matching:directory")))
    assert APPROVED in directory
    assert EDITED not in directory
    page = text(client.get(reverse("matching:mentor_detail", args=[presentation.public_id])))
    assert APPROVED in page
    assert EDITED not in page
    assert "Changed introduction." not in page

    # Her page says the changes wait; her form goes on from them.
    client.force_login(mentor)
    own = text(client.get(reverse("matching:my_presentation")))
    assert "Your changes are awaiting approval by the program staff" in own
    assert EDITED in text(client.get(reverse("matching:presentation_edit")))

    # Staff find it in the admin's filter and got one email, without her text.
    client.force_login(staff)
    listed = client.get(
        reverse("admin:matching_mentorpresentation_changelist"), {"approval": "awaiting"}
    )
    assert [p.pk for p in listed.context["cl"].result_list] == [presentation.pk]
    change = client.get(reverse("admin:matching_mentorpresentation_change", args=[presentation.pk]))
    assert EDITED in text(change)
    assert [email.to for email in mailoutbox] == [[staff.email]]
    email = mailoutbox[0]
    assert EDITED not in email.body
    assert reverse("admin:matching_mentorpresentation_change", args=[presentation.pk]) in (
        email.body
    )

    # Editing again while it waits sends no second email.
    client.force_login(mentor)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("matching:presentation_edit"), presentation_post(headline=EDITED + "!"))
    assert len(mailoutbox) == 1
    assert Notification.objects.filter(user=staff).count() == 1

    # Staff approve: mentees now read the new text, and she is told.
    client.force_login(staff)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("admin:matching_mentorpresentation_changelist"),
            {"action": "approve", "_selected_action": [presentation.pk]},
        )
    presentation.refresh_from_db()
    assert presentation.headline == EDITED + "!"
    assert presentation.introduction == "I work on exoplanets at a university observatory."
    assert not MentorPresentation.objects.awaiting_approval().exists()
    assert mailoutbox[-1].to == [mentor.email]
    client.force_login(mentee)
    assert EDITED + "!" in text(client.get(reverse("matching:directory")))


def approved_texts(presentation, **overrides) -> dict:
    return presentation_post(
        **{name: getattr(presentation, name) for name in presentation.REVIEWED_FIELDS},
        **overrides,
    )


def test_changes_outside_the_text_apply_at_once(client, make_mentor):
    mentor = make_mentor("Ada")
    client.force_login(mentor)

    client.post(reverse("matching:presentation_edit"), approved_texts(mentor.presentation))

    presentation = MentorPresentation.objects.get(pk=mentor.presentation.pk)
    assert presentation.capacity == 2
    assert presentation.revision is None
    assert not MentorPresentation.objects.awaiting_approval().exists()
    client.post(
        reverse("matching:presentation_edit"), approved_texts(mentor.presentation, capacity="3")
    )
    presentation.refresh_from_db()
    assert presentation.capacity == 3
    assert presentation.revision is None


def test_editing_back_to_the_approved_text_withdraws_the_changes(client, make_mentor):
    mentor = make_mentor("Ada")
    client.force_login(mentor)
    client.post(reverse("matching:presentation_edit"), presentation_post(headline=EDITED))
    assert MentorPresentation.objects.awaiting_approval().count() == 1

    client.post(reverse("matching:presentation_edit"), approved_texts(mentor.presentation))

    assert not MentorPresentation.objects.awaiting_approval().exists()


@override_settings(MATCHING_PRESENTATION_APPROVAL_REQUIRED=False)
def test_without_approval_an_edit_shows_at_once(client, make_mentor):
    mentor = make_mentor("Ada")
    client.force_login(mentor)

    client.post(reverse("matching:presentation_edit"), presentation_post(headline=EDITED))

    mentor.presentation.refresh_from_db()
    assert mentor.presentation.headline == EDITED
    assert mentor.presentation.revision is None
