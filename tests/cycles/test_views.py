"""The pair's workspace through the client: meetings, the agreement, the cycle's phases, ticks,
goals, the conversation and the list of mentorships, as the mentee and the mentor see them.
Who may open which page is in ``test_views_access.py``."""

import html
import re
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from dateutil.relativedelta import relativedelta
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from icalendar import Calendar

from cycles import services
from cycles.forms_agreement import MeetingForm
from cycles.models import Agreement, Goal, Meeting, Mentorship, Message, PhaseTick
from tests.factories import (
    AgreementFactory,
    GoalFactory,
    GoalRevisionFactory,
    MeetingFactory,
    MeetingOptionFactory,
    MenteeFactory,
    MentorFactory,
    MentorshipFactory,
    MessageFactory,
    PhaseTickFactory,
    StaffFactory,
)

pytestmark = pytest.mark.django_db

STOCKHOLM = ZoneInfo("Europe/Stockholm")


# --- helpers -------------------------------------------------------------------------------


def text(response) -> str:
    return html.unescape(response.content.decode())


def url(name: str, obj, *args) -> str:
    return reverse(name, args=[obj.public_id, *args])


def field_errors(response, name: str) -> list[str]:
    """The errors shown under one field (``<span id="error_1_id_date"><strong>…``)."""
    return [
        html.unescape(error)
        for error in re.findall(
            rf'id="error_\d+_id_{name}"><strong>(.*?)</strong>', response.content.decode()
        )
    ]


def flash_messages(response) -> list[tuple[str, str]]:
    """The messages at the top of the page, as (level, text)."""
    return [
        (level, html.unescape(" ".join(body.split())))
        for level, body in re.findall(
            r'<div class="alert alert-(\w+) alert-dismissible fade show" role="alert">\s*(.*?)\s*'
            r"<button",
            response.content.decode(),
            re.S,
        )
    ]


def section(response, element_id: str, tag: str = "section") -> str:
    """The text of the element with this id (no nested element of the same tag inside)."""
    match = re.search(
        rf'<{tag}[^>]*\bid="{element_id}"[^>]*>(.*?)</{tag}>', response.content.decode(), re.S
    )
    assert match, f"no <{tag} id={element_id}>"
    return html.unescape(match.group(1))


def checklist_item(response, key: str) -> str:
    return section(response, f"item-{key}", tag="li")


def plain(fragment: str) -> str:
    """An HTML fragment as the words a reader sees."""
    return " ".join(re.sub(r"<[^>]+>", " ", fragment).split())


@pytest.fixture
def pair():
    """Katherine mentors Mae: a traditional mentorship in phase 1, started today."""
    return MentorshipFactory(
        mentor=MentorFactory(profile__display_name="Katherine"),
        mentee=MenteeFactory(profile__display_name="Mae"),
    )


def as_user(client, user):
    client.force_login(user)
    return client


# --- meetings ------------------------------------------------------------------------------


def meeting_post(**overrides) -> dict:
    data = {
        "date": (timezone.localdate() + timedelta(days=7)).isoformat(),
        "time": "18:00",
        "time_zone": "Europe/Stockholm",
        "duration_minutes": "60",
        "location": "https://meet.example.org/mae-and-katherine",
        "agenda": "My internship applications, and how to choose a master's programme.",
    }
    data.update(overrides)
    return data


def test_the_mentee_proposes_the_first_meeting(
    client, pair, mailoutbox, django_capture_on_commit_callbacks
):
    as_user(client, pair.mentee)
    before = text(client.get(url("cycles:mentorship_detail", pair)))
    assert "In the program you, the mentee, propose the first meeting" in before
    form = client.get(url("cycles:meeting_new", pair))
    assert form.status_code == 200
    assert "In the program you set the agenda: what would you like to talk about?" in text(form)

    day = timezone.localdate() + timedelta(days=7)
    later = day + timedelta(days=1)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url("cycles:meeting_new", pair),
            meeting_post(date=day.isoformat(), date_2=later.isoformat(), time_2="17:30"),
        )

    meeting = Meeting.objects.get(mentorship=pair)
    assert response.status_code == 302
    assert response["Location"] == url("cycles:meeting_detail", meeting)
    at_18 = datetime.combine(day, datetime.min.time(), STOCKHOLM).replace(hour=18)
    at_1730 = datetime.combine(later, datetime.min.time(), STOCKHOLM).replace(hour=17, minute=30)
    assert list(meeting.options.values_list("starts_at", flat=True)) == [at_18, at_1730]
    assert (meeting.status, meeting.duration_minutes, meeting.proposed_by) == (
        "proposed",
        60,
        pair.mentee,
    )
    detail = client.get(response["Location"])
    assert flash_messages(detail) == [
        (
            "success",
            "Your proposal is sent. Katherine accepts a time or offers others; you will get an "
            "email when she answers.",
        )
    ]
    assert "Waiting for Katherine to accept a time." in text(detail)
    assert "My internship applications, and how to choose a master's programme." in text(detail)
    assert client.get(url("cycles:meeting_ics", meeting)).status_code == 404  # not agreed
    mine = section(client.get(url("cycles:mentorship_detail", pair)), "meetings")
    assert "Your proposals" in mine
    assert url("cycles:meeting_cancel", meeting) in mine  # withdraw

    # The mentor answers: the second time.
    as_user(client, pair.mentor)
    theirs = section(client.get(url("cycles:mentorship_detail", pair)), "meetings")
    assert "Waiting for your answer" in theirs
    assert url("cycles:meeting_decline", meeting) in theirs
    proposal = text(client.get(url("cycles:meeting_detail", meeting)))
    assert "Mae offers these times: accept the one that suits you, or offer others." in proposal
    assert f"{date_format(later, 'l')} {date_format(later, 'DATE_FORMAT')}, 17:30–18:30" in proposal
    with django_capture_on_commit_callbacks(execute=True):
        accepted = client.post(url("cycles:meeting_accept", meeting), {"option": "2"})
    assert accepted["Location"] == url("cycles:meeting_detail", meeting)
    assert flash_messages(client.get(accepted["Location"])) == [
        ("success", "The meeting is agreed. Mae has been sent an email with the calendar file.")
    ]

    as_user(client, pair.mentee)
    meetings = section(client.get(url("cycles:mentorship_detail", pair)), "meetings")
    assert url("cycles:meeting_detail", meeting) in meetings
    assert url("cycles:meeting_ics", meeting) in meetings
    assert "https://meet.example.org/mae-and-katherine" in meetings
    assert date_format(later, "l j F") in meetings
    assert "17:30–18:30" in meetings
    assert "Agreed" in meetings

    assert [(email.to, email.subject) for email in mailoutbox] == [
        ([pair.mentor.email], "[WESTEM] Mae has proposed a meeting: choose a time"),
        (
            [pair.mentee.email],
            f"[WESTEM] Agreed with Katherine: a meeting on {date_format(later, 'DATE_FORMAT')} "
            "at 17:30",
        ),
    ]


