"""Issue 20, item 2: program staff record a mentor's screening in the admin (who checked is
recorded), and filter mentors by their screening."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from profiles import selectors, services
from profiles.models import MentorScreening
from tests.factories import MenteeFactory, MentorFactory, MentorScreeningFactory, StaffFactory

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
ADD = reverse("admin:profiles_mentorscreening_add")
CHANGELIST = reverse("admin:profiles_mentorscreening_changelist")
PROFILES = reverse("admin:profiles_profile_changelist")


def form(mentor, checked_on, valid_until, **extra) -> dict:
    return {
        "mentor": mentor.pk,
        "kind": "police record extract",
        "checked_on": checked_on.isoformat(),
        "valid_until": valid_until.isoformat(),
        "note": "",
        **extra,
    }


def test_program_staff_record_a_screening_and_who_checked_it(client):
    staff = StaffFactory()
    mentor = MentorFactory()
    client.force_login(staff)

    response = client.post(ADD, form(mentor, TODAY, TODAY + timedelta(days=365)))

    assert response.status_code == 302
    screening = MentorScreening.objects.get()
    assert (screening.mentor, screening.checked_by) == (mentor, staff)
    assert selectors.is_screened(mentor)
    assert client.get(CHANGELIST).status_code == 200
    assert client.get(CHANGELIST, {"q": mentor.email}).status_code == 200


def test_staff_correct_a_screening(client):
    staff = StaffFactory()
    screening = MentorScreeningFactory()
    client.force_login(staff)
    url = reverse("admin:profiles_mentorscreening_change", args=[screening.pk])

    response = client.post(
        url, form(screening.mentor, TODAY - timedelta(days=2), TODAY - timedelta(days=1))
    )

    assert response.status_code == 302
    screening.refresh_from_db()
    assert screening.valid_until == TODAY - timedelta(days=1)
    assert screening.checked_by == staff
    assert not selectors.is_screened(screening.mentor)


@pytest.mark.parametrize(
    ("checked_on", "valid_until", "field", "message"),
    [
        (
            TODAY,
            TODAY - timedelta(days=1),
            "valid_until",
            "The screening cannot end before it was checked.",
        ),
        (
            TODAY + timedelta(days=1),
            TODAY + timedelta(days=9),
            "checked_on",
            "The day it was checked cannot be in the future.",
        ),
    ],
)
def test_dates_that_cannot_be_are_refused(client, checked_on, valid_until, field, message):
    staff = StaffFactory()
    mentor = MentorFactory()
    client.force_login(staff)

    response = client.post(ADD, form(mentor, checked_on, valid_until))

    assert response.status_code == 200
    assert response.context["adminform"].form.errors[field] == [message]
    with pytest.raises(ValidationError) as caught:
        services.record_screening(
            by=staff, mentor=mentor, kind="x", checked_on=checked_on, valid_until=valid_until
        )
    assert caught.value.message_dict[field] == [message]
    assert not MentorScreening.objects.exists()


def test_only_mentors_can_be_screened(client):
    staff = StaffFactory()
    client.force_login(staff)

    response = client.post(ADD, form(MenteeFactory(), TODAY, TODAY + timedelta(days=9)))

    assert response.status_code == 200
    assert not MentorScreening.objects.exists()


def test_a_participant_cannot_record_a_screening(client):
    mentor = MentorFactory()

    with pytest.raises(PermissionDenied):
        services.record_screening(
            by=mentor, mentor=mentor, kind="x", checked_on=TODAY, valid_until=TODAY
        )
    client.force_login(mentor)
    assert client.get(ADD).status_code == 302  # the admin sends her to its login


def test_the_profile_list_filters_mentors_by_screening(client):
    client.force_login(StaffFactory())
    valid = MentorFactory()
    MentorScreeningFactory(mentor=valid)
    expired = MentorFactory()
    MentorScreeningFactory(
        mentor=expired, checked_on=TODAY - timedelta(days=400), valid_until=TODAY - timedelta(1)
    )
    none = MentorFactory()

    def listed(value):
        response = client.get(PROFILES, {"screening": value, "role__exact": "mentor"})
        assert response.status_code == 200
        return {profile.user for profile in response.context["cl"].result_list}

    assert listed("valid") == {valid}
    assert listed("expired") == {expired}
    assert listed("none") == {none}
    page = client.get(PROFILES).content.decode()
    assert "screening=expired" in page
