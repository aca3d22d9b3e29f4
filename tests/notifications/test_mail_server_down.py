"""With the mail server down, every form that sends an email answers as it does when the
server works; a form sent twice makes one object and one email; and once the server is back
the sweep delivers each email exactly once.

Each case is played twice on fresh data, with the server up and with it down, through the
same POST a person makes; the answers must match (status and the page it redirects to).
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from io import StringIO
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import resolve, reverse
from django.utils import timezone

from cycles.models import Meeting, Mentorship, Message, Phase
from evaluations.models import FINAL_EVALUATION_TEXTS, FinalEvaluation
from matching.models import ConnectionRequest, MentorPresentation
from notifications import outbox
from notifications.models import Notification
from profiles.models import User
from resources.models import Registration
from tests.factories import (
    ConnectionRequestFactory,
    EventFactory,
    MeetingFactory,
    MenteeFactory,
    MentorFactory,
    MentorshipFactory,
    StaffFactory,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("mail_server")]


@dataclass
class Case:
    """What one form needs: the person, the URL, the data, how many objects it made, and
    who must get which email."""

    client: object
    url: str
    data: dict
    count: Callable[[], int]
    emails: list[tuple[str, str]]  # (recipient, template of the email)


def signed_in(client, user):
    client.force_login(user)
    return client


def send_request(client):
    mentee, mentor = MenteeFactory(), MentorFactory()
    return Case(
        signed_in(client, mentee),
        reverse("matching:send_request", args=[mentor.presentation.public_id]),
        {"style": "traditional", "message": "I study physics and would love advice."},
        lambda: ConnectionRequest.objects.filter(mentee=mentee).count(),
        [(mentor.email, "matching/request_received")],
    )


def accept_request(client):
    request = ConnectionRequestFactory()
    return Case(
        signed_in(client, request.mentor),
        reverse("matching:request_accept", args=[request.public_id]),
        {},
        lambda: Mentorship.objects.filter(mentor=request.mentor).count(),
        [(request.mentee.email, "matching/request_accepted")],
    )


def decline_request(client):
    request = ConnectionRequestFactory()
    return Case(
        signed_in(client, request.mentor),
        reverse("matching:request_decline", args=[request.public_id]),
        {"reason": "My time is full this spring."},
        lambda: ConnectionRequest.objects.filter(pk=request.pk, status="declined").count(),
        [(request.mentee.email, "matching/request_declined")],
    )


def post_message(client):
    mentorship = MentorshipFactory()
    return Case(
        signed_in(client, mentorship.mentee),
        reverse("cycles:message_post", args=[mentorship.public_id]),
        {"body": "Thank you for today! I read the article you sent."},
        lambda: Message.objects.filter(mentorship=mentorship).count(),
        [(mentorship.mentor.email, "cycles/new_message")],
    )


def schedule_meeting(client):
    mentorship = MentorshipFactory()
    day = timezone.localdate() + timedelta(days=5)
    return Case(
        signed_in(client, mentorship.mentee),
        reverse("cycles:meeting_new", args=[mentorship.public_id]),
        {
            "date": day.isoformat(),
            "time": "18:00",
            "time_zone": "Europe/Stockholm",
            "duration_minutes": "60",
            "location": "Video call",
            "agenda": "Getting to know each other",
        },
        lambda: Meeting.objects.filter(mentorship=mentorship).count(),
        [(mentorship.mentor.email, "cycles/meeting_scheduled")],
    )


def cancel_meeting(client):
    meeting = MeetingFactory(starts_at=timezone.now() + timedelta(days=3))
    mentorship = meeting.mentorship
    return Case(
        signed_in(client, mentorship.mentee),
        reverse("cycles:meeting_cancel", args=[meeting.public_id]),
        {"note": "I am ill, sorry."},
        lambda: Meeting.objects.filter(pk=meeting.pk, cancelled_at__isnull=False).count(),
        [(mentorship.mentor.email, "cycles/meeting_cancelled")],
    )


def end_mentorship(client):
    mentorship = MentorshipFactory()
    staff = StaffFactory()
    return Case(
        signed_in(client, mentorship.mentee),
        reverse("cycles:mentorship_end", args=[mentorship.public_id]),
        {"reason": "I am moving abroad."},
        lambda: Mentorship.objects.filter(pk=mentorship.pk, status="ended_early").count(),
        [(mentorship.mentor.email, "cycles/ended"), (staff.email, "cycles/ended_staff")],
    )


def confirm_closure(client):
    mentorship = MentorshipFactory(phase=Phase.CLOSURE, mentor_confirmed_closure_at=timezone.now())
    return Case(
        signed_in(client, mentorship.mentee),
        reverse("cycles:mentorship_closure", args=[mentorship.public_id]),
        {},
        lambda: Mentorship.objects.filter(pk=mentorship.pk, status="completed").count(),
        [
            (mentorship.mentor.email, "cycles/completed"),
            (mentorship.mentee.email, "cycles/completed"),
        ],
    )


def revise_presentation(client):
    mentor = MentorFactory()
    staff = StaffFactory()
    presentation = mentor.presentation
    data = {
        "headline": "A new headline for the directory",
        "introduction": presentation.introduction,
        "expertise": [area.pk for area in presentation.expertise.all()],
        "expertise_details": presentation.expertise_details,
        "offer": presentation.offer,
        "offers_traditional": "on",
        "offers_flash": "on",
        "languages": [language.pk for language in presentation.languages.all()],
        "capacity": "2",
        "accepting_requests": "on",
    }
    return Case(
        signed_in(client, mentor),
        reverse("matching:presentation_edit"),
        data,
        lambda: MentorPresentation.objects.filter(
            pk=presentation.pk, revision__isnull=False
        ).count(),
        [(staff.email, "matching/presentation_revised")],
    )


def final_evaluation(client):
    mentorship = MentorshipFactory(phase=Phase.CLOSURE)
    staff = StaffFactory()
    data = dict.fromkeys(FINAL_EVALUATION_TEXTS, "It went well, we met every other week.")
    data |= {"quality_rating": "4", "effectiveness_rating": "5", "sessions": "6"}
    return Case(
        signed_in(client, mentorship.mentee),
        reverse("evaluations:final_evaluation", args=[mentorship.public_id]),
        data,
        lambda: FinalEvaluation.objects.filter(mentorship=mentorship).count(),
        [(staff.email, "evaluations/final_evaluation_staff")],
    )


def event_sign_up(client):
    mentor = MentorFactory()
    event = EventFactory()
    return Case(
        signed_in(client, mentor),
        reverse("resources:event_sign_up", args=[event.public_id]),
        {},
        lambda: Registration.objects.filter(event=event, user=mentor).count(),
        [(mentor.email, "resources/event_signed_up")],
    )


CASES = [
    send_request,
    accept_request,
    decline_request,
    post_message,
    schedule_meeting,
    cancel_meeting,
    end_mentorship,
    confirm_closure,
    revise_presentation,
    final_evaluation,
    event_sign_up,
]


def answer(response) -> tuple[int, str | None]:
    """The status, and the page a redirect goes to (by URL name: ids differ between runs)."""
    location = response.get("Location")
    return response.status_code, location and resolve(urlsplit(location).path).view_name


def post(client, url, data, capture):
    with capture(execute=True):  # the request's commit, as in production
        return client.post(url, data)


@pytest.mark.parametrize("make", CASES, ids=lambda make: make.__name__)
def test_a_form_answers_the_same_with_the_mail_server_down_and_its_email_comes_later(
    make, client, django_capture_on_commit_callbacks, mail_server
):
    working = make(client)
    expected = answer(
        post(working.client, working.url, working.data, django_capture_on_commit_callbacks)
    )
    assert expected[0] == 302, "the form was not accepted: the case's data is wrong"
    assert len(mail.outbox) == len(working.emails)
    client.logout()
    mail.outbox.clear()
    User.objects.update(is_active=False)  # the first run's people (staff get emails) leave
    before = set(Notification.objects.values_list("pk", flat=True))

    mail_server.down = True
    case = make(client)
    response = post(case.client, case.url, case.data, django_capture_on_commit_callbacks)
    assert answer(response) == expected
    assert case.count() == 1
    again = post(case.client, case.url, case.data, django_capture_on_commit_callbacks)
    assert again.status_code in (200, 302)  # done already, or a message saying so
    assert case.count() == 1  # the form sent twice made one
    assert mail.outbox == []
    rows = Notification.objects.exclude(pk__in=before)
    waiting = rows.filter(status=Notification.Status.PENDING)
    assert waiting.count() == len(case.emails)
    assert all(row.attempts == 1 and row.last_error for row in waiting)

    # Still down at the next sweep: tried again, kept for later.
    later = timezone.now() + timedelta(minutes=2)
    assert outbox.sweep(now=later) == 0
    assert mail.outbox == []

    mail_server.down = False
    assert outbox.sweep(now=later + timedelta(minutes=5)) == len(case.emails)
    assert outbox.sweep(now=later + timedelta(hours=3)) == 0  # exactly once
    sent = sorted((message.to[0], message.subject) for message in mail.outbox)
    assert sorted(recipient for recipient, _template in sent) == sorted(
        recipient for recipient, _template in case.emails
    )
    assert len(set(sent)) == len(sent) == len(case.emails)
    assert sorted(
        rows.filter(status=Notification.Status.SENT).values_list("user__email", "template")
    ) == sorted(case.emails)


def test_a_row_still_failing_after_its_last_attempt_is_marked_failed(mail_server):
    mentorship = MentorshipFactory()
    mail_server.down = True
    now = timezone.now()
    outbox.send(
        user=mentorship.mentor,
        kind="new_message",
        template="cycles/new_message",
        occasion="test:1",
        context={"mentorship": mentorship, "by_name": "Ada", "message": None, "url": "/"},
    )
    (row,) = Notification.objects.all()
    for _attempt in range(outbox.MAX_ATTEMPTS):
        now += outbox.BACKOFF_MAX + timedelta(minutes=1)
        outbox.sweep(now=now)
    row.refresh_from_db()
    assert row.status == Notification.Status.FAILED
    assert row.attempts == outbox.MAX_ATTEMPTS
    assert outbox.sweep(now=now + timedelta(days=1)) == 0  # not tried again


def test_sign_up_and_password_reset_answer_as_usual_with_the_mail_server_down(
    client, commit_per_request, mail_server
):
    mail_server.down = True
    data = {
        "email": "ada@example.org",
        "password1": "a-long-Passphrase-2026",
        "password2": "a-long-Passphrase-2026",
        "birth_date": "1998-03-14",
        "accept_privacy": "on",
    }

    response = client.post(reverse("account_signup"), data)
    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")
    # The same address again answers as a new one does (no page tells whether it has an
    # account); the email that tells its owner is one of allauth's, retried by a worker.
    again = client.post(reverse("account_signup"), data)
    assert again.status_code == 302
    assert again["Location"] == reverse("account_email_verification_sent")
    assert User.objects.filter(email="ada@example.org").count() == 1

    response = client.post(reverse("account_reset_password"), {"email": "ada@example.org"})
    assert response.status_code == 302
    assert response["Location"] == reverse("account_reset_password_done")
    assert mail.outbox == []
    # Their one-time keys are never written to the outbox.
    assert not Notification.objects.exists()

    mail_server.down = False
    client.post(reverse("account_reset_password"), {"email": "ada@example.org"})
    (message,) = mail.outbox
    assert message.to == ["ada@example.org"]
    assert "/accounts/password/reset/key/" in message.body


def test_the_sweep_command_sends_what_waits(mail_server):
    request = ConnectionRequestFactory()
    outbox.send(
        user=request.mentor,
        kind="request_received",
        template="matching/request_received",
        occasion=f"request:{request.pk}",
        context={"request": request, "url": "https://example.org/r/", "expiry_days": 14},
    )
    Notification.objects.update(next_attempt_at=timezone.now())
    out = StringIO()

    call_command("send_due_notifications", stdout=out)

    assert out.getvalue() == "Sent 1 pending email(s).\n"
    (message,) = mail.outbox
    assert message.to == [request.mentor.email]
    assert request.mentee.get_full_name() in message.subject
