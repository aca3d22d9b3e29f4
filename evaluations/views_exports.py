"""The staff's exports of the final evaluations (CSV, Excel): the export page, the direct
download of a small export, and the progress, status and download of a large one.

Program staff and reporters only (403 for everyone else); a job is fetched through
``export_jobs_visible_to``, so another person's export is a 404.
"""

import logging
import tempfile

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, JsonResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_GET, require_POST
from django_countries import countries

from cycles.models import Style
from profiles import selectors as profile_selectors

from . import exports, services
from .filters import ReportFilterForm
from .models import ExportJob
from .permissions import can_view_reports, export_jobs_visible_to, sees_minors

logger = logging.getLogger(__name__)

RECENT_EXPORTS = 20
# The form's ids differ from those of the dashboard's filter form on the same page.
EXPORT_FORM_IDS = "export-%s"


class ExportForm(ReportFilterForm):
    """The report filters, and the format (the button pressed)."""

    format = forms.ChoiceField(
        label=gettext_lazy("Format"),
        choices=ExportJob.Format.choices,
        error_messages={"required": gettext_lazy("Choose CSV or Excel.")},
    )


def _require_reports(request) -> None:
    if not can_view_reports(request.user):
        raise PermissionDenied


def describe_filters(filters: dict) -> list[str]:
    """The filters of an export, in words: "From 2026-01-01", "Country: Sweden", …"""
    described = []
    if filters.get("since"):
        described.append(_("From %(date)s") % {"date": filters["since"]})
    if filters.get("until"):
        described.append(_("Until %(date)s") % {"date": filters["until"]})
    if filters.get("country"):
        described.append(_("Country: %(name)s") % {"name": countries.name(filters["country"])})
    if filters.get("field"):
        names = dict(profile_selectors.expertise_choices())
        name = names.get(filters["field"], "?")
        described.append(_("Field: %(name)s") % {"name": name})
    if filters.get("style"):
        style = dict(Style.choices).get(filters["style"], filters["style"])
        described.append(_("Style: %(name)s") % {"name": style})
    if filters.get("ids") is not None:
        count = len(filters["ids"])
        described.append(
            ngettext(
                "%(count)d evaluation selected in the administration",
                "%(count)d evaluations selected in the administration",
                count,
            )
            % {"count": count}
        )
    return described


def _link_is_valid(job: ExportJob) -> bool:
    return (
        job.status == ExportJob.Status.DONE
        and job.expires_at is not None
        and job.expires_at > timezone.now()
    )


def _is_expired(job: ExportJob) -> bool:
    return job.status == ExportJob.Status.EXPIRED or (
        job.status == ExportJob.Status.DONE and not _link_is_valid(job)
    )


def _list_page(request, form: ExportForm, status: int = 200):
    jobs = list(export_jobs_visible_to(request.user)[:RECENT_EXPORTS])
    rows = [
        {
            "job": job,
            "filters": describe_filters(job.filters),
            "ready": _link_is_valid(job),
            "expired": _is_expired(job),
        }
        for job in jobs
    ]
    return render(
        request,
        "evaluations/export_list.html",
        {
            "filter_form": form,
            "rows": rows,
            "sync_max_rows": settings.EXPORT_SYNC_MAX_ROWS,
            "link_hours": settings.EXPORT_LINK_HOURS,
            "export_minors": sees_minors(request.user),
        },
        status=status,
    )


@require_GET
def export_list(request):
    _require_reports(request)
    return _list_page(request, ExportForm(initial=request.GET.dict(), auto_id=EXPORT_FORM_IDS))


def file_response(queryset, *, format: str, language: str, minors: bool = False, figures=None):
    """A small export answered at once: CSV streamed as it is written, Excel written to a
    temporary file (deleted when the response is closed) and sent from there. ``minors``: with
    the column "Mentee under 18" (``permissions.sees_minors``); ``figures``: the program's
    (``exports.program_figures``)."""
    filename = exports.export_filename(format)
    if format == ExportJob.Format.CSV:
        return StreamingHttpResponse(
            exports.csv_stream(queryset, language=language, minors=minors, figures=figures),
            content_type=exports.CSV_CONTENT_TYPE,
            headers={"Content-Disposition": content_disposition_header(True, filename)},
        )
    scratch = tempfile.TemporaryFile()  # noqa: SIM115 - closed by the FileResponse
    exports.write_xlsx(queryset, scratch, language=language, minors=minors, figures=figures)
    scratch.seek(0)
    return FileResponse(
        scratch, as_attachment=True, filename=filename, content_type=exports.XLSX_CONTENT_TYPE
    )


