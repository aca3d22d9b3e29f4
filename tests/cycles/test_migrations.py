"""Data migrations of cycles, run forward through Django's executor on the test database."""

from datetime import timedelta

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from cycles import services
from cycles.models import Meeting
from tests.factories import MeetingFactory, MentorshipFactory

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = ("cycles", "0007_meeting_options")
AFTER = ("cycles", "0008_cancel_meetings_of_ended_mentorships")


def migrate(target) -> None:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate([target])


def test_meetings_ahead_of_a_mentorship_that_ended_before_are_cancelled():
    migrate(BEFORE)
    ended = MentorshipFactory(status="ended_early", ended_at=timezone.now())
    ahead = MeetingFactory(mentorship=ended, starts_at=timezone.now() + timedelta(days=3))
    held = MeetingFactory(mentorship=ended, starts_at=timezone.now() - timedelta(days=3))
    active = MentorshipFactory()
    planned = MeetingFactory(mentorship=active, starts_at=timezone.now() + timedelta(days=3))

    migrate(AFTER)

    ahead, held, planned = (Meeting.objects.get(pk=m.pk) for m in (ahead, held, planned))
    assert (ahead.status, ahead.sequence) == (Meeting.Status.CANCELLED, 1)
    assert ahead.cancelled_at is not None
    assert held.status == planned.status == Meeting.Status.CONFIRMED
    # The same as ending a mentorship now does.
    services.end_mentorship(mentorship=active, by=active.mentee)
    assert Meeting.objects.get(pk=planned.pk).status == Meeting.Status.CANCELLED
