"""The reminders of SPEC §12: each sweep's timing edges (the day before, of and after), once
per occasion, opt-outs, the recipient's language and time zone, nothing sent about data rolled
back, a constant number of queries, and the automatic pause of a mentor."""

import re
import zoneinfo
from datetime import UTC, date, datetime, timedelta

import pytest
from django.conf import settings
from django.core import mail
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext

from cycles import reminders as cycle_reminders
from cycles.models import Meeting, Mentorship, MentorshipEvent, Phase, Style
from evaluations import reminders as evaluation_reminders
from matching import reminders as matching_reminders
from matching import services as matching_services
from matching import tasks as matching_tasks
from matching.emails import REQUEST_PENDING
from matching.models import ConnectionRequest, MentorPresentation
from notifications.models import InboxItem, Notification, NotificationOptOut
from notifications.outbox import deliver
from tests.factories import (
    AgreementFactory,
    ConnectionRequestFactory,
    FinalEvaluationFactory,
    MeetingFactory,
    MentorFactory,
    MentorshipFactory,
    SessionEvaluationFactory,
)

pytestmark = pytest.mark.django_db

STOCKHOLM = zoneinfo.ZoneInfo("Europe/Stockholm")
# A Tuesday noon in the program's time zone.
NOW = datetime(2026, 11, 10, 12, 0, tzinfo=STOCKHOLM)
TODAY = date(2026, 11, 10)
SITE = settings.SITE_URL.rstrip("/")


@pytest.fixture
def sweep(django_capture_on_commit_callbacks):
    """Run a sweep as its task does, the emails sent after the commit (Celery is eager)."""

    def run(function, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return function(**kwargs)

    return run


def send_written() -> None:
    """What a worker does with each reminder a sweep wrote."""
    for pk in Notification.objects.values_list("pk", flat=True):
        deliver(notification_id=pk)


def sent_to(user) -> list:
    return [message for message in mail.outbox if message.to == [user.email]]


def recipients() -> list[str]:
    return sorted(address for message in mail.outbox for address in message.to)


def links(message) -> list[str]:
    return re.findall(re.escape(SITE) + r"(/\S*)", message.body)


def assert_footer(message, user) -> None:
    """The plain text ends with her one-click link for the kind and her settings link."""
    paths = links(message)
    assert paths[-2].startswith("/notifications/unsubscribe/")
    assert paths[-1] == reverse("notifications:settings")
    assert message.body.rstrip().endswith(SITE + reverse("notifications:settings"))
    assert message.extra_headers["List-Unsubscribe"] == f"<{SITE}{paths[-2]}>"
    html = message.alternatives[0][0]
    assert SITE + paths[-2] in html


def pair(**kwargs) -> Mentorship:
    return MentorshipFactory(
        mentor__profile__display_name="Grace", mentee__profile__display_name="Ada", **kwargs
    )


# --- a request waiting 3 days ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("age", "reminded"),
    [
        (timedelta(days=3) - timedelta(minutes=1), False),  # the day before
        (timedelta(days=3), True),  # the day of
        (timedelta(days=4), True),  # the day after (a run was missed)
        (timedelta(days=14, minutes=1), False),  # past the expiry
    ],
)
def test_a_pending_request_is_recalled_to_the_mentor_after_3_days(sweep, age, reminded):
    request = ConnectionRequestFactory(created_at=NOW - age, mentee__profile__display_name="Ada")

    sweep(matching_reminders.remind_pending_requests, now=NOW)

    assert len(sent_to(request.mentor)) == int(reminded)
    assert len(mail.outbox) == int(reminded)
    if reminded:
        message = mail.outbox[0]
        assert "Ada" in message.subject
        assert reverse("matching:request_detail", args=[request.public_id]) in links(message)
        assert_footer(message, request.mentor)


def test_a_request_is_recalled_once(sweep):
    ConnectionRequestFactory(created_at=NOW - timedelta(days=3))

    assert sweep(matching_reminders.remind_pending_requests, now=NOW) == 1
    assert sweep(matching_reminders.remind_pending_requests, now=NOW + timedelta(days=1)) == 0

    assert len(mail.outbox) == 1
    assert Notification.objects.get().status == Notification.Status.SENT


def test_an_answered_request_is_not_recalled(sweep):
    ConnectionRequestFactory(
        created_at=NOW - timedelta(days=3), status=ConnectionRequest.Status.DECLINED
    )

    sweep(matching_reminders.remind_pending_requests, now=NOW)

    assert mail.outbox == []


