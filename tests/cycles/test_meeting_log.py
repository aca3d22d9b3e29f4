"""Meetings logged afterwards (issue 19): ``cycles.services_log`` with every rule and the
message she sees, confirmation, dispute, deletion, the week after which silence confirms,
the emails and inbox items, and hours counting only once a logged meeting is confirmed."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from cycles import selectors, services_log, tasks
from cycles import services as cycle_services
from cycles.models import Meeting, Mentorship
from cycles.times import span
from evaluations import reports
from evaluations import services as evaluations
from evaluations.filters import ReportFilters
from evaluations.selectors import held_meetings
from notifications.models import InboxItem
from tests.factories import MeetingFactory, MentorshipFactory, StaffFactory

pytestmark = pytest.mark.django_db

STOCKHOLM = ZoneInfo("Europe/Stockholm")
HAS_ENDED = "This mentorship has ended; its records stay available to you both."
IN_THE_PAST = "You log a meeting once it has taken place: choose a date and time in the past."
LENGTH = "A meeting lasts from 15 minutes to 480 minutes (8 hours)."
NOTE = "Write a few words about what you talked about."
NOT_WAITING = "This meeting is not waiting for a confirmation."


@pytest.fixture
def pair():
    """Ada mentors Grace since 30 days ago."""
    start = timezone.localdate() - timedelta(days=30)
    return MentorshipFactory(
        mentor__profile__display_name="Ada",
        mentee__profile__display_name="Grace",
        start_date=start,
        end_date=start + timedelta(days=120),
    )


def days_ago(days: int, hour: int = 18) -> datetime:
    """``days`` ago at ``hour``:00 in Stockholm."""
    day = timezone.now().astimezone(STOCKHOLM).date() - timedelta(days=days)
    return datetime(day.year, day.month, day.day, hour, 0, tzinfo=STOCKHOLM)


def log_data(**changes) -> dict:
    return {
        "starts_at": days_ago(2),
        "time_zone": "Europe/Stockholm",
        "duration_minutes": 45,
        "notes": "We talked on the phone about my summer job.",
        "location": "",
        **changes,
    }


def messages_of(error: pytest.ExceptionInfo) -> dict | list:
    value = error.value
    return value.message_dict if hasattr(value, "error_dict") else value.messages


def subjects(mailoutbox) -> list[tuple[list[str], str]]:
    return [(email.to, email.subject) for email in mailoutbox]


def logged(pair, by=None, **changes) -> Meeting:
    return services_log.log_meeting(mentorship=pair, by=by or pair.mentee, data=log_data(**changes))


# --- logging -------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["mentee", "mentor"])
def test_either_of_the_pair_logs_a_meeting_and_the_other_is_asked_to_confirm(
    pair, who, client, mailoutbox, django_capture_on_commit_callbacks
):
    by = getattr(pair, who)
    other = pair.other(by)

    with django_capture_on_commit_callbacks(execute=True):
        meeting = logged(pair, by=by, location="On the phone")

    meeting.refresh_from_db()
    assert (meeting.origin, meeting.status, meeting.proposed_by) == ("logged", "logged", by)
    assert (meeting.starts_at, meeting.duration_minutes, meeting.time_zone) == (
        days_ago(2),
        45,
        "Europe/Stockholm",
    )
    assert meeting.notes == "We talked on the phone about my summer job."
    assert meeting.location == "On the phone"
    name = by.get_full_name()
    day = f"{days_ago(2).day} {days_ago(2):%B %Y}"
    assert subjects(mailoutbox) == [
        ([other.email], f"[WESTEM] {name} has logged your meeting on {day}: please confirm it")
    ]
    body = mailoutbox[0].body
    assert "We talked on the phone about my summer job." in body
    assert reverse("cycles:meeting_detail", args=[meeting.public_id]) in body
    assert "after 7 days unless you dispute it" in body
    (item,) = InboxItem.objects.filter(user=other)
    assert item.text == f"Your {who} logged a meeting that took place: please confirm it."
    assert not InboxItem.objects.filter(user=by).exists()
    client.force_login(other)
    opened = client.get(reverse("notifications:open", args=[item.pk]))
    assert opened["Location"] == reverse("cycles:meeting_detail", args=[meeting.public_id])


def test_a_place_is_optional(pair):
    meeting = logged(pair)

    assert Meeting.objects.get(pk=meeting.pk).location == ""


def test_a_meeting_in_the_future_cannot_be_logged(pair, mailoutbox):
    later = timezone.now() + timedelta(minutes=5)

    with pytest.raises(ValidationError) as error:
        logged(pair, starts_at=later)

    assert messages_of(error) == {"starts_at": [IN_THE_PAST]}
    assert not Meeting.objects.exists()
    assert mailoutbox == []


def test_a_meeting_before_the_mentorship_started_cannot_be_logged(pair):
    with pytest.raises(ValidationError) as error:
        logged(pair, starts_at=days_ago(31))

    start = pair.start_date
    assert messages_of(error) == {
        "starts_at": [
            f"Your mentorship started on {start.day} {start:%B %Y}: choose a date from then on."
        ]
    }
    assert logged(pair, starts_at=days_ago(30, hour=8)).status == "logged"  # its first day


def test_a_meeting_after_the_mentorships_end_date_cannot_be_logged():
    end = timezone.localdate() - timedelta(days=3)
    pair = MentorshipFactory(start_date=end - timedelta(days=60), end_date=end)

    with pytest.raises(ValidationError) as error:
        logged(pair, starts_at=days_ago(2))

    assert messages_of(error) == {
        "starts_at": [f"Your mentorship ended on {end.day} {end:%B %Y}: choose a date up to then."]
    }
    assert logged(pair, starts_at=days_ago(3)).status == "logged"  # its last day


@pytest.mark.parametrize("status", ["completed", "ended_early"])
def test_a_meeting_of_an_ended_mentorship_cannot_be_logged(pair, status):
    Mentorship.objects.filter(pk=pair.pk).update(status=status, ended_at=timezone.now())

    with pytest.raises(ValidationError) as error:
        logged(pair)

    assert messages_of(error) == [HAS_ENDED]


@pytest.mark.parametrize("minutes", [14, 481, 0])
def test_a_meeting_lasts_15_to_480_minutes(pair, minutes):
    with pytest.raises(ValidationError) as error:
        logged(pair, duration_minutes=minutes)

    assert messages_of(error) == {"duration_minutes": [LENGTH]}


@pytest.mark.parametrize("minutes", [15, 480])
def test_the_shortest_and_longest_meetings_are_logged(pair, minutes):
    assert logged(pair, duration_minutes=minutes).duration_minutes == minutes


@pytest.mark.parametrize("notes", ["", "   "])
def test_a_logged_meeting_needs_a_note(pair, notes):
    with pytest.raises(ValidationError) as error:
        logged(pair, notes=notes)

    assert messages_of(error) == {"notes": [NOTE]}


def test_the_same_meeting_logged_twice_is_one_row(
    pair, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        first = logged(pair)
        again = logged(pair, notes="Sent twice.")

    assert again.pk == first.pk
    assert Meeting.objects.count() == 1
    assert Meeting.objects.get().notes == "We talked on the phone about my summer job."
    assert len(mailoutbox) == 1


def test_a_meeting_the_partner_logged_already_is_not_logged_again(pair):
    logged(pair, by=pair.mentor)

    with pytest.raises(ValidationError) as error:
        logged(pair, by=pair.mentee)

    assert messages_of(error) == {
        "starts_at": [
            "A meeting at this time is in your meetings already: open it from your mentorship page."
        ]
    }


def overlaps(meeting: Meeting) -> dict:
    when = span(meeting.starts_at, meeting.ends_at, STOCKHOLM)
    return {
        "starts_at": [
            f"This overlaps a meeting in your meetings already ({when}): open that one from "
            "your mentorship page."
        ]
    }


def test_a_meeting_overlapping_one_in_her_meetings_is_not_logged(pair):
    """Only the exact start was checked: the agreed 18:00 meeting logged again as 18:15, or
    ten 8-hour meetings logged a minute apart (counting by themselves after a week of
    silence), added hours that never happened."""
    agreed = MeetingFactory(mentorship=pair, starts_at=days_ago(2), duration_minutes=60)
    waiting = logged(pair, by=pair.mentor, starts_at=days_ago(4), duration_minutes=480)

    for start, minutes, meeting in (
        (days_ago(2) + timedelta(minutes=15), 45, agreed),
        (days_ago(2) - timedelta(minutes=30), 45, agreed),
        (days_ago(2) - timedelta(minutes=30), 120, agreed),
        (days_ago(4) + timedelta(minutes=1), 480, waiting),
    ):
        with pytest.raises(ValidationError) as error:
            logged(pair, starts_at=start, duration_minutes=minutes)
        assert messages_of(error) == overlaps(meeting)
    assert Meeting.objects.count() == 2


def test_a_meeting_right_before_or_after_another_or_over_a_disputed_one_is_logged(pair):
    MeetingFactory(mentorship=pair, starts_at=days_ago(2), duration_minutes=60)
    disputed = logged(pair, by=pair.mentor, starts_at=days_ago(3))
    services_log.dispute_logged_meeting(meeting=disputed, by=pair.mentee, note="Not then.")

    before = logged(pair, starts_at=days_ago(2) - timedelta(minutes=45), duration_minutes=45)
    after = logged(pair, starts_at=days_ago(2) + timedelta(minutes=60), duration_minutes=30)
    again = logged(pair, by=pair.mentor, starts_at=days_ago(3) + timedelta(minutes=15))

    assert {before.status, after.status, again.status} == {"logged"}


def test_someone_outside_the_pair_cannot_log_a_meeting(pair):
    for stranger in (StaffFactory(), MentorshipFactory().mentee):
        with pytest.raises(PermissionDenied):
            logged(pair, by=stranger)
    assert not Meeting.objects.exists()


# --- confirming, disputing, deleting -------------------------------------------------------


def test_the_partner_confirms_and_then_it_counts(pair):
    started = (timezone.now() - timedelta(hours=2)).replace(second=0, microsecond=0)
    meeting = logged(pair, starts_at=started)

    def minutes_met():  # in the month of the meeting
        meetings = selectors.meetings_of(pair)
        return selectors.minutes_met_in_month(
            meetings, tz=STOCKHOLM, now=started + timedelta(hours=1)
        )

    assert minutes_met() == 0
    assert not held_meetings(pair).exists()
    assert reports.sessions(ReportFilters()).hours == 0

    confirmed = services_log.confirm_logged_meeting(meeting=meeting, by=pair.mentor)

    assert confirmed.status == Meeting.Status.CONFIRMED
    assert Meeting.objects.get(pk=meeting.pk).status == "confirmed"
    assert minutes_met() == 45
    assert list(held_meetings(pair)) == [meeting]
    assert reports.sessions(ReportFilters()).hours == 0.8
    # Confirming it again changes nothing.
    assert services_log.confirm_logged_meeting(meeting=meeting, by=pair.mentor).pk == meeting.pk


def test_a_reflection_is_possible_once_the_logged_meeting_is_confirmed(pair):
    meeting = logged(pair)
    answer = {"useful": 4, "prepared": 3, "understood": 5, "progress": 4, "reflection": "Good."}

    with pytest.raises(ValidationError) as error:
        evaluations.submit_reflection(meeting=meeting, by=pair.mentee, data=answer)
    assert error.value.messages == [
        "You can reflect on this session once you have both agreed to it."
    ]

    services_log.confirm_logged_meeting(meeting=meeting, by=pair.mentor)
    reflection = evaluations.submit_reflection(meeting=meeting, by=pair.mentee, data=answer)
    assert reflection.meeting_id == meeting.pk


def test_the_logger_cannot_confirm_or_dispute_her_own_meeting(pair):
    meeting = logged(pair)
    expected = ["You logged this meeting: Ada confirms it, or disputes it."]

    with pytest.raises(ValidationError) as error:
        services_log.confirm_logged_meeting(meeting=meeting, by=pair.mentee)
    assert messages_of(error) == expected
    with pytest.raises(ValidationError) as error:
        services_log.dispute_logged_meeting(meeting=meeting, by=pair.mentee, note="No.")
    assert messages_of(error) == expected
    assert Meeting.objects.get(pk=meeting.pk).status == "logged"


def test_a_planned_meeting_is_not_confirmed_here(pair):
    meeting = MeetingFactory(mentorship=pair, status=Meeting.Status.PROPOSED)

    with pytest.raises(ValidationError) as error:
        services_log.confirm_logged_meeting(meeting=meeting, by=pair.mentor)

    assert messages_of(error) == [NOT_WAITING]
    assert Meeting.objects.get(pk=meeting.pk).status == "proposed"


def test_a_meeting_that_took_place_keeps_its_length(pair):
    """The page offers no change once a meeting started; the service let its length be
    changed all the same, so a confirmed 45 minutes could count as 8 hours."""
    meeting = logged(pair)
    services_log.confirm_logged_meeting(meeting=meeting, by=pair.mentor)
    planned = MeetingFactory(mentorship=pair, starts_at=days_ago(5), duration_minutes=60)

    for held in (meeting, planned):
        with pytest.raises(ValidationError) as error:
            cycle_services.update_meeting(
                meeting=held, by=pair.mentee, data={"duration_minutes": 480}
            )
        assert messages_of(error) == {
            "duration_minutes": ["A meeting that took place keeps its length."]
        }
    meeting.refresh_from_db()
    planned.refresh_from_db()
    assert (meeting.duration_minutes, planned.duration_minutes) == (45, 60)
    corrected = cycle_services.update_meeting(
        meeting=meeting, by=pair.mentor, data={"duration_minutes": 45, "location": "Phone"}
    )
    assert corrected.location == "Phone"


def test_the_partner_disputes_with_a_note_and_the_logger_is_told(
    pair, mailoutbox, django_capture_on_commit_callbacks
):
    meeting = logged(pair)

    with django_capture_on_commit_callbacks(execute=True):
        services_log.dispute_logged_meeting(
            meeting=meeting, by=pair.mentor, note="  We met for 20 minutes, not 45.  "
        )

    meeting.refresh_from_db()
    assert (meeting.status, meeting.dispute_note) == ("disputed", "We met for 20 minutes, not 45.")
    day = f"{days_ago(2).day} {days_ago(2):%B %Y}"
    assert subjects(mailoutbox) == [
        ([pair.mentee.email], f"[WESTEM] Ada has disputed the meeting you logged on {day}")
    ]
    assert "We met for 20 minutes, not 45." in mailoutbox[0].body
    item = InboxItem.objects.get(user=pair.mentee, kind="meeting_disputed")
    assert item.text == "Your mentor disputed a meeting you logged."
    assert selectors.minutes_met_in_month(selectors.meetings_of(pair), tz=STOCKHOLM) == 0
    # Disputed, it no longer waits for anyone.
    with pytest.raises(ValidationError) as error:
        services_log.confirm_logged_meeting(meeting=meeting, by=pair.mentor)
    assert messages_of(error) == [NOT_WAITING]


@pytest.mark.parametrize("note", ["", "  "])
def test_a_dispute_needs_a_note(pair, note, mailoutbox):
    meeting = logged(pair)
    mailoutbox.clear()

    with pytest.raises(ValidationError) as error:
        services_log.dispute_logged_meeting(meeting=meeting, by=pair.mentor, note=note)

    assert messages_of(error) == {"note": ["Tell Grace in a few words what is not right."]}
    assert Meeting.objects.get(pk=meeting.pk).status == "logged"


def test_a_confirmed_meeting_cannot_be_disputed(pair):
    meeting = logged(pair)
    services_log.confirm_logged_meeting(meeting=meeting, by=pair.mentor)

    with pytest.raises(ValidationError) as error:
        services_log.dispute_logged_meeting(meeting=meeting, by=pair.mentor, note="No.")

    assert messages_of(error) == [NOT_WAITING]


def test_the_logger_deletes_it_while_it_waits_and_her_partner_hears_nothing(
    pair, client, mailoutbox, django_capture_on_commit_callbacks
):
    meeting = logged(pair)  # its email is not sent yet: the transaction is the test's
    item = InboxItem.objects.get(user=pair.mentor)

    with django_capture_on_commit_callbacks(execute=True):
        services_log.delete_logged_meeting(meeting=meeting, by=pair.mentee)

    assert not Meeting.objects.exists()
    assert mailoutbox == []
    # Her inbox item no longer leads to a page that is gone, but to her inbox.
    client.force_login(pair.mentor)
    opened = client.get(reverse("notifications:open", args=[item.pk]))
    assert opened["Location"] == reverse("notifications:inbox")


def test_only_the_logger_deletes_and_only_while_it_waits(pair):
    meeting = logged(pair)

    with pytest.raises(ValidationError) as error:
        services_log.delete_logged_meeting(meeting=meeting, by=pair.mentor)
    assert messages_of(error) == ["Only the person who logged a meeting can delete it."]

    services_log.confirm_logged_meeting(meeting=meeting, by=pair.mentor)
    with pytest.raises(ValidationError) as error:
        services_log.delete_logged_meeting(meeting=meeting, by=pair.mentee)
    assert messages_of(error) == ["Only a meeting still waiting for confirmation can be deleted."]
    assert Meeting.objects.filter(pk=meeting.pk).exists()

    planned = MeetingFactory(mentorship=pair)
    with pytest.raises(ValidationError) as error:
        services_log.delete_logged_meeting(meeting=planned, by=pair.mentee)
    assert messages_of(error) == ["Only the person who logged a meeting can delete it."]


# --- a week of silence ---------------------------------------------------------------------


def test_a_week_after_it_was_logged_an_undisputed_meeting_counts(pair, django_assert_num_queries):
    now = timezone.now()
    week = timedelta(days=services_log.CONFIRM_AFTER_DAYS)
    overdue = logged(pair, starts_at=days_ago(9))
    recent = logged(pair, starts_at=days_ago(3))
    disputed = logged(pair, starts_at=days_ago(8))
    services_log.dispute_logged_meeting(meeting=disputed, by=pair.mentor, note="Not then.")
    Meeting.objects.filter(pk__in=[overdue.pk, disputed.pk]).update(created_at=now - week)
    Meeting.objects.filter(pk=recent.pk).update(created_at=now - week + timedelta(minutes=1))

    with django_assert_num_queries(1):
        confirmed = services_log.confirm_overdue_logged_meetings(now=now)

    assert confirmed == 1
    statuses = dict(Meeting.objects.values_list("pk", "status"))
    assert statuses == {overdue.pk: "confirmed", recent.pk: "logged", disputed.pk: "disputed"}
    # The beat's task runs the same sweep: a minute later the other one is due too.
    assert services_log.confirm_overdue_logged_meetings(now=now + timedelta(minutes=1)) == 1
    assert tasks.confirm_logged_meetings() == 0


def test_silence_confirms_only_when_the_partner_could_answer(
    pair, mailoutbox, django_capture_on_commit_callbacks
):
    """A deactivated partner is sent no email and cannot sign in to dispute: the week of
    silence made whatever her partner logged count."""
    pair.mentor.is_active = False
    pair.mentor.save(update_fields=["is_active"])
    with django_capture_on_commit_callbacks(execute=True):
        unanswerable = logged(pair, starts_at=days_ago(9))
    other_pair = MentorshipFactory(start_date=pair.start_date)
    answerable = logged(other_pair, by=other_pair.mentor, starts_at=days_ago(9))
    Meeting.objects.update(created_at=timezone.now() - timedelta(days=8))

    assert services_log.confirm_overdue_logged_meetings() == 1

    assert mailoutbox == []
    statuses = dict(Meeting.objects.values_list("pk", "status"))
    assert statuses == {unanswerable.pk: "logged", answerable.pk: "confirmed"}
    pair.mentor.is_active = True  # back: she is asked on her dashboard, and may answer
    pair.mentor.save(update_fields=["is_active"])
    services_log.confirm_logged_meeting(meeting=unanswerable, by=pair.mentor)
    assert Meeting.objects.get(pk=unanswerable.pk).status == "confirmed"


# --- her data ------------------------------------------------------------------------------


def test_her_export_holds_the_origin_and_her_erasure_clears_her_dispute_note(pair):
    from profiles import privacy

    meeting = logged(pair)
    services_log.dispute_logged_meeting(meeting=meeting, by=pair.mentor, note="Not that day.")

    (exported,) = privacy.export_user_data(user=pair.mentor)["mentorships"][0]["meetings"]
    assert (exported["origin"], exported["status"], exported["why_disputed"]) == (
        "logged",
        "disputed",
        "Not that day.",
    )

    privacy.erase_user(user=pair.mentor, by=pair.mentor)

    meeting.refresh_from_db()
    assert (meeting.status, meeting.dispute_note) == ("disputed", "")
    assert meeting.notes == "We talked on the phone about my summer job."  # the pair's own


def test_a_swedish_partner_is_asked_in_swedish(
    pair, mailoutbox, django_capture_on_commit_callbacks
):
    pair.mentor.profile.language = "sv"
    pair.mentor.profile.save(update_fields=["language"])

    with django_capture_on_commit_callbacks(execute=True):
        logged(pair)

    (email,) = mailoutbox
    assert email.subject.startswith("[WESTEM] Grace har loggat ert möte den ")
    assert email.subject.endswith(": bekräfta det")
    assert "Det räknas in i era timmar när du bekräftar det, eller efter 7 dagar" in email.body
    assert "Bekräfta det på mötets sida" in email.body
