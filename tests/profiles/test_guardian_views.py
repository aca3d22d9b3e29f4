"""The guardian's consent through the pages: the date of birth at sign-up and on the profile
step, her guardian page and its banner, the guardian's consent and withdrawal pages (no
sign-in), and the consents in the admin."""

import html
import json

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from profiles import services
from profiles.age import years_ago
from profiles.models import GuardianConsent, User
from tests.factories import (
    PASSWORD,
    GuardianConsentFactory,
    MenteeFactory,
    StaffFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def text(response) -> str:
    return html.unescape(response.content.decode())


def sign_up(client, birth_date: str):
    return client.post(
        reverse("account_signup"),
        {
            "email": "maja@example.org",
            "password1": PASSWORD + "-x9",
            "password2": PASSWORD + "-x9",
            "birth_date": birth_date,
            "accept_privacy": "on",
        },
    )


@pytest.mark.parametrize(
    ("birth_date", "message"),
    [
        ("2999-01-01", "Your date of birth cannot be in the future."),
        ("1850-06-01", "Check the year of your date of birth."),
        ("", "Give your date of birth."),
    ],
)
def test_sign_up_refuses_a_date_of_birth_that_cannot_be(client, birth_date, message):
    response = sign_up(client, birth_date)

    assert response.status_code == 200
    assert message in text(response)
    assert not User.objects.filter(email="maja@example.org").exists()


def test_sign_up_keeps_her_date_of_birth(client):
    born = years_ago(12, timezone.localdate())

    sign_up(client, born.isoformat())

    assert User.objects.get(email="maja@example.org").profile.birth_date == born


def test_the_profile_step_asks_the_date_of_birth_of_who_signed_up_before(client):
    user = MenteeFactory(profile__birth_date=None)
    client.force_login(user)
    assert 'name="birth_date"' in text(client.get(reverse("profiles:profile_edit")))

    services.set_birth_date(user=user, birth_date=years_ago(20, timezone.localdate()))

    assert 'name="birth_date"' not in text(client.get(reverse("profiles:profile_edit")))


def test_every_page_tells_a_limited_girl_why_and_the_guardian_page_sends_the_email(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    girl = MenteeFactory(profile__birth_date=years_ago(12, timezone.localdate()))
    client.force_login(girl)
    page = text(client.get(reverse("dashboard")))
    assert "below the age of digital consent" in page
    assert reverse("profiles:guardian") in page

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("profiles:guardian"),
            {"guardian_name": "Karin Lind", "guardian_email": "karin@example.com"},
            follow=True,
        )

    page = text(response)
    assert "We have emailed Karin Lind. You can take part once they have consented." in page
    assert "Your guardian has not confirmed yet. We emailed Karin Lind at karin@example.com." in (
        page
    )
    assert "Send the email again" in page
    assert [email.to for email in mailoutbox] == [["karin@example.com"]]


def test_the_guardian_consents_on_the_page_and_the_link_then_stops_working(client):
    girl = MenteeFactory(
        profile__birth_date=years_ago(12, timezone.localdate()), profile__display_name="Maja"
    )
    _consent, token = services.ask_guardian(
        user=girl, guardian_name="Karin Lind", guardian_email="karin@example.com"
    )
    url = reverse("profiles:guardian_consent", args=[token])

    page = text(client.get(url))
    assert "Consent for Maja to join WESTEM" in page
    assert "What is shared" in page
    assert "I am the parent or guardian of Maja." in page
    # What the guardian consents to names who may read her conversations, and her button.
    assert "the program's safeguarding lead may read her conversations with her mentor" in page
    assert "“I feel unsafe” button" in page

    thanks = text(client.post(url))
    assert "Thank you: your consent is recorded" in thanks
    assert "/privacy/guardian/withdraw/" in thanks
    assert GuardianConsent.objects.get(user=girl).consented_at is not None

    again = client.get(url)
    assert again.status_code == 404
    assert "This link no longer works" in text(again)


def test_the_guardian_withdraws_on_the_page(client):
    StaffFactory()
    girl = MenteeFactory(
        profile__birth_date=years_ago(12, timezone.localdate()), profile__display_name="Maja"
    )
    _consent, token = services.ask_guardian(
        user=girl, guardian_name="Karin Lind", guardian_email="karin@example.com"
    )
    _consent, withdraw_url = services.give_guardian_consent(token=token)

    assert "Withdraw my consent" in text(client.get(withdraw_url))
    done = text(client.post(withdraw_url))

    assert "The mentorships of Maja are paused and the program staff have been told." in done
    assert GuardianConsent.objects.get(user=girl).withdrawn_at is not None


def test_a_made_up_token_opens_nothing(client):
    response = client.get(reverse("profiles:guardian_consent", args=["made-up"]))

    assert response.status_code == 404


# --- the admin ------------------------------------------------------------------------------


def test_staff_read_consents_in_the_admin_without_the_links(client):
    consent = GuardianConsentFactory(consented=True, guardian_name="Karin Lind")
    client.force_login(StaffFactory())

    listing = text(client.get(reverse("admin:profiles_guardianconsent_changelist")))
    page = client.get(reverse("admin:profiles_guardianconsent_change", args=[consent.pk]))

    assert "Karin Lind" in listing
    assert page.status_code == 200
    assert "I consent." in text(page)
    assert "hashed" not in text(page)
    add = client.get(reverse("admin:profiles_guardianconsent_add"))
    assert add.status_code == 403


def test_staff_export_her_data_for_the_guardian(client):
    consent = GuardianConsentFactory(consented=True, guardian_name="Karin Lind")
    client.force_login(StaffFactory())

    response = client.post(
        reverse("admin:profiles_guardianconsent_changelist"),
        {"action": "export_for_guardian", "_selected_action": [consent.pk]},
    )

    data = json.loads(
        b"".join(response.streaming_content) if response.streaming else response.content
    )
    assert data["guardian_consents"][0]["guardian_name"] == "Karin Lind"


def test_a_participant_cannot_open_the_consents_admin(client):
    client.force_login(UserFactory())

    response = client.get(reverse("admin:profiles_guardianconsent_changelist"))

    assert response.status_code == 302


def test_a_withdrawal_waits_on_the_staff_to_do_page_until_done(client):
    staff = StaffFactory()
    consent = GuardianConsentFactory(consented=True)
    GuardianConsent.objects.filter(pk=consent.pk).update(withdrawn_at=timezone.now())
    client.force_login(staff)
    url = reverse("admin:profiles_guardianconsent_change", args=[consent.pk])

    page = text(client.get(reverse("staff_todo")))
    assert "Guardians' consents withdrawn" in page
    assert url in page
    assert "Karin Lind" not in page  # the admin names her, not the list

    client.post(
        reverse("staff_todo_done"),
        {"section": "profiles.guardian_withdrew", "object_id": consent.pk},
    )
    assert url not in text(client.get(reverse("staff_todo")))


def test_a_paused_mentorship_says_so_on_its_page_and_refuses_a_meeting(client):
    from cycles import services as cycle_services
    from tests.cycles.test_services import meeting_data
    from tests.factories import MentorshipFactory

    consent = GuardianConsentFactory(consented=True)
    mentorship = MentorshipFactory(mentee=consent.user, paused_at=timezone.now())
    client.force_login(mentorship.mentor)

    page = text(client.get(reverse("cycles:mentorship_detail", args=[mentorship.public_id])))

    assert "This mentorship is paused since" in page
    with pytest.raises(ValidationError) as refused:
        cycle_services.schedule_meeting(
            mentorship=mentorship, by=mentorship.mentee, data=meeting_data()
        )
    assert refused.value.messages == [
        "This mentorship is paused because a guardian's consent was withdrawn. No new meetings "
        "or messages until the program staff resume it."
    ]


def test_the_consent_page_in_swedish_records_the_swedish_text(client):
    girl = MenteeFactory(
        profile__birth_date=years_ago(12, timezone.localdate()), profile__display_name="Maja"
    )
    _consent, token = services.ask_guardian(
        user=girl, guardian_name="Karin Lind", guardian_email="karin@example.com"
    )
    client.cookies["django_language"] = "sv"
    url = reverse("profiles:guardian_consent", args=[token])

    page = text(client.get(url))
    assert "Samtycke för att Maja går med i WESTEM" in page
    assert "Jag samtycker" in page

    client.post(url)
    assert GuardianConsent.objects.get(user=girl).consented_text.startswith(
        "Jag är förälder eller vårdnadshavare till Maja."
    )