def test_a_mentor_who_turned_the_kind_off_gets_nothing(sweep):
    request = ConnectionRequestFactory(created_at=NOW - timedelta(days=3))
    NotificationOptOut.objects.create(user=request.mentor, kind=REQUEST_PENDING)

    sweep(matching_reminders.remind_pending_requests, now=NOW)

    assert mail.outbox == []
    assert not Notification.objects.exists()


def test_the_reminder_is_written_in_her_language(sweep):
    request = ConnectionRequestFactory(
        created_at=NOW - timedelta(days=3),
        mentor__profile__language="sv",
        mentee__profile__display_name="Ada",
    )

    sweep(matching_reminders.remind_pending_requests, now=NOW)

    with translation.override("sv"):
        subject = gettext("%(name)s is waiting for your answer") % {"name": "Ada"}
        footer = gettext(
            "WESTEM — a mentoring program for women and girls in science, technology, "
            "engineering and mathematics."
        )
    (message,) = sent_to(request.mentor)
    assert message.subject.endswith(subject)
    assert footer in message.alternatives[0][0]
    assert 'lang="sv"' in message.alternatives[0][0]


def test_a_rolled_back_transaction_sends_nothing(django_capture_on_commit_callbacks):
    ConnectionRequestFactory(created_at=NOW - timedelta(days=3))

    @transaction.atomic
    def queue_then_fail():
        assert matching_reminders.remind_pending_requests(now=NOW) == 1
        raise RuntimeError("the request was not saved after all")

    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError):
        queue_then_fail()

    assert mail.outbox == []
    assert not Notification.objects.exists()


# --- the automatic pause ---------------------------------------------------------------------


def ended(mentor, status, days_ago):
    return ConnectionRequestFactory(
        mentor=mentor,
        status=status,
        created_at=NOW - timedelta(days=20 + days_ago),
        responded_at=NOW - timedelta(days=days_ago),
    )


def accepting(mentor) -> bool:
    return MentorPresentation.objects.get(mentor=mentor).accepting_requests


def test_two_expiries_in_a_row_pause_the_mentor_who_is_told_how_to_resume(sweep):
    mentor = MentorFactory()
    ended(mentor, ConnectionRequest.Status.ACCEPTED, 30)
    ended(mentor, ConnectionRequest.Status.EXPIRED, 10)
    ended(mentor, ConnectionRequest.Status.EXPIRED, 1)
    other = MentorFactory()
    ended(other, ConnectionRequest.Status.EXPIRED, 1)  # one expiry only

    assert sweep(matching_services.pause_unanswering_mentors) == 1

    assert not accepting(mentor)
    assert accepting(other)
    (message,) = mail.outbox
    assert message.to == [mentor.email]
    assert reverse("matching:my_presentation") in links(message)
    # The pause tells her about her account: it cannot be turned off, so no one-click link.
    assert "List-Unsubscribe" not in message.extra_headers
    assert links(message)[-1] == reverse("notifications:settings")


def test_a_mentor_who_resumes_is_not_paused_again_for_the_same_expiries(sweep):
    mentor = MentorFactory()
    ended(mentor, ConnectionRequest.Status.EXPIRED, 10)
    ended(mentor, ConnectionRequest.Status.EXPIRED, 1)
    sweep(matching_services.pause_unanswering_mentors)
    MentorPresentation.objects.filter(mentor=mentor).update(accepting_requests=True)

    assert sweep(matching_services.pause_unanswering_mentors) == 0

    assert accepting(mentor)
    assert len(mail.outbox) == 1


def test_expiry_accepted_expiry_is_not_in_a_row(sweep):
    mentor = MentorFactory()
    ended(mentor, ConnectionRequest.Status.EXPIRED, 10)
    ended(mentor, ConnectionRequest.Status.ACCEPTED, 5)
    ended(mentor, ConnectionRequest.Status.EXPIRED, 1)

    assert sweep(matching_services.pause_unanswering_mentors) == 0

    assert accepting(mentor)
    assert mail.outbox == []