def test_none_of_the_times_works_so_she_offers_others(client, pair):
    meeting = MeetingOptionFactory(
        meeting__mentorship=pair, meeting__status="proposed", position=1
    ).meeting
    as_user(client, pair.mentor)
    form = client.get(url("cycles:meeting_decline", meeting))
    assert "None of these work? Offer other times" in text(form)
    day = timezone.localdate() + timedelta(days=9)

    empty = client.post(url("cycles:meeting_decline", meeting), {"time_zone": "Europe/Stockholm"})
    assert field_errors(empty, "date") == ["This field is required."]
    response = client.post(
        url("cycles:meeting_decline", meeting),
        {
            "date": day.isoformat(),
            "time": "09:00",
            "date_2": day.isoformat(),
            "time_zone": "Europe/Stockholm",
        },
    )
    assert field_errors(response, "time_2") == ["Choose a time for this date."]
    response = client.post(
        url("cycles:meeting_decline", meeting),
        {"date": day.isoformat(), "time": "09:00", "time_zone": "Europe/Stockholm"},
    )

    counter = Meeting.objects.get(proposed_by=pair.mentor)
    assert response["Location"] == url("cycles:meeting_detail", counter)
    meeting.refresh_from_db()
    assert meeting.status == "declined"
    assert "Waiting for Mae to accept a time." in text(client.get(response["Location"]))


def test_the_mentor_cannot_propose_the_first_meeting(
    client, pair, mailoutbox, django_capture_on_commit_callbacks
):
    as_user(client, pair.mentor)
    assert "Your mentee proposes the first meeting." in text(
        client.get(url("cycles:mentorship_detail", pair))
    )
    form = client.get(url("cycles:meeting_new", pair))
    assert (
        "In the program the mentee proposes the first meeting. If your mentee has not done so "
        "yet, you can remind her in your conversation." in text(form)
    )

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url("cycles:meeting_new", pair), meeting_post())

    assert response.status_code == 200
    assert (
        "In the program the mentee proposes the first meeting. Your mentee has been asked to "
        "do so." in text(response)
    )
    assert "Please correct the following:" in text(response)
    assert not Meeting.objects.exists()
    assert mailoutbox == []


def test_the_mentor_proposes_the_next_meetings(client, pair):
    MeetingFactory(mentorship=pair)
    as_user(client, pair.mentor)

    response = client.post(
        url("cycles:meeting_new", pair), meeting_post(location="The library café")
    )

    assert response.status_code == 302
    assert Meeting.objects.filter(mentorship=pair, proposed_by=pair.mentor).count() == 1


def test_a_time_in_the_past_is_refused_next_to_the_date(client, pair):
    as_user(client, pair.mentee)
    yesterday = timezone.localdate() - timedelta(days=1)

    response = client.post(
        url("cycles:meeting_new", pair), meeting_post(date=yesterday.isoformat())
    )

    assert response.status_code == 200
    assert field_errors(response, "date") == ["Choose a time in the future."]
    assert not Meeting.objects.exists()


def test_the_form_errors_show_next_to_their_fields(client, pair):
    as_user(client, pair.mentee)

    response = client.post(
        url("cycles:meeting_new", pair),
        meeting_post(time="", location="", duration_minutes="10", time_zone="Mars/Olympus"),
    )

    assert response.status_code == 200
    assert field_errors(response, "time") == ["This field is required."]
    assert field_errors(response, "location") == ["This field is required."]
    assert field_errors(response, "duration_minutes") == ["Enter a number from 15 to 480."]
    assert field_errors(response, "time_zone") == [
        "Select a valid choice. Mars/Olympus is not one of the available choices."
    ]
    assert not Meeting.objects.exists()


@pytest.mark.parametrize(
    "data",
    [
        {"date": "9999-12-31", "time": "23:00", "time_zone": "Pacific/Pago_Pago"},
        {"date": "9999-12-31", "time": "20:00", "duration_minutes": "480"},
    ],
    ids=["utc-in-year-10000", "ends-in-year-10000"],
)
@pytest.mark.parametrize("page", ["cycles:meeting_new", "cycles:meeting_edit"])
def test_a_date_at_the_end_of_the_calendar_is_refused_next_to_the_field(client, pair, data, page):
    """Such a date overflowed Python's dates once turned to UTC or extended by the meeting's
    length: a server error before."""
    meeting = MeetingFactory(mentorship=pair)
    as_user(client, pair.mentee)
    path = url(page, pair if page == "cycles:meeting_new" else meeting)

    response = client.post(path, meeting_post(**data))

    assert response.status_code == 200
    assert field_errors(response, "date") == [
        "Ensure this value is less than or equal to 9998-12-31."
    ]
    assert list(Meeting.objects.values_list("pk", "starts_at")) == [(meeting.pk, meeting.starts_at)]
    assert 'max="9998-12-31"' in client.get(path).content.decode()


@pytest.mark.parametrize(
    ("month", "utc_hour"), [(1, 17), (7, 16)], ids=["winter-cet", "summer-cest"]
)
def test_the_calendar_file(client, pair, month, utc_hour):
    """A meeting set at 18:00 in Stockholm starts at 17:00 UTC in winter, 16:00 in summer, in
    whichever time zone the person downloading it lives."""
    day = date(timezone.localdate().year + 1, month, 15)
    # A mentorship running then: a meeting lies within its 4 months.
    pair.start_date, pair.end_date = day - timedelta(days=30), day + timedelta(days=60)
    pair.save(update_fields=["start_date", "end_date"])
    as_user(client, pair.mentee)
    client.post(url("cycles:meeting_new", pair), meeting_post(date=day.isoformat()))
    meeting = services.accept_proposal(meeting=Meeting.objects.get(), by=pair.mentor, position=1)
    pair.mentor.profile.timezone = "America/New_York"
    pair.mentor.profile.save()
    as_user(client, pair.mentor)

    response = client.get(url("cycles:meeting_ics", meeting))

    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Content-Disposition"] == (
        f'attachment; filename="westem-meeting-{day.isoformat()}.ics"'
    )
    calendar = Calendar.from_ical(response.content)
    [event] = calendar.walk("VEVENT")
    start = datetime(day.year, month, 15, utc_hour, 0, tzinfo=UTC)
    assert event.decoded("dtstart") == start
    assert event.decoded("dtstart").utcoffset() == timedelta(0)
    assert event.decoded("dtend") == start + timedelta(hours=1)
    assert f"DTSTART:{start:%Y%m%dT%H%M%S}Z" in response.content.decode()
    assert str(event["summary"]) == "WESTEM mentoring: Katherine and Mae"
    assert str(event["location"]) == "https://meet.example.org/mae-and-katherine"
    assert str(event["status"]) == "CONFIRMED"
    assert str(event["uid"]) == f"{meeting.public_id}@westem.eu"


