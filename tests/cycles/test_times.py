"""Meeting times that exist (``cycles.times``): a time the clocks skip on the spring night is
refused, one that happens twice on the autumn night is asked about, the span never reads
"02:30–02:30", each of the pair sees the other's local time, and the calendar file holds the
right instants across both daylight-saving changes. Also: a meeting lies within the
mentorship's period (``services.check_meeting_time``)."""

import re
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.utils.formats import date_format
from icalendar import Calendar

from cycles import services
from cycles.forms_agreement import MeetingForm
from cycles.forms_meeting_log import MeetingLogForm
from cycles.models import Meeting
from cycles.times import local_datetime, span
from tests.cycles.test_views import as_user, field_errors, meeting_post, plain, text, url
from tests.factories import (
    AgreementFactory,
    MeetingFactory,
    MenteeFactory,
    MentorFactory,
    MentorshipFactory,
)

pytestmark = pytest.mark.django_db

STOCKHOLM = ZoneInfo("Europe/Stockholm")
SPRING_NIGHT = date(2027, 3, 28)  # 02:00 → 03:00 in Stockholm
AUTUMN_NIGHT = date(2027, 10, 31)  # 03:00 → 02:00 in Stockholm
DOES_NOT_EXIST = (
    "02:30 on 28 March does not exist in Stockholm: the clocks go from 02:00 to 03:00. "
    "Choose another time."
)
HAPPENS_TWICE = (
    "02:30 on 31 October happens twice in Stockholm: the clocks are turned back that night. "
    "Choose which 02:30 you mean."
)
FIRST = "the first 02:30 (summer time, UTC+2)"
SECOND = "the second 02:30 (winter time, UTC+1)"


def pair_from(day: date, *, mentor_zone="Europe/London"):
    """Katherine (in ``mentor_zone``) mentors Mae (in Stockholm), a mentorship started on
    ``day``, so meetings in the months after it lie within its period."""
    return MentorshipFactory(
        mentor=MentorFactory(profile__display_name="Katherine", profile__timezone=mentor_zone),
        mentee=MenteeFactory(profile__display_name="Mae", profile__timezone="Europe/Stockholm"),
        start_date=day,
    )


def radio_labels(response, name: str) -> list[str]:
    return [
        " ".join(label.split())
        for label in re.findall(
            rf'<input[^>]*name="{name}"[^>]*>\s*<label[^>]*>(.*?)</label>',
            text(response),
            re.S,
        )
    ]


def checked(response, name: str) -> list[str]:
    """The values of the checked inputs named ``name``."""
    inputs = re.findall(rf'<input[^>]*name="{name}"[^>]*>', text(response))
    return [re.search(r'value="([^"]*)"', tag).group(1) for tag in inputs if " checked" in tag]


# --- local_datetime ------------------------------------------------------------------------


def test_a_time_the_clocks_skip_is_refused():
    with pytest.raises(ValidationError) as error:
        local_datetime(SPRING_NIGHT, time(2, 30), "Europe/Stockholm")

    assert error.value.messages == [DOES_NOT_EXIST]
    assert error.value.code == "nonexistent"


def test_a_time_that_happens_twice_asks_which_and_each_answer_is_its_own_instant():
    with pytest.raises(ValidationError) as error:
        local_datetime(AUTUMN_NIGHT, time(2, 30), "Europe/Stockholm")

    assert error.value.messages == [HAPPENS_TWICE]
    assert error.value.code == "ambiguous"
    first = local_datetime(AUTUMN_NIGHT, time(2, 30), "Europe/Stockholm", fold=0)
    second = local_datetime(AUTUMN_NIGHT, time(2, 30), "Europe/Stockholm", fold=1)
    assert first.astimezone(UTC) == datetime(2027, 10, 31, 0, 30, tzinfo=UTC)
    assert second.astimezone(UTC) == datetime(2027, 10, 31, 1, 30, tzinfo=UTC)


def test_an_ordinary_time_is_that_time():
    assert local_datetime(date(2027, 4, 14), time(18, 0), "Europe/Stockholm") == datetime(
        2027, 4, 14, 16, 0, tzinfo=UTC
    )


