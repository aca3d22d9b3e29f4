"""The staff's health page (issue 22): the pairs at risk with the reasons, and a check-in with
one pair. Program staff with the permission only (``services_health.may_see_health``), signed
in with two factors like every staff page; anyone else gets 403."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils import formats
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from core.forms import add_service_errors

from . import selectors_health, services_health
from .forms_health import CheckInForm, HealthFilterForm
from .health import reason
from .models import CheckIn


def _require_health_staff(request) -> None:
    if not services_health.may_see_health(request.user):
        raise PermissionDenied


def _with_reasons(mentorships) -> None:
    for mentorship in mentorships:
        for signal in mentorship.open_signals_list:
            signal.reason = reason(signal)


@require_http_methods(["GET"])
def health_list(request):
    """The pairs at risk, most signals and oldest first, filtered by the address."""
    _require_health_staff(request)
    form = HealthFilterForm(request.GET)
    pairs = selectors_health.with_details(selectors_health.pairs_at_risk(**form.filters()))
    page = selectors_health.page_of(pairs, request.GET.get("page"), settings.HEALTH_PAGE_SIZE)
    _with_reasons(page.object_list)
    for mentorship in page.object_list:
        if mentorship.last_outcome:
            mentorship.last_outcome_label = CheckIn.Outcome(mentorship.last_outcome).label
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "cycles/health_list.html",
        {"form": form, "page": page, "query": query.urlencode(), "filtered": bool(form.filters())},
    )


@require_http_methods(["GET", "POST"])
def health_check_in(request, public_id):
    """Log a contact with the pair: channel, outcome, note, and how long it stays off the
    list. The page shows the pair's open signals and earlier check-ins."""
    _require_health_staff(request)
    mentorship = selectors_health.pair_for_check_in(public_id)
    form = CheckInForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            check_in = services_health.log_check_in(
                mentorship=mentorship, by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if check_in.snoozed_until:
                text = _("Check-in logged. The pair is off the list until %(date)s.") % {
                    "date": formats.date_format(check_in.snoozed_until, "DATE_FORMAT")
                }
            else:
                text = _("Check-in logged.")
            messages.success(request, text)
            return redirect("health:pairs")
    _with_reasons([mentorship])
    return render(request, "cycles/health_check_in.html", {"mentorship": mentorship, "form": form})