def test_the_daily_expiry_task_pauses_after_the_second_expiry(django_capture_on_commit_callbacks):
    mentor = MentorFactory()
    old = timezone.now() - timedelta(days=settings.MATCHING_REQUEST_EXPIRY_DAYS + 1)
    ConnectionRequestFactory(mentor=mentor, created_at=old)
    ConnectionRequestFactory(mentor=mentor, created_at=old - timedelta(hours=1))

    with django_capture_on_commit_callbacks(execute=True):
        matching_tasks.expire_stale_requests.delay()

    assert not accepting(mentor)
    # Each lapse (she can take them on the site only) and the pause; each mentee of hers is
    # told of her request's expiry.
    assert len(sent_to(mentor)) == 3
    assert len(mail.outbox) == 5


# --- a meeting within 24 hours ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("starts_in", "reminded"),
    [
        (timedelta(hours=24, minutes=1), False),  # the day before
        (timedelta(hours=24), True),
        (timedelta(hours=1), True),
        (timedelta(minutes=-1), False),  # started already
    ],
)
def test_a_meeting_is_announced_the_day_before_to_both(sweep, starts_in, reminded):
    mentorship = pair()
    MeetingFactory(mentorship=mentorship, starts_at=NOW + starts_in)

    sweep(cycle_reminders.remind_meetings_tomorrow, now=NOW)

    expected = sorted([mentorship.mentor.email, mentorship.mentee.email]) if reminded else []
    assert recipients() == expected


def test_the_meeting_time_is_in_each_persons_time_zone(sweep):
    mentorship = pair(mentor__profile__timezone="America/New_York")
    starts = datetime(2026, 11, 11, 9, 0, tzinfo=UTC)
    MeetingFactory(mentorship=mentorship, starts_at=starts)

    sweep(cycle_reminders.remind_meetings_tomorrow, now=NOW)

    for person, zone in (
        (mentorship.mentor, "America/New_York"),
        (mentorship.mentee, "Europe/Stockholm"),
    ):
        (message,) = sent_to(person)
        local = formats.time_format(starts.astimezone(zoneinfo.ZoneInfo(zone)), "TIME_FORMAT")
        assert f"{local} ({zone})" in message.body
        assert local in message.subject
        assert_footer(message, person)


def test_a_cancelled_meeting_is_not_announced_and_a_moved_one_is_again(sweep):
    mentorship = pair()
    MeetingFactory(mentorship=mentorship, starts_at=NOW + timedelta(hours=2), cancelled_at=NOW)
    meeting = MeetingFactory(mentorship=mentorship, starts_at=NOW + timedelta(hours=3))

    sweep(cycle_reminders.remind_meetings_tomorrow, now=NOW)
    sweep(cycle_reminders.remind_meetings_tomorrow, now=NOW + timedelta(hours=1))
    assert len(mail.outbox) == 2

    meeting.starts_at = NOW + timedelta(hours=5)
    meeting.save()
    sweep(cycle_reminders.remind_meetings_tomorrow, now=NOW + timedelta(hours=1))
    assert len(mail.outbox) == 4


def test_a_meeting_cancelled_before_the_email_leaves_is_not_announced(sweep):
    meeting = MeetingFactory(mentorship=pair(), starts_at=NOW + timedelta(hours=3))
    # The sweep writes the reminders; the worker has not sent them yet.
    assert cycle_reminders.remind_meetings_tomorrow(now=NOW) == 2
    meeting.cancelled_at = NOW
    meeting.status = Meeting.Status.CANCELLED
    meeting.save()

    sweep(send_written)

    assert mail.outbox == []
    assert not Notification.objects.exists()


def test_the_email_says_what_is_true_when_it_is_sent(sweep):
    mentorship = pair()
    meeting = MeetingFactory(
        mentorship=mentorship, starts_at=NOW + timedelta(hours=3), location="Room 101"
    )
    cycle_reminders.remind_meetings_tomorrow(now=NOW)
    meeting.location = "The library, 2nd floor"
    meeting.save()
    mentorship.mentee.profile.display_name = "Ada L."
    mentorship.mentee.profile.save()

    sweep(send_written)

    (message,) = sent_to(mentorship.mentor)
    assert "The library, 2nd floor" in message.body
    assert "Ada L." in message.body


# --- the reflection after a meeting ----------------------------------------------------------


