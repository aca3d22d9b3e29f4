"""Meetings logged afterwards through the pages (issue 19): the button on the mentorship
page, the form and its messages, the meeting page's status with Confirm / Dispute / Delete,
the dashboard's next step, and the hours growing once confirmed. Who may open each page is
in ``tests/test_url_access.py``."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone

from cycles.models import Meeting, Mentorship
from tests.cycles.test_views import field_errors, flash_messages, plain, section, text, url
from tests.factories import (
    MeetingFactory,
    MenteeFactory,
    MentorFactory,
    MentorshipFactory,
    UserFactory,
)
from tests.westem.test_next_step import dashboard, next_step

pytestmark = pytest.mark.django_db

STOCKHOLM = ZoneInfo("Europe/Stockholm")


@pytest.fixture
def pair():
    """Katherine mentors Mae since ten days ago, both in Stockholm's time."""
    return MentorshipFactory(
        mentor=MentorFactory(profile__display_name="Katherine"),
        mentee=MenteeFactory(profile__display_name="Mae"),
        start_date=timezone.localdate() - timedelta(days=10),
    )


def yesterday() -> datetime:
    day = timezone.now().astimezone(STOCKHOLM).date() - timedelta(days=1)
    return datetime(day.year, day.month, day.day, 17, 30, tzinfo=STOCKHOLM)


def log_post(**overrides) -> dict:
    return {
        "date": yesterday().date().isoformat(),
        "time": "17:30",
        "duration_minutes": "60",
        "notes": "We talked on the phone about my thesis topic.",
        "location": "On the phone",
        **overrides,
    }


def logged_by(client, user, mentorship, **overrides) -> Meeting:
    client.force_login(user)
    response = client.post(url("cycles:meeting_log", mentorship), log_post(**overrides))
    assert response.status_code == 302, field_errors(response, "date")
    return Meeting.objects.get(mentorship=mentorship, origin="logged")


def test_the_mentee_logs_a_meeting_from_her_mentorship_page(client, pair):
    client.force_login(pair.mentee)
    page = client.get(url("cycles:mentorship_detail", pair))
    meetings = section(page, "meetings")
    assert "Log a meeting that happened" in meetings
    assert url("cycles:meeting_log", pair) in meetings
    form = client.get(url("cycles:meeting_log", pair))
    assert form.status_code == 200
    assert "It counts toward your hours once Katherine confirms it, or after 7 days" in text(form)

    response = client.post(url("cycles:meeting_log", pair), log_post())

    meeting = Meeting.objects.get(mentorship=pair)
    assert response["Location"] == url("cycles:meeting_detail", meeting)
    assert (meeting.status, meeting.origin, meeting.proposed_by) == (
        "logged",
        "logged",
        pair.mentee,
    )
    assert meeting.starts_at == yesterday()
    assert (meeting.duration_minutes, meeting.location) == (60, "On the phone")
    detail = client.get(response["Location"])
    assert flash_messages(detail) == [
        (
            "success",
            "The meeting is logged. Katherine has been asked to confirm it; it counts toward "
            "your hours once she does.",
        )
    ]
    status = section(detail, "log-status-heading", tag="h2") + text(detail)
    assert "Waiting for confirmation" in status
    assert "You logged this meeting. Waiting for Katherine's confirmation." in text(detail)
    assert url("cycles:meeting_log_delete", meeting) in text(detail)
    assert url("cycles:meeting_log_confirm", meeting) not in text(detail)
    assert "We talked on the phone about my thesis topic." in text(detail)
    # Listed on the mentorship page as waiting, not yet counted in the hours.
    page = client.get(url("cycles:mentorship_detail", pair))
    assert "Waiting for confirmation" in section(page, "meetings")


def test_the_form_shows_the_services_messages_next_to_the_fields(client, pair):
    client.force_login(pair.mentee)
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()

    future = client.post(url("cycles:meeting_log", pair), log_post(date=tomorrow))
    before = client.post(
        url("cycles:meeting_log", pair),
        log_post(date=(pair.start_date - timedelta(days=1)).isoformat()),
    )
    long = client.post(url("cycles:meeting_log", pair), log_post(duration_minutes="500"))
    silent = client.post(url("cycles:meeting_log", pair), log_post(notes=""))

    assert field_errors(future, "date") == [
        "You log a meeting once it has taken place: choose a date and time in the past."
    ]
    assert len(field_errors(before, "date")) == 1
    assert field_errors(before, "date")[0].startswith("Your mentorship started on ")
    assert field_errors(long, "duration_minutes") == ["Enter a number from 15 to 480."]
    assert field_errors(silent, "notes") == ["Write a few words about what you talked about."]
    assert not Meeting.objects.exists()


