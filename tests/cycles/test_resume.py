"""A mentorship paused because a guardian withdrew consent is resumed by program staff from
the admin, and only once her guardian has consented again."""

import pytest
from django.urls import reverse
from django.utils import timezone

from cycles.models import Mentorship
from profiles.age import years_ago
from tests.factories import GuardianConsentFactory, MenteeFactory, MentorshipFactory, StaffFactory

pytestmark = pytest.mark.django_db


def paused_pair():
    girl = MenteeFactory(
        profile__country="SE",
        profile__birth_date=years_ago(12, timezone.localdate()),
        profile__display_name="Maja",
    )
    GuardianConsentFactory(user=girl, consented=True, withdrawn_at=timezone.now())
    return MentorshipFactory(mentee=girl, paused_at=timezone.now())


def resume(client, mentorship):
    client.force_login(StaffFactory())
    return client.post(
        reverse("admin:cycles_mentorship_changelist"),
        {"action": "resume", "_selected_action": [mentorship.pk]},
        follow=True,
    )


def test_staff_cannot_resume_while_the_consent_is_withdrawn(client):
    mentorship = paused_pair()

    response = resume(client, mentorship)

    messages = [str(message) for message in response.context["messages"]]
    assert "Maja's guardian has not consented again: the mentorship stays paused." in messages
    assert Mentorship.objects.get(pk=mentorship.pk).paused_at is not None


def test_staff_resume_once_the_guardian_consented_again(client):
    mentorship = paused_pair()
    GuardianConsentFactory(user=mentorship.mentee, consented=True)  # asked and given again

    response = resume(client, mentorship)

    assert "1 mentorship resumed." in [str(message) for message in response.context["messages"]]
    assert Mentorship.objects.get(pk=mentorship.pk).paused_at is None
