"""Reminders on the real broker (issue 8): a Celery worker in its own process takes the
``notifications.send_notification`` tasks from Redis and sends to an SMTP sink of this test. The
worker is killed with SIGKILL in the middle of a batch and started again: every email arrives
(none lost) and at most one twice per kill (a send cannot be undone between the mail server's
answer and the row's commit). A rolled-back transaction puts nothing on the broker."""

import os

import pytest
from django.db import connection, transaction
from django.db.models import CharField, Value
from django.db.models.functions import Cast, Concat

from matching.emails import REQUEST_PENDING
from matching.models import ConnectionRequest
from notifications.models import Notification
from notifications.outbox import queue_from
from tests.factories import ConnectionRequestFactory
from tests.smoke.support import SmtpSink, body, celery_worker, database_url, wait_until

pytestmark = [pytest.mark.redis, pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

BATCH = 60
QUEUE = "celery"  # Celery's default queue: a Redis list of that name
# What kombu keeps of the messages a worker has taken and not acknowledged, and the mutex of
# its scan for those to give back: a killed worker of an earlier run may have left them.
BROKER_KEYS = (QUEUE, "unacked", "unacked_index", "unacked_mutex")


@pytest.fixture
def broker():
    """Tasks go to Redis (not run in-process), on a queue emptied before and after."""
    import redis

    from westem.celery import app

    client = redis.Redis.from_url(os.environ["REDIS_URL"])
    client.delete(*BROKER_KEYS)
    eager = app.conf.task_always_eager
    app.conf.task_always_eager = False
    try:
        yield client
    finally:
        app.conf.task_always_eager = eager
        client.delete(*BROKER_KEYS)
        client.close()


def _worker_env(sink: SmtpSink) -> dict:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.smoke.worker_settings",
        "DATABASE_URL": database_url(connection.settings_dict),
        "EMAIL_URL": sink.url,
        "CELERY_TASK_ALWAYS_EAGER": "false",
        "CELERY_VISIBILITY_TIMEOUT": "2",
    }


def _queue(requests, occasion: str) -> list[int]:
    """One "a request is waiting" reminder to the mentor of each of ``requests``, written and
    queued as the daily sweep does."""
    return queue_from(
        kind=REQUEST_PENDING,
        template="matching/reminder_request_pending",
        rows=ConnectionRequest.objects.filter(pk__in=[request.pk for request in requests]),
        user="mentor",
        occasion=Concat(Value(occasion), Cast("pk", CharField())),
        context={"request": "pk"},
    )


def _queue_batch(requests) -> list[int]:
    with transaction.atomic():
        return _queue(requests, "broker-test:")


def _sent() -> int:
    return Notification.objects.filter(status=Notification.Status.SENT).count()


def test_a_killed_worker_loses_no_email_and_sends_at_most_one_twice(broker, tmp_path):
    requests = ConnectionRequestFactory.create_batch(BATCH)
    users = [request.mentor for request in requests]
    workers = []
    with SmtpSink(delay=0.05) as sink:
        try:
            assert len(_queue_batch(requests)) == BATCH
            assert broker.llen(QUEUE) == BATCH
            workers.append(celery_worker("first", _worker_env(sink), tmp_path))
            wait_until(lambda: _sent() >= BATCH // 4, 60, "the first worker to send a quarter")
            workers[0].kill()
            sent_before_restart = _sent()
            assert sent_before_restart < BATCH, "the kill came after the whole batch"

            workers.append(celery_worker("second", _worker_env(sink), tmp_path))
            wait_until(lambda: _sent() == BATCH, 90, "every reminder sent after the restart")
        finally:
            logs = "\n".join(worker.output() for worker in workers)
            for worker in workers:
                worker.stop()
        received = {user.email: sink.to(user.email) for user in users}

    lost = [address for address, messages in received.items() if not messages]
    assert lost == [], f"never delivered: {lost}\n{logs[-3000:]}"
    duplicates = sum(len(messages) - 1 for messages in received.values())
    assert duplicates <= 1, f"{duplicates} duplicates for one kill"
    message = received[users[0].email][0]
    assert message["Subject"].endswith(
        f"{requests[0].mentee.get_full_name()} is waiting for your answer"
    )
    assert f"/requests/{requests[0].public_id}/" in body(message)
    assert str(message["List-Unsubscribe"]).strip().startswith("<http")
    assert 0 < sent_before_restart < BATCH


def test_a_rolled_back_transaction_puts_nothing_on_the_broker(broker):
    requests = ConnectionRequestFactory.create_batch(3)

    def failing_request():
        with transaction.atomic():
            _queue(requests, "rolled-back:")
            raise RuntimeError("the request failed after queueing")

    with pytest.raises(RuntimeError):
        failing_request()
    assert broker.llen(QUEUE) == 0
    assert not Notification.objects.exists()

    # The same, committed, is on the broker: one task per reminder.
    _queue_batch(requests)
    assert broker.llen(QUEUE) == 3
