"""The people app's periodic work; its schedule is in ``CELERY_BEAT_SCHEDULE``."""

from celery import shared_task

from . import services


@shared_task(name="profiles.send_report_digest")
def send_report_digest() -> int:
    """Every hour: tell the staff how many reports wait, when a new one came."""
    return services.queue_report_digest()
