"""cycles.selectors that feed the pair's workspace: the phases with both people's ticks, the
next meeting, the hours met this month against the agreed minimum."""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from cycles import selectors
from cycles.content import content_for
from cycles.models import Mentorship
from tests.factories import (
    AgreementFactory,
    GoalRevisionFactory,
    MeetingFactory,
    MentorshipFactory,
    MessageFactory,
    PhaseTickFactory,
    ProfileFactory,
)

pytestmark = pytest.mark.django_db

STOCKHOLM = ZoneInfo("Europe/Stockholm")


# --- phase_views ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("style", "phases", "labels"),
    [
        ("traditional", [1, 2, 3, 4], ["Preparation", "Negotiation", "Enabling", "Closure"]),
        ("flash", [1, 2, 4], ["Preparation", "Negotiation", "Closure"]),
    ],
)
def test_phase_views_follow_the_style(style, phases, labels):
    mentorship = MentorshipFactory(style=style)

    views = selectors.phase_views(mentorship)

    assert [view.phase for view in views] == phases
    assert [str(view.label) for view in views] == labels
    for view in views:
        content = content_for(view.phase, flash=style == "flash")
        assert view.content == content
        assert [row.key for row in view.rows] == [key for key, _label in content.items]
    # Flash has no agreement to discuss or review: its items take the agreement's place.
    keys = {row.key for view in views for row in view.rows}
    if style == "flash":
        assert {"agree_topic", "review_topic"} <= keys
        assert not keys & {"discuss_agreement", "review_agreement"}
    else:
        assert {"discuss_agreement", "review_agreement"} <= keys


def test_phase_views_show_each_persons_ticks(django_assert_num_queries):
    mentorship = MentorshipFactory()
    PhaseTickFactory(mentorship=mentorship, user=mentorship.mentor, item="get_to_know")
    PhaseTickFactory(mentorship=mentorship, user=mentorship.mentee, item="get_to_know")
    PhaseTickFactory(mentorship=mentorship, user=mentorship.mentee, item="build_trust")
    PhaseTickFactory(mentorship=mentorship, user=mentorship.mentor, item="agree_timeline")
    PhaseTickFactory(item="self_reflection")  # another pair's tick

    with django_assert_num_queries(1):
        views = selectors.phase_views(mentorship)

    ticked = {
        (view.phase, row.key): (row.mentor_done, row.mentee_done)
        for view in views
        for row in view.rows
        if row.mentor_done or row.mentee_done
    }
    assert ticked == {
        (1, "get_to_know"): (True, True),
        (1, "build_trust"): (False, True),
        (2, "agree_timeline"): (True, False),
    }
    labels = {row.key: str(row.label) for row in views[0].rows}
    assert labels["get_to_know"] == "Get to know each other"


@pytest.mark.parametrize(
    ("style", "phase", "status", "states"),
    [
        ("traditional", 1, "active", ["current", "todo", "todo", "todo"]),
        ("traditional", 3, "active", ["done", "done", "current", "todo"]),
        ("traditional", 4, "completed", ["done", "done", "done", "done"]),
        # Ended early: the phase it stopped in is not done (it was not completed).
        ("traditional", 2, "ended_early", ["done", "stopped", "todo", "todo"]),
        ("traditional", 3, "ended_early", ["done", "done", "stopped", "todo"]),
        ("flash", 4, "ended_early", ["done", "done", "stopped"]),
        ("flash", 2, "active", ["done", "current", "todo"]),
        ("flash", 4, "active", ["done", "done", "current"]),
        ("flash", 4, "completed", ["done", "done", "done"]),
    ],
)
def test_phase_view_states(style, phase, status, states):
    mentorship = MentorshipFactory(style=style, phase=phase, status=status)

    assert [view.state for view in selectors.phase_views(mentorship)] == states


# --- next_meeting --------------------------------------------------------------------------


def test_next_meeting_is_the_earliest_not_cancelled_that_has_not_ended():
    mentorship = MentorshipFactory()
    now = timezone.now()

    def meeting(starts_in, **kwargs):
        return MeetingFactory(mentorship=mentorship, starts_at=now + starts_in, **kwargs)

    meeting(-timedelta(days=1))  # over
    meeting(timedelta(hours=2), cancelled_at=now)  # cancelled
    later = meeting(timedelta(days=5))
    sooner = meeting(timedelta(days=2))

    meetings = selectors.meetings_of(mentorship)
    assert selectors.next_meeting(meetings, now=now) == sooner
    assert selectors.next_meeting(meetings, now=sooner.ends_at) == later
    assert selectors.next_meeting(meetings, now=later.ends_at) is None


def test_a_meeting_under_way_is_still_the_next_one():
    mentorship = MentorshipFactory()
    now = timezone.now()
    under_way = MeetingFactory(
        mentorship=mentorship, starts_at=now - timedelta(minutes=30), duration_minutes=60
    )
    MeetingFactory(mentorship=mentorship, starts_at=now + timedelta(days=1))

    assert selectors.next_meeting(selectors.meetings_of(mentorship), now=now) == under_way


def test_next_meeting_without_meetings():
    assert selectors.next_meeting([]) is None


# --- minutes_met_in_month ------------------------------------------------------------------


def utc(*args) -> datetime:
    return datetime(*args, tzinfo=UTC)