@pytest.mark.parametrize(
    ("ended_ago", "reminded"),
    [
        (timedelta(minutes=-1), False),  # not over yet
        (timedelta(minutes=1), True),
        (timedelta(days=2), True),
        (timedelta(days=3, minutes=1), False),  # too long ago
    ],
)
def test_the_reflection_is_asked_for_after_the_meeting(sweep, ended_ago, reminded):
    mentorship = pair()
    meeting = MeetingFactory(
        mentorship=mentorship, starts_at=NOW - ended_ago - timedelta(minutes=60)
    )

    sweep(evaluation_reminders.remind_reflections, now=NOW)

    expected = sorted([mentorship.mentor.email, mentorship.mentee.email]) if reminded else []
    assert recipients() == expected
    if reminded:
        (message,) = sent_to(mentorship.mentee)
        assert reverse("evaluations:meeting_reflection", args=[meeting.public_id]) in links(message)
        assert "Grace" in message.subject


def test_the_reflection_is_asked_once_and_not_of_who_wrote_it(sweep):
    mentorship = pair()
    meeting = MeetingFactory(mentorship=mentorship, starts_at=NOW - timedelta(hours=2))
    SessionEvaluationFactory(meeting=meeting, author=mentorship.mentee)

    sweep(evaluation_reminders.remind_reflections, now=NOW)
    sweep(evaluation_reminders.remind_reflections, now=NOW + timedelta(hours=1))

    assert recipients() == [mentorship.mentor.email]


def test_a_reflection_written_before_the_email_leaves_is_not_asked_for(sweep):
    mentorship = pair()
    meeting = MeetingFactory(mentorship=mentorship, starts_at=NOW - timedelta(hours=2))
    assert evaluation_reminders.remind_reflections(now=NOW) == 2
    SessionEvaluationFactory(meeting=meeting, author=mentorship.mentee)

    sweep(send_written)

    assert recipients() == [mentorship.mentor.email]


def test_no_reflection_after_a_cancelled_meeting(sweep):
    mentorship = pair()
    MeetingFactory(mentorship=mentorship, starts_at=NOW - timedelta(hours=2), cancelled_at=NOW)

    sweep(evaluation_reminders.remind_reflections, now=NOW)

    assert mail.outbox == []


# --- the agreement 7 days after the start ----------------------------------------------------


@pytest.mark.parametrize(("days", "reminded"), [(6, False), (7, True), (8, True)])
def test_an_agreement_without_acceptances_is_recalled_after_7_days(sweep, days, reminded):
    mentorship = pair(start_date=TODAY - timedelta(days=days))

    sweep(cycle_reminders.remind_agreements_unsigned, now=NOW)

    expected = sorted([mentorship.mentor.email, mentorship.mentee.email]) if reminded else []
    assert recipients() == expected


def test_the_agreement_reminder_goes_to_who_has_not_accepted_once(sweep):
    mentorship = pair(start_date=TODAY - timedelta(days=7))
    AgreementFactory(mentorship=mentorship, mentor_accepted_at=NOW)
    signed = pair(start_date=TODAY - timedelta(days=7))
    AgreementFactory(mentorship=signed, mentor_accepted_at=NOW, mentee_accepted_at=NOW)
    pair(start_date=TODAY - timedelta(days=7), style=Style.FLASH)

    sweep(cycle_reminders.remind_agreements_unsigned, now=NOW)
    sweep(cycle_reminders.remind_agreements_unsigned, now=NOW + timedelta(days=1))

    assert recipients() == [mentorship.mentee.email]
    assert reverse("cycles:mentorship_detail", args=[mentorship.public_id]) in links(mail.outbox[0])


# --- hours below the minimum in a month ------------------------------------------------------


def test_hours_below_the_agreement_in_the_month_before_go_to_both_once(sweep):
    first = datetime(2026, 12, 1, 9, 0, tzinfo=STOCKHOLM)
    short = pair(start_date=date(2026, 10, 15))
    AgreementFactory(mentorship=short)  # 2 meetings of 60 minutes a month
    MeetingFactory(mentorship=short, starts_at=datetime(2026, 11, 3, 10, tzinfo=STOCKHOLM))
    # The day before the month and the day after it do not count.
    MeetingFactory(mentorship=short, starts_at=datetime(2026, 10, 31, 23, 30, tzinfo=STOCKHOLM))
    MeetingFactory(mentorship=short, starts_at=datetime(2026, 12, 1, 0, 30, tzinfo=STOCKHOLM))
    enough = pair(start_date=date(2026, 10, 15))
    AgreementFactory(mentorship=enough)
    MeetingFactory(mentorship=enough, starts_at=datetime(2026, 11, 3, 10, tzinfo=STOCKHOLM))
    # The last day of the month counts, in the program's time zone.
    MeetingFactory(mentorship=enough, starts_at=datetime(2026, 11, 30, 23, 0, tzinfo=STOCKHOLM))
    pair(start_date=date(2026, 11, 15))  # started within the month: not yet held to it

    assert sweep(cycle_reminders.remind_hours_below, now=first) == 2
    sweep(cycle_reminders.remind_hours_below, now=first + timedelta(hours=5))

    assert recipients() == sorted([short.mentor.email, short.mentee.email])
    message = sent_to(short.mentee)[0]
    assert "60 minutes" in message.body
    assert "120 minutes" in message.body
    assert Notification.objects.filter(occasion=f"mentorship:{short.pk}:2026-11").count() == 2