def test_shared_notes_are_saved_from_the_meeting_page(client, pair):
    meeting = MeetingFactory(mentorship=pair)
    as_user(client, pair.mentee)
    page = client.get(url("cycles:meeting_detail", meeting))
    assert "Save the notes" in text(page)

    response = client.post(
        url("cycles:meeting_detail", meeting),
        {
            "notes": "We went through my CV line by line.",
            "tasks_next_time": "Mae: send two applications. Katherine: ask a colleague.",
        },
    )

    assert response.status_code == 302
    assert response["Location"] == url("cycles:meeting_detail", meeting)
    saved = client.get(response["Location"])
    assert flash_messages(saved) == [("success", "The notes are saved.")]
    meeting.refresh_from_db()
    assert meeting.notes == "We went through my CV line by line."
    as_user(client, pair.mentor)
    page = text(client.get(url("cycles:meeting_detail", meeting)))
    assert "We went through my CV line by line." in page
    assert "Mae: send two applications. Katherine: ask a colleague." in page


def test_cancel_asks_first_then_cancels(
    client, pair, mailoutbox, django_capture_on_commit_callbacks
):
    meeting = MeetingFactory(mentorship=pair)
    as_user(client, pair.mentee)

    question = client.get(url("cycles:meeting_cancel", meeting))

    assert question.status_code == 200
    assert "Cancel the meeting?" in text(question)
    assert (
        "Katherine gets an email with your note and a calendar file that removes the meeting. "
        "Its page and any notes stay available to you both." in text(question)
    )
    assert "Yes, cancel the meeting" in text(question)
    meeting.refresh_from_db()
    assert meeting.cancelled_at is None  # asking changes nothing
    without_note = client.post(url("cycles:meeting_cancel", meeting), {"note": " "})
    assert field_errors(without_note, "note") == [
        "Write a short note: why is the meeting cancelled?"
    ]

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url("cycles:meeting_cancel", meeting), {"note": "My exam was moved to that day."}
        )

    assert response.status_code == 302
    assert response["Location"] == url("cycles:meeting_detail", meeting)
    page = client.get(response["Location"])
    assert flash_messages(page) == [
        ("success", "The meeting is cancelled. Katherine has been sent your note.")
    ]
    assert "This meeting was cancelled." in text(page)
    assert "“My exam was moved to that day.”" in text(page)
    meeting.refresh_from_db()
    assert meeting.cancelled_at is not None
    assert [email.to for email in mailoutbox] == [[pair.mentor.email]]
    assert mailoutbox[0].subject.startswith("[WESTEM] Mae has cancelled your meeting on ")
    assert "Cancelled" in section(client.get(url("cycles:mentorship_detail", pair)), "meetings")
    cancelled_file = client.get(url("cycles:meeting_ics", meeting))
    assert "METHOD:CANCEL" in cancelled_file.content.decode()
    again = client.get(url("cycles:meeting_cancel", meeting))
    assert again.status_code == 302
    assert flash_messages(client.get(again["Location"])) == [
        ("info", "This meeting was cancelled.")
    ]


def test_the_proposer_withdraws_after_a_question(client, pair, mailoutbox):
    meeting = MeetingOptionFactory(
        meeting__mentorship=pair, meeting__status="proposed", position=1
    ).meeting
    as_user(client, pair.mentor)  # not hers: she answers it
    assert "answer them instead" in text(client.get(url("cycles:meeting_cancel", meeting)))
    as_user(client, pair.mentee)

    question = client.get(url("cycles:meeting_cancel", meeting))
    assert "Withdraw the proposal?" in text(question)
    response = client.post(url("cycles:meeting_cancel", meeting), {"note": ""})

    assert flash_messages(client.get(response["Location"])) == [
        ("success", "Your proposal is withdrawn. Katherine has been told.")
    ]
    meeting.refresh_from_db()
    assert meeting.status == "cancelled"
    assert "This proposal was withdrawn." in text(client.get(url("cycles:meeting_detail", meeting)))
    assert client.get(url("cycles:meeting_ics", meeting)).status_code == 404


def test_changing_an_agreed_meeting_asks_for_a_note(client, pair):
    meeting = MeetingFactory(mentorship=pair, location="https://meet.example.org/old")
    as_user(client, pair.mentee)
    data = {**MeetingForm.initial_for(meeting), "location": "Room 4"}
    data = {key: str(value) for key, value in data.items()}
    data["time"] = data["time"][:5]

    refused = client.post(url("cycles:meeting_edit", meeting), data)
    assert field_errors(refused, "note") == ["Write a short note: what changed, and why?"]
    response = client.post(url("cycles:meeting_edit", meeting), {**data, "note": "A room!"})

    assert response["Location"] == url("cycles:meeting_detail", meeting)
    meeting.refresh_from_db()
    assert (meeting.location, meeting.change_note, meeting.status) == (
        "Room 4",
        "A room!",
        "confirmed",
    )
    assert "“A room!”" in text(client.get(url("cycles:meeting_detail", meeting)))


# --- the agreement -------------------------------------------------------------------------


