"""The meeting admin shows a proposal's offered times, read-only like the rest of the
meeting's record."""

from datetime import timedelta

import pytest
from django.urls import reverse

from tests.factories import MeetingFactory, MeetingOptionFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser():
    """The meeting admin is a superuser's (program staff read meetings on the mentorship)."""
    return UserFactory(is_staff=True, is_superuser=True)


def test_the_meeting_page_lists_the_proposed_times_read_only(client, superuser):
    meeting = MeetingFactory(status="proposed")
    for position in (1, 2):
        MeetingOptionFactory(
            meeting=meeting,
            position=position,
            starts_at=meeting.starts_at + timedelta(days=position),
        )
    client.force_login(superuser)

    listing = client.get(reverse("admin:cycles_meeting_changelist"))
    page = client.get(reverse("admin:cycles_meeting_change", args=[meeting.pk]))

    assert listing.status_code == 200
    assert page.status_code == 200
    html = page.content.decode()
    assert "Proposed times" in html
    assert 'name="options-0-starts_at' not in html  # no field to edit
    assert 'name="options-TOTAL_FORMS"' in html
    assert page.context["inline_admin_formsets"][0].formset.queryset.count() == 2
