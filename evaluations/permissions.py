"""Who may see what of the evaluations.

- A session reflection, a final evaluation: its author on the site (the selectors read
  hers only: ``own_reflection``, ``own_final_evaluation``); the program's staff and
  reporters read the final evaluations through the reports (dashboard, exports), staff in the
  admin.
- The reports and the exports: ``can_view_reports``.
- An export: the person who asked for it (``export_jobs_visible_to``).
- Whether a pair's mentee was under 18 (issue 20): program staff only, who safeguard her, as
  the column "Mentee under 18" of their exports (``sees_minors``). A reporter's export has no
  such column and her report counts minors only, small cells withheld: she never learns which
  person is a minor.
"""

from django.db.models import QuerySet

from profiles import access

from .models import ExportJob


def can_view_reports(user) -> bool:
    """Program staff and reporters read the dashboard and export the final evaluations."""
    return bool(user.is_authenticated and user.is_active) and (
        access.is_program_staff(user) or access.is_reporter(user)
    )


def export_jobs_visible_to(user) -> QuerySet[ExportJob]:
    if not can_view_reports(user):
        return ExportJob.objects.none()
    return ExportJob.objects.filter(requested_by=user)


def sees_minors(user) -> bool:
    """Program staff (not a reporter who is not staff): her exports say which pairs have a
    mentee under 18."""
    return bool(user.is_authenticated and user.is_active) and access.is_program_staff(user)
