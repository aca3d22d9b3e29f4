"""A guardian's consent (issue 20, GDPR Art. 8): who needs one, the limited account until it is
given, the one-time link, the text recorded, and the withdrawal that pauses her mentorships and
tells staff. A mentor must be 18 or older."""

import re

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from cycles import services as cycle_services
from matching import services as matching_services
from matching.models import ConnectionRequest
from notifications.models import InboxItem, Notification
from profiles import access, guardian, services
from profiles.age import years_ago
from profiles.models import GuardianConsent
from tests.factories import (
    FlashSlotFactory,
    GuardianConsentFactory,
    MenteeFactory,
    MentorFactory,
    MentorScreeningFactory,
    MentorshipFactory,
    StaffFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

WAITING = (
    "Your guardian has not confirmed yet. You can take part in mentoring once your guardian "
    "has consented through the link we emailed."
)
NOT_ASKED = (
    "You are below the age of digital consent in your country, so your parent or guardian "
    "must consent first. Give their name and email address on the guardian page."
)
WITHDREW = (
    "Your guardian has withdrawn their consent, so your mentoring is paused. The program "
    "staff have been told and will contact you."
)
PAUSED = (
    "This mentorship is paused because a guardian's consent was withdrawn. No new meetings or "
    "messages until the program staff resume it."
)
TOO_YOUNG = "Mentors must be 18 or older. If you are younger, you are welcome to join as a mentee."
LINK_USED = "This link has already been used or is no longer valid. Ask her to send a new one."


def girl(age: int = 12, country: str = "SE", **kwargs):
    return MenteeFactory(
        profile__birth_date=years_ago(age, timezone.localdate()),
        profile__country=country,
        profile__display_name="Maja",
        **kwargs,
    )


def ask(user, email: str = "karin@example.com") -> str:
    return services.ask_guardian(user=user, guardian_name="Karin Lind", guardian_email=email)[1]


def token_in(message) -> str:
    return re.search(r"/privacy/guardian/(?:consent|withdraw)/([^/\s]+)/", message.body).group(1)


# --- age bands ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("age", "country", "limited"),
    [
        (12, "SE", True),  # Sweden: 13
        (13, "SE", False),
        (14, "DE", True),  # the default: 16
        (15, "FR", False),  # France: 15
        (16, "DE", False),
        (30, "SE", False),
    ],
)
def test_only_a_girl_below_her_countrys_age_of_digital_consent_is_limited(age, country, limited):
    user = girl(age, country)

    assert access.may_take_part(user).allowed is not limited


def test_a_profile_without_a_date_of_birth_is_not_limited():
    assert access.may_take_part(MenteeFactory(profile__birth_date=None)).allowed


# --- limited until a guardian consents --------------------------------------------------------


def test_a_limited_girl_cannot_send_a_request_until_her_guardian_consents(
    mailoutbox, django_capture_on_commit_callbacks
):
    user, mentor = girl(), MentorFactory()
    MentorScreeningFactory(mentor=mentor)  # she is under 18: only a screened mentor
    with pytest.raises(ValidationError) as refused:
        matching_services.send_request(mentee=user, mentor=mentor, style="flash", message="Hi")
    assert refused.value.messages == [NOT_ASKED]

    with django_capture_on_commit_callbacks(execute=True):
        ask(user)
    with pytest.raises(ValidationError) as refused:
        matching_services.send_request(mentee=user, mentor=mentor, style="flash", message="Hi")
    assert refused.value.messages == [WAITING]

    [email] = mailoutbox
    assert email.to == ["karin@example.com"]
    assert "Maja asks for your consent to join WESTEM" in email.subject
    services.give_guardian_consent(token=token_in(email))
    request = matching_services.send_request(
        mentee=user, mentor=mentor, style="flash", message="Hi"
    )
    assert request.status == ConnectionRequest.Status.PENDING


def test_a_limited_girl_cannot_book_a_flash_session():
    user = girl()
    ask(user)
    slot = FlashSlotFactory(mentor=MentorFactory())

    with pytest.raises(ValidationError) as refused:
        matching_services.book_flash_slot(
            mentee=user, slot=slot, starts_at=timezone.now(), question="Which degree?"
        )

    assert refused.value.messages == [WAITING]


def test_her_mentor_cannot_write_to_a_girl_waiting_for_her_guardian():
    mentorship = MentorshipFactory(mentee=girl())

    with pytest.raises(ValidationError) as refused:
        cycle_services.post_message(mentorship=mentorship, by=mentorship.mentor, body="Hello")

    assert refused.value.messages == [NOT_ASKED]


