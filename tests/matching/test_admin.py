"""The back office for matching: approving presentations, and smoke tests of every admin."""

import html

import pytest
from django.urls import reverse

from cycles.models import Mentorship
from matching.models import FlashSlot, MentorPresentation
from tests.factories import (
    ConnectionRequestFactory,
    FlashBookingFactory,
    FlashSlotFactory,
    MentorFactory,
    MentorshipFactory,
    RequestEventFactory,
    StaffFactory,
    UserFactory,
)

from .conftest import email_links

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser(db):
    return UserFactory(is_staff=True, is_superuser=True)


@pytest.fixture
def presentations():
    """One presentation in each state an approver meets."""
    return {
        "awaiting": MentorFactory(
            presentation__headline="Awaiting headline", presentation__approved_at=None
        ).presentation,
        "approved": MentorFactory(presentation__headline="Approved headline").presentation,
        "draft": MentorFactory(
            presentation__headline="Draft headline",
            presentation__is_published=False,
            presentation__approved_at=None,
        ).presentation,
    }


def changelist_url() -> str:
    return reverse("admin:matching_mentorpresentation_changelist")


@pytest.mark.parametrize(
    ("approval", "shown"),
    [
        ("awaiting", ["Awaiting headline"]),
        ("approved", ["Approved headline"]),
        ("draft", ["Draft headline"]),
        (None, ["Approved headline", "Awaiting headline", "Draft headline"]),
    ],
)
def test_approval_filter(client, presentations, approval, shown):
    client.force_login(StaffFactory())

    response = client.get(changelist_url(), {"approval": approval} if approval else {})

    assert response.status_code == 200
    rows = response.context["cl"].result_list
    assert sorted(p.headline for p in rows) == shown
    if approval == "awaiting":
        assert "Awaiting approval" in html.unescape(response.content.decode())


def test_program_staff_approve_from_the_list(
    client, presentations, mailoutbox, django_capture_on_commit_callbacks
):
    staff = StaffFactory()
    client.force_login(staff)
    awaiting = presentations["awaiting"]

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            changelist_url() + "?approval=awaiting",
            {"action": "approve", "_selected_action": [awaiting.pk]},
            follow=True,
        )

    assert response.status_code == 200
    assert "1 presentation approved; the mentor has been told by email." in html.unescape(
        response.content.decode()
    )
    awaiting.refresh_from_db()
    assert awaiting.approved_by == staff
    assert awaiting.is_visible
    assert MentorPresentation.objects.awaiting_approval().count() == 0
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == [awaiting.mentor.email]
    assert mailoutbox[0].subject == "[WESTEM] Your mentor presentation is published"
    assert email_links(mailoutbox[0]) == [reverse("matching:my_presentation")]


def test_approving_a_mixed_selection_counts_only_those_awaiting(
    client, presentations, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(StaffFactory())

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            changelist_url(),
            {"action": "approve", "_selected_action": [p.pk for p in presentations.values()]},
            follow=True,
        )

    assert "1 presentation approved" in html.unescape(response.content.decode())
    assert [email.to for email in mailoutbox] == [[presentations["awaiting"].mentor.email]]
    presentations["draft"].refresh_from_db()
    assert presentations["draft"].approved_at is None


def test_staff_without_the_program_staff_group_cannot_approve(client, presentations):
    client.force_login(UserFactory(is_staff=True))

    response = client.post(
        changelist_url(),
        {"action": "approve", "_selected_action": [presentations["awaiting"].pk]},
    )

    assert response.status_code == 403
    presentations["awaiting"].refresh_from_db()
    assert presentations["awaiting"].approved_at is None


def test_program_staff_read_requests_and_mentorships(client):
    request = ConnectionRequestFactory()
    client.force_login(StaffFactory())

    assert client.get(reverse("admin:matching_connectionrequest_changelist")).status_code == 200
    assert (
        client.get(
            reverse("admin:matching_connectionrequest_change", args=[request.pk])
        ).status_code
        == 200
    )
    assert client.get(reverse("admin:cycles_mentorship_changelist")).status_code == 200


# --- smoke tests: list, search and add (or change, where adding is not offered) ------------------


@pytest.fixture
def one_of_each():
    mentorship = MentorshipFactory()
    request = ConnectionRequestFactory(
        mentor=mentorship.mentor, mentee=mentorship.mentee, status="accepted", mentorship=mentorship
    )
    event = RequestEventFactory(request=request)
    # A booking record alone (its mentorship would be a second one in the list above).
    booking = FlashBookingFactory(
        slot=FlashSlotFactory(mentor=mentorship.mentor), mentorship=None, meeting=None
    )
    return {
        "mentorpresentation": mentorship.mentor.presentation,
        "connectionrequest": request,
        "requestevent": event,
        "mentorship": mentorship,
        "flashslot": booking.slot,
        "flashbooking": booking,
    }


ADMINS = [
    ("matching", "mentorpresentation", True),
    ("matching", "connectionrequest", False),
    ("matching", "requestevent", False),
    ("cycles", "mentorship", True),
    ("matching", "flashslot", False),
    ("matching", "flashbooking", False),
]


@pytest.mark.parametrize(("app", "model", "can_add"), ADMINS)
def test_admin_pages_answer(client, superuser, one_of_each, app, model, can_add):
    client.force_login(superuser)
    obj = one_of_each[model]
    changelist = reverse(f"admin:{app}_{model}_changelist")

    listing = client.get(changelist)
    search = client.get(changelist, {"q": obj_email(obj)})
    change = client.get(reverse(f"admin:{app}_{model}_change", args=[obj.pk]))
    add = client.get(reverse(f"admin:{app}_{model}_add"))

    assert listing.status_code == 200
    assert listing.context["cl"].result_count == 1
    assert search.status_code == 200
    assert search.context["cl"].result_count == 1
    assert client.get(changelist, {"q": "nobody@nowhere.example"}).context["cl"].result_count == 0
    assert change.status_code == 200
    assert add.status_code == (200 if can_add else 403)


def obj_email(obj) -> str:
    if isinstance(obj, MentorPresentation | Mentorship | FlashSlot):
        return obj.mentor.email
    if hasattr(obj, "request"):
        return obj.request.mentee.email
    return obj.mentee.email
