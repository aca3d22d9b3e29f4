"""On PostgreSQL, a double click is two requests at the same moment: one report, one message;
and the outbox writes one row and sends one email however many write or deliver at once."""

import pytest

from cycles import services as cycle_services
from cycles.models import Message
from profiles import services
from profiles.models import Report
from tests.concurrency import race
from tests.factories import ConnectionRequestFactory, MentorshipFactory, StaffFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_a_report_sent_twice_at_the_same_moment_is_one_report():
    mentorship = MentorshipFactory()
    StaffFactory()

    def report():
        return services.report_user(
            reporter=mentorship.mentee,
            reported=mentorship.mentor,
            reason="inappropriate",
            details="He keeps writing at night.",
            mentorship=mentorship,
        )

    _results, errors = race([report, report])
    assert errors == []
    assert Report.objects.filter(reporter=mentorship.mentee).count() == 1


def test_a_message_sent_twice_at_the_same_moment_is_one_message():
    mentorship = MentorshipFactory()

    def post():
        return cycle_services.post_message(mentorship=mentorship, by=mentorship.mentee, body="Hi")

    _results, errors = race([post, post])
    assert errors == []
    assert Message.objects.filter(mentorship=mentorship).count() == 1


def test_send_and_deliver_at_the_same_moment_make_one_row_and_one_email(settings):
    import time

    from django.core import mail
    from django.db import transaction

    from notifications import outbox
    from notifications.models import Notification

    request = ConnectionRequestFactory()

    def send():
        with transaction.atomic():
            created = outbox.send(
                user=request.mentor,
                kind="request_received",
                template="matching/request_received",
                occasion=f"request:{request.pk}",
                context={"request": request, "url": "https://example.org/r/"},
            )
            time.sleep(0.3)  # hold the transaction open while the other inserts
            return created

    results, errors = race([send, send, send])
    assert errors == []
    assert sorted(results) == [False, False, True]
    assert Notification.objects.count() == 1
    assert len(mail.outbox) == 1  # delivered in-process after its commit

    # Pending again, as it was written (a sent row keeps no context): four at once deliver it.
    mail.outbox.clear()
    stored = {"request": {"$model": "matching.connectionrequest", "pk": request.pk}}
    Notification.objects.update(status="pending", attempts=0, context=stored)
    pk = Notification.objects.get().pk
    results, errors = race([lambda: outbox.deliver(notification_id=pk)] * 4)
    assert errors == []
    assert sorted(results) == [False, False, False, True]
    assert len(mail.outbox) == 1
