"""The program's report for staff and reporters (SPEC §10): figures and charts, filtered by
period, country, field and style."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from cycles.models import Style

from . import charts, reports, reports_health
from .filters import ReportFilterForm, ReportFilters
from .permissions import can_view_reports, sees_minors

RATING_SCALE = 5


def _funnel_chart(steps: list[reports.FunnelStep]) -> charts.HBarChart:
    rows = []
    for step in steps:
        text = number_format(step.count, force_grouping=True)
        if step.share is not None:
            text = _("%(count)s · %(share)s%%") % {"count": text, "share": step.share}
        rows.append((str(step.label), step.count, text))
    return charts.hbars(rows, max((step.count for step in steps), default=0))


def _rating_chart(rows: list[tuple[str, float | None]]) -> charts.HBarChart:
    """Averages on the 1–5 scale; a withheld one (None) has its label and no bar."""
    withheld = _("Fewer than %(count)s answers") % {"count": reports.min_answers()}
    return charts.hbars(
        [
            (label, value, number_format(value, 1) if value is not None else withheld)
            for label, value in rows
        ],
        RATING_SCALE,
    )


def _final_rating_chart(ratings: list[reports.RoleRatings]) -> charts.HBarChart | None:
    labels = {
        "mentee": (_("Quality, as mentees rate it"), _("Effectiveness, as mentees rate it")),
        "mentor": (_("Quality, as mentors rate it"), _("Effectiveness, as mentors rate it")),
    }
    rows = []
    for role in ratings:
        if role.answers:
            quality, effectiveness = labels[role.role]
            rows += [(quality, role.quality), (effectiveness, role.effectiveness)]
    return _rating_chart(rows) if rows else None


def _described(form: ReportFilterForm, filters) -> list[str]:
    """The filters in force, in words, for the heading of the report."""
    words = []
    if filters.country:
        words.append(str(dict(form.fields["country"].choices).get(filters.country, "")))
    if filters.field:
        words.append(str(dict(form.fields["field"].choices).get(filters.field, "")))
    if filters.style:
        words.append(str(Style(filters.style).label))
    return [word for word in words if word]


def _export_url(request) -> str:
    """The exports page, its form filled in with this report's filters."""
    query = request.GET.urlencode()
    url = reverse("exports:export_list")
    return f"{url}?{query}" if query else url


def _export_form(filters: ReportFilters) -> ReportFilterForm:
    """The export form under the report: its own fields (ids apart from the filters above),
    starting from the report's valid filters; the errors of the filters stay with them."""
    initial = {name: value for name, value in filters.as_json().items() if value}
    initial.update({name: getattr(filters, name) for name in ("since", "until")})
    return ReportFilterForm(initial=initial, auto_id="export-%s")


def _mark_errors(form: ReportFilterForm) -> None:
    """Fields with an error say so to assistive technology, and point to their message."""
    for name in form.errors:
        if name in form.fields:
            attrs = form.fields[name].widget.attrs
            attrs["class"] = f"{attrs.get('class', '')} is-invalid".strip()
            attrs["aria-invalid"] = "true"
            attrs["aria-describedby"] = f"{name}-errors"


@require_GET
def reports_dashboard(request):
    if not can_view_reports(request.user):
        raise PermissionDenied
    form = ReportFilterForm(request.GET)
    filters = form.filters()
    _mark_errors(form)
    now = timezone.now()

    funnel = reports.funnel(filters)
    sessions = reports.sessions(filters, now)
    statuses = reports.mentorships_by_status(filters)
    final_ratings = reports.final_ratings(filters)
    reflections = reports.reflections(filters, now)
    minors = reports.minors(filters, now)
    closures = reports_health.closures(filters)
    pace = reports_health.pace(filters, now)

    has_sessions = any(month.sessions for month in sessions.months)
    has_data = bool(
        any(step.count for step in funnel)
        or sessions.sessions
        or any(row.total for row in statuses)
        or any(role.answers for role in final_ratings)
        or reflections.figures
        or closures.breakdowns
        or pace.first_meetings
        or pace.contact_months
    )
    return render(
        request,
        "evaluations/reports_dashboard.html",
        {
            "filter_form": form,
            "filters": filters,
            # What other apps show on the page (``core.panels``: matching's rounds) reads the
            # filters through the scope the funnel hands them.
            "scope": reports.FunnelScope(filters),
            "filter_words": _described(form, filters),
            "has_data": has_data,
            "funnel": funnel,
            "funnel_chart": _funnel_chart(funnel),
            "sessions": sessions,
            "sessions_chart": (
                charts.month_columns(
                    [month.month for month in sessions.months],
                    [
                        [month.sessions for month in sessions.months],
                        [month.hours for month in sessions.months],
                    ],
                )
                if has_sessions
                else None
            ),
            "statuses": statuses,
            "status_chart": charts.hbars(
                [
                    (str(row.label), row.total, number_format(row.total, force_grouping=True))
                    for row in statuses
                ],
                max((row.total for row in statuses), default=0),
            ),
            "status_totals": {
                "traditional": sum(row.traditional for row in statuses),
                "flash": sum(row.flash for row in statuses),
                "total": sum(row.total for row in statuses),
            },
            "final_ratings": final_ratings,
            "final_chart": _final_rating_chart(final_ratings),
            "reflections": reflections,
            "reflections_chart": (
                _rating_chart(
                    [(str(figure.label), figure.average) for figure in reflections.figures]
                )
                if reflections.figures
                else None
            ),
            "minors": minors,
            "closures": closures,
            "pace": pace,
            "min_answers": reports.min_answers(),
            "export_url": _export_url(request),
            "export_form": _export_form(filters),
            "export_minors": sees_minors(request.user),
        },
    )