def agreement_post(mentorship: Mentorship, **overrides) -> dict:
    start = mentorship.start_date
    data = {
        "goal_1": "Apply for a summer internship",
        "goal_2": "Present my thesis work with confidence",
        "goal_3": "Choose a master's programme",
        "expectations": "Honest feedback and help preparing applications.",
        "steps": "Meet twice a month; review one application each time.",
        "boundaries": "No help with graded assignments.",
        "meetings_per_month": "2",
        "meeting_minutes": "60",
        "availability": "Weekday evenings, Stockholm time.",
        "start_date": start.isoformat(),
        "end_date": (start + relativedelta(months=3)).isoformat(),
        "mentor_success_criteria": "Mae knows her next steps.",
        "mentee_success_criteria": "I have sent two applications.",
        "confidentiality": "on",
        "termination_clause": "on",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def shown_version(response) -> str:
    """The version number the accept form sends: the one the page showed."""
    return re.search(r'name="version" value="(\d+)"', response.content.decode()).group(1)


def accept(client, mentorship, user):
    as_user(client, user)
    page = client.get(url("cycles:agreement_detail", mentorship))
    return client.post(url("cycles:agreement_accept", mentorship), {"version": shown_version(page)})


def write_and_accept(client, mentorship):
    """The mentee writes the agreement, both accept it (each reads the page her message is on)."""
    as_user(client, mentorship.mentee)
    saved = client.post(url("cycles:agreement_edit", mentorship), agreement_post(mentorship))
    client.get(saved["Location"])
    client.get(accept(client, mentorship, mentorship.mentee)["Location"])
    client.get(accept(client, mentorship, mentorship.mentor)["Location"])


def acceptances(response) -> str:
    """Who accepted the text the page shows: "Katherine (mentor) ✓ accepted … Mae (mentee) …"."""
    block = text(response).split('class="row mb-0 agreement-acceptances">')[1]
    return plain(block.split("</dl>")[0])


def test_write_the_agreement_and_both_accept_it(client, pair):
    as_user(client, pair.mentee)
    empty = text(client.get(url("cycles:agreement_detail", pair)))
    assert "In traditional mentoring the agreement is needed before phase 3" in empty
    form = client.get(url("cycles:agreement_edit", pair))
    assert form.status_code == 200
    assert "Write the agreement" in text(form)

    response = client.post(url("cycles:agreement_edit", pair), agreement_post(pair))

    assert response.status_code == 302
    assert response["Location"] == url("cycles:agreement_detail", pair)
    page = client.get(response["Location"])
    assert flash_messages(page) == [
        (
            "success",
            "The agreement is saved. Read it through together, then each of you accepts it.",
        )
    ]
    document = plain(text(page).split('class="agreement-goals">')[1].split("</ol>")[0])
    assert document == (
        "Apply for a summer internship Present my thesis work with confidence "
        "Choose a master's programme"
    )
    assert "Between Katherine (mentor) and Mae (mentee) · version 1" in plain(text(page))
    assert shown_version(page) == "1"
    agreement = Agreement.objects.get(mentorship=pair)
    assert agreement.expectations == "Honest feedback and help preparing applications."
    assert [goal.title for goal in Goal.objects.filter(mentorship=pair)] == [
        "Apply for a summer internship",
        "Present my thesis work with confidence",
        "Choose a master's programme",
    ]

    response = accept(client, pair, pair.mentee)

    assert response.status_code == 302
    page = client.get(response["Location"])
    assert flash_messages(page) == [
        (
            "success",
            "You have accepted the agreement. It is complete once Katherine accepts it too.",
        )
    ]
    assert "You have accepted this version. It is complete once Katherine accepts it too." in (
        text(page)
    )

    as_user(client, pair.mentor)
    assert "Mae has accepted it: waiting for your acceptance." in text(
        client.get(url("cycles:mentorship_detail", pair))
    )
    response = accept(client, pair, pair.mentor)

    page = client.get(response["Location"])
    assert flash_messages(page) == [("success", "You have both accepted the agreement.")]
    assert "You have both accepted this agreement." in text(page)
    signed = acceptances(page)
    assert re.fullmatch(
        r"Katherine \(mentor\) ✓ accepted \d+ \w+ \d{4}, \d\d:\d\d "
        r"Mae \(mentee\) ✓ accepted \d+ \w+ \d{4}, \d\d:\d\d",
        signed,
    ), signed
    today = date_format(timezone.localdate(), "DATE_FORMAT")
    assert f"Accepted by you both on {today}." in text(
        client.get(url("cycles:mentorship_detail", pair))
    )


def test_a_change_after_acceptance_needs_both_again_and_keeps_the_earlier_version(client, pair):
    write_and_accept(client, pair)
    as_user(client, pair.mentee)
    form = text(client.get(url("cycles:agreement_edit", pair)))
    assert (
        "This agreement has been accepted. If you change it, version 1 is kept as an earlier "
        "version and both of you need to accept the new one." in form
    )

    response = client.post(
        url("cycles:agreement_edit", pair),
        agreement_post(pair, expectations="Feedback on my thesis presentation too."),
    )

    assert response.status_code == 302
    page = client.get(response["Location"])
    assert flash_messages(page) == [
        (
            "warning",
            "The agreement is saved as version 2. Both of you need to accept the new version.",
        )
    ]
    assert "· version 2 ·" in plain(text(page))
    assert "Feedback on my thesis presentation too." in text(page)
    signed = acceptances(page)
    assert signed == "Katherine (mentor) not accepted yet Mae (mentee) not accepted yet"
    earlier = text(page).split('id="versions-heading"')[1]
    version_url = reverse("cycles:agreement_version", args=[pair.public_id, 1])
    assert f'<a href="{version_url}">Version 1</a>' in earlier
    assert shown_version(page) == "2"

    old = client.get(version_url)
    assert old.status_code == 200
    assert "Earlier version 1 — replaced on" in text(old)
    assert "The agreement in force is version 2." in text(old)
    assert "Honest feedback and help preparing applications." in text(old)
    assert "Feedback on my thesis presentation too." not in text(old)
    assert acceptances(old).count("✓ accepted") == 2
    assert (
        client.get(reverse("cycles:agreement_version", args=[pair.public_id, 2])).status_code == 404
    )

    # The text she read before the change cannot be accepted any more.
    stale = client.post(url("cycles:agreement_accept", pair), {"version": "1"})
    assert flash_messages(client.get(stale["Location"])) == [
        (
            "warning",
            "The agreement changed since you opened it; read the new version.",
        )
    ]
    assert Agreement.objects.get(mentorship=pair).mentee_accepted_at is None


def test_saving_the_same_agreement_changes_nothing(client, pair):
    write_and_accept(client, pair)
    as_user(client, pair.mentee)

    response = client.post(url("cycles:agreement_edit", pair), agreement_post(pair))

    assert flash_messages(client.get(response["Location"])) == [("info", "Nothing was changed.")]
    agreement = Agreement.objects.get(mentorship=pair)
    assert agreement.version == 1
    assert agreement.accepted_by_both


def test_the_agreement_form_has_three_goal_inputs_and_ignores_a_fourth(client, pair):
    as_user(client, pair.mentee)
    form = client.get(url("cycles:agreement_edit", pair)).content.decode()
    assert re.findall(r'name="(goal_\d)"', form) == ["goal_1", "goal_2", "goal_3"]

    client.post(url("cycles:agreement_edit", pair), agreement_post(pair, goal_4="A fourth goal"))

    assert Goal.objects.filter(mentorship=pair).count() == 3
    assert not Goal.objects.filter(title="A fourth goal").exists()


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"goal_1": "", "goal_2": "", "goal_3": ""}, "goal_1", "Write at least one goal."),
        ({"goal_1": "   ", "goal_2": "  "}, "goal_1", "Write at least one goal."),
        (
            {"end_date": "four-months-and-a-day"},
            "end_date",
            "A mentoring cycle lasts at most 4 months: end on {latest} at the latest.",
        ),
        (
            {"end_date": "the-day-before"},
            "end_date",
            "Choose an end date after the start date.",
        ),
        (
            {"end_date": "the-same-day"},
            "end_date",
            "Choose an end date after the start date.",
        ),
        (
            {"meetings_per_month": "1", "meeting_minutes": "45"},
            "meeting_minutes",
            "The program asks for at least 1 hour of meetings a month.",
        ),
        ({"meetings_per_month": "-1"}, "meetings_per_month", "Enter a number from 1 to 20."),
        ({"meetings_per_month": "0"}, "meetings_per_month", "Enter a number from 1 to 20."),
        ({"meetings_per_month": "40000"}, "meetings_per_month", "Enter a number from 1 to 20."),
        ({"meeting_minutes": "-1"}, "meeting_minutes", "Enter a number from 15 to 480."),
        ({"confidentiality": None}, "confidentiality", "Both of you commit to confidentiality."),
        (
            {"termination_clause": None},
            "termination_clause",
            "Both of you acknowledge the termination clause.",
        ),
    ],
    ids=[
        "no-goal",
        "blank-goals",
        "past-4-months",
        "end-before-start",
        "end-on-the-start",
        "under-an-hour",
        "minus-one-meeting",
        "no-meeting",
        "too-many-meetings",
        "minus-one-minute",
        "no-confidentiality",
        "no-termination-clause",
    ],
)
def test_agreement_errors_show_next_to_their_fields(client, pair, overrides, field, message):
    start = pair.start_date
    latest = start + relativedelta(months=4)
    dates = {
        "four-months-and-a-day": (latest + timedelta(days=1)).isoformat(),
        "the-day-before": (start - timedelta(days=1)).isoformat(),
        "the-same-day": start.isoformat(),
    }
    overrides = {key: dates.get(value, value) for key, value in overrides.items()}
    as_user(client, pair.mentee)

    response = client.post(url("cycles:agreement_edit", pair), agreement_post(pair, **overrides))

    assert response.status_code == 200
    expected = message.format(latest=date_format(latest, "DATE_FORMAT"))
    assert field_errors(response, field) == [expected]
    assert "Please correct the following:" in text(response)
    assert not Agreement.objects.filter(mentorship=pair).exists()
    assert not Goal.objects.filter(mentorship=pair).exists()


