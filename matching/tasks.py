from celery import shared_task

from . import reminders, services
from .rounds import emails as round_emails


@shared_task(name="matching.expire_stale_requests")
def expire_stale_requests() -> int:
    """Daily: pending requests older than the expiry period expire; mentees are told. A mentor
    whose two latest requests expired unanswered is then paused and told how to resume."""
    expired = services.expire_stale_requests()
    services.pause_unanswering_mentors()
    return expired


@shared_task(name="matching.remind_pending_requests")
def remind_pending_requests() -> int:
    """Daily: a request pending for 3 days, to the mentor."""
    return reminders.remind_pending_requests()


@shared_task(name="matching.announce_rounds")
def announce_rounds() -> int:
    """Hourly: the participants of a round that opened are told once; mentees who have ranked
    no one are reminded two days before it closes."""
    return round_emails.announce_rounds()