def test_hours_without_an_agreement_use_the_programs_hour(sweep):
    mentorship = pair(start_date=date(2026, 10, 1))
    MeetingFactory(
        mentorship=mentorship,
        starts_at=datetime(2026, 11, 3, 10, tzinfo=STOCKHOLM),
        duration_minutes=45,
    )

    sweep(cycle_reminders.remind_hours_below, now=datetime(2026, 12, 1, 9, tzinfo=STOCKHOLM))

    assert len(mail.outbox) == 2


# --- two weeks before the end ----------------------------------------------------------------


@pytest.mark.parametrize(("days_left", "reminded"), [(15, False), (14, True), (13, True)])
def test_the_end_is_announced_two_weeks_ahead(sweep, days_left, reminded):
    mentorship = pair(
        start_date=TODAY - timedelta(days=60), end_date=TODAY + timedelta(days=days_left)
    )

    sweep(cycle_reminders.remind_end_approaching, now=NOW)
    sweep(cycle_reminders.remind_end_approaching, now=NOW + timedelta(hours=6))

    expected = sorted([mentorship.mentor.email, mentorship.mentee.email]) if reminded else []
    assert recipients() == expected


# --- the final evaluation --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("ended_ago", "reminded"),
    [
        (timedelta(hours=23), False),  # the day of the end
        (timedelta(hours=24), True),  # a day after
        (timedelta(days=2), True),
        (timedelta(days=61), False),  # long gone
    ],
)
def test_the_final_evaluation_is_asked_for_a_day_after_the_end(sweep, ended_ago, reminded):
    mentorship = pair(
        status=Mentorship.Status.COMPLETED, phase=Phase.CLOSURE, ended_at=NOW - ended_ago
    )

    sweep(evaluation_reminders.remind_final_evaluations, now=NOW)

    expected = sorted([mentorship.mentor.email, mentorship.mentee.email]) if reminded else []
    assert recipients() == expected
    if reminded:
        message = sent_to(mentorship.mentor)[0]
        assert reverse("evaluations:final_evaluation", args=[mentorship.public_id]) in links(
            message
        )


def test_the_final_evaluation_is_asked_once_of_who_has_not_sent_it(sweep):
    done = FinalEvaluationFactory(
        mentorship__ended_at=NOW - timedelta(days=2),
        mentorship__start_date=date(2026, 7, 1),
    )
    in_closure = pair()
    in_closure.phase = Phase.CLOSURE
    in_closure.save()
    MentorshipEvent.objects.create(
        mentorship=in_closure,
        kind=MentorshipEvent.Kind.PHASE,
        to_value=str(Phase.CLOSURE),
        created_at=NOW - timedelta(days=1, minutes=1),
    )
    flash = pair(style=Style.FLASH)
    MeetingFactory(mentorship=flash, starts_at=NOW - timedelta(days=1, hours=1))
    fresh_flash = pair(style=Style.FLASH)
    MeetingFactory(mentorship=fresh_flash, starts_at=NOW - timedelta(hours=2))

    sweep(evaluation_reminders.remind_final_evaluations, now=NOW)
    sweep(evaluation_reminders.remind_final_evaluations, now=NOW + timedelta(days=1, hours=1))

    first_run = [done.mentorship.mentor.email]
    first_run += [in_closure.mentor.email, in_closure.mentee.email]
    first_run += [flash.mentor.email, flash.mentee.email]
    second_run = [fresh_flash.mentor.email, fresh_flash.mentee.email]
    assert recipients() == sorted(first_run + second_run)


# --- queries: constant whatever the number of rows -------------------------------------------