def test_the_time_is_read_in_her_own_time_zone(client, pair):
    pair.mentee.profile.timezone = "America/New_York"
    pair.mentee.profile.save()
    day = timezone.localdate() - timedelta(days=2)

    meeting = logged_by(client, pair.mentee, pair, date=day.isoformat(), time="09:15")

    assert meeting.time_zone == "America/New_York"
    assert meeting.starts_at == datetime(
        day.year, day.month, day.day, 9, 15, tzinfo=ZoneInfo("America/New_York")
    )


def test_the_mentor_confirms_from_the_meeting_page_and_the_hours_grow(client, pair):
    meeting = logged_by(client, pair.mentee, pair)
    client.force_login(pair.mentor)
    assert next_step(dashboard(client, pair.mentor)) == (
        "Confirm a meeting that took place",
        url("cycles:meeting_detail", meeting),
        "logged by Mae",
    )
    detail = text(client.get(url("cycles:meeting_detail", meeting)))
    assert "Logged by Mae, waiting for your confirmation." in detail
    assert "Reflect on this session" not in detail  # not before it is confirmed
    assert url("cycles:meeting_log_confirm", meeting) in detail
    assert url("cycles:meeting_log_dispute", meeting) in detail
    assert url("cycles:meeting_log_delete", meeting) not in detail
    hours = section(client.get(url("cycles:mentorship_detail", pair)), "hours")
    assert '<span class="fs-4 fw-semibold">0</span>' in hours

    response = client.post(url("cycles:meeting_log_confirm", meeting))

    assert response["Location"] == url("cycles:meeting_detail", meeting)
    assert Meeting.objects.get(pk=meeting.pk).status == "confirmed"
    detail = client.get(response["Location"])
    assert flash_messages(detail) == [
        ("success", "Thank you: the meeting is confirmed and counts toward your hours.")
    ]
    assert "Logged by Mae afterwards; confirmed, it counts toward your hours." in text(detail)
    assert "Reflect on this session" in text(detail)
    assert next_step(dashboard(client, pair.mentor)) != (
        "Confirm a meeting that took place",
        url("cycles:meeting_detail", meeting),
        "logged by Mae",
    )
    if yesterday().month == timezone.now().astimezone(STOCKHOLM).month:
        hours = section(client.get(url("cycles:mentorship_detail", pair)), "hours")
        assert '<span class="fs-4 fw-semibold">1</span>' in hours


def test_the_logger_is_told_she_cannot_confirm_her_own_meeting(client, pair):
    meeting = logged_by(client, pair.mentee, pair)
    client.get(url("cycles:meeting_detail", meeting))  # the flash message of logging it

    response = client.post(url("cycles:meeting_log_confirm", meeting))
    dispute = client.get(url("cycles:meeting_log_dispute", meeting))

    assert dispute["Location"] == response["Location"] == url("cycles:meeting_detail", meeting)
    assert flash_messages(client.get(response["Location"])) == [
        ("danger", "You logged this meeting: Katherine confirms it, or disputes it."),
        ("info", "This meeting is not waiting for your confirmation."),
    ]
    assert Meeting.objects.get(pk=meeting.pk).status == "logged"


def test_the_mentor_disputes_with_a_note_and_the_mentee_reads_it(client, pair, mailoutbox):
    meeting = logged_by(client, pair.mentee, pair)
    client.force_login(pair.mentor)
    form = client.get(url("cycles:meeting_log_dispute", meeting))
    assert form.status_code == 200
    assert "A disputed meeting does not count toward your hours." in text(form)

    empty = client.post(url("cycles:meeting_log_dispute", meeting), {"note": ""})
    assert field_errors(empty, "note") == ["Tell Mae in a few words what is not right."]
    response = client.post(
        url("cycles:meeting_log_dispute", meeting), {"note": "We met on Monday, not yesterday."}
    )

    assert response["Location"] == url("cycles:meeting_detail", meeting)
    assert flash_messages(client.get(response["Location"])) == [
        ("success", "The meeting is disputed and does not count. Mae has been told.")
    ]
    assert Meeting.objects.get(pk=meeting.pk).status == "disputed"
    client.force_login(pair.mentee)
    detail = text(client.get(url("cycles:meeting_detail", meeting)))
    assert "You logged this meeting; Katherine disputed it." in detail
    assert "We met on Monday, not yesterday." in detail


