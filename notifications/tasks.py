"""Delivering the outbox (``notifications.outbox``): one task per email, a sweep for what is
due, and allauth's account emails, which carry one-time keys and so are never stored."""

import logging
import smtplib

from celery import shared_task
from django.core.mail import EmailMultiAlternatives

from . import outbox

logger = logging.getLogger(__name__)

TRANSIENT_MAIL_ERRORS = (smtplib.SMTPException, ConnectionError, TimeoutError, OSError)


@shared_task(name="notifications.send_notification")
def send_notification(notification_id: int) -> bool:
    """Try once; a failure is written on the row and the sweep tries again after a backoff."""
    try:
        return outbox.deliver(notification_id=notification_id)
    except Exception:  # noqa: BLE001 - written on the row and logged; the sweep tries again
        return False


@shared_task(name="notifications.send_due_notifications")
def send_due_notifications() -> int:
    """Every few minutes: send the pending rows whose time has come."""
    return outbox.sweep()


@shared_task(
    bind=True,
    name="notifications.send_account_email",
    max_retries=6,
    acks_late=False,  # its arguments hold a one-time key: not kept longer than needed
)
def send_account_email(self, message: dict) -> None:
    """One email of allauth's (verification, password reset, security notices), rendered by
    the request. A mail error is retried with a growing delay (1, 2, 4 … 32 minutes) by a
    worker; without a broker it is logged, and she can ask for the email again."""
    email = EmailMultiAlternatives(
        subject=message["subject"],
        body=message["body"],
        from_email=message["from_email"],
        to=message["to"],
        headers=message.get("headers") or None,
    )
    for content, mimetype in message.get("alternatives", []):
        email.attach_alternative(content, mimetype)
    try:
        email.send()
    except TRANSIENT_MAIL_ERRORS as error:
        if self.request.is_eager:
            logger.warning("An account email was not sent: %s", error)
            return
        raise self.retry(exc=error, countdown=60 * 2**self.request.retries) from error


@shared_task(name="notifications.send_digests")
def send_digests() -> int:
    """Hourly: the daily digests whose morning has come."""
    from .digest import queue_digests

    return queue_digests()


@shared_task(name="notifications.delete_old_inbox_items")
def delete_old_inbox_items() -> int:
    """Daily: inbox items older than NOTIFICATIONS_INBOX_KEEP_DAYS."""
    from .inbox import delete_old

    return delete_old()
