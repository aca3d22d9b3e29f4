"""Meeting proposals (issue 19): one to three times offered, one accepted or all declined with
other times, a proposal withdrawn; an agreed meeting changed or cancelled with a note; the
calendar file that follows every change (same UID, growing SEQUENCE, METHOD:CANCEL); and the
end of a mentorship calling off its meetings. Every rule with the message she sees."""

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from icalendar import Calendar

from cycles import selectors, services
from cycles.models import Meeting, MeetingOption
from cycles.personal_data import export_mentorships
from cycles.steps import mentorship_steps
from notifications.models import InboxItem
from profiles import privacy
from tests.factories import MeetingFactory, MeetingOptionFactory, MentorshipFactory

pytestmark = pytest.mark.django_db

STOCKHOLM = ZoneInfo("Europe/Stockholm")
# Monday 11, Tuesday 12 and Wednesday 13 March 2030, 18:00 in Stockholm.
MONDAY, TUESDAY, WEDNESDAY = (
    datetime(2030, 3, day, 18, 0, tzinfo=STOCKHOLM) for day in (11, 12, 13)
)
HAS_ENDED = "This mentorship has ended; its records stay available to you both."


@pytest.fixture
def pair():
    """Ada mentors Grace; both in Stockholm. Their mentorship starts on 1 March 2030, so the
    times proposed lie within its months (``services.check_meeting_time``)."""
    return MentorshipFactory(
        start_date=date(2030, 3, 1),
        mentor__profile__display_name="Ada",
        mentee__profile__display_name="Grace",
        mentor__profile__timezone="Europe/Stockholm",
        mentee__profile__timezone="Europe/Stockholm",
    )


def propose(mentorship, by=None, times=(MONDAY, TUESDAY, WEDNESDAY), **changes) -> Meeting:
    data = {
        "times": list(times),
        "time_zone": "Europe/Stockholm",
        "duration_minutes": 60,
        "location": "https://meet.example.org/ada-grace",
        "agenda": "My internship applications.",
        **changes,
    }
    return services.schedule_meeting(mentorship=mentorship, by=by or mentorship.mentee, data=data)


def agreed(mentorship, position=1, **changes) -> Meeting:
    """A meeting the mentee proposed and the mentor accepted."""
    meeting = propose(mentorship, **changes)
    return services.accept_proposal(meeting=meeting, by=mentorship.mentor, position=position)


def messages_of(error) -> list[str]:
    return error.value.messages


def inbox_text(user, kind) -> str:
    return InboxItem.objects.get(user=user, kind=kind).text


def calendar_of(attachment):
    """The attached .ics, read back: (the calendar, its one event)."""
    filename, content, mimetype = attachment
    assert filename.endswith(".ics")
    assert mimetype == "text/calendar"
    calendar = Calendar.from_ical(content)
    (event,) = calendar.walk("VEVENT")
    return calendar, event


# --- proposing -----------------------------------------------------------------------------


