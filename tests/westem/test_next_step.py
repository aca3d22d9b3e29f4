"""The dashboard's next step: what is pending for her, most urgent first (``core.steps``),
then her checklist's next item; the other open steps in the "Still open" card."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from cycles import services as cycle_services
from cycles.models import Mentorship
from matching import services as matching_services
from tests.factories import (
    AgreementFactory,
    ConnectionRequestFactory,
    FinalEvaluationFactory,
    MeetingFactory,
    MenteeFactory,
    MentorFactory,
    MentorshipFactory,
    SessionEvaluationFactory,
    version_of,
)

pytestmark = pytest.mark.django_db


def dashboard(client, user):
    client.force_login(user)
    response = client.get(reverse("dashboard"))
    assert response.status_code == 200
    return response.content.decode()


def next_step(html: str) -> tuple[str, str, str] | None:
    """The big button: (its text after "Next step:", its link, the line under it)."""
    match = re.search(
        r'<a class="btn btn-primary btn-lg" href="([^"]*)" id="next-step" data-key="[^"]*">'
        r"Next step: ([^<]*)</a>",
        html,
    )
    if match is None:
        return None
    detail = re.search(r'id="next-step-detail">([^<]*)</p>', html)
    return match.group(2), match.group(1), detail.group(1) if detail else ""


def still_open(html: str) -> list[tuple[str, str]]:
    """The "Still open" card as [(step, detail)], in the order shown."""
    if 'id="still-open"' not in html:
        return []
    card = html.split('id="still-open"')[1].split("</section>")[0]
    return [
        (text, detail or "")
        for text, detail in re.findall(
            r'<a class="fw-semibold" href="[^"]*">([^<]*)</a>'
            r'(?: <span class="small text-body-secondary">· ([^<]*)</span>)?',
            card,
        )
    ]


def texts(html: str) -> list[str]:
    """Every open step, the next one first."""
    first = next_step(html)
    return ([first[0]] if first else []) + [text for text, _detail in still_open(html)]


def read_manual(client, user) -> None:
    client.force_login(user)
    client.get(reverse("manual"))


# --- each situation ------------------------------------------------------------------------


def test_a_mentor_answers_the_oldest_request_first(client):
    mentor = MentorFactory()
    newer = ConnectionRequestFactory(
        mentor=mentor,
        mentee__profile__display_name="Bea",
        created_at=timezone.now() - timedelta(days=2),
    )
    older = ConnectionRequestFactory(
        mentor=mentor,
        mentee__profile__display_name="Ada",
        created_at=timezone.now() - timedelta(days=11, hours=1),
    )
    ConnectionRequestFactory(mentor=mentor, status="declined")  # answered: not a step

    html = dashboard(client, mentor)

    assert next_step(html) == (
        "Answer the request",
        reverse("matching:request_detail", args=[older.public_id]),
        "from Ada · expires in 3 days",
    )
    # The newer request, then her checklist (the manual she has not read) last.
    assert still_open(html) == [
        ("Answer the request", "from Bea · expires in 12 days"),
        ("Read the manual", ""),
    ]
    assert reverse("matching:request_detail", args=[newer.public_id]) in html


def test_an_answered_request_leaves_the_manual_as_the_next_step(client):
    request = ConnectionRequestFactory()
    matching_services.decline_request(request=request, by=request.mentor)

    html = dashboard(client, request.mentor)

    assert next_step(html)[:2] == ("Read the manual", reverse("manual"))
    assert still_open(html) == []
    assert 'id="still-open"' not in html


def test_a_request_expiring_within_hours_says_one_day(client):
    request = ConnectionRequestFactory(created_at=timezone.now() - timedelta(days=13, hours=20))

    assert next_step(dashboard(client, request.mentor))[2].endswith("· expires in 1 day")


def test_she_accepts_the_agreement_her_partner_saved(client):
    mentorship = MentorshipFactory(phase=2, mentor__profile__display_name="Ada")
    MeetingFactory(mentorship=mentorship)
    AgreementFactory(mentorship=mentorship, updated_by=mentorship.mentor)
    url = reverse("cycles:agreement_detail", args=[mentorship.public_id])

    assert next_step(dashboard(client, mentorship.mentee)) == (
        "Accept the agreement",
        url,
        "with Ada",
    )

    client.post(reverse("cycles:agreement_accept", args=[mentorship.public_id]), {"version": 1})
    assert "Accept the agreement" not in texts(dashboard(client, mentorship.mentee))
    # The mentor has still to accept it.
    assert next_step(dashboard(client, mentorship.mentor))[:2] == ("Accept the agreement", url)


def test_a_changed_agreement_is_to_be_accepted_again(client):
    mentorship = MentorshipFactory(phase=2, mentee__profile__display_name="Cy")
    MeetingFactory(mentorship=mentorship)
    agreement = AgreementFactory(mentorship=mentorship)
    for person in (mentorship.mentor, mentorship.mentee):
        cycle_services.accept_agreement(
            mentorship=mentorship, by=person, version=version_of(mentorship)
        )
    assert "Accept the agreement" not in texts(dashboard(client, mentorship.mentor))

    cycle_services.save_agreement(
        mentorship=mentorship,
        by=mentorship.mentee,
        data={"availability": "Weekends only."},
        goals=["Apply for a summer internship"],
    )

    agreement.refresh_from_db()
    assert agreement.version == 2
    assert next_step(dashboard(client, mentorship.mentor))[::2] == (
        "Accept the agreement",
        "with Cy · changed, version 2",
    )


@pytest.mark.parametrize(
    ("changes", "due"),
    [
        ({"phase": 2}, True),
        ({"phase": 1, "start_date": timezone.localdate() - timedelta(days=8)}, True),
        ({"phase": 1}, False),
        ({"phase": 2, "style": "flash"}, False),
    ],
    ids=["negotiation", "a-week-after-the-start", "just-started", "flash"],
)
def test_the_agreement_is_to_be_written_when_it_is_due(client, changes, due):
    mentorship = MentorshipFactory(**changes)
    MeetingFactory(mentorship=mentorship)

    for person in (mentorship.mentor, mentorship.mentee):
        html = dashboard(client, person)
        assert ("Write the agreement" in texts(html)) is due
    if due:
        assert next_step(html)[:2] == (
            "Write the agreement",
            reverse("cycles:agreement_edit", args=[mentorship.public_id]),
        )


def test_the_mentee_proposes_the_first_meeting(client):
    mentorship = MentorshipFactory(mentor__profile__display_name="Ada")
    read_manual(client, mentorship.mentee)
    read_manual(client, mentorship.mentor)
    url = reverse("cycles:meeting_new", args=[mentorship.public_id])

    html = dashboard(client, mentorship.mentee)
    assert next_step(html) == ("Propose your first meeting", url, "with Ada")
    # Her checklist asks for the same meeting: it is said once.
    assert texts(html).count("Propose your first meeting") == 1
    # The program makes it the mentee's step, not the mentor's.
    assert "Propose your first meeting" not in texts(dashboard(client, mentorship.mentor))

    MeetingFactory(mentorship=mentorship, cancelled_at=timezone.now())
    assert next_step(dashboard(client, mentorship.mentee))[0] == "Propose your first meeting"

    MeetingFactory(mentorship=mentorship)
    assert "Propose your first meeting" not in texts(dashboard(client, mentorship.mentee))


def test_she_confirms_the_closure_her_partner_confirmed(client):
    mentorship = MentorshipFactory(phase=4, mentor__profile__display_name="Ada")
    MeetingFactory(mentorship=mentorship)
    assert "Confirm the closure" not in texts(dashboard(client, mentorship.mentee))

    cycle_services.confirm_closure(mentorship=mentorship, by=mentorship.mentor)

    html = dashboard(client, mentorship.mentee)
    assert next_step(html) == (
        "Confirm the closure",
        reverse("cycles:mentorship_detail", args=[mentorship.public_id]) + "#closure-status",
        "Ada has confirmed it",
    )
    # Phase 4 opens the final evaluation too: it comes after the closure.
    assert texts(html)[:2] == ["Confirm the closure", "Send the final evaluation"]
    assert "Confirm the closure" not in texts(dashboard(client, mentorship.mentor))


def test_she_reflects_on_a_meeting_that_just_ended(client):
    mentorship = MentorshipFactory(phase=2, mentor__profile__display_name="Ada")
    AgreementFactory(
        mentorship=mentorship,
        mentor_accepted_at=timezone.now(),
        mentee_accepted_at=timezone.now(),
    )
    yesterday = (timezone.now() - timedelta(days=1)).replace(second=0, microsecond=0)
    meeting = MeetingFactory(mentorship=mentorship, starts_at=yesterday)
    MeetingFactory(mentorship=mentorship, starts_at=timezone.now() - timedelta(days=5))
    MeetingFactory(mentorship=mentorship, starts_at=timezone.now() - timedelta(minutes=30))
    read_manual(client, mentorship.mentee)

    html = dashboard(client, mentorship.mentee)

    # Only the meeting that ended in the last three days: the older one is past asking, the
    # one under way has not ended.
    step = next_step(html)
    assert step[:2] == (
        "Write your reflection",
        reverse("evaluations:meeting_reflection", args=[meeting.public_id]),
    )
    assert step[2].startswith("on your meeting with Ada on ")
    assert texts(html).count("Write your reflection") == 1

    SessionEvaluationFactory(meeting=meeting, author=mentorship.mentee)
    assert "Write your reflection" not in texts(dashboard(client, mentorship.mentee))
    assert "Write your reflection" in texts(dashboard(client, mentorship.mentor))


def test_she_sends_the_final_evaluation_after_the_end(client):
    mentorship = MentorshipFactory(
        status=Mentorship.Status.COMPLETED, phase=4, mentor__profile__display_name="Ada"
    )
    MeetingFactory(mentorship=mentorship, starts_at=timezone.now() - timedelta(days=30))
    read_manual(client, mentorship.mentee)

    html = dashboard(client, mentorship.mentee)
    assert next_step(html) == (
        "Send the final evaluation",
        reverse("evaluations:final_evaluation", args=[mentorship.public_id]),
        "of your mentorship with Ada",
    )

    FinalEvaluationFactory(mentorship=mentorship, author=mentorship.mentee)
    assert "Send the final evaluation" not in texts(dashboard(client, mentorship.mentee))


def test_the_final_evaluations_waiting_are_each_a_step(client):
    mentee = MenteeFactory()
    MentorshipFactory(mentee=mentee, phase=4, mentor__profile__display_name="Ada")
    MentorshipFactory(
        mentee=mentee, status=Mentorship.Status.ENDED_EARLY, mentor__profile__display_name="Bea"
    )
    flash = MentorshipFactory(mentee=mentee, style="flash", mentor__profile__display_name="Cy")
    MeetingFactory(mentorship=flash, starts_at=timezone.now() - timedelta(hours=2))
    MentorshipFactory(mentee=mentee, phase=3, mentor__profile__display_name="Dot")
    sent = MentorshipFactory(mentee=mentee, phase=4, mentor__profile__display_name="Eve")
    FinalEvaluationFactory(mentorship=sent, author=mentee)

    html = dashboard(client, mentee)

    finals = [
        detail
        for text, detail in [next_step(html)[::2], *still_open(html)]
        if text == "Send the final evaluation"
    ]
    assert sorted(finals) == [f"of your mentorship with {name}" for name in ("Ada", "Bea", "Cy")]


def test_with_nothing_pending_the_checklist_gives_the_next_step(client):
    html = dashboard(client, MenteeFactory())

    assert next_step(html) == ("Read the manual", reverse("manual"), "")
    assert 'id="checklist-heading"' in html


# --- the order when several are pending ----------------------------------------------------


def test_a_pending_request_beats_the_manual(client):
    request = ConnectionRequestFactory()

    html = dashboard(client, request.mentor)

    assert texts(html) == ["Answer the request", "Read the manual"]


def test_accepting_the_agreement_beats_proposing_the_meeting(client):
    mentorship = MentorshipFactory(phase=2)
    AgreementFactory(mentorship=mentorship, updated_by=mentorship.mentor)

    html = dashboard(client, mentorship.mentee)

    assert texts(html) == [
        "Accept the agreement",
        "Propose your first meeting",
        "Read the manual",
    ]


def test_everything_open_in_the_program_order(client):
    """A mentor of five mentorships with one thing open in each, and a request."""
    mentor = MentorFactory()
    read_manual(client, mentor)
    closing = MentorshipFactory(mentor=mentor, phase=4)
    MeetingFactory(mentorship=closing, starts_at=timezone.now() - timedelta(days=20))
    cycle_services.confirm_closure(mentorship=closing, by=closing.mentee)
    reflecting = MentorshipFactory(mentor=mentor, phase=3)
    AgreementFactory(
        mentorship=reflecting,
        mentor_accepted_at=timezone.now(),
        mentee_accepted_at=timezone.now(),
    )
    MeetingFactory(mentorship=reflecting, starts_at=timezone.now() - timedelta(days=1))
    writing = MentorshipFactory(mentor=mentor, phase=2)
    MeetingFactory(mentorship=writing)
    accepting = MentorshipFactory(mentor=mentor, phase=2)
    MeetingFactory(mentorship=accepting)
    AgreementFactory(mentorship=accepting)
    MentorshipFactory(mentor=mentor, status=Mentorship.Status.COMPLETED, phase=4)
    ConnectionRequestFactory(mentor=mentor)

    html = dashboard(client, mentor)

    assert texts(html) == [
        "Answer the request",
        "Accept the agreement",
        "Write the agreement",
        "Confirm the closure",
        "Write your reflection",
        "Send the final evaluation",  # the closing mentorship (phase 4) and
        "Send the final evaluation",  # the completed one
        "Sign up for the preparatory meeting",
    ]


def test_the_steps_speak_swedish(client):
    mentorship = MentorshipFactory(
        phase=2, mentee__profile__language="sv", mentor__profile__display_name="Ada"
    )
    AgreementFactory(mentorship=mentorship, updated_by=mentorship.mentor)

    html = dashboard(client, mentorship.mentee)

    assert "Nästa steg: Acceptera avtalet" in html
    assert 'id="next-step-detail">med Ada</p>' in html
    assert "Kvar att göra" in html
    assert "Föreslå ert första möte" in html


# --- a fixed number of queries -------------------------------------------------------------

# The dashboard's queries (tests/westem/test_dashboard.py) with the steps': the mentor's
# pending requests (matching), her active mentorships with their agreements and meetings
# (cycles), the meetings to reflect on and the final evaluations waiting (evaluations), her
# match rounds (matching).
MAX_QUERIES = 15


def busy(role: str, count: int):
    """A mentor or mentee with ``count`` active mentorships, each with something open: an
    agreement to accept, a meeting to reflect on, a closure to confirm; a mentor also has a
    request to answer for each."""
    person = (MentorFactory if role == "mentor" else MenteeFactory)()
    for number in range(count):
        mentorship = MentorshipFactory(**{role: person}, phase=4 if number % 2 else 2)
        AgreementFactory(mentorship=mentorship)
        MeetingFactory(mentorship=mentorship, starts_at=timezone.now() - timedelta(days=1))
        if mentorship.phase == 4:
            cycle_services.confirm_closure(mentorship=mentorship, by=mentorship.other(person))
        if role == "mentor":
            ConnectionRequestFactory(mentor=person)
    return person


@pytest.mark.parametrize("role", ["mentor", "mentee"])
@pytest.mark.parametrize("count", [1, 5])
def test_the_steps_take_the_same_queries_for_one_or_five_mentorships(
    client, django_assert_max_num_queries, role, count
):
    person = busy(role, count)
    read_manual(client, person)

    with django_assert_max_num_queries(MAX_QUERIES):
        html = client.get(reverse("dashboard")).content.decode()

    assert texts(html).count("Accept the agreement") == count
    assert texts(html).count("Write your reflection") == count
