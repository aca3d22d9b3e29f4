"""Periodic reminders about mentorships (scheduled in ``CELERY_BEAT_SCHEDULE``)."""

from celery import shared_task

from . import health, nudges, reminders, services, services_log


@shared_task(name="cycles.remind_meetings_tomorrow")
def remind_meetings_tomorrow() -> int:
    return reminders.remind_meetings_tomorrow()


@shared_task(name="cycles.remind_agreements_unsigned")
def remind_agreements_unsigned() -> int:
    return reminders.remind_agreements_unsigned()


@shared_task(name="cycles.remind_hours_below")
def remind_hours_below() -> int:
    return reminders.remind_hours_below()


@shared_task(name="cycles.remind_end_approaching")
def remind_end_approaching() -> int:
    return reminders.remind_end_approaching()


@shared_task(name="cycles.confirm_logged_meetings")
def confirm_logged_meetings() -> int:
    """Logged meetings nobody disputed within a week count from now on."""
    return services_log.confirm_overdue_logged_meetings()


@shared_task(name="cycles.alert_screening_expiry")
def alert_screening_expiry() -> int:
    """Every morning: staff learn of mentors whose screening expires while they mentor a
    mentee under 18 (issue 20)."""
    return services.alert_screening_expiry()


@shared_task(name="cycles.refresh_health_signals")
def refresh_health_signals() -> int:
    """Every morning: the signals of pairs drifting (issue 22), and a nudge to both of each
    pair whose signal started; returns how many started."""
    started = health.refresh_signals().started
    nudges.nudge_pairs(started)
    return len(started)