def test_the_logger_deletes_it_while_it_waits(client, pair):
    meeting = logged_by(client, pair.mentee, pair)
    confirm = client.get(url("cycles:meeting_log_delete", meeting))
    assert confirm.status_code == 200
    assert "Delete the logged meeting?" in text(confirm)

    response = client.post(url("cycles:meeting_log_delete", meeting))

    assert response["Location"] == url("cycles:mentorship_detail", pair)
    assert flash_messages(client.get(response["Location"])) == [
        ("success", "The logged meeting is deleted.")
    ]
    assert not Meeting.objects.exists()


def test_the_partner_cannot_delete_it(client, pair):
    meeting = logged_by(client, pair.mentee, pair)
    client.force_login(pair.mentor)

    response = client.post(url("cycles:meeting_log_delete", meeting))

    assert response["Location"] == url("cycles:meeting_detail", meeting)
    assert Meeting.objects.filter(pk=meeting.pk).exists()


def test_a_planned_meeting_shows_nothing_of_logging(client, pair):
    meeting = MeetingFactory(mentorship=pair)
    client.force_login(pair.mentor)

    detail = text(client.get(url("cycles:meeting_detail", meeting)))

    assert "log-status-heading" not in detail
    assert url("cycles:meeting_log_confirm", meeting) not in detail


def test_an_ended_mentorship_offers_no_logging(client, pair):
    Mentorship.objects.filter(pk=pair.pk).update(status="completed", ended_at=timezone.now())
    client.force_login(pair.mentee)

    page = client.get(url("cycles:mentorship_detail", pair))
    response = client.get(url("cycles:meeting_log", pair))

    assert "Log a meeting that happened" not in text(page)
    assert response["Location"] == reverse("cycles:mentorship_detail", args=[pair.public_id])


def test_logged_meetings_are_readable_in_the_admin(client, pair):
    """The meetings' admin (a superuser's: the program staff's group reads mentorships, not
    meetings) filters by origin and shows who logged it, its status and the dispute's note."""
    meeting = logged_by(client, pair.mentee, pair)
    client.force_login(pair.mentor)
    client.post(
        url("cycles:meeting_log_dispute", meeting), {"note": "We met on Monday, not yesterday."}
    )
    MeetingFactory(mentorship=pair)  # a planned one, filtered out
    client.force_login(UserFactory(is_staff=True, is_superuser=True))

    listed = client.get(reverse("admin:cycles_meeting_changelist"), {"origin__exact": "logged"})
    page = client.get(reverse("admin:cycles_meeting_change", args=[meeting.pk]))

    assert listed.status_code == 200
    assert listed.context["cl"].result_count == 1
    assert "Logged afterwards" in text(listed)
    assert "Disputed" in text(listed)
    assert page.status_code == 200
    assert "We met on Monday, not yesterday." in text(page)
    assert "We talked on the phone about my thesis topic." in text(page)


def test_the_mentorship_page_lists_logged_meetings_beside_proposals(client, pair):
    """Her partner's logged meeting waits for her answer next to a proposal; both see it among
    the past meetings with its status; once a meeting is logged the mentor may propose one."""
    logged = logged_by(client, pair.mentee, pair)
    proposal = MeetingFactory(
        mentorship=pair, proposed_by=pair.mentee, status=Meeting.Status.PROPOSED
    )
    client.force_login(pair.mentor)

    meetings = plain(section(client.get(url("cycles:mentorship_detail", pair)), "meetings"))

    day = logged.starts_at.astimezone(STOCKHOLM)
    assert f"Mae logged a meeting on {day.day} {day:%B}: did it take place like this?" in meetings
    assert "Confirm or dispute" in meetings
    assert "Mae proposed times for a meeting" in meetings
    assert "Past meeting (1)" in meetings
    assert "(your time) — " in meetings
    assert "Waiting for confirmation" in meetings
    assert "Propose another meeting" in meetings
    assert url("cycles:meeting_detail", proposal) in section(
        client.get(url("cycles:mentorship_detail", pair)), "meetings"
    )

    client.post(url("cycles:meeting_log_confirm", logged))
    meetings = plain(section(client.get(url("cycles:mentorship_detail", pair)), "meetings"))

    assert "did it take place like this?" not in meetings
    assert "Past meeting (1)" in meetings
