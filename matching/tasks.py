from celery import shared_task

from . import services


@shared_task(name="matching.expire_stale_requests")
def expire_stale_requests() -> int:
    """Daily: pending requests older than the expiry period expire; mentees are told."""
    return services.expire_stale_requests()
