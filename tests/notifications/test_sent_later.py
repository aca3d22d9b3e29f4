"""An email is written when something happens and sent later, by a worker, maybe hours later
when the mail server was down: it says what is true when it is sent, names included, and is
dropped when what it speaks of was undone or its person erased herself meanwhile."""

from datetime import timedelta
from unittest import mock

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from cycles.models import Message
from matching import services as matching_services
from notifications import outbox
from notifications.models import Notification
from profiles import privacy
from profiles import services as profile_services
from resources import services as resource_services
from tests.factories import EventFactory, MenteeFactory, MentorFactory, MentorshipFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("mail_server")]


def later(minutes=10):
    return timezone.now() + timedelta(minutes=minutes)


# A form sent twice is one message, but the same short answer to a new question is not.
def test_the_same_short_answer_after_the_other_person_wrote_is_not_dropped(
    client, django_capture_on_commit_callbacks
):
    mentorship = MentorshipFactory()
    mentee, mentor = mentorship.mentee, mentorship.mentor
    url = reverse("cycles:message_post", args=[mentorship.public_id])
    with django_capture_on_commit_callbacks(execute=True):
        client.force_login(mentee)
        client.post(url, {"body": "Yes"})  # "Can you read the article?"
        client.force_login(mentor)
        client.post(url, {"body": "Great! And can we move Tuesday's meeting to 19:00?"})
        client.force_login(mentee)
        response = client.post(url, {"body": "Yes"})
    assert response.status_code == 302
    thread = list(
        Message.objects.filter(mentorship=mentorship)
        .order_by("created_at", "pk")
        .values_list("author_id", "body")
    )
    assert thread[-1] == (mentee.pk, "Yes"), thread  # her answer to the new question is lost


# Names are read when the email is sent; what was undone meanwhile is not emailed.
def test_a_request_email_waiting_for_the_mail_server_does_not_name_a_mentee_who_erased_herself(
    django_capture_on_commit_callbacks, mail_server
):
    mentee, mentor = MenteeFactory(), MentorFactory()
    real_name = mentee.get_full_name()
    mail_server.down = True
    with django_capture_on_commit_callbacks(execute=True):
        matching_services.send_request(
            mentee=mentee, mentor=mentor, style="traditional", message="I am 15 and love physics."
        )
    with django_capture_on_commit_callbacks(execute=True):
        privacy.erase_user(user=mentee, by=mentee)
    mail_server.down = False
    outbox.sweep(now=later())
    to_mentor = [m for m in mail.outbox if m.to == [mentor.email]]
    assert not any(real_name in m.subject + m.body for m in to_mentor), to_mentor[0].body


def test_a_withdrawn_request_from_a_mentee_who_blocked_the_mentor_is_not_emailed_later(
    client, django_capture_on_commit_callbacks, mail_server
):
    mentee, mentor = MenteeFactory(), MentorFactory()
    mail_server.down = True
    with django_capture_on_commit_callbacks(execute=True):
        request = matching_services.send_request(
            mentee=mentee, mentor=mentor, style="traditional", message="Here is my school: ..."
        )
    with django_capture_on_commit_callbacks(execute=True):
        matching_services.withdraw_request(request=request, by=mentee)
        profile_services.block_user(blocker=mentee, blocked=mentor)
    mail_server.down = False
    outbox.sweep(now=later())
    assert [m.to for m in mail.outbox if "Here is my school" in m.body] == []


# A row that failed for good keeps nothing of what it would have said.
def test_a_failed_row_keeps_no_personal_data(django_capture_on_commit_callbacks, mail_server):
    mentee, mentor = MenteeFactory(), MentorFactory()
    mail_server.down = True
    with django_capture_on_commit_callbacks(execute=True):
        matching_services.send_request(
            mentee=mentee, mentor=mentor, style="traditional", message="Hello"
        )
    now = timezone.now()
    for _ in range(outbox.MAX_ATTEMPTS):
        now += outbox.BACKOFF_MAX + timedelta(minutes=1)
        outbox.sweep(now=now)
    (row,) = Notification.objects.filter(user=mentor)
    assert row.status == Notification.Status.FAILED
    assert mentee.get_full_name() not in str(row.context), row.context


# Each sign-up has its email, even again within the same second.
def test_signing_up_again_after_cancelling_sends_the_confirmation_again(
    django_capture_on_commit_callbacks,
):
    mentor, event = MentorFactory(), EventFactory()
    moment = timezone.now().replace(microsecond=100)
    with mock.patch(
        "resources.services.timezone.now",
        side_effect=[
            moment,
            moment.replace(microsecond=400000),
            moment.replace(microsecond=800000),
        ]
        + [moment.replace(microsecond=900000)] * 20,
    ):
        with django_capture_on_commit_callbacks(execute=True):
            resource_services.sign_up(event=event, by=mentor)
        with django_capture_on_commit_callbacks(execute=True):
            resource_services.cancel_sign_up(event=event, by=mentor)
        with django_capture_on_commit_callbacks(execute=True):
            resource_services.sign_up(event=event, by=mentor)
    assert len([m for m in mail.outbox if m.to == [mentor.email]]) == 2


# --- what an attacker might try -----------------------------------------------------------


def test_unsubscribe_links_cannot_be_forged_or_turned_on_mandatory_kinds(client):
    from django.core import signing

    from notifications import preferences
    from notifications.models import NotificationOptOut

    victim, attacker = MenteeFactory(), MenteeFactory()
    own = preferences.unsubscribe_token(user=attacker, kind="meeting_tomorrow")
    payload, _, signature = own.rpartition(":")
    forged = [
        own.replace(
            payload.split(":")[0],
            signing.b64_encode(b'{"u":%d,"k":"meeting_tomorrow"}' % victim.pk).decode(),
        ),
        signing.dumps({"u": victim.pk, "k": "meeting_tomorrow"}, salt="other"),
        signing.dumps(
            {"u": victim.pk, "k": "request_accepted"}, salt=preferences.UNSUBSCRIBE_SALT
        ),  # even with the key: a kind always sent
    ]
    for token in forged:
        response = client.post(reverse("notifications:unsubscribe", args=[token]))
        assert response.status_code == 400
    client.force_login(victim)
    client.post(reverse("notifications:settings"), {"kind_request_accepted": "site"})
    assert not NotificationOptOut.objects.filter(user=victim).exists()


def test_user_text_shaped_like_a_reference_or_a_template_stays_text(
    django_capture_on_commit_callbacks,
):
    mentee, mentor = MenteeFactory(), MentorFactory()
    text = '{"$model": "profiles.user", "pk": 1} {{ user.email }} {% debug %}'
    with django_capture_on_commit_callbacks(execute=True):
        matching_services.send_request(
            mentee=mentee, mentor=mentor, style="traditional", message=text
        )
    (message,) = mail.outbox
    assert text in message.body
