"""matching.services: every write, every rule with the exact message a user sees, the history
rows, who may act, and the emails each transition sends (in the recipient's language)."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from cycles.models import Mentorship
from matching import services, tasks
from matching.models import ConnectionRequest, MentorPresentation, RequestEvent
from notifications.models import InboxItem
from tests.factories import (
    ConnectionRequestFactory,
    ExpertiseAreaFactory,
    MenteeFactory,
    MentorFactory,
    MentorPresentationFactory,
    MentorshipFactory,
    SpokenLanguageFactory,
    StaffFactory,
    UserFactory,
)

from .conftest import email_links, html_part

pytestmark = pytest.mark.django_db

SWEDISH_FOOTER = "ett mentorprogram för kvinnor och flickor"
ENGLISH_FOOTER = "a mentoring program for women and girls"


def events(request) -> list[tuple]:
    return list(
        RequestEvent.objects.filter(request=request)
        .order_by("pk")
        .values_list("from_status", "to_status", "actor_id", "note")
    )


def messages_of(error: pytest.ExceptionInfo) -> list[str]:
    return error.value.messages


def mentor_named(name: str, **kwargs):
    return MentorFactory(profile__display_name=name, **kwargs)


def send(mentee, mentor, style="traditional", message="Hello, I study physics."):
    return services.send_request(mentee=mentee, mentor=mentor, style=style, message=message)


def draft_presentation(mentor_kwargs=None, **kwargs):
    """A mentor whose presentation is written but neither published nor approved."""
    mentor = MentorFactory(presentation=None, **(mentor_kwargs or {}))
    presentation = MentorPresentationFactory(
        mentor=mentor, is_published=False, published_at=None, approved_at=None, **kwargs
    )
    return mentor, presentation


# --- save_presentation ---------------------------------------------------------------------

PRESENTATION_DATA = {
    "headline": "Chemist in pharma, happy to talk about PhD choices",
    "introduction": "I did my PhD in organic chemistry and now lead a lab.",
    "expertise_details": "Organic synthesis.",
    "offer": "Applying for a PhD, lab careers.",
    "offers_traditional": True,
    "offers_flash": False,
    "capacity": 3,
    "accepting_requests": True,
}


def test_save_presentation_creates_a_draft_with_fields_and_languages():
    mentor = MentorFactory(presentation=None)
    chemistry = ExpertiseAreaFactory(slug="chemistry", name_en="Chemistry")
    swedish = SpokenLanguageFactory(code="sv", name_en="Swedish")

    presentation = services.save_presentation(
        mentor=mentor, data=PRESENTATION_DATA, expertise=[chemistry], languages=[swedish]
    )

    presentation.refresh_from_db()
    assert presentation.mentor == mentor
    assert presentation.headline == PRESENTATION_DATA["headline"]
    assert presentation.capacity == 3
    assert (presentation.offers_traditional, presentation.offers_flash) == (True, False)
    assert list(presentation.expertise.all()) == [chemistry]
    assert list(presentation.languages.all()) == [swedish]
    assert presentation.is_published is False
    assert presentation.state_label == "Draft — not shown to mentees"
    assert not MentorPresentation.objects.visible().filter(pk=presentation.pk).exists()


def test_save_presentation_updates_the_existing_one():
    mentor = MentorFactory()
    before = mentor.presentation
    chemistry = ExpertiseAreaFactory(slug="chemistry", name_en="Chemistry")

    after = services.save_presentation(
        mentor=mentor,
        data={"headline": "A new headline", "capacity": 4},
        expertise=[chemistry],
        languages=list(before.languages.all()),
    )

    assert after.pk == before.pk
    assert MentorPresentation.objects.filter(mentor=mentor).count() == 1
    after.refresh_from_db()
    # Approved already: the new headline waits for staff, the capacity applies at once.
    assert (after.headline, after.capacity) == (before.headline, 4)
    assert after.revised()["headline"] == "A new headline"
    assert after.revised()["introduction"] == before.introduction  # fields not given stay
    assert list(after.expertise.all()) == [chemistry]
    assert after.is_published  # editing does not unpublish


@pytest.mark.parametrize("who", ["mentee", "no-profile"])
def test_save_presentation_is_only_for_mentors(who):
    user = MenteeFactory() if who == "mentee" else UserFactory()

    with pytest.raises(PermissionDenied):
        services.save_presentation(
            mentor=user,
            data=PRESENTATION_DATA,
            expertise=[ExpertiseAreaFactory()],
            languages=[SpokenLanguageFactory()],
        )

    assert not MentorPresentation.objects.filter(mentor=user).exists()


@pytest.mark.parametrize(
    ("missing", "field", "message"),
    [
        ("expertise", "expertise", "Choose at least one field."),
        ("languages", "languages", "Choose at least one language."),
        ("style", "offers_traditional", "Offer at least one mentoring style."),
    ],
)
def test_save_presentation_rules(missing, field, message):
    mentor = MentorFactory(presentation=None)
    data = dict(PRESENTATION_DATA)
    expertise, languages = [ExpertiseAreaFactory()], [SpokenLanguageFactory()]
    if missing == "expertise":
        expertise = []
    elif missing == "languages":
        languages = []
    else:
        data.update(offers_traditional=False, offers_flash=False)

    with pytest.raises(ValidationError) as error:
        services.save_presentation(
            mentor=mentor, data=data, expertise=expertise, languages=languages
        )

    assert error.value.message_dict == {field: [message]}
    assert not MentorPresentation.objects.filter(mentor=mentor).exists()


def test_save_presentation_refuses_a_capacity_outside_1_to_10():
    mentor = MentorFactory(presentation=None)

    with pytest.raises(ValidationError):
        services.save_presentation(
            mentor=mentor,
            data={**PRESENTATION_DATA, "capacity": 11},
            expertise=[ExpertiseAreaFactory()],
            languages=[SpokenLanguageFactory()],
        )

    assert not MentorPresentation.objects.filter(mentor=mentor).exists()


# --- publish, unpublish, pause -------------------------------------------------------------


def test_publish_waits_for_approval_by_default():
    mentor, presentation = draft_presentation()

    published = services.publish_presentation(presentation=presentation, by=mentor)

    published.refresh_from_db()
    assert published.is_published
    assert published.published_at is not None
    assert published.is_visible is False
    assert published.state_label == "Awaiting approval by the program staff"
    assert not MentorPresentation.objects.visible().filter(pk=presentation.pk).exists()
    assert MentorPresentation.objects.awaiting_approval().filter(pk=presentation.pk).exists()


def test_staff_find_a_published_presentation_in_their_inbox_without_an_email(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    staff = StaffFactory()
    mentor, presentation = draft_presentation()

    with django_capture_on_commit_callbacks(execute=True):
        services.publish_presentation(presentation=presentation, by=mentor)

    (item,) = InboxItem.objects.filter(user=staff)
    assert item.text == "A mentor published her presentation: it waits for your approval."
    assert mailoutbox == []
    client.force_login(staff)
    opened = client.get(reverse("notifications:open", args=[item.pk]))
    assert opened["Location"] == reverse(
        "admin:matching_mentorpresentation_change", args=[presentation.pk]
    )
    assert not InboxItem.objects.filter(user=mentor).exists()


@override_settings(MATCHING_PRESENTATION_APPROVAL_REQUIRED=False)
def test_publish_shows_at_once_when_approval_is_not_required():
    mentor, presentation = draft_presentation()
    StaffFactory()

    published = services.publish_presentation(presentation=presentation, by=mentor)

    assert published.is_visible
    assert not InboxItem.objects.exists()  # nothing waits for the staff
    assert published.state_label == "Published"
    assert MentorPresentation.objects.visible().filter(pk=presentation.pk).exists()


def test_publishing_twice_keeps_the_first_date():
    mentor = MentorFactory()
    first = mentor.presentation.published_at

    again = services.publish_presentation(presentation=mentor.presentation, by=mentor)

    assert again.published_at == first


def test_unpublish_hides_from_the_directory():
    mentor = MentorFactory()

    hidden = services.unpublish_presentation(presentation=mentor.presentation, by=mentor)

    hidden.refresh_from_db()
    assert hidden.is_published is False
    assert not MentorPresentation.objects.visible().filter(pk=hidden.pk).exists()


def test_pause_and_resume():
    mentor = MentorFactory()

    paused = services.set_accepting_requests(
        presentation=mentor.presentation, by=mentor, accepting=False
    )
    paused.refresh_from_db()
    assert paused.accepting_requests is False
    assert paused.state_label == "Published — paused, not taking new requests"
    assert MentorPresentation.objects.visible().filter(pk=paused.pk).exists()  # still shown

    resumed = services.set_accepting_requests(presentation=paused, by=mentor, accepting=True)
    resumed.refresh_from_db()
    assert resumed.accepting_requests is True


@pytest.mark.parametrize(
    "action",
    [
        lambda p, by: services.publish_presentation(presentation=p, by=by),
        lambda p, by: services.unpublish_presentation(presentation=p, by=by),
        lambda p, by: services.set_accepting_requests(presentation=p, by=by, accepting=False),
    ],
    ids=["publish", "unpublish", "pause"],
)
@pytest.mark.parametrize("who", ["other-mentor", "mentee", "staff"])
def test_only_the_author_changes_her_presentation(action, who):
    mentor, presentation = draft_presentation()
    other = {"other-mentor": MentorFactory, "mentee": MenteeFactory, "staff": StaffFactory}[who]()

    with pytest.raises(PermissionDenied):
        action(presentation, other)

    presentation.refresh_from_db()
    assert (presentation.is_published, presentation.accepting_requests) == (False, True)


# --- approve_presentations -----------------------------------------------------------------


def test_staff_approve_and_the_mentor_is_told(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    mentor, presentation = draft_presentation(mentor_kwargs={"profile__display_name": "Rosalind"})
    services.publish_presentation(presentation=presentation, by=mentor)
    staff = StaffFactory()

    with django_capture_on_commit_callbacks(execute=True):
        count = services.approve_presentations(presentations=[presentation], by=staff)

    assert count == 1
    presentation.refresh_from_db()
    assert presentation.approved_at is not None
    assert presentation.approved_by == staff
    assert presentation.is_visible
    assert len(mailoutbox) == 1
    email = mailoutbox[0]
    assert email.to == [mentor.email]
    assert email.subject == "[WESTEM] Your mentor presentation is published"
    assert email.body.startswith("Hello Rosalind,")
    assert ENGLISH_FOOTER in html_part(email)
    assert email_links(email) == [reverse("matching:my_presentation")]
    client.force_login(mentor)
    assert client.get(email_links(email)[0]).status_code == 200


def test_approval_email_is_in_the_mentors_language(mailoutbox, django_capture_on_commit_callbacks):
    mentor, presentation = draft_presentation(mentor_kwargs={"profile__language": "sv"})
    services.publish_presentation(presentation=presentation, by=mentor)

    with django_capture_on_commit_callbacks(execute=True):
        services.approve_presentations(presentations=[presentation], by=StaffFactory())

    with translation.override("sv"):
        expected = gettext("Your mentor presentation is published")
    assert mailoutbox[0].subject == f"[WESTEM] {expected}"
    assert SWEDISH_FOOTER in html_part(mailoutbox[0])


def test_approving_again_or_a_draft_does_nothing(mailoutbox, django_capture_on_commit_callbacks):
    approved = MentorFactory().presentation
    _mentor, draft = draft_presentation()

    with django_capture_on_commit_callbacks(execute=True):
        count = services.approve_presentations(presentations=[approved, draft], by=StaffFactory())

    assert count == 0
    assert mailoutbox == []
    draft.refresh_from_db()
    assert draft.approved_at is None  # approval is for what the mentor has sent for review


@pytest.mark.parametrize("who", ["mentor", "mentee", "staff-without-group"])
def test_only_program_staff_approve(who):
    mentor, presentation = draft_presentation()
    services.publish_presentation(presentation=presentation, by=mentor)
    user = {
        "mentor": lambda: mentor,
        "mentee": MenteeFactory,
        "staff-without-group": lambda: UserFactory(is_staff=True),
    }[who]()

    with pytest.raises(PermissionDenied):
        services.approve_presentations(presentations=[presentation], by=user)

    presentation.refresh_from_db()
    assert presentation.approved_at is None


def test_a_staff_group_member_needs_is_staff_to_approve():
    mentor, presentation = draft_presentation()
    services.publish_presentation(presentation=presentation, by=mentor)
    user = UserFactory()
    user.groups.add(Group.objects.get(name="Program staff"))

    with pytest.raises(PermissionDenied):
        services.approve_presentations(presentations=[presentation], by=user)


# --- send_request --------------------------------------------------------------------------


def test_send_request(client, mailoutbox, django_capture_on_commit_callbacks):
    mentor = mentor_named("Katherine")
    mentee = MenteeFactory(profile__display_name="Mae")

    with django_capture_on_commit_callbacks(execute=True):
        request = send(mentee, mentor, style="flash", message="  Hi! Could we talk about PhDs?  ")

    request.refresh_from_db()
    assert (request.mentee, request.mentor, request.style) == (mentee, mentor, "flash")
    assert request.status == "pending"
    assert request.message == "Hi! Could we talk about PhDs?"
    assert request.responded_at is None
    assert events(request) == [("", "pending", mentee.pk, "")]
    assert len(mailoutbox) == 1
    email = mailoutbox[0]
    assert email.to == [mentor.email]
    assert email.subject == "[WESTEM] Mae would like you as her mentor"
    assert email.body.startswith("Hello Katherine,")
    assert "Mae has sent you a request for flash mentoring. Her message:" in email.body
    assert "Hi! Could we talk about PhDs?" in email.body
    assert "Please answer within 14 days" in email.body
    link = reverse("matching:request_detail", args=[request.public_id])
    assert email_links(email) == [link]
    client.force_login(mentor)
    assert client.get(link).status_code == 200


@override_settings(MATCHING_REQUEST_EXPIRY_DAYS=7)
def test_request_email_gives_the_expiry_period_from_the_setting(
    mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        send(MenteeFactory(), MentorFactory())

    assert "Please answer within 7 days" in mailoutbox[0].body


def test_request_email_is_in_the_mentors_language(mailoutbox, django_capture_on_commit_callbacks):
    mentor = MentorFactory(profile__language="sv")
    mentee = MenteeFactory(profile__display_name="Mae")

    with django_capture_on_commit_callbacks(execute=True):
        send(mentee, mentor)

    with translation.override("sv"):
        expected = gettext("%(name)s would like you as her mentor") % {"name": "Mae"}
    assert mailoutbox[0].subject == f"[WESTEM] {expected}"
    assert SWEDISH_FOOTER in html_part(mailoutbox[0])
    assert ENGLISH_FOOTER not in html_part(mailoutbox[0])


def test_only_mentees_send_requests():
    with pytest.raises(ValidationError) as error:
        send(MentorFactory(), MentorFactory())

    assert messages_of(error) == ["Only mentees can send connection requests."]


def test_a_user_without_a_profile_cannot_send_requests():
    with pytest.raises(ValidationError) as error:
        send(UserFactory(), MentorFactory())

    assert messages_of(error) == ["Only mentees can send connection requests."]


def test_no_request_to_yourself():
    mentee = MenteeFactory()

    with pytest.raises(ValidationError) as error:
        send(mentee, mentee)

    assert messages_of(error) == ["You cannot send a request to yourself."]


@pytest.mark.parametrize("state", ["no-presentation", "draft", "unapproved", "unpublished"])
def test_no_request_to_a_mentor_hidden_from_the_directory(state):
    if state == "no-presentation":
        mentor = mentor_named("Hedy", presentation=None)
    elif state == "draft":
        mentor, _presentation = draft_presentation({"profile__display_name": "Hedy"})
    elif state == "unapproved":
        mentor = mentor_named("Hedy", presentation__approved_at=None)
    else:
        mentor = mentor_named("Hedy")
        services.unpublish_presentation(presentation=mentor.presentation, by=mentor)

    with pytest.raises(ValidationError) as error:
        send(MenteeFactory(), mentor)

    assert messages_of(error) == ["Hedy is not taking requests through the directory."]
    assert not ConnectionRequest.objects.exists()


@override_settings(MATCHING_PRESENTATION_APPROVAL_REQUIRED=False)
def test_an_unapproved_mentor_is_open_when_approval_is_off():
    mentor = MentorFactory(presentation__approved_at=None)

    assert send(MenteeFactory(), mentor).is_pending


def test_no_request_to_a_paused_mentor():
    mentor = mentor_named("Grace", presentation__accepting_requests=False)

    with pytest.raises(ValidationError) as error:
        send(MenteeFactory(), mentor)

    assert messages_of(error) == [
        "Grace has paused new requests for now. Please choose another mentor or try again later."
    ]


def test_style_must_be_known():
    with pytest.raises(ValidationError) as error:
        send(MenteeFactory(), MentorFactory(), style="weekly")

    assert error.value.message_dict == {"style": ["Choose traditional or flash mentoring."]}


@pytest.mark.parametrize(
    ("offered", "asked", "label"),
    [
        ({"presentation__offers_flash": False}, "flash", "flash"),
        ({"presentation__offers_traditional": False}, "traditional", "traditional"),
    ],
)
def test_style_must_be_offered(offered, asked, label):
    mentor = mentor_named("Chien-Shiung", **offered)

    with pytest.raises(ValidationError) as error:
        send(MenteeFactory(), mentor, style=asked)

    assert error.value.message_dict == {
        "style": [f"Chien-Shiung does not offer {label} mentoring."]
    }


@pytest.mark.parametrize("message", ["", "   \n "])
def test_a_message_is_required(message):
    with pytest.raises(ValidationError) as error:
        send(MenteeFactory(), MentorFactory(), message=message)

    assert error.value.message_dict == {
        "message": ["Write a few words about yourself and what you hope to get from the mentoring."]
    }


def test_no_request_to_a_mentor_she_is_already_working_with():
    mentor = mentor_named("Lise")
    mentee = MenteeFactory()
    MentorshipFactory(mentor=mentor, mentee=mentee, style="flash")

    with pytest.raises(ValidationError) as error:
        send(mentee, mentor, style="flash")

    assert messages_of(error) == ["You are already in a mentorship with Lise."]


def test_one_open_request_per_pair():
    mentor = mentor_named("Lise")
    mentee = MenteeFactory()
    send(mentee, mentor, style="flash")

    with pytest.raises(ValidationError) as error:
        send(mentee, mentor, style="traditional")

    assert messages_of(error) == ["You already have a pending request to Lise."]
    assert ConnectionRequest.objects.filter(mentee=mentee, mentor=mentor).count() == 1


def test_a_new_request_to_the_same_mentor_after_the_first_was_closed():
    mentor = MentorFactory()
    mentee = MenteeFactory()
    first = send(mentee, mentor)
    services.decline_request(request=first, by=mentor)

    second = send(mentee, mentor)

    assert second.pk != first.pk
    assert second.is_pending


def test_no_new_request_to_a_mentor_the_day_she_withdrew_one():
    mentor = mentor_named("Ada")
    mentee = MenteeFactory()
    first = send(mentee, mentor)
    services.withdraw_request(request=first, by=mentee)

    with pytest.raises(ValidationError) as error:
        send(mentee, mentor)

    assert messages_of(error) == [
        "You withdrew a request to Ada less than 24 hours ago. You can ask her again tomorrow."
    ]
    ConnectionRequest.objects.filter(pk=first.pk).update(
        created_at=timezone.now() - timedelta(hours=25)
    )
    assert send(mentee, mentor).is_pending


def test_at_most_three_pending_requests():
    mentee = MenteeFactory()
    for _ in range(3):
        send(mentee, MentorFactory(), style="flash")

    with pytest.raises(ValidationError) as error:
        send(mentee, MentorFactory(), style="flash")

    assert messages_of(error) == [
        "You already have 3 pending requests, the most at a time. Wait for an answer or "
        "withdraw one first."
    ]
    assert ConnectionRequest.objects.filter(mentee=mentee).count() == 3


@override_settings(MATCHING_MAX_PENDING_REQUESTS=1)
def test_pending_limit_follows_the_setting_and_frees_up_on_withdrawal():
    mentee = MenteeFactory()
    first = send(mentee, MentorFactory())

    with pytest.raises(ValidationError) as error:
        send(mentee, MentorFactory())
    assert messages_of(error) == [
        "You already have 1 pending requests, the most at a time. Wait for an answer or "
        "withdraw one first."
    ]

    services.withdraw_request(request=first, by=mentee)
    assert send(mentee, MentorFactory()).is_pending


def test_one_traditional_mentorship_at_a_time_but_flash_is_still_open():
    mentee = MenteeFactory()
    MentorshipFactory(mentee=mentee, style="traditional")
    mentor = MentorFactory()

    with pytest.raises(ValidationError) as error:
        send(mentee, mentor, style="traditional")

    assert messages_of(error) == [
        "You already have a traditional mentorship. You can still ask for flash mentoring."
    ]
    assert send(mentee, mentor, style="flash").is_pending


def test_an_ended_traditional_mentorship_does_not_block():
    mentee = MenteeFactory()
    MentorshipFactory(mentee=mentee, style="traditional", status="completed")

    assert send(mentee, MentorFactory(), style="traditional").is_pending


def test_no_traditional_request_to_a_full_mentor_but_flash_is_open():
    mentor = mentor_named("Marie", capacity=1)
    MentorshipFactory(mentor=mentor, style="traditional")
    mentee = MenteeFactory()

    with pytest.raises(ValidationError) as error:
        send(mentee, mentor, style="traditional")

    assert messages_of(error) == ["Marie has no free place for traditional mentoring right now."]
    assert send(mentee, mentor, style="flash").is_pending


# --- accept_request ------------------------------------------------------------------------


def test_accept_starts_the_mentorship(client, mailoutbox, django_capture_on_commit_callbacks):
    mentor = mentor_named("Katherine")
    mentee = MenteeFactory(profile__display_name="Mae")
    request = send(mentee, mentor)

    with django_capture_on_commit_callbacks(execute=True):
        mentorship = services.accept_request(request=request, by=mentor)

    assert isinstance(mentorship, Mentorship)
    assert (mentorship.mentor, mentorship.mentee, mentorship.style) == (
        mentor,
        mentee,
        "traditional",
    )
    assert (mentorship.status, mentorship.phase) == ("active", 1)
    assert mentorship.start_date == timezone.localdate()
    request.refresh_from_db()
    assert request.status == "accepted"
    assert request.responded_at is not None
    assert request.mentorship == mentorship
    assert events(request) == [
        ("", "pending", mentee.pk, ""),
        ("pending", "accepted", mentor.pk, ""),
    ]
    assert len(mailoutbox) == 1
    email = mailoutbox[0]
    assert email.to == [mentee.email]
    assert email.subject == "[WESTEM] Katherine has accepted your request"
    assert email.body.startswith("Hello Mae,")
    assert "propose the date of your first meeting" in email.body
    link = reverse("matching:request_detail", args=[request.public_id])
    assert email_links(email) == [link]
    client.force_login(mentee)
    page = client.get(link)
    assert page.status_code == 200
    assert mentor.email in page.text


def test_accept_email_is_in_the_mentees_language(mailoutbox, django_capture_on_commit_callbacks):
    mentor = mentor_named("Katherine")
    request = ConnectionRequestFactory(mentor=mentor, mentee=MenteeFactory(profile__language="sv"))

    with django_capture_on_commit_callbacks(execute=True):
        services.accept_request(request=request, by=mentor)

    with translation.override("sv"):
        expected = gettext("%(name)s has accepted your request") % {"name": "Katherine"}
    assert mailoutbox[0].subject == f"[WESTEM] {expected}"
    assert SWEDISH_FOOTER in html_part(mailoutbox[0])


@pytest.mark.parametrize("who", ["mentee", "third-mentor", "third-mentee", "staff"])
def test_only_her_mentor_accepts(who):
    request = ConnectionRequestFactory()
    user = {
        "mentee": lambda: request.mentee,
        "third-mentor": MentorFactory,
        "third-mentee": MenteeFactory,
        "staff": StaffFactory,
    }[who]()

    with pytest.raises(PermissionDenied):
        services.accept_request(request=request, by=user)

    request.refresh_from_db()
    assert request.status == "pending"
    assert not Mentorship.objects.exists()


@pytest.mark.parametrize("status", ["accepted", "declined", "withdrawn", "expired"])
def test_only_a_pending_request_is_accepted(status):
    request = ConnectionRequestFactory(status=status)

    with pytest.raises(ValidationError) as error:
        services.accept_request(request=request, by=request.mentor)

    assert messages_of(error) == [f"This request is already {status}."]
    assert not Mentorship.objects.exists()


def test_accept_respects_capacity():
    mentor = MentorFactory(capacity=1)
    MentorshipFactory(mentor=mentor, style="traditional")
    request = ConnectionRequestFactory(mentor=mentor, style="traditional")

    with pytest.raises(ValidationError) as error:
        services.accept_request(request=request, by=mentor)

    assert messages_of(error) == [
        "You have no free place: you already mentor 1 mentee in traditional mentoring and your "
        "capacity is 1. Raise your capacity on your presentation, or decline the request."
    ]
    request.refresh_from_db()
    assert request.status == "pending"
    assert events(request) == []


def test_a_full_mentor_is_told_how_many_mentees_in_the_right_number():
    """One mentee is "1 mentee" / "1 adept"; more are "2 mentees" / "2 adepter"."""
    mentor = MentorFactory(capacity=2)
    MentorshipFactory.create_batch(2, mentor=mentor, style="traditional")
    request = ConnectionRequestFactory(mentor=mentor, style="traditional")

    with pytest.raises(ValidationError) as error:
        services.accept_request(request=request, by=mentor)
    assert "you already mentor 2 mentees in traditional mentoring" in messages_of(error)[0]

    single = MentorFactory(capacity=1)
    MentorshipFactory(mentor=single, style="traditional")
    request = ConnectionRequestFactory(mentor=single, style="traditional")
    with translation.override("sv"), pytest.raises(ValidationError) as error:
        services.accept_request(request=request, by=single)
    assert messages_of(error) == [
        "Du har ingen ledig plats: du är redan mentor för 1 adept i traditionellt mentorskap och "
        "din kapacitet är 1. Höj din kapacitet i din presentation eller avböj förfrågan."
    ]


def test_flash_does_not_use_a_place():
    mentor = MentorFactory(capacity=1)
    MentorshipFactory(mentor=mentor, style="traditional")
    request = ConnectionRequestFactory(mentor=mentor, style="flash")

    mentorship = services.accept_request(request=request, by=mentor)

    assert mentorship.style == "flash"


def test_accept_refuses_when_the_mentee_meanwhile_has_a_traditional_mentor():
    mentee = MenteeFactory(profile__display_name="Mae")
    request = ConnectionRequestFactory(mentee=mentee, style="traditional")
    MentorshipFactory(mentee=mentee, style="traditional")

    with pytest.raises(ValidationError) as error:
        services.accept_request(request=request, by=request.mentor)

    assert messages_of(error) == [
        "Mae has meanwhile started a traditional mentorship with another mentor."
    ]


def test_accepting_a_traditional_request_withdraws_her_other_traditional_requests():
    mentee = MenteeFactory()
    accepted, other_traditional, other_flash = (
        send(mentee, MentorFactory(), style="traditional"),
        send(mentee, MentorFactory(), style="traditional"),
        send(mentee, MentorFactory(), style="flash"),
    )

    services.accept_request(request=accepted, by=accepted.mentor)

    other_traditional.refresh_from_db()
    other_flash.refresh_from_db()
    assert other_traditional.status == "withdrawn"
    assert other_traditional.responded_at is not None
    assert events(other_traditional)[-1] == (
        "pending",
        "withdrawn",
        None,
        "Withdrawn automatically: the mentee started a traditional mentorship.",
    )
    assert other_flash.status == "pending"
    with pytest.raises(ValidationError) as error:
        services.accept_request(request=other_traditional, by=other_traditional.mentor)
    assert messages_of(error) == ["This request is already withdrawn."]


def test_accepting_a_flash_request_leaves_her_other_requests_open():
    mentee = MenteeFactory()
    flash = send(mentee, MentorFactory(), style="flash")
    traditional = send(mentee, MentorFactory(), style="traditional")

    services.accept_request(request=flash, by=flash.mentor)

    traditional.refresh_from_db()
    assert traditional.status == "pending"


def test_a_paused_mentor_still_answers_open_requests():
    mentor = MentorFactory()
    request = send(MenteeFactory(), mentor)
    services.set_accepting_requests(presentation=mentor.presentation, by=mentor, accepting=False)

    with pytest.raises(ValidationError) as error:
        send(MenteeFactory(), mentor)
    assert "has paused new requests" in messages_of(error)[0]

    mentorship = services.accept_request(request=request, by=mentor)
    assert mentorship.mentor == mentor


def test_an_unpublished_mentor_still_answers_open_requests():
    mentor = MentorFactory()
    request = send(MenteeFactory(), mentor)
    services.unpublish_presentation(presentation=mentor.presentation, by=mentor)

    services.accept_request(request=request, by=mentor)

    request.refresh_from_db()
    assert request.status == "accepted"


# --- decline_request -----------------------------------------------------------------------


def test_decline_with_a_kind_reason(client, mailoutbox, django_capture_on_commit_callbacks):
    mentor = mentor_named("Katherine")
    mentee = MenteeFactory(profile__display_name="Mae")
    request = send(mentee, mentor)

    with django_capture_on_commit_callbacks(execute=True):
        declined = services.decline_request(
            request=request, by=mentor, reason="  My calendar is full this term.  "
        )

    declined.refresh_from_db()
    assert declined.status == "declined"
    assert declined.decline_reason == "My calendar is full this term."
    assert declined.responded_at is not None
    assert events(request)[-1] == (
        "pending",
        "declined",
        mentor.pk,
        "  My calendar is full this term.  ",
    )
    assert not Mentorship.objects.exists()
    email = mailoutbox[0]
    assert email.to == [mentee.email]
    assert email.subject == "[WESTEM] About your mentoring request"
    assert email.body.startswith("Hello Mae,")
    assert "Katherine cannot take you on as a mentee this time." in email.body
    assert "She wrote:\n“My calendar is full this term.”" in email.body
    assert email_links(email) == [reverse("matching:directory")]
    client.force_login(mentee)
    assert client.get(email_links(email)[0]).status_code == 200


def test_decline_without_a_reason(mailoutbox, django_capture_on_commit_callbacks):
    request = ConnectionRequestFactory()

    with django_capture_on_commit_callbacks(execute=True):
        services.decline_request(request=request, by=request.mentor)

    request.refresh_from_db()
    assert (request.status, request.decline_reason) == ("declined", "")
    assert "She wrote" not in mailoutbox[0].body


def test_decline_email_is_in_the_mentees_language(mailoutbox, django_capture_on_commit_callbacks):
    request = ConnectionRequestFactory(mentee=MenteeFactory(profile__language="sv"))

    with django_capture_on_commit_callbacks(execute=True):
        services.decline_request(request=request, by=request.mentor)

    with translation.override("sv"):
        expected = gettext("About your mentoring request")
    assert mailoutbox[0].subject == f"[WESTEM] {expected}"
    assert SWEDISH_FOOTER in html_part(mailoutbox[0])


@pytest.mark.parametrize("who", ["mentee", "third-mentor", "third-mentee"])
def test_only_her_mentor_declines(who):
    request = ConnectionRequestFactory()
    user = {
        "mentee": lambda: request.mentee,
        "third-mentor": MentorFactory,
        "third-mentee": MenteeFactory,
    }[who]()

    with pytest.raises(PermissionDenied):
        services.decline_request(request=request, by=user)

    request.refresh_from_db()
    assert request.status == "pending"


def test_decline_only_while_pending(mailoutbox, django_capture_on_commit_callbacks):
    request = ConnectionRequestFactory(status="withdrawn")

    with pytest.raises(ValidationError) as error, django_capture_on_commit_callbacks(execute=True):
        services.decline_request(request=request, by=request.mentor, reason="Sorry")

    assert messages_of(error) == ["This request is already withdrawn."]
    assert mailoutbox == []
    assert not RequestEvent.objects.filter(request=request).exists()


# --- withdraw_request ----------------------------------------------------------------------


def test_withdraw(mailoutbox, django_capture_on_commit_callbacks):
    mentee = MenteeFactory()
    request = send(mentee, MentorFactory())

    with django_capture_on_commit_callbacks(execute=True):
        withdrawn = services.withdraw_request(request=request, by=mentee)

    withdrawn.refresh_from_db()
    assert withdrawn.status == "withdrawn"
    assert withdrawn.responded_at is not None
    assert events(request)[-1] == ("pending", "withdrawn", mentee.pk, "")
    assert mailoutbox == []  # withdrawing sends no email


@pytest.mark.parametrize("who", ["mentor", "third-mentor", "third-mentee"])
def test_only_the_mentee_withdraws(who):
    request = ConnectionRequestFactory()
    user = {
        "mentor": lambda: request.mentor,
        "third-mentor": MentorFactory,
        "third-mentee": MenteeFactory,
    }[who]()

    with pytest.raises(PermissionDenied):
        services.withdraw_request(request=request, by=user)

    request.refresh_from_db()
    assert request.status == "pending"


@pytest.mark.parametrize("status", ["accepted", "declined", "withdrawn", "expired"])
def test_withdraw_only_while_pending(status):
    request = ConnectionRequestFactory(status=status)

    with pytest.raises(ValidationError) as error:
        services.withdraw_request(request=request, by=request.mentee)

    assert messages_of(error) == [f"This request is already {status}."]


# --- expire_stale_requests -----------------------------------------------------------------

NOW = timezone.now().replace(microsecond=0)


def request_aged(age: timedelta, **kwargs) -> ConnectionRequest:
    return ConnectionRequestFactory(created_at=NOW - age, **kwargs)


def test_expiry_edges():
    fresh = request_aged(timedelta(days=13, hours=23))
    exactly = request_aged(timedelta(days=14))
    stale = request_aged(timedelta(days=14, seconds=1))

    assert services.expire_stale_requests(now=NOW) == 1

    for request in (fresh, exactly, stale):
        request.refresh_from_db()
    assert fresh.status == "pending"
    assert exactly.status == "pending"
    assert stale.status == "expired"
    assert stale.responded_at is not None
    assert events(stale) == [("pending", "expired", None, "")]
    assert services.expire_stale_requests(now=NOW) == 0  # nothing twice


def test_expiry_leaves_answered_requests_alone():
    answered = [
        request_aged(timedelta(days=30), status=status)
        for status in ("accepted", "declined", "withdrawn")
    ]

    assert services.expire_stale_requests(now=NOW) == 0

    assert [ConnectionRequest.objects.get(pk=r.pk).status for r in answered] == [
        "accepted",
        "declined",
        "withdrawn",
    ]


@override_settings(MATCHING_REQUEST_EXPIRY_DAYS=3)
def test_expiry_period_follows_the_setting():
    stale = request_aged(timedelta(days=3, seconds=1))
    fresh = request_aged(timedelta(days=2, hours=23))

    assert services.expire_stale_requests(now=NOW) == 1

    assert ConnectionRequest.objects.get(pk=stale.pk).status == "expired"
    assert ConnectionRequest.objects.get(pk=fresh.pk).status == "pending"


def test_expiry_defaults_to_now():
    stale = ConnectionRequestFactory(created_at=timezone.now() - timedelta(days=14, minutes=1))
    fresh = ConnectionRequestFactory(created_at=timezone.now() - timedelta(days=13))

    assert services.expire_stale_requests() == 1

    assert ConnectionRequest.objects.get(pk=stale.pk).status == "expired"
    assert ConnectionRequest.objects.get(pk=fresh.pk).status == "pending"


def test_expiry_makes_the_same_queries_for_one_request_and_for_many():
    request_aged(timedelta(days=20))
    with CaptureQueriesContext(connection) as one:
        assert services.expire_stale_requests(now=NOW) == 1
    for _ in range(5):
        request_aged(timedelta(days=20))

    with CaptureQueriesContext(connection) as many:
        assert services.expire_stale_requests(now=NOW) == 5

    assert len(one) == len(many)
    assert not ConnectionRequest.objects.filter(status="pending").exists()
    assert RequestEvent.objects.filter(to_status="expired", actor=None).count() == 6


def test_expiry_tells_each_mentee(client, mailoutbox, django_capture_on_commit_callbacks):
    mentor = mentor_named("Katherine")
    mentee = MenteeFactory(profile__display_name="Mae")
    request_aged(timedelta(days=15), mentor=mentor, mentee=mentee)
    request_aged(timedelta(days=16))

    with django_capture_on_commit_callbacks(execute=True):
        assert services.expire_stale_requests(now=NOW) == 2

    # Each mentee, and each mentor whose request it was.
    assert len(mailoutbox) == 4
    lapsed = next(email for email in mailoutbox if email.to == [mentor.email])
    assert lapsed.subject == "[WESTEM] A request to you has expired"
    assert "has expired without an answer, so that she can ask another mentor" in lapsed.body
    email = next(email for email in mailoutbox if email.to == [mentee.email])
    assert email.subject == "[WESTEM] Your mentoring request has expired"
    assert email.body.startswith("Hello Mae,")
    assert "Your request to Katherine has expired without an answer." in email.body
    directory, unsubscribe, settings_page = email_links(email)
    assert directory == reverse("matching:directory")
    assert unsubscribe.startswith("/notifications/unsubscribe/")
    assert settings_page == reverse("notifications:settings")
    client.force_login(mentee)
    assert client.get(directory).status_code == 200


def test_expiry_is_not_told_to_a_mentee_who_turned_it_off(
    mailoutbox, django_capture_on_commit_callbacks
):
    from notifications.models import NotificationOptOut

    request = request_aged(timedelta(days=15))
    NotificationOptOut.objects.create(user=request.mentee, kind="request_expired")

    with django_capture_on_commit_callbacks(execute=True):
        assert services.expire_stale_requests(now=NOW) == 1

    # Only her mentor is emailed; her inbox shows it all the same.
    assert [email.to for email in mailoutbox] == [[request.mentor.email]]


def test_expiry_email_is_in_the_mentees_language(mailoutbox, django_capture_on_commit_callbacks):
    request_aged(timedelta(days=15), mentee=MenteeFactory(profile__language="sv"))

    with django_capture_on_commit_callbacks(execute=True):
        services.expire_stale_requests(now=NOW)

    with translation.override("sv"):
        expected = gettext("Your mentoring request has expired")
    assert mailoutbox[0].subject == f"[WESTEM] {expected}"
    assert SWEDISH_FOOTER in html_part(mailoutbox[0])


def test_the_daily_task_expires_and_counts():
    ConnectionRequestFactory(created_at=timezone.now() - timedelta(days=20))

    assert tasks.expire_stale_requests.delay().get() == 1


def test_an_expired_request_can_no_longer_be_answered():
    request = request_aged(timedelta(days=15))
    services.expire_stale_requests(now=NOW)

    with pytest.raises(ValidationError) as error:
        services.accept_request(request=request, by=request.mentor)

    assert messages_of(error) == ["This request is already expired."]


def test_mentor_factory_gives_a_mentor_ready_for_requests():
    mentor = MentorFactory(capacity=3)

    presentation = MentorPresentation.objects.visible().get(mentor=mentor)
    assert presentation.capacity == 3
    assert presentation.accepting_requests
    assert presentation.is_approved
    assert send(MenteeFactory(), mentor).is_pending
