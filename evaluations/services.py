"""Writes for evaluations (SPEC §10): a participant's reflection on a session and her final
evaluation of a cycle; the staff's exports of the final evaluations.

Only the pair's two participants write their evaluations (``PermissionDenied`` otherwise); a
broken rule raises ``ValidationError`` with a message for the user. Emails go out after the
commit.
"""

import logging
import tempfile
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cycles.models import Meeting, Mentorship, Phase
from cycles.permissions import require_participant
from cycles.services import record_tick
from notifications import outbox
from notifications.emails import absolute_url
from profiles.selectors import staff_to_notify

from . import emails, exports
from .filters import ReportFilters
from .models import (
    FINAL_EVALUATION_ANSWERS,
    REFLECTION_RATINGS,
    ExportJob,
    FinalEvaluation,
    SessionEvaluation,
    exports_storage,
)
from .permissions import can_view_reports, sees_minors
from .selectors import final_evaluation_is_open

logger = logging.getLogger(__name__)

REFLECTION_FIELDS = [*REFLECTION_RATINGS, "reflection"]


# --- session reflections -------------------------------------------------------------------


REFLECTION_KEPT = gettext_lazy(
    "This reflection is kept as you wrote it, so that the program's anonymous figures stay "
    "as they were."
)


@transaction.atomic
def submit_reflection(*, meeting: Meeting, by, data: dict) -> SessionEvaluation:
    """Write or rewrite ``by``'s private reflection on a meeting that has taken place. A
    first reflection may be written at any time after the meeting; it can be changed until
    the end of the month it was written in (``SessionEvaluation.is_kept``), never after."""
    require_participant(by, meeting.mentorship)
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if meeting.is_cancelled:
        raise ValidationError(_("This meeting was cancelled: there is no session to reflect on."))
    if not meeting.is_confirmed:
        raise ValidationError(_("You can reflect on this session once you have both agreed to it."))
    if meeting.starts_at > timezone.now():
        raise ValidationError(_("You can reflect on this session once it has started."))
    reflection = SessionEvaluation.objects.filter(meeting=meeting, author=by).first()
    if reflection is not None and reflection.is_kept():
        raise ValidationError(REFLECTION_KEPT)
    if reflection is None:
        reflection = SessionEvaluation(meeting=meeting, author=by)
    fields = [name for name in REFLECTION_FIELDS if name in data]
    for name in fields:
        value = data[name]
        setattr(reflection, name, value.strip() if isinstance(value, str) else value)
    reflection.full_clean()
    if reflection.pk:
        reflection.save(update_fields=[*fields, "updated_at"])
    else:
        reflection.save()
    return reflection


# --- final evaluations ---------------------------------------------------------------------


@transaction.atomic
def submit_final_evaluation(*, mentorship: Mentorship, by, data: dict) -> FinalEvaluation:
    """Send ``by``'s final evaluation of the cycle: once, when the cycle reaches its end. The
    program staff are told that a cycle ended; a cycle that reached phase 4 gets her checklist
    item ticked."""
    require_participant(by, mentorship)
    mentorship = Mentorship.objects.select_for_update().get(pk=mentorship.pk)
    if not final_evaluation_is_open(mentorship):
        raise ValidationError(
            _(
                "The final evaluation opens in phase 4, Closure (for flash mentoring, once your "
                "session has taken place), or when the mentorship ends."
            )
        )
    if FinalEvaluation.objects.filter(mentorship=mentorship, author=by).exists():
        raise ValidationError(_("You have already sent your final evaluation. Thank you!"))
    evaluation = FinalEvaluation(
        mentorship=mentorship,
        author=by,
        submitted_at=timezone.now(),
        **{
            name: data[name].strip() if isinstance(data[name], str) else data[name]
            for name in FINAL_EVALUATION_ANSWERS
            if name in data
        },
    )
    evaluation.full_clean()
    evaluation.save()
    if mentorship.phase == Phase.CLOSURE:  # before or after the closure was confirmed
        record_tick(mentorship=mentorship, user=by, item="final_evaluation")
    url = absolute_url(reverse("admin:evaluations_finalevaluation_change", args=[evaluation.pk]))
    for member in staff_to_notify(exclude=[mentorship.mentor_id, mentorship.mentee_id]):
        outbox.send(
            user=member,
            kind=emails.FINAL_EVALUATION_STAFF,
            template="evaluations/final_evaluation_staff",
            occasion=f"final_evaluation:{evaluation.pk}",
            context={
                "evaluation": evaluation,
                "mentorship": mentorship,
                "url": url,
            },
            params={"role": mentorship.role_of(by)},
        )
    return evaluation


# --- exports -------------------------------------------------------------------------------
# An export small enough is answered during the request (``views_exports``); a larger one
# becomes an ExportJob that a Celery task writes, so no web worker is tied up for minutes.


