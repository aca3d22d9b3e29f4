"""A round's participants are told it opened, once (an inbox item and an email, in their
language), and a mentee who has ranked no one is reminded two days before it closes."""

import re
from datetime import timedelta

import pytest
from django.conf import settings
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from matching import tasks
from matching.rounds import emails, services
from notifications.models import InboxItem, Notification
from tests.factories import MenteeFactory, MentorFactory, MentorshipFactory, OpenMatchRoundFactory

pytestmark = pytest.mark.django_db

SITE = settings.SITE_URL.rstrip("/")


@pytest.fixture
def run(django_capture_on_commit_callbacks):
    """The hourly task, its emails sent after the commit (Celery is eager)."""

    def announce(**kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return emails.announce_rounds(**kwargs)

    return announce


def to(user) -> list:
    return [message for message in mail.outbox if message.to == [user.email]]


def test_everyone_in_an_open_round_is_told_once(run):
    round_ = OpenMatchRoundFactory(name="Spring cohort")
    mentee, mentor = MenteeFactory(), MentorFactory()
    busy = MentorshipFactory().mentee  # in a mentorship: not in the round

    assert run() == 3  # the mentee, the mentor, the mentor of the busy mentee
    assert run() == 0
    round_.refresh_from_db()
    assert round_.announced_at is not None
    assert not to(busy)
    (told,) = to(mentee)
    assert told.subject == '[WESTEM] The match round "Spring cohort" is open'
    assert f"{SITE}{reverse('matching:round', args=[round_.public_id])}" in told.body
    assert "Choose up to 5 mentors in the directory" in told.body
    (as_mentor,) = to(mentor)
    assert "mark each one a good fit or not a fit" in as_mentor.body
    item = InboxItem.objects.get(user=mentee)
    assert item.kind == emails.ROUND_OPEN


def test_the_inbox_item_opens_the_round(client, run):
    round_ = OpenMatchRoundFactory()
    mentee = MenteeFactory()
    run()
    client.force_login(mentee)

    item = InboxItem.objects.get(user=mentee)
    response = client.get(reverse("notifications:open", args=[item.pk]))

    assert response.status_code == 302
    assert response["Location"] == reverse("matching:round", args=[round_.public_id])
    inbox = client.get(reverse("notifications:inbox")).content.decode()
    assert "A match round is open: rank the mentors you would like" in inbox


def test_a_round_not_open_yet_or_closed_is_not_announced(run):
    now = timezone.now()
    OpenMatchRoundFactory(opens_at=now + timedelta(hours=1), closes_at=now + timedelta(days=5))
    OpenMatchRoundFactory(opens_at=now - timedelta(days=5), closes_at=now - timedelta(hours=1))
    MenteeFactory()

    assert run() == 0
    assert not mail.outbox


def test_the_email_is_in_her_language(run):
    OpenMatchRoundFactory(name="Vårkull")
    mentee = MenteeFactory(profile__language="sv")

    run()

    (told,) = to(mentee)
    assert told.subject == "[WESTEM] Matchningsomgången ”Vårkull” är öppen"
    assert "Lägg till i min rangordning" in told.body


def test_the_mentees_who_ranked_no_one_are_reminded_before_it_closes(run):
    now = timezone.now()
    round_ = OpenMatchRoundFactory(closes_at=now + timedelta(days=3))
    silent, ranking = MenteeFactory(), MenteeFactory()
    services.add_choice(round=round_, mentee=ranking, mentor=MentorFactory())
    run()
    mail.outbox.clear()

    assert run(now=now + timedelta(hours=12)) == 0  # more than two days before
    assert run(now=now + timedelta(days=1, hours=1)) == 1
    assert run(now=now + timedelta(days=1, hours=2)) == 0

    (reminded,) = mail.outbox
    assert reminded.to == [silent.email]
    assert "you have not ranked any mentor yet" in reminded.body
    assert Notification.objects.filter(kind=emails.ROUND_CLOSING).count() == 1


def test_the_queries_do_not_grow_with_the_participants(run):
    OpenMatchRoundFactory()
    MenteeFactory()
    MentorFactory()
    with CaptureQueriesContext(connection) as few:
        emails.announce_rounds()
    OpenMatchRoundFactory()
    for _ in range(5):
        MenteeFactory()
        MentorFactory()
    with CaptureQueriesContext(connection) as many:
        emails.announce_rounds()

    assert len(many) == len(few)


def test_the_task_is_scheduled():
    schedule = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert "matching.announce_rounds" in schedule
    assert tasks.announce_rounds.name == "matching.announce_rounds"


def test_the_email_links_are_absolute(run):
    OpenMatchRoundFactory()
    MenteeFactory()
    run()

    paths = re.findall(re.escape(SITE) + r"(/\S*)", mail.outbox[0].body)
    assert reverse("matching:directory") in paths
