"""Data migrations of cycles, run forward through Django's executor on the test database."""

from datetime import timedelta

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from cycles import services
from cycles.models import Meeting
from tests.factories import MeetingFactory, MenteeFactory, MentorFactory, MentorshipFactory

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = ("cycles", "0007_meeting_options")
AFTER = ("cycles", "0008_cancel_meetings_of_ended_mentorships")


def migrate(target):
    """Migrate to ``target``; returns the models as they stood there."""
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate([target])
    return executor.loader.project_state([target]).apps


def migrate_to_latest():
    """Every app to its latest migration: going back in cycles also took back the later
    migrations of the apps that depend on it (matching's rounds), which the next tests use."""
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())


@pytest.fixture(autouse=True)
def _latest_schema_after():
    yield
    migrate_to_latest()


def saved_as_then(old_apps, built):
    """``built`` (a factory's unsaved row) saved through the model as it stood then, without
    the columns added later (a mentorship's ``paused_at``); returned as today's model."""
    model = type(built)
    old = old_apps.get_model(model._meta.app_label, model.__name__)
    row = old.objects.create(
        **{
            field.attname: getattr(built, field.attname)
            for field in old._meta.concrete_fields
            if field.attname != "id"
        }
    )
    return model.objects.only("pk").get(pk=row.pk)


def test_meetings_ahead_of_a_mentorship_that_ended_before_are_cancelled():
    then = migrate(BEFORE)

    def mentorship(**kwargs):
        return saved_as_then(
            then, MentorshipFactory.build(mentor=MentorFactory(), mentee=MenteeFactory(), **kwargs)
        )

    def meeting(**kwargs):
        return saved_as_then(then, MeetingFactory.build(**kwargs))

    ended = mentorship(status="ended_early", ended_at=timezone.now())
    ahead = meeting(mentorship=ended, starts_at=timezone.now() + timedelta(days=3))
    held = meeting(mentorship=ended, starts_at=timezone.now() - timedelta(days=3))
    active = mentorship()
    planned = meeting(mentorship=active, starts_at=timezone.now() + timedelta(days=3))

    migrate(AFTER)

    ahead, held, planned = (Meeting.objects.get(pk=m.pk) for m in (ahead, held, planned))
    assert (ahead.status, ahead.sequence) == (Meeting.Status.CANCELLED, 1)
    assert ahead.cancelled_at is not None
    assert held.status == planned.status == Meeting.Status.CONFIRMED
    # The same as ending a mentorship now does.
    migrate_to_latest()  # the columns added since, for today's services
    active = type(active).objects.get(pk=active.pk)
    services.end_mentorship(mentorship=active, by=active.mentee)
    assert Meeting.objects.get(pk=planned.pk).status == Meeting.Status.CANCELLED