def _export_language(language: str) -> str:
    codes = [code for code, _name in settings.LANGUAGES]
    language = (language or "").split("-")[0]
    return language if language in codes else settings.LANGUAGE_CODE


def start_export(
    *,
    by,
    format: str,
    filters: ReportFilters,
    language: str,
    ids: list[int] | None = None,
) -> ExportJob:
    """Queue an export of the final evaluations ``filters`` select (or of the ``ids``
    selected in the admin) for a Celery task; the job counts its rows now, for the progress
    bar."""
    if not can_view_reports(by):
        raise PermissionDenied
    stored = filters.as_json()
    if ids is not None:
        stored["ids"] = sorted(ids)
    with transaction.atomic():
        job = ExportJob(
            requested_by=by,
            format=format,
            filters=stored,
            language=_export_language(language),
            total_rows=exports.export_queryset(stored).count(),
        )
        job.full_clean()
        job.save()
        from . import tasks

        transaction.on_commit(lambda: tasks.run_export.delay(job.pk))
    return job


def run_export(*, job_id: int) -> None:
    """Write an export's file into the exports storage, a chunk of rows at a time, with
    ``rows_done`` updated after each chunk (a single UPDATE, committed at once, so the
    progress page sees it); then the job is done and its link expires after
    ``EXPORT_LINK_HOURS``. A failure marks the job failed and leaves no file behind.

    Not one transaction: the progress must be visible while the file is written."""
    jobs = ExportJob.objects.filter(pk=job_id)
    with transaction.atomic():
        job = (
            jobs.select_for_update()
            .filter(status__in=[ExportJob.Status.QUEUED, ExportJob.Status.RUNNING])
            .first()
        )
        if job is None:  # done, failed or expired already: a task delivered twice
            return
        job.status = ExportJob.Status.RUNNING
        job.rows_done = 0
        job.save(update_fields=["status", "rows_done"])
    try:
        with tempfile.TemporaryFile() as scratch:
            written = exports.WRITERS[job.format](
                exports.export_queryset(job.filters),
                scratch,
                language=job.language,
                progress=lambda done: jobs.update(rows_done=done),
                minors=sees_minors(job.requested_by),
                # An admin selection (``ids``) is of evaluations, not of the report's filters.
                figures=(
                    None
                    if job.filters.get("ids") is not None
                    else exports.program_figures(job.filters, job.language)
                ),
            )
            scratch.seek(0)
            name = exports.export_filename(job.format, timezone.localdate(job.created_at))
            job.file.save(name, File(scratch, name=name), save=False)
    except Exception as error:
        logger.exception("Export %s failed", job.public_id)
        if job.file:
            job.file.delete(save=False)
        job.status = ExportJob.Status.FAILED
        job.error = f"{type(error).__name__}: {error}"[:500]
        job.finished_at = timezone.now()
        job.save(update_fields=["status", "error", "file", "finished_at"])
        return
    job.status = ExportJob.Status.DONE
    job.rows_done = job.total_rows = written
    job.finished_at = timezone.now()
    job.expires_at = job.finished_at + timedelta(hours=settings.EXPORT_LINK_HOURS)
    job.save(
        update_fields=["status", "rows_done", "total_rows", "file", "finished_at", "expires_at"]
    )


def expire_exports(*, now=None) -> int:
    """Hourly: the files of exports whose link has expired are deleted; the jobs stay, marked
    expired, so the list of exports still shows them. Returns how many expired."""
    now = now or timezone.now()
    expired = 0
    due = ExportJob.objects.filter(status=ExportJob.Status.DONE, expires_at__lte=now)
    for job_id in due.values_list("pk", flat=True):
        with transaction.atomic():
            job = due.select_for_update().filter(pk=job_id).first()
            if job is None:
                continue
            if job.file:
                job.file.delete(save=False)
            job.status = ExportJob.Status.EXPIRED
            job.save(update_fields=["status", "file"])
            expired += 1
    return expired


@transaction.atomic
def discard_exports_naming(*, author) -> int:
    """The files of finished exports are deleted (once the transaction is committed) and their
    jobs marked expired when ``author`` wrote a final evaluation: each file names the authors
    of the evaluations it holds. Her erasure calls this; staff export again if they need to.
    Returns how many files go."""
    if not FinalEvaluation.objects.filter(author=author).exists():
        return 0
    jobs = list(
        ExportJob.objects.select_for_update().filter(status=ExportJob.Status.DONE).exclude(file="")
    )
    storage = exports_storage()
    for job in jobs:
        name = job.file.name
        transaction.on_commit(lambda name=name: storage.delete(name))
        job.file = ""
        job.status = ExportJob.Status.EXPIRED
        job.save(update_fields=["status", "file"])
    return len(jobs)