@require_POST
def report_export(request):
    _require_reports(request)
    form = ExportForm(request.POST, auto_id=EXPORT_FORM_IDS)
    if not form.is_valid():
        return _list_page(request, form)
    filters = form.filters()
    format = form.cleaned_data["format"]
    queryset = exports.export_queryset(filters.as_json())
    count = queryset.count()
    if not count:
        form.add_error(
            None, _("No final evaluation matches these filters: there is nothing to export.")
        )
        return _list_page(request, form)
    if count <= settings.EXPORT_SYNC_MAX_ROWS:
        return file_response(
            queryset,
            format=format,
            language=request.LANGUAGE_CODE,
            minors=sees_minors(request.user),
            figures=exports.program_figures(filters.as_json(), request.LANGUAGE_CODE),
        )
    job = services.start_export(
        by=request.user, format=format, filters=filters, language=request.LANGUAGE_CODE
    )
    messages.info(
        request,
        ngettext(
            "%(count)d final evaluation is being exported. You can leave this page: the "
            "download waits for you in your list of exports.",
            "%(count)d final evaluations are being exported. You can leave this page: the "
            "download waits for you in your list of exports.",
            count,
        )
        % {"count": count},
    )
    return redirect("exports:export_detail", public_id=job.public_id)


def _job(request, public_id) -> ExportJob:
    _require_reports(request)
    return get_object_or_404(export_jobs_visible_to(request.user), public_id=public_id)


def _progress_message(job: ExportJob) -> str:
    if job.status == ExportJob.Status.QUEUED:
        return _("Waiting to start…")
    if job.status == ExportJob.Status.RUNNING:
        return _("%(done)s of %(total)s rows written") % {
            "done": job.rows_done,
            "total": job.total_rows,
        }
    return job.get_status_display()


@require_GET
def export_detail(request, public_id):
    job = _job(request, public_id)
    retry = None
    if job.status == ExportJob.Status.FAILED or _is_expired(job):
        retry = {key: value for key, value in job.filters.items() if key != "ids" and value}
        for key in ("since", "until"):  # the form takes whole months, written YYYY-MM
            if retry.get(key):
                retry[key] = retry[key][:7]
        retry["format"] = job.format
    return render(
        request,
        "evaluations/export_detail.html",
        {
            "job": job,
            "filters": describe_filters(job.filters),
            "ready": _link_is_valid(job),
            "expired": _is_expired(job),
            "working": job.status in (ExportJob.Status.QUEUED, ExportJob.Status.RUNNING),
            "progress_message": _progress_message(job),
            "retry": retry,
            "from_admin": job.filters.get("ids") is not None,
        },
    )


@require_GET
def export_status(request, public_id):
    job = _job(request, public_id)
    ready = _link_is_valid(job)
    return JsonResponse(
        {
            "status": ExportJob.Status.EXPIRED if _is_expired(job) else job.status,
            "status_label": job.get_status_display(),
            "message": _progress_message(job),
            "percent": job.percent,
            "rows_done": job.rows_done,
            "total_rows": job.total_rows,
            "download_url": reverse("exports:export_download", args=[job.public_id])
            if ready
            else None,
        }
    )


@require_GET
def export_download(request, public_id):
    job = _job(request, public_id)
    if _is_expired(job):
        return render(request, "evaluations/export_expired.html", {"job": job}, status=410)
    if not _link_is_valid(job):
        return redirect("exports:export_detail", public_id=job.public_id)
    try:
        handle = job.file.open("rb")
    except FileNotFoundError:
        logger.error(
            "The file of export %s is missing: web and workers must share DJANGO_EXPORTS_ROOT",
            job.public_id,
        )
        raise Http404 from None
    return FileResponse(
        handle,
        as_attachment=True,
        filename=exports.export_filename(job.format, timezone.localdate(job.created_at)),
        content_type=exports.CONTENT_TYPES[job.format],
    )