def test_minutes_met_count_past_meetings_of_this_month_only():
    mentorship = MentorshipFactory()
    now = utc(2030, 2, 15, 12, 0)

    def meeting(starts_at, minutes, **kwargs):
        MeetingFactory(
            mentorship=mentorship, starts_at=starts_at, duration_minutes=minutes, **kwargs
        )

    meeting(utc(2030, 2, 3, 17, 0), 60)  # held
    meeting(utc(2030, 2, 15, 11, 30), 45)  # under way: it started, it counts
    meeting(utc(2030, 2, 10, 17, 0), 90, cancelled_at=utc(2030, 2, 9))  # cancelled
    meeting(utc(2030, 2, 20, 17, 0), 120)  # still to come
    meeting(utc(2030, 1, 20, 17, 0), 30)  # last month
    meeting(utc(2029, 2, 10, 17, 0), 15)  # same month, another year
    meetings = selectors.meetings_of(mentorship)

    assert selectors.minutes_met_in_month(meetings, tz=STOCKHOLM, now=now) == 105


def test_month_boundaries_are_those_of_the_viewers_time_zone():
    mentorship = MentorshipFactory()
    # 23:30 UTC on 31 January is 00:30 on 1 February in Stockholm.
    MeetingFactory(mentorship=mentorship, starts_at=utc(2030, 1, 31, 23, 30), duration_minutes=60)
    # 22:30 UTC on 31 January is still January in Stockholm (23:30).
    MeetingFactory(mentorship=mentorship, starts_at=utc(2030, 1, 31, 22, 30), duration_minutes=15)
    meetings = selectors.meetings_of(mentorship)

    in_february = utc(2030, 2, 10, 12, 0)
    assert selectors.minutes_met_in_month(meetings, tz=STOCKHOLM, now=in_february) == 60
    assert selectors.minutes_met_in_month(meetings, tz=UTC, now=in_february) == 0

    in_january = utc(2030, 1, 31, 23, 59)  # 00:59 on 1 February in Stockholm
    assert selectors.minutes_met_in_month(meetings, tz=STOCKHOLM, now=in_january) == 60
    assert selectors.minutes_met_in_month(meetings, tz=UTC, now=in_january) == 75


def test_minutes_met_without_meetings():
    assert selectors.minutes_met_in_month([], tz=STOCKHOLM) == 0


# --- agreed_minutes_per_month --------------------------------------------------------------


def test_agreed_minutes_default_to_the_programs_hour_without_an_agreement():
    mentorship = MentorshipFactory()

    assert selectors.agreed_minutes_per_month(Mentorship.objects.get(pk=mentorship.pk)) == 60


def test_agreed_minutes_come_from_the_agreement():
    mentorship = MentorshipFactory()
    AgreementFactory(mentorship=mentorship, meetings_per_month=3, meeting_minutes=45)

    assert selectors.agreed_minutes_per_month(Mentorship.objects.get(pk=mentorship.pk)) == 135


# --- the conversation and the list ---------------------------------------------------------


def test_recent_messages_are_the_latest_in_order(django_assert_num_queries):
    mentorship = MentorshipFactory()
    start = timezone.now() - timedelta(hours=1)
    for minute in range(5):
        MessageFactory(
            mentorship=mentorship, body=f"m{minute}", created_at=start + timedelta(minutes=minute)
        )
    MessageFactory(body="another pair's")

    with django_assert_num_queries(1):
        messages = selectors.recent_messages(mentorship, limit=3)
        names = [message.author.get_full_name() for message in messages]

    assert [message.body for message in messages] == ["m2", "m3", "m4"]
    assert names == [mentorship.mentee.get_full_name()] * 3


def test_messages_revisions_and_meetings_take_their_people_from_the_pair_on_the_page(
    django_assert_num_queries,
):
    mentorship = MentorshipFactory()
    outsider = ProfileFactory(display_name="Programme Staff").user
    MessageFactory(mentorship=mentorship, body="from her", author=mentorship.mentee)
    MessageFactory(mentorship=mentorship, body="from him", author=mentorship.mentor)
    MessageFactory(mentorship=mentorship, body="from staff", author=outsider)
    MessageFactory(mentorship=mentorship, body="from a deleted account", author=None)
    GoalRevisionFactory(goal__mentorship=mentorship, actor=mentorship.mentor)
    MeetingFactory(mentorship=mentorship, proposed_by=mentorship.mentee)
    page = selectors.mentorship_for_page(mentorship.mentee, mentorship.public_id)

    with django_assert_num_queries(2):  # the messages; the one author outside the pair
        messages = selectors.recent_messages(page)
        names = [m.author.get_full_name() if m.author else None for m in messages]
    with django_assert_num_queries(2):  # the goals; their revisions
        goals = selectors.goals_of(page)
        actors = [r.actor.get_full_name() for g in goals for r in g.revisions.all()]

    with django_assert_num_queries(1):
        proposers = [m.proposed_by.get_full_name() for m in selectors.meetings_of(page)]

    assert proposers == [mentorship.mentee.get_full_name()]
    assert names == [
        mentorship.mentee.get_full_name(),
        mentorship.mentor.get_full_name(),
        "Programme Staff",
        None,
    ]
    assert actors == [mentorship.mentor.get_full_name()]


def test_mentorships_list_shows_active_ones_first():
    mentee = MentorshipFactory().mentee
    done = MentorshipFactory(mentee=mentee, style="flash", status="completed", phase=4)
    active = Mentorship.objects.get(mentee=mentee, status="active")
    newer = MentorshipFactory(mentee=mentee, style="flash")
    MentorshipFactory()  # another pair

    assert selectors.mentorships_list(mentee) == [newer, active, done]
