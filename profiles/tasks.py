"""Sending reminders (``profiles.notifications``): one task per email, and a sweep for rows
whose task was lost. Tasks take ids; a transient mail error is retried a bounded number of
times with a growing delay."""

import smtplib

from celery import shared_task

from . import notifications

TRANSIENT_MAIL_ERRORS = (smtplib.SMTPException, ConnectionError, TimeoutError)


@shared_task(
    name="profiles.send_notification",
    autoretry_for=TRANSIENT_MAIL_ERRORS,
    max_retries=notifications.MAX_ATTEMPTS - 1,
    retry_backoff=30,
    retry_backoff_max=600,
    retry_jitter=True,
)
def send_notification(notification_id: int) -> bool:
    return notifications.deliver(notification_id=notification_id)


@shared_task(name="profiles.send_due_notifications")
def send_due_notifications() -> int:
    """Every few minutes: send what is still pending (a task lost with a broker restart)."""
    sent = 0
    for pk in notifications.due_for_sweep():
        try:
            sent += notifications.deliver(notification_id=pk)
        except TRANSIENT_MAIL_ERRORS:
            continue  # counted on the row; the next sweep tries again
    return sent