def test_asking_again_makes_a_new_link_and_the_old_one_stops_working(
    mailoutbox, django_capture_on_commit_callbacks
):
    user = girl()
    with django_capture_on_commit_callbacks(execute=True):
        ask(user, "old@example.com")
    with django_capture_on_commit_callbacks(execute=True):
        ask(user, "karin@example.com")

    old, new = mailoutbox
    assert new.to == ["karin@example.com"]
    assert GuardianConsent.objects.filter(user=user).count() == 1
    with pytest.raises(ValidationError) as refused:
        services.give_guardian_consent(token=token_in(old))
    assert refused.value.messages == [LINK_USED]
    services.give_guardian_consent(token=token_in(new))


def test_her_own_address_is_not_her_guardians():
    user = girl()

    with pytest.raises(ValidationError) as refused:
        ask(user, user.email.upper())

    assert refused.value.message_dict == {
        "guardian_email": ["Give your guardian's own email address, not yours."]
    }


def test_a_girl_who_needs_no_guardian_is_not_asked_for_one():
    with pytest.raises(ValidationError) as refused:
        ask(girl(age=13))

    assert refused.value.messages == ["You do not need a guardian's consent to take part."]


# --- the consent: once, recorded with its text ----------------------------------------------


def test_the_consent_is_recorded_with_its_time_and_text_and_the_link_works_once(
    mailoutbox, django_capture_on_commit_callbacks
):
    user = girl()
    token = ask(user)
    assert GuardianConsent.objects.get(user=user).token_hash == guardian.hash_token(token)
    assert token not in GuardianConsent.objects.get(user=user).token_hash  # only the hash

    with django_capture_on_commit_callbacks(execute=True):
        consent, withdraw_url = services.give_guardian_consent(token=token)

    consent.refresh_from_db()
    assert consent.consented_at is not None
    assert consent.text_version == guardian.TEXT_VERSION
    assert consent.consented_text.startswith("I am the parent or guardian of Maja. I consent")
    assert consent.token_hash == ""
    [thanks] = mailoutbox
    assert thanks.to == ["karin@example.com"]
    assert withdraw_url in thanks.body
    assert InboxItem.objects.filter(user=user, kind="guardian_consented").exists()
    with pytest.raises(ValidationError) as refused:
        services.give_guardian_consent(token=token)
    assert refused.value.messages == [LINK_USED]


# --- withdrawal -----------------------------------------------------------------------------


def test_withdrawal_pauses_her_mentorships_limits_her_and_tells_staff(mailoutbox):
    staff = StaffFactory()
    user = girl()
    mentorship = MentorshipFactory(mentee=user)
    _consent, withdraw_url = services.give_guardian_consent(token=ask(user))
    token = withdraw_url.rstrip("/").rsplit("/", 1)[1]

    services.withdraw_guardian_consent(token=token)

    mentorship.refresh_from_db()
    assert mentorship.paused_at is not None
    assert access.may_take_part(user) == (False, WITHDREW)
    told = Notification.objects.get(user=staff, kind="guardian_withdrew")
    assert told.template == "profiles/guardian_withdrew"
    with pytest.raises(ValidationError) as refused:
        cycle_services.post_message(mentorship=mentorship, by=mentorship.mentor, body="Hello")
    assert refused.value.messages == [PAUSED]
    with pytest.raises(ValidationError) as refused:
        services.withdraw_guardian_consent(token=token)
    assert refused.value.messages == [
        "This consent has already been withdrawn, or the link is wrong."
    ]


def test_the_staff_email_of_a_withdrawal_links_to_the_consent_in_the_admin(
    mailoutbox, django_capture_on_commit_callbacks
):
    StaffFactory()
    consent = GuardianConsentFactory(consented=True)
    token, token_hash = guardian.new_token()
    GuardianConsent.objects.filter(pk=consent.pk).update(withdraw_token_hash=token_hash)

    with django_capture_on_commit_callbacks(execute=True):
        services.withdraw_guardian_consent(token=token)

    [email] = mailoutbox
    assert "A guardian withdrew consent: mentorships paused" in email.subject
    assert reverse("admin:profiles_guardianconsent_change", args=[consent.pk]) in email.body


# --- a mentor is an adult -------------------------------------------------------------------


def test_a_girl_under_18_cannot_join_as_a_mentor():
    user = UserFactory()
    services.ensure_profile(user=user)
    services.set_birth_date(user=user, birth_date=years_ago(17, timezone.localdate()))

    with pytest.raises(ValidationError) as refused:
        services.choose_role(user=user, role="mentor")

    assert refused.value.messages == [TOO_YOUNG]
    services.choose_role(user=user, role="mentee")


def test_a_mentor_cannot_give_a_date_of_birth_under_18():
    mentor = MentorFactory(profile__birth_date=None)

    with pytest.raises(ValidationError) as refused:
        services.set_birth_date(user=mentor, birth_date=years_ago(16, timezone.localdate()))

    assert refused.value.message_dict == {"birth_date": [TOO_YOUNG]}
    assert settings.SAFEGUARDING_ADULT_AGE == 18
