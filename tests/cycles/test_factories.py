"""The cycles factories build valid, complete objects (SPEC §13)."""

import pytest
from dateutil.relativedelta import relativedelta
from django.utils import timezone

from cycles import services
from cycles.models import Goal
from tests.factories import (
    AgreementFactory,
    AgreementVersionFactory,
    GoalFactory,
    GoalRevisionFactory,
    MeetingFactory,
    MeetingOptionFactory,
    MentorshipEventFactory,
    MentorshipFactory,
    MessageFactory,
    PhaseTickFactory,
)

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "factory",
    [
        MentorshipFactory,
        MentorshipEventFactory,
        PhaseTickFactory,
        AgreementFactory,
        AgreementVersionFactory,
        GoalFactory,
        GoalRevisionFactory,
        MeetingFactory,
        MeetingOptionFactory,
        MessageFactory,
    ],
)
def test_each_factory_builds_a_valid_object(factory):
    obj = factory()

    obj.full_clean()
    assert type(obj).objects.filter(pk=obj.pk).exists()


@pytest.mark.parametrize(("style", "months"), [("traditional", 4), ("flash", None)])
def test_mentorship_factory_dates_follow_the_style(style, months):
    mentorship = MentorshipFactory(style=style, phase=2)

    assert (mentorship.style, mentorship.phase, mentorship.status) == (style, 2, "active")
    assert mentorship.public_id is not None
    assert mentorship.start_date == timezone.localdate()
    expected = mentorship.start_date + relativedelta(months=months) if months else None
    assert mentorship.end_date == expected


def test_agreement_factory_passes_every_rule_of_the_service():
    agreement = AgreementFactory()
    mentorship = agreement.mentorship
    GoalFactory(mentorship=mentorship, title="Apply for a summer internship")
    data = {name: getattr(agreement, name) for name in services.AGREEMENT_FIELDS}

    saved = services.save_agreement(
        mentorship=mentorship,
        by=mentorship.mentor,
        data=data,
        goals=["Apply for a summer internship"],
    )

    assert saved.pk == agreement.pk
    assert agreement.start_date == mentorship.start_date
    assert agreement.end_date <= services.latest_end_date(agreement.start_date)
    assert (agreement.confidentiality, agreement.termination_clause) == (True, True)
    assert agreement.minutes_per_month == 120
    assert Goal.objects.filter(mentorship=mentorship).count() == 1


def test_meeting_factory_is_a_future_meeting_proposed_by_the_mentee():
    meeting = MeetingFactory()

    assert meeting.starts_at > timezone.now()
    assert meeting.proposed_by == meeting.mentorship.mentee
    assert meeting.time_zone == "Europe/Stockholm"
    assert meeting.location.startswith("https://")
    assert not meeting.is_cancelled