def test_an_agreement_at_the_end_of_the_calendar_is_refused_next_to_the_dates(client, pair):
    """Adding the 4 months to such a start overflowed Python's dates: a server error before."""
    as_user(client, pair.mentee)

    response = client.post(
        url("cycles:agreement_edit", pair),
        agreement_post(pair, start_date="9999-12-31", end_date="9999-12-31"),
    )

    assert response.status_code == 200
    for field in ("start_date", "end_date"):
        assert field_errors(response, field) == [
            "Ensure this value is less than or equal to 9998-12-31."
        ]
    assert not Agreement.objects.exists()


def test_the_end_date_can_be_exactly_four_months_after_the_start(client, pair):
    as_user(client, pair.mentee)
    latest = pair.start_date + relativedelta(months=4)

    response = client.post(
        url("cycles:agreement_edit", pair), agreement_post(pair, end_date=latest.isoformat())
    )

    assert response.status_code == 302
    assert Agreement.objects.get(mentorship=pair).end_date == latest


def test_the_printed_agreement_names_both(client, pair):
    AgreementFactory(mentorship=pair, mentee_accepted_at=timezone.now())
    GoalFactory(mentorship=pair, title="Apply for a summer internship")
    as_user(client, pair.mentor)

    response = client.get(url("cycles:agreement_print", pair))

    assert response.status_code == 200
    page = plain(text(response))
    assert "Mentor Katherine Mentee Mae Kind of mentoring Traditional" in page
    assert "Apply for a summer internship" in page
    signatures = plain(text(response).split('id="signatures-heading"')[1])
    assert re.search(r"Katherine Mentor Not accepted on the platform yet · Date: _+", signatures)
    assert re.search(r"Mae Mentee Accepted on the platform \d+ \w+ \d{4}, \d\d:\d\d", signatures)


def test_printing_without_an_agreement_goes_to_the_agreement_page(client, pair):
    as_user(client, pair.mentee)

    response = client.get(url("cycles:agreement_print", pair))

    assert response.status_code == 302
    assert response["Location"] == url("cycles:agreement_detail", pair)


# --- the cycle -----------------------------------------------------------------------------


def advance(client, mentorship):
    response = client.post(url("cycles:mentorship_advance", mentorship))
    assert response.status_code == 302
    assert response["Location"] == url("cycles:mentorship_detail", mentorship) + "#cycle"
    return client.get(response["Location"])


def current_phase(page) -> str:
    return plain(re.search(r'<h3 class="h4 card-title"[^>]*>(.*?)</h3>', text(page)).group(1))


def test_a_traditional_cycle_waits_for_the_agreement_before_phase_3(client, pair):
    as_user(client, pair.mentee)
    page = client.get(url("cycles:mentorship_detail", pair))
    assert current_phase(page) == "Phase 1: Preparation"
    assert "Move on to phase 2: Negotiation" in text(page)

    page = advance(client, pair)

    assert flash_messages(page) == [("success", "You are now in the Negotiation phase.")]
    assert current_phase(page) == "Phase 2: Negotiation"
    assert "Phase 3 starts once you have both accepted the mentoring agreement." in text(page)

    as_user(client, pair.mentor)
    page = advance(client, pair)

    assert flash_messages(page) == [
        ("danger", "Phase 3 starts once you have both accepted the mentoring agreement.")
    ]
    assert current_phase(page) == "Phase 2: Negotiation"
    pair.refresh_from_db()
    assert pair.phase == 2

    write_and_accept(client, pair)
    assert "When you are ready, move on to phase 3, Enabling" in text(
        client.get(url("cycles:agreement_detail", pair))
    )
    assert "Move on to phase 3: Enabling" in text(client.get(url("cycles:mentorship_detail", pair)))
    page = advance(client, pair)

    assert flash_messages(page) == [("success", "You are now in the Enabling phase.")]
    assert current_phase(page) == "Phase 3: Enabling"

    page = advance(client, pair)

    assert flash_messages(page) == [("success", "You are now in the Closure phase.")]
    assert current_phase(page) == "Phase 4: Closure"
    assert "Confirm the closure" in text(page)

    page = advance(client, pair)

    assert flash_messages(page) == [
        ("danger", "This is the last phase: confirm the closure when you have both finished.")
    ]
    pair.refresh_from_db()
    assert pair.phase == 4


def test_flash_mentoring_goes_from_phase_2_to_closure(client):
    flash = MentorshipFactory(
        style="flash",
        phase=2,
        mentor=MentorFactory(profile__display_name="Katherine"),
        mentee=MenteeFactory(profile__display_name="Mae"),
    )
    as_user(client, flash.mentor)
    page = client.get(url("cycles:mentorship_detail", flash))
    # The manual's numbers: flash skips phase 3, its closure is phase 4 as in the manual.
    assert "Move on to phase 4: Closure" in text(page)
    assert "Enabling" not in plain(text(page))

    page = advance(client, flash)

    assert flash_messages(page) == [("success", "You are now in the Closure phase.")]
    assert current_phase(page) == "Phase 4: Closure"
    assert "Phase 3" not in plain(text(page))
    flash.refresh_from_db()
    assert flash.phase == 4


def test_a_flash_checklist_has_no_agreement_to_discuss(client):
    """Flash is one session on a topic: its checklist agrees and reviews the topic."""
    flash = MentorshipFactory(style="flash", phase=1)
    as_user(client, flash.mentee)

    page = plain(text(client.get(url("cycles:mentorship_detail", flash))))

    assert "Agree the topic of the flash session" in page
    assert "Discuss the mentoring agreement" not in page
    assert "Look back on the topic of the session" in page  # in the closure's list
    assert "Review the mentoring agreement" not in page

    response = client.post(
        url("cycles:mentorship_tick", flash), {"item": "agree_topic", "done": "1"}, follow=True
    )
    assert response.status_code == 200
    assert flash.ticks.filter(user=flash.mentee, item="agree_topic").exists()


def test_the_closure_asks_the_mentor_the_mentors_questions(client):
    """The manual's closure questions are the mentee's ("my intentions for study or work")."""
    closing = MentorshipFactory(phase=4)
    mentee_question = (
        "What impact did the mentoring have on my intentions for study or work in STEM?"
    )
    mentor_question = (
        "What impact did the mentoring have on my mentee's intentions for study or work in STEM?"
    )

    as_user(client, closing.mentor)
    page = plain(text(client.get(url("cycles:mentorship_detail", closing))))
    assert mentor_question in page
    assert mentee_question not in page
    assert "Which of my mentee's goals were met?" in page

    as_user(client, closing.mentee)
    page = plain(text(client.get(url("cycles:mentorship_detail", closing))))
    assert mentee_question in page
    assert mentor_question not in page