def test_a_span_on_the_autumn_night_tells_the_two_0230_apart():
    first = datetime(2027, 10, 31, 0, 30, tzinfo=UTC)

    assert span(first, first + timedelta(hours=1), "Europe/Stockholm") == (
        "Sunday 31 October 2027, 02:30 (UTC+2)–02:30 (UTC+1)"
    )
    assert span(first + timedelta(hours=1), first + timedelta(hours=2), STOCKHOLM) == (
        "Sunday 31 October 2027, 02:30 (UTC+1)–03:30"
    )


def test_the_meeting_form_refuses_the_spring_night_and_asks_on_the_autumn_night():
    spring = MeetingForm(meeting_post(date=SPRING_NIGHT.isoformat(), time="02:30"))
    autumn = MeetingForm(meeting_post(date=AUTUMN_NIGHT.isoformat(), time="02:30"))

    assert not spring.is_valid()
    assert spring.errors == {"time": [DOES_NOT_EXIST]}
    assert not autumn.is_valid()
    assert autumn.errors == {"fold": [HAPPENS_TWICE]}
    assert autumn.fields["fold"].choices == [("0", FIRST), ("1", SECOND)]


# --- the pages and the emails --------------------------------------------------------------


def test_a_meeting_on_the_spring_night_is_refused_next_to_the_time(client, mailoutbox):
    pair = pair_from(date(2027, 3, 1))
    as_user(client, pair.mentee)

    response = client.post(
        url("cycles:meeting_new", pair),
        meeting_post(date=SPRING_NIGHT.isoformat(), time="02:30"),
    )

    assert response.status_code == 200
    assert field_errors(response, "time") == [DOES_NOT_EXIST]
    assert not Meeting.objects.exists()
    assert mailoutbox == []


@pytest.mark.parametrize(
    ("fold", "utc", "shown", "london"),
    [
        (
            "0",
            datetime(2027, 10, 31, 0, 30, tzinfo=UTC),
            "02:30 (UTC+2)–02:30 (UTC+1)",
            "01:30 (UTC+1)",
        ),
        ("1", datetime(2027, 10, 31, 1, 30, tzinfo=UTC), "02:30 (UTC+1)–03:30", "01:30 (UTC)"),
    ],
    ids=["the-first", "the-second"],
)
def test_a_meeting_on_the_autumn_night_asks_which_0230_and_keeps_the_answer(
    client, mailoutbox, django_capture_on_commit_callbacks, fold, utc, shown, london
):
    pair = pair_from(date(2027, 9, 1))
    as_user(client, pair.mentee)
    post = meeting_post(date=AUTUMN_NIGHT.isoformat(), time="02:30")

    asked = client.post(url("cycles:meeting_new", pair), post)

    assert asked.status_code == 200
    assert field_errors(asked, "fold") == [HAPPENS_TWICE]
    assert radio_labels(asked, "fold") == [FIRST, SECOND]
    assert not Meeting.objects.exists()

    with django_capture_on_commit_callbacks(execute=True):
        saved = client.post(url("cycles:meeting_new", pair), {**post, "fold": fold})

    meeting = Meeting.objects.get()
    assert saved.status_code == 302
    assert meeting.starts_at == utc
    page = text(client.get(saved["Location"]))
    assert f"Sunday 31 October 2027, {shown}" in page
    assert "02:30–02:30" not in page
    [email] = mailoutbox  # to Katherine, in London: 01:30 happens twice there too
    assert email.subject == "[WESTEM] Mae has proposed a meeting: choose a time"
    assert f"- Sunday 31 October 2027, {london}" in email.body
    # Once Katherine accepts it, changing it shows Mae's answer, with the question.
    services.accept_proposal(meeting=meeting, by=pair.mentor, position=1)
    edit = client.get(url("cycles:meeting_edit", meeting))
    assert radio_labels(edit, "fold") == [FIRST, SECOND]
    assert checked(edit, "fold") == [fold]