def test_a_proposal_offers_three_times_and_nothing_is_agreed_yet(
    pair, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        meeting = propose(pair, times=[WEDNESDAY, MONDAY, TUESDAY])

    assert (meeting.status, meeting.proposed_by, meeting.agreed_at) == (
        "proposed",
        pair.mentee,
        None,
    )
    assert list(meeting.options.values_list("position", "starts_at")) == [
        (1, MONDAY),
        (2, TUESDAY),
        (3, WEDNESDAY),
    ]
    assert meeting.starts_at == MONDAY  # the earliest, until one is accepted
    (email,) = mailoutbox
    assert (email.to, email.subject) == (
        [pair.mentor.email],
        "[WESTEM] Grace has proposed a meeting: choose a time",
    )
    assert "- Monday 11 March 2030, 18:00–19:00" in email.body
    assert "- Wednesday 13 March 2030, 18:00–19:00" in email.body
    assert email.attachments == []
    assert inbox_text(pair.mentor, "meeting_scheduled") == (
        "Your mentee proposed times for a meeting: choose one."
    )
    assert not Meeting.objects.counting().exists()


@pytest.mark.parametrize(
    ("times", "message"),
    [
        ([], "Offer at least one time."),
        ([MONDAY, TUESDAY, WEDNESDAY, WEDNESDAY + timedelta(days=1)], "Offer at most 3 times."),
        ([MONDAY, MONDAY], "Offer different times."),
        ([MONDAY, timezone.now() - timedelta(minutes=5)], "Choose a time in the future."),
    ],
    ids=["none", "four", "the same twice", "one in the past"],
)
def test_the_times_a_proposal_offers(pair, times, message, mailoutbox):
    with pytest.raises(ValidationError) as error:
        propose(pair, times=times)

    assert error.value.message_dict == {"starts_at": [message]}
    assert not Meeting.objects.exists()
    assert mailoutbox == []


def test_the_mentee_still_proposes_the_first_meeting(pair):
    with pytest.raises(ValidationError) as error:
        propose(pair, by=pair.mentor)

    assert messages_of(error) == [
        "In the program the mentee proposes the first meeting. Your mentee has been asked to do so."
    ]


# --- accepting -----------------------------------------------------------------------------


def test_the_partner_accepts_the_second_time_and_the_proposer_gets_the_calendar_file(
    pair, mailoutbox, django_capture_on_commit_callbacks
):
    meeting = propose(pair)
    mailoutbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        services.accept_proposal(meeting=meeting, by=pair.mentor, position=2)

    meeting.refresh_from_db()
    assert (meeting.status, meeting.starts_at, meeting.sequence) == ("confirmed", TUESDAY, 1)
    assert meeting.agreed_at is not None
    assert list(Meeting.objects.counting()) == [meeting]
    (email,) = mailoutbox
    assert (email.to, email.subject) == (
        [pair.mentee.email],
        "[WESTEM] Agreed with Ada: a meeting on 12 March 2030 at 18:00",
    )
    (attachment,) = email.attachments
    calendar, event = calendar_of(attachment)
    assert str(calendar["METHOD"]) == "PUBLISH"
    assert str(event["STATUS"]) == "CONFIRMED"
    assert str(event["UID"]) == f"{meeting.public_id}@westem.eu"
    assert event["SEQUENCE"] == 1
    assert event.decoded("DTSTART") == TUESDAY.astimezone(UTC)
    assert inbox_text(pair.mentee, "proposal_accepted") == (
        "Your mentor accepted a time you proposed: the meeting is agreed."
    )


def test_the_proposer_cannot_accept_her_own_proposal(pair):
    meeting = propose(pair)

    with pytest.raises(ValidationError) as error:
        services.accept_proposal(meeting=meeting, by=pair.mentee, position=1)

    assert messages_of(error) == [
        "You proposed these times: Ada accepts one of them or offers others."
    ]
    meeting.refresh_from_db()
    assert meeting.status == "proposed"


def test_a_proposal_cannot_be_accepted_twice(pair, mailoutbox, django_capture_on_commit_callbacks):
    meeting = propose(pair)
    services.accept_proposal(meeting=meeting, by=pair.mentor, position=1)

    with pytest.raises(ValidationError) as error:
        services.accept_proposal(meeting=meeting, by=pair.mentor, position=3)

    assert messages_of(error) == ["This proposal has already been accepted."]
    meeting.refresh_from_db()
    assert meeting.starts_at == MONDAY


def test_a_proposal_cannot_be_accepted_after_the_end(pair):
    meeting = propose(pair)
    services.end_mentorship(mentorship=pair, by=pair.mentee)

    with pytest.raises(ValidationError) as error:
        services.accept_proposal(meeting=meeting, by=pair.mentor, position=1)

    assert messages_of(error) == [HAS_ENDED]
    meeting.refresh_from_db()
    assert meeting.status == "cancelled"


def test_an_unknown_or_passed_time_cannot_be_accepted(pair):
    meeting = MeetingFactory(mentorship=pair, status=Meeting.Status.PROPOSED)
    MeetingOptionFactory(meeting=meeting, position=1, starts_at=timezone.now() - timedelta(hours=1))
    MeetingOptionFactory(meeting=meeting, position=2, starts_at=meeting.starts_at)

    with pytest.raises(ValidationError) as passed:
        services.accept_proposal(meeting=meeting, by=pair.mentor, position=1)
    with pytest.raises(ValidationError) as unknown:
        services.accept_proposal(meeting=meeting, by=pair.mentor, position=3)

    assert passed.value.message_dict == {
        "option": ["This time has passed: choose another one, or offer other times."]
    }
    assert unknown.value.message_dict == {"option": ["Choose one of the proposed times."]}
    meeting.refresh_from_db()
    assert meeting.status == "proposed"


# --- declining with other times ------------------------------------------------------------


def test_none_of_the_times_works_so_she_offers_others_and_becomes_the_proposer(
    pair, mailoutbox, django_capture_on_commit_callbacks
):
    meeting = propose(pair)
    mailoutbox.clear()
    thursday, friday = MONDAY + timedelta(days=3), MONDAY + timedelta(days=4)

    with django_capture_on_commit_callbacks(execute=True):
        counter = services.decline_proposal(
            meeting=meeting, by=pair.mentor, times=[friday, thursday], time_zone="UTC"
        )

    meeting.refresh_from_db()
    assert meeting.status == "declined"
    assert (counter.status, counter.proposed_by, counter.time_zone) == (
        "proposed",
        pair.mentor,
        "UTC",
    )
    assert (counter.location, counter.agenda, counter.duration_minutes) == (
        meeting.location,
        meeting.agenda,
        60,
    )
    assert list(counter.options.values_list("starts_at", flat=True)) == [thursday, friday]
    (email,) = mailoutbox
    assert (email.to, email.subject) == (
        [pair.mentee.email],
        "[WESTEM] Ada offers other times for your meeting",
    )
    assert "- Thursday 14 March 2030, 18:00–19:00" in email.body
    assert inbox_text(pair.mentee, "proposal_declined") == (
        "None of your proposed times suit your mentor: she offered other times."
    )
    # The first proposal is answered; the new one is the mentee's to answer.
    with pytest.raises(ValidationError) as error:
        services.accept_proposal(meeting=meeting, by=pair.mentor, position=1)
    assert messages_of(error) == ["This proposal has already been answered with other times."]
    services.accept_proposal(meeting=counter, by=pair.mentee, position=2)
    counter.refresh_from_db()
    assert (counter.status, counter.starts_at) == ("confirmed", friday)


def test_the_proposer_cannot_decline_her_own_times(pair):
    meeting = propose(pair)

    with pytest.raises(ValidationError) as error:
        services.decline_proposal(meeting=meeting, by=pair.mentee, times=[WEDNESDAY])

    assert messages_of(error) == [
        "You proposed these times: withdraw the proposal to offer other times."
    ]


def test_other_times_follow_the_same_rules(pair):
    meeting = propose(pair)

    with pytest.raises(ValidationError) as error:
        services.decline_proposal(
            meeting=meeting, by=pair.mentor, times=[timezone.now() - timedelta(days=1)]
        )

    assert error.value.message_dict == {"starts_at": ["Choose a time in the future."]}
    meeting.refresh_from_db()
    assert meeting.status == "proposed"
    assert Meeting.objects.count() == 1


# --- withdrawing ---------------------------------------------------------------------------


def test_the_proposer_withdraws_her_proposal_and_the_partner_is_told(
    pair, mailoutbox, django_capture_on_commit_callbacks
):
    meeting = propose(pair)
    mailoutbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        services.withdraw_proposal(meeting=meeting, by=pair.mentee, note="Exams moved.")
        services.withdraw_proposal(meeting=meeting, by=pair.mentee)  # a second click

    meeting.refresh_from_db()
    assert (meeting.status, meeting.change_note) == ("cancelled", "Exams moved.")
    (email,) = mailoutbox
    assert (email.to, email.subject) == (
        [pair.mentor.email],
        "[WESTEM] Grace has withdrawn a meeting proposal",
    )
    assert "“Exams moved.”" in email.body
    assert email.attachments == []  # it never was in a calendar
    assert (
        inbox_text(pair.mentor, "meeting_cancelled") == "Your mentee withdrew a meeting proposal."
    )
    with pytest.raises(ValidationError) as error:
        services.accept_proposal(meeting=meeting, by=pair.mentor, position=1)
    assert messages_of(error) == ["This proposal was withdrawn."]


def test_only_the_proposer_withdraws(pair):
    meeting = propose(pair)

    with pytest.raises(ValidationError) as by_partner:
        services.withdraw_proposal(meeting=meeting, by=pair.mentor)
    with pytest.raises(ValidationError) as cancelled_by_partner:
        services.cancel_meeting(meeting=meeting, by=pair.mentor, note="No.")

    assert messages_of(by_partner) == [
        "Only the person who proposed these times can withdraw them: answer them instead."
    ]
    assert messages_of(cancelled_by_partner) == [
        "Answer the proposal instead: accept one of the times or offer others."
    ]
    meeting.refresh_from_db()
    assert meeting.status == "proposed"


def test_an_accepted_proposal_cannot_be_withdrawn(pair):
    meeting = agreed(pair)

    with pytest.raises(ValidationError) as error:
        services.withdraw_proposal(meeting=meeting, by=pair.mentee)

    assert messages_of(error) == ["This proposal has already been accepted."]


def test_a_proposal_cannot_be_changed(pair):
    meeting = propose(pair)

    with pytest.raises(ValidationError) as error:
        services.update_meeting(
            meeting=meeting, by=pair.mentee, data={"location": "Room 4"}, note="A room."
        )

    assert messages_of(error) == [
        "A proposal cannot be changed: withdraw it and propose other times."
    ]


# --- only agreed meetings count ------------------------------------------------------------


def test_only_an_agreed_meeting_counts_toward_the_hours(pair):
    now = datetime(2030, 3, 20, 12, 0, tzinfo=UTC)
    held = MeetingFactory(mentorship=pair, starts_at=MONDAY, duration_minutes=60)
    for status in ("proposed", "declined"):
        MeetingFactory(mentorship=pair, starts_at=TUESDAY, duration_minutes=90, status=status)
    MeetingFactory(mentorship=pair, starts_at=WEDNESDAY, cancelled_at=MONDAY)

    meetings = selectors.meetings_of(pair)

    assert selectors.minutes_met_in_month(meetings, tz=STOCKHOLM, now=now) == 60
    assert list(Meeting.objects.counting()) == [held]
    assert selectors.next_meeting(meetings, now=MONDAY - timedelta(days=1)) == held


# --- changing and cancelling an agreed meeting ---------------------------------------------


def test_a_change_asks_for_a_note(pair, mailoutbox):
    meeting = agreed(pair)
    mailoutbox.clear()

    with pytest.raises(ValidationError) as error:
        services.update_meeting(
            meeting=meeting, by=pair.mentor, data={"starts_at": WEDNESDAY}, note="  "
        )

    assert error.value.message_dict == {
        "note": ["Write a short note for Grace: what changed, and why?"]
    }
    meeting.refresh_from_db()
    assert (meeting.starts_at, meeting.sequence) == (MONDAY, 1)


def test_a_changed_time_stays_agreed_and_the_partner_gets_the_note_and_the_new_file(
    pair, mailoutbox, django_capture_on_commit_callbacks
):
    meeting = agreed(pair)
    mailoutbox.clear()
    uid = f"{meeting.public_id}@westem.eu"

    with django_capture_on_commit_callbacks(execute=True):
        services.update_meeting(
            meeting=meeting,
            by=pair.mentor,
            data={"starts_at": WEDNESDAY, "location": "Room 4"},
            note="A lecture moved: can we meet on Wednesday?",
        )

    meeting.refresh_from_db()
    assert (meeting.status, meeting.starts_at, meeting.sequence) == ("confirmed", WEDNESDAY, 2)
    (email,) = mailoutbox
    assert (email.to, email.subject) == (
        [pair.mentee.email],
        "[WESTEM] Ada has changed your meeting",
    )
    assert "“A lecture moved: can we meet on Wednesday?”" in email.body
    assert "Wednesday 13 March 2030, 18:00–19:00" in email.body
    calendar, event = calendar_of(email.attachments[0])
    assert str(calendar["METHOD"]) == "PUBLISH"
    assert (str(event["UID"]), event["SEQUENCE"], str(event["LOCATION"])) == (uid, 2, "Room 4")
    assert event.decoded("DTSTART") == WEDNESDAY.astimezone(UTC)


def test_a_cancellation_asks_for_a_note(pair, mailoutbox):
    meeting = agreed(pair)

    with pytest.raises(ValidationError) as error:
        services.cancel_meeting(meeting=meeting, by=pair.mentee)

    assert error.value.message_dict == {
        "note": ["Write a short note for Ada: why is the meeting cancelled?"]
    }
    meeting.refresh_from_db()
    assert meeting.status == "confirmed"


def test_a_cancelled_meeting_is_removed_from_her_calendar(
    pair, mailoutbox, django_capture_on_commit_callbacks
):
    meeting = agreed(pair)
    mailoutbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        services.cancel_meeting(meeting=meeting, by=pair.mentee, note="I have a fever.")

    meeting.refresh_from_db()
    assert (meeting.status, meeting.sequence, meeting.change_note) == (
        "cancelled",
        2,
        "I have a fever.",
    )
    (email,) = mailoutbox
    assert email.subject == "[WESTEM] Grace has cancelled your meeting on 11 March 2030"
    assert "“I have a fever.”" in email.body
    calendar, event = calendar_of(email.attachments[0])
    assert str(calendar["METHOD"]) == "CANCEL"
    assert str(event["STATUS"]) == "CANCELLED"
    assert (str(event["UID"]), event["SEQUENCE"]) == (f"{meeting.public_id}@westem.eu", 2)


# --- the end of a mentorship ---------------------------------------------------------------


@pytest.mark.parametrize("how", ["ended early", "completed"])
def test_the_end_cancels_future_meetings_and_open_proposals_and_tells_both(
    pair, how, mailoutbox, django_capture_on_commit_callbacks
):
    past = MeetingFactory(mentorship=pair, starts_at=timezone.now() - timedelta(days=2))
    ahead = agreed(pair, times=[MONDAY])
    waiting = propose(pair, by=pair.mentor, times=[TUESDAY, WEDNESDAY])
    mailoutbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        if how == "ended early":
            services.end_mentorship(mentorship=pair, by=pair.mentor, reason="I move abroad.")
        else:
            pair.phase = 4
            pair.save()
            services.confirm_closure(mentorship=pair, by=pair.mentor)
            services.confirm_closure(mentorship=pair, by=pair.mentee)

    for meeting in (past, ahead, waiting):
        meeting.refresh_from_db()
    assert past.status == "confirmed"  # it took place: it stays, and counts
    assert (ahead.status, ahead.sequence) == ("cancelled", 2)
    assert (waiting.status, waiting.sequence) == ("cancelled", 0)
    subject = "[WESTEM] Your mentorship has ended: 2 meetings are cancelled"
    called_off = [email for email in mailoutbox if email.subject == subject]
    assert sorted(email.to[0] for email in called_off) == sorted(
        [pair.mentor.email, pair.mentee.email]
    )
    for email in called_off:
        assert "- Monday 11 March 2030, 18:00–19:00 · agreed" in email.body
        assert "- Tuesday 12 March 2030, 18:00–19:00 · a proposal, never agreed" in email.body
        (attachment,) = email.attachments  # the agreed one only
        calendar, event = calendar_of(attachment)
        assert str(calendar["METHOD"]) == "CANCEL"
        assert (str(event["UID"]), event["SEQUENCE"]) == (f"{ahead.public_id}@westem.eu", 2)
    for user in (pair.mentor, pair.mentee):
        assert inbox_text(user, "meetings_called_off") == (
            "Your mentorship has ended, so its 2 planned meetings are cancelled."
        )


def test_an_end_without_meetings_ahead_sends_no_cancellation(
    pair, mailoutbox, django_capture_on_commit_callbacks
):
    MeetingFactory(mentorship=pair, starts_at=timezone.now() - timedelta(days=2))

    with django_capture_on_commit_callbacks(execute=True):
        services.end_mentorship(mentorship=pair, by=pair.mentor)

    assert [email.to for email in mailoutbox] == [[pair.mentee.email]]  # the ending only
    assert not InboxItem.objects.filter(kind="meetings_called_off").exists()


# --- her next step -------------------------------------------------------------------------


def test_a_proposal_waiting_for_her_answer_is_her_next_step(pair):
    meeting = propose(pair)

    (step,) = mentorship_steps(pair.mentor, pair.mentor.profile)
    assert (step.text, step.detail) == (
        "Answer the meeting proposal",
        "Grace proposed times: accept one or offer others",
    )
    assert step.url == f"/meetings/{meeting.public_id}/"
    # Not the proposer's: she waits.
    assert all(s.text != "Answer the meeting proposal" for s in mentorship_steps(pair.mentee, None))

    services.accept_proposal(meeting=meeting, by=pair.mentor, position=1)
    assert mentorship_steps(pair.mentor, pair.mentor.profile) == []


def test_a_proposal_whose_times_all_passed_is_no_step(pair):
    meeting = MeetingFactory(mentorship=pair, status=Meeting.Status.PROPOSED)
    MeetingOption.objects.create(
        meeting=meeting, position=1, starts_at=timezone.now() - timedelta(hours=1)
    )

    assert mentorship_steps(pair.mentor, pair.mentor.profile) == []


# --- her notes are hers --------------------------------------------------------------------


def test_her_notes_on_meetings_are_in_her_data_and_erased_with_her(
    pair, django_capture_on_commit_callbacks
):
    mine = agreed(pair, times=[MONDAY])
    services.cancel_meeting(meeting=mine, by=pair.mentee, note="My grandmother is ill.")
    theirs = MeetingFactory(mentorship=pair, starts_at=WEDNESDAY)
    services.update_meeting(
        meeting=theirs, by=pair.mentor, data={"location": "Room 4"}, note="A quieter room."
    )

    exported = export_mentorships(pair.mentee, by_staff=False)
    notes = [
        (meeting["note_on_change_or_cancellation"], meeting["note_written_by"])
        for mentorship in exported["mentorships"]
        for meeting in mentorship["meetings"]
    ]
    assert ("My grandmother is ill.", "you") in notes
    with django_capture_on_commit_callbacks(execute=True):
        privacy.erase_user(user=pair.mentee, by=pair.mentee)

    mine.refresh_from_db()
    theirs.refresh_from_db()
    assert mine.change_note == ""
    assert theirs.change_note == "A quieter room."  # her partner's stays