def test_a_traditional_checklist_discusses_the_agreement(client, pair):
    as_user(client, pair.mentee)

    page = plain(text(client.get(url("cycles:mentorship_detail", pair))))

    assert "Discuss the mentoring agreement" in page
    assert "Agree the topic of the flash session" not in page


def test_a_phase_not_completed_is_not_shown_as_done(client):
    """Ended early in phase 3: Enabling is where it stopped, not "Enabling (done)"."""
    ended = MentorshipFactory(phase=3, status="ended_early", ended_at=timezone.now())
    as_user(client, ended.mentee)

    page = text(client.get(url("cycles:mentorship_detail", ended)))

    stepper = re.search(r'(?s)<ol class="stepper.*?</ol>', page).group(0)
    steps = [plain(step) for step in re.findall(r"(?s)<li[^>]*>(.*?)</li>", stepper)]
    assert steps == [
        "Preparation (done)",
        "Negotiation (done)",
        "Enabling (ended in this phase)",
        "Closure",
    ]
    assert "Enabling (done)" not in plain(page)


def test_a_completed_mentorship_shows_every_phase_done(client):
    completed = MentorshipFactory(phase=4, status="completed", ended_at=timezone.now())
    as_user(client, completed.mentee)

    page = text(client.get(url("cycles:mentorship_detail", completed)))

    stepper = re.search(r'(?s)<ol class="stepper.*?</ol>', page).group(0)
    assert plain(stepper).count("(done)") == 4


def test_both_confirm_the_closure(client, pair, mailoutbox, django_capture_on_commit_callbacks):
    Mentorship.objects.filter(pk=pair.pk).update(phase=4)
    as_user(client, pair.mentee)

    response = client.post(url("cycles:mentorship_closure", pair))

    assert response["Location"] == url("cycles:mentorship_detail", pair) + "#cycle"
    page = client.get(response["Location"])
    assert flash_messages(page) == [
        (
            "success",
            "You have confirmed the closure. The cycle is complete once Katherine confirms it too.",
        )
    ]
    today = date_format(timezone.localdate(), "DATE_FORMAT")
    assert plain(section(page, "closure-status", "ul")) == (
        f"✓ You confirmed on {today} ○ Katherine has not confirmed yet"
    )
    assert 'id="ended-banner"' not in text(page)

    as_user(client, pair.mentor)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url("cycles:mentorship_closure", pair))

    page = client.get(response["Location"])
    assert flash_messages(page) == [
        (
            "success",
            "Your mentoring cycle is complete. Thank you both! Please fill in the final "
            "evaluation soon.",
        )
    ]
    banner = plain(section(page, "ended-banner", "div"))
    assert banner.startswith(f"Your mentoring cycle was completed on {today}. Thank you both!")
    pair.refresh_from_db()
    assert pair.status == "completed"
    assert sorted(email.to[0] for email in mailoutbox) == sorted(
        [pair.mentor.email, pair.mentee.email]
    )
    assert {email.subject for email in mailoutbox} == {
        "[WESTEM] Your mentoring cycle with Katherine is complete",
        "[WESTEM] Your mentoring cycle with Mae is complete",
    }
    as_user(client, pair.mentee)
    assert "Your mentoring cycle was completed on" in text(
        client.get(url("cycles:mentorship_detail", pair))
    )


def test_closure_before_phase_4_is_refused(client, pair):
    as_user(client, pair.mentee)

    response = client.post(url("cycles:mentorship_closure", pair))

    assert flash_messages(client.get(response["Location"])) == [
        ("danger", "The closure is confirmed in phase 4, Closure.")
    ]
    pair.refresh_from_db()
    assert pair.mentee_confirmed_closure_at is None


def test_ending_the_mentorship(client, pair, mailoutbox, django_capture_on_commit_callbacks):
    staff = StaffFactory()
    as_user(client, pair.mentee)

    question = client.get(url("cycles:mentorship_end", pair))

    assert question.status_code == 200
    page = text(question)
    assert "End your mentorship with Katherine?" in page
    assert "The termination clause" in page
    assert (
        "If the mentoring does not work, either of you may end it at any time, without blame, "
        "simply by telling the other." in page
    )
    assert "Katherine and the program staff get an email that the mentorship has ended." in page
    pair.refresh_from_db()
    assert pair.is_active  # asking changes nothing

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url("cycles:mentorship_end", pair), {"reason": "My studies take all my time this term."}
        )

    assert response.status_code == 302
    assert response["Location"] == url("cycles:mentorship_detail", pair)
    page = client.get(response["Location"])
    assert flash_messages(page) == [
        (
            "success",
            "The mentorship has ended. Katherine and the program staff have been told. "
            "Everything you wrote together stays here for you both.",
        )
    ]
    today = date_format(timezone.localdate(), "DATE_FORMAT")
    banner = plain(section(page, "ended-banner", "div"))
    assert f"You ended this mentorship on {today}." in banner
    assert "Your note: “My studies take all my time this term.”" in banner
    assert "Find another mentor" in banner
    pair.refresh_from_db()
    assert (pair.status, pair.ended_by) == ("ended_early", pair.mentee)
    assert sorted(email.to[0] for email in mailoutbox) == sorted([pair.mentor.email, staff.email])
    assert {email.to[0]: email.subject for email in mailoutbox} == {
        pair.mentor.email: "[WESTEM] Mae has ended your mentorship",
        staff.email: "[WESTEM] A mentorship has ended early",
    }

    as_user(client, pair.mentor)
    banner = plain(
        section(client.get(url("cycles:mentorship_detail", pair)), "ended-banner", "div")
    )
    assert f"Mae ended this mentorship on {today}." in banner
    assert "She wrote: “My studies take all my time this term.”" in banner
    again = client.get(url("cycles:mentorship_end", pair))
    assert again.status_code == 302
    assert again["Location"] == url("cycles:mentorship_detail", pair)


# --- the checklist -------------------------------------------------------------------------


def test_a_tick_shows_as_mine_and_as_theirs(client, pair):
    as_user(client, pair.mentee)

    response = client.post(
        url("cycles:mentorship_tick", pair), {"item": "get_to_know", "done": "true"}
    )

    assert response.status_code == 302
    assert response["Location"] == url("cycles:mentorship_detail", pair) + "#item-get_to_know"
    mine = checklist_item(client.get(response["Location"]), "get_to_know")
    assert 'class="tick-toggle checked" aria-pressed="true"' in mine
    assert "(ticked by you — press to untick)" in mine
    assert '<span class="their-tick">○ Katherine' in mine
    untouched = checklist_item(client.get(url("cycles:mentorship_detail", pair)), "build_trust")
    assert 'aria-pressed="false"' in untouched

    as_user(client, pair.mentor)
    theirs = checklist_item(client.get(url("cycles:mentorship_detail", pair)), "get_to_know")
    assert 'aria-pressed="false"' in theirs
    assert '<span class="their-tick done">✓ Mae' in theirs
    assert "✓ Mae" in plain(theirs)

    as_user(client, pair.mentee)
    client.post(url("cycles:mentorship_tick", pair), {"item": "get_to_know", "done": "false"})

    assert not PhaseTick.objects.filter(mentorship=pair).exists()
    as_user(client, pair.mentor)
    assert '<span class="their-tick">○ Mae' in checklist_item(
        client.get(url("cycles:mentorship_detail", pair)), "get_to_know"
    )