def test_every_meeting_shows_the_partners_local_time(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    pair = pair_from(date(2027, 4, 1))
    as_user(client, pair.mentee)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(url("cycles:meeting_new", pair), meeting_post(date="2027-04-14", time="18:00"))

    meeting = Meeting.objects.get()
    mentee_sees = "Wed 14 Apr 18:00 (your time) — 17:00 for Katherine in London"
    assert mentee_sees in text(client.get(url("cycles:meeting_detail", meeting)))
    assert mentee_sees in plain(text(client.get(url("cycles:mentorship_detail", pair))))
    [email] = mailoutbox
    assert email.to == [pair.mentor.email]
    assert "Wed 14 Apr 17:00 (your time) — 18:00 for Mae in Stockholm" in email.body
    as_user(client, pair.mentor)
    mentor_sees = "Wed 14 Apr 17:00 (your time) — 18:00 for Mae in Stockholm"
    assert mentor_sees in text(client.get(url("cycles:meeting_detail", meeting)))
    assert mentor_sees in plain(text(client.get(url("cycles:mentorship_detail", pair))))


def test_the_partners_time_names_her_day_when_it_is_another_day(client):
    pair = pair_from(date(2027, 4, 1), mentor_zone="Asia/Tokyo")
    meeting = MeetingFactory(
        mentorship=pair, starts_at=datetime(2027, 4, 14, 18, 0, tzinfo=STOCKHOLM)
    )
    as_user(client, pair.mentee)

    page = text(client.get(url("cycles:meeting_detail", meeting)))

    assert "Wed 14 Apr 18:00 (your time) — Thu 15 Apr 01:00 for Katherine in Tokyo" in page


@pytest.mark.parametrize(
    ("day", "at", "fold", "start", "end"),
    [
        # The evening before and after the spring change: 17:00 UTC, then 16:00 UTC.
        (date(2027, 3, 27), "18:00", "", (3, 27, 17, 0), (3, 27, 18, 0)),
        (date(2027, 3, 28), "18:00", "", (3, 28, 16, 0), (3, 28, 17, 0)),
        # Through the spring change: 01:30 CET for an hour ends at 03:30 CEST.
        (date(2027, 3, 28), "01:30", "", (3, 28, 0, 30), (3, 28, 1, 30)),
        # The evening before and after the autumn change: 16:00 UTC, then 17:00 UTC.
        (date(2027, 10, 30), "18:00", "", (10, 30, 16, 0), (10, 30, 17, 0)),
        (date(2027, 10, 31), "18:00", "", (10, 31, 17, 0), (10, 31, 18, 0)),
        # Both 02:30 of the autumn night.
        (date(2027, 10, 31), "02:30", "0", (10, 31, 0, 30), (10, 31, 1, 30)),
        (date(2027, 10, 31), "02:30", "1", (10, 31, 1, 30), (10, 31, 2, 30)),
    ],
)
def test_the_calendar_file_across_both_daylight_saving_changes(client, day, at, fold, start, end):
    pair = pair_from(date(day.year, day.month, 1))
    as_user(client, pair.mentee)
    post = meeting_post(date=day.isoformat(), time=at)
    if fold:
        post["fold"] = fold
    client.post(url("cycles:meeting_new", pair), post)
    meeting = Meeting.objects.get()
    services.accept_proposal(meeting=meeting, by=pair.mentor, position=1)  # agreed: a file
    as_user(client, pair.mentor)  # in London: the file holds instants, not her clock

    [event] = Calendar.from_ical(client.get(url("cycles:meeting_ics", meeting)).content).walk(
        "VEVENT"
    )

    assert event.decoded("dtstart") == datetime(2027, *start, tzinfo=UTC)
    assert event.decoded("dtend") == datetime(2027, *end, tzinfo=UTC)
    assert event.decoded("dtstart").utcoffset() == timedelta(0)
    assert event.decoded("dtend").utcoffset() == timedelta(0)


# --- within the mentorship's period --------------------------------------------------------


def test_a_meeting_before_the_mentorship_started_is_refused():
    pair = pair_from(date(2027, 3, 3))

    with pytest.raises(ValidationError) as error:
        services.check_meeting_time(
            pair, datetime(2027, 3, 2, 18, 0, tzinfo=STOCKHOLM), time_zone="Europe/Stockholm"
        )

    assert error.value.message_dict == {
        "starts_at": ["Choose a day on or after 3 March 2027, when your mentorship started."]
    }
    services.check_meeting_time(pair, datetime(2027, 3, 3, 9, 0, tzinfo=STOCKHOLM))


def test_a_meeting_after_the_four_months_is_refused():
    pair = pair_from(date(2027, 3, 3))

    with pytest.raises(ValidationError) as error:
        services.check_meeting_time(pair, datetime(2027, 7, 4, 9, 0, tzinfo=STOCKHOLM))

    assert error.value.message_dict == {
        "starts_at": [
            "Choose a day on or before 3 July 2027, the end of the 4 months of your mentorship."
        ]
    }
    services.check_meeting_time(pair, datetime(2027, 7, 3, 21, 0, tzinfo=STOCKHOLM))


def test_a_meeting_a_year_after_the_agreed_end_is_refused_next_to_the_date(client):
    pair = pair_from(date(2027, 3, 3))
    AgreementFactory(mentorship=pair, end_date=date(2027, 5, 31))
    as_user(client, pair.mentee)

    response = client.post(
        url("cycles:meeting_new", pair), meeting_post(date="2028-05-31", time="18:00")
    )

    assert response.status_code == 200
    expected = "Choose a day on or before 31 May 2027, the end date in your agreement."
    assert field_errors(response, "date") == [expected]
    assert not Meeting.objects.exists()


def test_moving_a_meeting_past_the_agreed_end_is_refused(client):
    pair = pair_from(date(2027, 3, 3))
    AgreementFactory(mentorship=pair, end_date=date(2027, 5, 31))
    meeting = MeetingFactory(
        mentorship=pair, starts_at=datetime(2027, 5, 20, 18, 0, tzinfo=STOCKHOLM)
    )

    with pytest.raises(ValidationError) as error:
        services.update_meeting(
            meeting=meeting,
            by=pair.mentee,
            data={"starts_at": datetime(2027, 6, 1, 18, 0, tzinfo=STOCKHOLM)},
        )

    assert error.value.message_dict == {
        "starts_at": [
            "Choose a day on or before "
            f"{date_format(date(2027, 5, 31), 'DATE_FORMAT')}, the end date in your agreement."
        ]
    }


# --- proposals: every offered time ---------------------------------------------------------


def offer(pair, by, times):
    return services.schedule_meeting(
        mentorship=pair,
        by=by,
        data={
            "times": times,
            "time_zone": "Europe/Stockholm",
            "duration_minutes": 60,
            "location": "https://meet.example.org/katherine-mae",
        },
    )


def test_a_proposal_with_one_time_after_the_agreed_end_is_refused():
    pair = pair_from(date(2027, 3, 3))
    AgreementFactory(mentorship=pair, end_date=date(2027, 5, 31))
    inside = datetime(2027, 5, 20, 18, 0, tzinfo=STOCKHOLM)
    after = datetime(2027, 6, 1, 18, 0, tzinfo=STOCKHOLM)

    with pytest.raises(ValidationError) as error:
        offer(pair, pair.mentee, [inside, after])

    assert error.value.message_dict == {
        "starts_at": ["Choose a day on or before 31 May 2027, the end date in your agreement."]
    }
    assert not Meeting.objects.exists()


def test_other_times_before_the_start_are_refused_and_the_proposal_still_waits():
    pair = pair_from(date(2027, 3, 3))
    proposal = offer(pair, pair.mentee, [datetime(2027, 3, 10, 18, 0, tzinfo=STOCKHOLM)])

    with pytest.raises(ValidationError) as error:
        services.decline_proposal(
            meeting=proposal,
            by=pair.mentor,
            times=[datetime(2027, 3, 2, 18, 0, tzinfo=STOCKHOLM)],
            time_zone="Europe/Stockholm",
        )

    assert error.value.message_dict == {
        "starts_at": ["Choose a day on or after 3 March 2027, when your mentorship started."]
    }
    proposal.refresh_from_db()
    assert proposal.status == Meeting.Status.PROPOSED
    assert Meeting.objects.count() == 1


def test_a_second_time_the_clocks_skip_is_refused_next_to_it(client):
    pair = pair_from(date(2027, 3, 1))
    as_user(client, pair.mentee)
    post = meeting_post(
        date="2027-03-27", time="18:00", date_2=SPRING_NIGHT.isoformat(), time_2="02:30"
    )

    response = client.post(url("cycles:meeting_new", pair), post)

    assert response.status_code == 200
    assert field_errors(response, "time_2") == [DOES_NOT_EXIST]
    assert field_errors(response, "time") == []
    assert not Meeting.objects.exists()


def test_a_third_time_that_happens_twice_asks_which_one_and_keeps_the_answer(client):
    pair = pair_from(date(2027, 9, 1))
    as_user(client, pair.mentee)
    post = meeting_post(
        date="2027-10-29", time="18:00", date_3=AUTUMN_NIGHT.isoformat(), time_3="02:30"
    )

    asked = client.post(url("cycles:meeting_new", pair), post)

    assert asked.status_code == 200
    assert field_errors(asked, "fold_3") == [HAPPENS_TWICE]
    assert radio_labels(asked, "fold_3") == [FIRST, SECOND]
    assert radio_labels(asked, "fold") == []  # the first time exists once: no question
    assert not Meeting.objects.exists()

    saved = client.post(url("cycles:meeting_new", pair), {**post, "fold_3": "1"})

    assert saved.status_code == 302
    meeting = Meeting.objects.get()
    assert list(meeting.options.values_list("position", "starts_at")) == [
        (1, datetime(2027, 10, 29, 16, 0, tzinfo=UTC)),
        (2, datetime(2027, 10, 31, 1, 30, tzinfo=UTC)),
    ]


# --- a meeting logged afterwards: the same times that exist ---------------------------------

LOGGED_SPRING_NIGHT = date(2026, 3, 29)  # 02:00 → 03:00 in Stockholm, in the past
LOGGED_AUTUMN_NIGHT = date(2026, 10, 25)  # 03:00 → 02:00 in Stockholm, in the past


def log_post(day: date, at: str, **more) -> dict:
    return {
        "date": day.isoformat(),
        "time": at,
        "duration_minutes": "60",
        "notes": "We talked about my thesis.",
        **more,
    }


def test_the_log_form_refuses_the_spring_night_and_asks_on_the_autumn_night():
    """The log form once combined the date and time itself: 02:30 on the spring night was
    logged as 03:30, and on the autumn night always as the first 02:30."""
    spring = MeetingLogForm(log_post(LOGGED_SPRING_NIGHT, "02:30"), time_zone="Europe/Stockholm")
    autumn = MeetingLogForm(log_post(LOGGED_AUTUMN_NIGHT, "02:30"), time_zone="Europe/Stockholm")

    assert not spring.is_valid()
    assert spring.errors == {
        "time": [
            "02:30 on 29 March does not exist in Stockholm: the clocks go from 02:00 to "
            "03:00. Choose another time."
        ]
    }
    assert not autumn.is_valid()
    assert autumn.errors == {
        "fold": [
            "02:30 on 25 October happens twice in Stockholm: the clocks are turned back that "
            "night. Choose which 02:30 you mean."
        ]
    }
    assert autumn.fields["fold"].choices == [("0", FIRST), ("1", SECOND)]


def test_a_meeting_logged_on_the_autumn_night_is_the_second_0230_she_chose(client):
    pair = pair_from(date(2026, 10, 1))
    as_user(client, pair.mentee)

    asked = client.post(url("cycles:meeting_log", pair), log_post(LOGGED_AUTUMN_NIGHT, "02:30"))
    assert asked.status_code == 200
    assert radio_labels(asked, "fold") == [FIRST, SECOND]
    assert not Meeting.objects.exists()

    response = client.post(
        url("cycles:meeting_log", pair), log_post(LOGGED_AUTUMN_NIGHT, "02:30", fold="1")
    )

    assert response.status_code == 302, field_errors(response, "fold")
    assert Meeting.objects.get(mentorship=pair).starts_at == datetime(
        2026, 10, 25, 1, 30, tzinfo=UTC
    )
