"""Who may see what of the evaluations.

- A session reflection: its author only, everywhere (``reflections_visible_to``).
- A final evaluation: its author on the site; the program's staff and reporters through the
  reports (dashboard, exports) and staff in the admin.
- An export: the person who asked for it.
"""

from django.db.models import QuerySet

from profiles import access

from .models import ExportJob, FinalEvaluation, SessionEvaluation


def can_view_reports(user) -> bool:
    """Program staff and reporters read the dashboard and export the final evaluations."""
    return bool(user.is_authenticated and user.is_active) and (
        access.is_program_staff(user) or access.is_reporter(user)
    )


def reflections_visible_to(user) -> QuerySet[SessionEvaluation]:
    if not user.is_authenticated:
        return SessionEvaluation.objects.none()
    return SessionEvaluation.objects.filter(author=user)


def final_evaluations_visible_to(user) -> QuerySet[FinalEvaluation]:
    if not user.is_authenticated:
        return FinalEvaluation.objects.none()
    return FinalEvaluation.objects.filter(author=user)


def export_jobs_visible_to(user) -> QuerySet[ExportJob]:
    if not can_view_reports(user):
        return ExportJob.objects.none()
    return ExportJob.objects.filter(requested_by=user)