def test_an_unknown_checklist_item(client, pair):
    as_user(client, pair.mentee)

    response = client.post(url("cycles:mentorship_tick", pair), {"item": "world_domination"})

    assert response["Location"] == url("cycles:mentorship_detail", pair) + "#cycle"
    assert flash_messages(client.get(response["Location"])) == [
        ("danger", "This checklist item does not exist.")
    ]
    assert not PhaseTick.objects.exists()


# --- goals ---------------------------------------------------------------------------------


def test_add_a_goal(client, pair):
    as_user(client, pair.mentor)
    assert client.get(url("cycles:goal_add", pair)).status_code == 200

    response = client.post(
        url("cycles:goal_add", pair),
        {"title": "Present my thesis work", "description": "At the department seminar."},
    )

    assert response.status_code == 302
    assert response["Location"] == url("cycles:mentorship_detail", pair) + "#goals"
    page = client.get(response["Location"])
    assert flash_messages(page) == [("success", "The goal has been added.")]
    goals = plain(section(page, "goals"))
    assert "1 of 3 goals" in goals
    assert "Present my thesis work Open" in goals
    assert "At the department seminar." in goals


def test_at_three_goals_the_page_offers_no_fourth(client, pair):
    for position in range(3):
        GoalFactory(mentorship=pair, position=position)
    GoalFactory(mentorship=pair, position=3, status=Goal.Status.DROPPED)  # does not count
    as_user(client, pair.mentee)

    page = client.get(url("cycles:mentorship_detail", pair))

    goals = plain(section(page, "goals"))
    assert "3 of 3 goals" in goals
    assert "Add a goal" not in goals
    assert url("cycles:goal_add", pair) not in text(page)
    assert (
        "That is the most at a time: to add another goal, edit one and mark it as dropped." in goals
    )


def test_with_fewer_than_three_goals_the_page_offers_another(client, pair):
    GoalFactory(mentorship=pair)
    GoalFactory(mentorship=pair, position=1)
    as_user(client, pair.mentee)

    goals = section(client.get(url("cycles:mentorship_detail", pair)), "goals")

    assert "2 of 3 goals" in plain(goals)
    assert f'href="{url("cycles:goal_add", pair)}">Add a goal</a>' in goals
    assert "That is the most at a time" not in goals


@pytest.mark.parametrize("method", ["get", "post"])
def test_a_fourth_active_goal_is_not_offered_nor_added(client, pair, method):
    """Opened from an old tab or sent again: the page says how to make room, with no form."""
    for position in range(3):
        GoalFactory(mentorship=pair, position=position)
    as_user(client, pair.mentee)

    response = getattr(client, method)(url("cycles:goal_add", pair), {"title": "A fourth goal"})

    assert response.status_code == 200
    page = text(response)
    assert (
        "You have 3 goals, the most at a time. To add another, edit one of them and mark it "
        "as dropped." in page
    )
    assert 'name="title"' not in page
    assert "Add the goal" not in page
    assert f'href="{url("cycles:mentorship_detail", pair)}#goals">Back to your goals' in page
    assert Goal.objects.filter(mentorship=pair).count() == 3


def test_a_full_goal_list_in_swedish(client, pair):
    for position in range(3):
        GoalFactory(mentorship=pair, position=position)
    pair.mentee.profile.language = "sv"
    pair.mentee.profile.save(update_fields=["language"])
    as_user(client, pair.mentee)

    detail = text(client.get(url("cycles:mentorship_detail", pair)))
    form = text(client.get(url("cycles:goal_add", pair)))

    assert "Lägg till ett mål" not in detail
    assert "Det är det högsta antalet åt gången: för att lägga till ett nytt mål" in detail
    assert "Ni har 3 mål, det högsta antalet åt gången." in form
    assert "Tillbaka till era mål" in form


def test_a_dropped_goal_is_offered_back_only_while_there_is_room(client, pair):
    dropped = GoalFactory(mentorship=pair, status=Goal.Status.DROPPED, title="Learn Rust")
    GoalFactory(mentorship=pair, position=1)
    GoalFactory(mentorship=pair, position=2)
    as_user(client, pair.mentee)

    roomy = text(client.get(url("cycles:goal_edit", pair, dropped.pk)))
    assert 'value="open"' in roomy  # two others: it may be taken up again

    GoalFactory(mentorship=pair, position=3)
    full = text(client.get(url("cycles:goal_edit", pair, dropped.pk)))

    assert re.findall(r'<option value="(\w+)"', full) == ["dropped"]
    assert (
        "You have 3 other goals, the most at a time: this one stays dropped unless you drop "
        "another." in full
    )
    response = client.post(
        url("cycles:goal_edit", pair, dropped.pk),
        {"title": "Learn Rust", "description": "", "status": "open", "progress_note": ""},
    )
    assert response.status_code == 200
    dropped.refresh_from_db()
    assert dropped.status == Goal.Status.DROPPED


def test_a_dropped_goal_leaves_room_for_another(client, pair):
    GoalFactory(mentorship=pair, status=Goal.Status.DROPPED)
    GoalFactory(mentorship=pair, position=1)
    GoalFactory(mentorship=pair, position=2)
    as_user(client, pair.mentee)

    response = client.post(url("cycles:goal_add", pair), {"title": "A new third goal"})

    assert response.status_code == 302
    assert "3 of 3 goals" in text(client.get(response["Location"]))


def test_a_goal_without_a_title(client, pair):
    as_user(client, pair.mentee)

    response = client.post(url("cycles:goal_add", pair), {"title": "  "})

    assert response.status_code == 200
    assert field_errors(response, "title") == ["Write the goal in a few words."]
    assert not Goal.objects.exists()


@pytest.mark.parametrize(("phase", "history_shown"), [(2, False), (3, True)])
def test_edit_a_goal_and_its_history(client, pair, phase, history_shown):
    Mentorship.objects.filter(pk=pair.pk).update(phase=phase)
    goal = GoalFactory(mentorship=pair, title="Apply for a summer internship")
    as_user(client, pair.mentee)
    form = client.get(url("cycles:goal_edit", pair, goal.pk))
    assert form.status_code == 200
    assert 'value="Apply for a summer internship"' in form.content.decode()

    response = client.post(
        url("cycles:goal_edit", pair, goal.pk),
        {
            "title": "Apply for two summer internships",
            "description": goal.description,
            "status": "achieved",
            "progress_note": "Sent both applications.",
        },
    )

    assert response.status_code == 302
    assert response["Location"] == url("cycles:mentorship_detail", pair) + "#goals"
    goal.refresh_from_db()
    assert (goal.title, goal.status) == ("Apply for two summer internships", "achieved")
    as_user(client, pair.mentor)
    shown = plain(
        section(client.get(url("cycles:mentorship_detail", pair)), f"goal-{goal.pk}", "li")
    )
    assert shown.startswith("Apply for two summer internships Achieved")
    assert "Progress: Sent both applications." in shown
    if history_shown:
        assert "1 earlier version" in shown
        assert re.search(
            r"Changed by Mae on \d+ \w+ \d{4}, \d\d:\d\d; before: “Apply for a summer "
            r"internship” · Open",
            shown,
        ), shown
    else:
        assert "earlier version" not in shown
        assert "Changed by" not in shown