def _rows_for(name: str, index: int) -> None:
    if name == "pending":
        ConnectionRequestFactory(created_at=NOW - timedelta(days=3))
    elif name == "pause":
        mentor = MentorFactory()
        ended(mentor, ConnectionRequest.Status.EXPIRED, 3)
        ended(mentor, ConnectionRequest.Status.EXPIRED, 1)
    elif name == "meeting":
        MeetingFactory(starts_at=NOW + timedelta(hours=2))
    elif name == "reflection":
        MeetingFactory(starts_at=NOW - timedelta(hours=2))
    elif name == "agreement":
        mentorship = MentorshipFactory(start_date=TODAY - timedelta(days=7))
        if index % 2:
            AgreementFactory(mentorship=mentorship, mentor_accepted_at=NOW)
    elif name == "hours":
        mentorship = MentorshipFactory(start_date=date(2026, 10, 1))
        AgreementFactory(mentorship=mentorship)
        MeetingFactory(mentorship=mentorship, starts_at=datetime(2026, 10, 5, tzinfo=UTC))
    elif name == "end":
        MentorshipFactory(
            start_date=TODAY - timedelta(days=60), end_date=TODAY + timedelta(days=14)
        )
    elif name == "final":
        mentorship = MentorshipFactory(
            status=Mentorship.Status.COMPLETED, ended_at=NOW - timedelta(days=2)
        )
        if index % 2:
            FinalEvaluationFactory(mentorship=mentorship)


SWEEPS = {
    "pending": lambda: matching_reminders.remind_pending_requests(now=NOW),
    "pause": lambda: matching_services.pause_unanswering_mentors(),
    "meeting": lambda: cycle_reminders.remind_meetings_tomorrow(now=NOW),
    "reflection": lambda: evaluation_reminders.remind_reflections(now=NOW),
    "agreement": lambda: cycle_reminders.remind_agreements_unsigned(now=NOW),
    "hours": lambda: cycle_reminders.remind_hours_below(
        now=datetime(2026, 11, 1, 9, tzinfo=STOCKHOLM)
    ),
    "end": lambda: cycle_reminders.remind_end_approaching(now=NOW),
    "final": lambda: evaluation_reminders.remind_final_evaluations(now=NOW),
}
# The queries of one run, for one row and for many: one INSERT … SELECT per recipient.
# Each person's reminders are two statements: her inbox items, then the emails.
EXPECTED_QUERIES = {
    "pending": 2,  # the mentor
    "pause": 5,  # in a transaction (a savepoint here): the update, then the items and emails
    "meeting": 4,  # mentor, mentee
    "reflection": 4,
    "agreement": 4,
    "hours": 4,
    "end": 4,
    "final": 4,
}


def _queries(name: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert SWEEPS[name]() > 0
    return len(captured)


@pytest.mark.parametrize("name", SWEEPS)
def test_each_sweep_makes_the_same_queries_for_one_row_and_for_many(name):
    _rows_for(name, 0)
    one = _queries(name)
    Notification.objects.all().delete()
    MentorPresentation.objects.update(accepting_requests=True)
    for index in range(1, 8):
        _rows_for(name, index)

    many = _queries(name)

    assert one == many == EXPECTED_QUERIES[name]


def test_a_sweep_writes_every_due_reminder_and_its_inbox_item_in_two_statements(sweep):
    for _ in range(5):
        ConnectionRequestFactory(created_at=NOW - timedelta(days=3))

    with CaptureQueriesContext(connection) as captured:
        queued = matching_reminders.remind_pending_requests(now=NOW)

    assert queued == 5
    assert [query["sql"].split()[:3] for query in captured] == [
        ["INSERT", "INTO", '"notifications_inboxitem"'],
        ["INSERT", "INTO", '"notifications_notification"'],
    ]
    assert Notification.objects.filter(kind="request_pending").count() == 5
    assert InboxItem.objects.filter(kind="request_pending").count() == 5


def test_every_sweep_has_its_task_in_the_beat_schedule():
    from westem.celery import app

    app.loader.import_default_modules()
    scheduled = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}

    assert scheduled <= set(app.tasks)
    assert {
        "matching.expire_stale_requests",
        "matching.remind_pending_requests",
        "cycles.remind_meetings_tomorrow",
        "cycles.remind_agreements_unsigned",
        "cycles.remind_hours_below",
        "cycles.remind_end_approaching",
        "evaluations.remind_reflections",
        "evaluations.remind_final_evaluations",
    } <= scheduled
