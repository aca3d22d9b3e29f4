from celery import shared_task

from . import services


@shared_task(name="evaluations.run_export")
def run_export(job_id: int) -> None:
    """Write the file of a large export of final evaluations (its page shows the progress)."""
    services.run_export(job_id=job_id)


@shared_task(name="evaluations.expire_exports")
def expire_exports() -> int:
    """Hourly: delete the files of exports whose download link has expired."""
    return services.expire_exports()


@shared_task(name="evaluations.remind_reflections")
def remind_reflections() -> int:
    """Hourly: the reflection after a meeting that ended."""
    from . import reminders

    return reminders.remind_reflections()


@shared_task(name="evaluations.remind_final_evaluations")
def remind_final_evaluations() -> int:
    """Daily: the final evaluation a day after the cycle's end."""
    from . import reminders

    return reminders.remind_final_evaluations()