def test_a_goal_edit_error_shows_next_to_the_field(client, pair):
    goal = GoalFactory(mentorship=pair)
    as_user(client, pair.mentee)

    response = client.post(
        url("cycles:goal_edit", pair, goal.pk), {"title": "", "status": "finished"}
    )

    assert response.status_code == 200
    assert field_errors(response, "title") == ["Write the goal in a few words."]
    assert field_errors(response, "status") == [
        "Select a valid choice. finished is not one of the available choices."
    ]


# --- the conversation ----------------------------------------------------------------------


def test_a_message_joins_the_thread_and_emails_the_other(
    client, pair, mailoutbox, django_capture_on_commit_callbacks
):
    MessageFactory(mentorship=pair, author=pair.mentor, body="Welcome, Mae!")
    as_user(client, pair.mentee)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url("cycles:message_post", pair), {"body": "Hi Katherine! Thursday at 18:00?"}
        )

    assert response.status_code == 302
    assert response["Location"] == url("cycles:mentorship_detail", pair) + "#conversation"
    thread = section(client.get(response["Location"]), "conversation")
    assert plain(thread.split('<ol class="thread list-unstyled">')[1]).startswith("Katherine ·")
    bodies = re.findall(r'<div class="thread-body conduct-text">(.*?)</div>', thread)
    assert bodies == ["Welcome, Mae!", "Hi Katherine! Thursday at 18:00?"]
    assert [email.to for email in mailoutbox] == [[pair.mentor.email]]
    assert mailoutbox[0].subject == "[WESTEM] Mae wrote you a message"

    as_user(client, pair.mentor)
    thread = plain(section(client.get(url("cycles:mentorship_detail", pair)), "conversation"))
    assert "Mae ·" in thread
    assert "Hi Katherine! Thursday at 18:00?" in thread


def test_an_empty_message_shows_an_error(client, pair, mailoutbox):
    as_user(client, pair.mentee)

    response = client.post(url("cycles:message_post", pair), {"body": "   "})

    assert response.status_code == 200
    assert '<div class="invalid-feedback" id="body-error">Write a message first.</div>' in (
        text(response)
    )
    assert 'class="form-control is-invalid"' in section(response, "conversation")
    assert not Message.objects.exists()
    assert mailoutbox == []


# --- the list and the page's queries -------------------------------------------------------


def test_the_list_shows_active_mentorships_first(client):
    mentee = MenteeFactory(profile__display_name="Mae")
    now = timezone.now()
    MentorshipFactory(
        mentee=mentee,
        mentor=MentorFactory(profile__display_name="Ended recently"),
        status="ended_early",
        ended_at=now,
        created_at=now - timedelta(days=1),
    )
    MentorshipFactory(
        mentee=mentee,
        mentor=MentorFactory(profile__display_name="Active long ago"),
        created_at=now - timedelta(days=90),
    )
    MentorshipFactory(
        mentee=mentee,
        mentor=MentorFactory(profile__display_name="Completed"),
        status="completed",
        ended_at=now - timedelta(days=5),
        created_at=now - timedelta(days=60),
    )
    MentorshipFactory(
        mentee=mentee,
        mentor=MentorFactory(profile__display_name="Active flash"),
        style="flash",
        created_at=now - timedelta(days=2),
    )
    MentorshipFactory(mentor=MentorFactory(profile__display_name="Someone else's"))
    as_user(client, mentee)

    response = client.get(reverse("cycles:mentorship_list"))

    names = re.findall(
        r'<span class="fw-semibold d-block text-body">([^<]+)</span>', text(response)
    )
    assert names == ["Active flash", "Active long ago", "Ended recently", "Completed"]


def test_an_empty_list(client):
    as_user(client, MenteeFactory())

    page = text(client.get(reverse("cycles:mentorship_list")))

    assert "You have no mentorship yet." in page
    assert "Find a mentor" in page


# Every signed-in page: session, user, profile, current code of conduct and its acceptance.
MIDDLEWARE = 4
# The mentorship page: the mentorship (both people's profiles, agreement, request joined), the
# ticks, the meetings, the goals with their revisions (one prefetch, the revisions' authors and
# their profiles joined), the messages with their authors' profiles; the library's resources
# for the phase; the navigation's bell (her unread notifications).
PAGE = 1 + 1 + 1 + (1 + 1) + 1 + 1 + 1


def fill(mentorship: Mentorship, rows: int) -> None:
    """``rows`` meetings, goals (each with a revision by each person), messages and ticks."""
    now = timezone.now()
    for number in range(rows):
        MeetingFactory(
            mentorship=mentorship,
            starts_at=now + timedelta(days=number - rows // 2, hours=1),
            cancelled_at=now if number % 3 == 2 else None,
        )
        goal = GoalFactory(
            mentorship=mentorship,
            position=number,
            status=Goal.Status.OPEN if number < 3 else Goal.Status.DROPPED,
        )
        GoalRevisionFactory(goal=goal, actor=mentorship.mentee)
        GoalRevisionFactory(goal=goal, actor=mentorship.mentor)
        MessageFactory(
            mentorship=mentorship,
            author=mentorship.mentee if number % 2 else mentorship.mentor,
            body=f"Message {number}",
        )
    keys = ["first_meeting_date", "self_reflection", "get_to_know", "build_trust"]
    for key in keys[: min(rows, len(keys))]:
        PhaseTickFactory(mentorship=mentorship, user=mentorship.mentee, item=key)
        PhaseTickFactory(mentorship=mentorship, user=mentorship.mentor, item=key)


@pytest.mark.parametrize("rows", [1, 12], ids=["one-of-each", "many"])
@pytest.mark.parametrize("viewer", ["mentee", "mentor"])
def test_the_mentorship_page_query_count_is_constant(
    client, pair, django_assert_num_queries, rows, viewer
):
    Mentorship.objects.filter(pk=pair.pk).update(phase=3)  # the goals' history is shown
    AgreementFactory(mentorship=pair, mentee_accepted_at=timezone.now())
    fill(pair, rows)
    as_user(client, getattr(pair, viewer))
    client.get(url("cycles:mentorship_detail", pair))  # warm-up: caches filled on a first visit

    with django_assert_num_queries(MIDDLEWARE + PAGE):  # 12
        response = client.get(url("cycles:mentorship_detail", pair))

    assert response.status_code == 200
    assert len(re.findall(r'class="thread-message', text(response))) == rows
    assert text(response).count('class="list-group-item goal') == rows
