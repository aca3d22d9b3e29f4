"""The report filters (SPEC §10): period, country, field and style. One form for the
dashboard, the exports and the export command; ``ReportFilters`` is what selectors take."""

from dataclasses import asdict, dataclass
from datetime import date, timedelta

from django import forms
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from core.forms import country_choices
from core.widgets import FastSelect
from cycles.models import Style
from profiles import selectors as profile_selectors
from profiles.models import Profile

from .models import FinalEvaluation

SELECT = FastSelect(attrs={"class": "form-select"})


@dataclass(frozen=True)
class ReportFilters:
    """What a report is narrowed to; an empty value means "all"."""

    since: date | None = None
    until: date | None = None
    country: str = ""
    field: int | None = None
    style: str = ""

    def as_json(self) -> dict:
        """For an export job's ``filters`` (and back with ``from_json``)."""
        data = asdict(self)
        data["since"] = self.since.isoformat() if self.since else None
        data["until"] = self.until.isoformat() if self.until else None
        return data

    @classmethod
    def from_json(cls, data: dict) -> "ReportFilters":
        return cls(
            since=date.fromisoformat(data["since"]) if data.get("since") else None,
            until=date.fromisoformat(data["until"]) if data.get("until") else None,
            country=data.get("country") or "",
            field=data.get("field") or None,
            style=data.get("style") or "",
        )

    @property
    def is_empty(self) -> bool:
        return self == ReportFilters()


MONTH_FORMAT = "%Y-%m"


class MonthField(forms.DateField):
    """A whole calendar month, written YYYY-MM: its first day, or its last (``end=True``).
    The report's periods are whole months, so that no two periods differ by a day."""

    input_formats = [MONTH_FORMAT]
    default_error_messages = {"invalid": _("Enter a month, written like 2026-03.")}

    def __init__(self, *, end: bool = False, **kwargs):
        self.end = end
        widget = forms.DateInput(
            format=MONTH_FORMAT,
            attrs={"type": "month", "class": "form-control", "placeholder": "2026-03"},
        )
        super().__init__(widget=widget, **kwargs)

    def to_python(self, value):
        first = super().to_python(value)
        if first is None or not self.end:
            return first
        if first.month == 12:
            return date(first.year, 12, 31)
        return date(first.year, first.month + 1, 1) - timedelta(days=1)


class ReportFilterForm(forms.Form):
    """The filters, read from the query string (GET), so a report can be bookmarked."""

    since = MonthField(label=_("From"), required=False)
    until = MonthField(label=_("Until"), required=False, end=True)
    country = forms.ChoiceField(label=_("Country"), required=False, widget=SELECT)
    field = forms.TypedChoiceField(
        label=_("Field"), required=False, coerce=int, empty_value=None, widget=SELECT
    )
    style = forms.ChoiceField(
        label=_("Style"),
        required=False,
        choices=[("", _("Any style")), *Style.choices],
        widget=SELECT,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["country"].choices = [
            ("", _("Any country")),
            *country_choices(get_language() or "en"),
        ]
        self.fields["field"].choices = [
            ("", _("Any field")),
            *profile_selectors.expertise_choices(),
        ]

    def clean(self):
        cleaned = super().clean()
        since, until = cleaned.get("since"), cleaned.get("until")
        if since and until and until < since:
            self.add_error("until", _("The end of the period must come after its start."))
        return cleaned

    def filters(self) -> ReportFilters:
        """The valid filters (an invalid form filters nothing: its errors are shown)."""
        if not self.is_valid():
            return ReportFilters()
        data = self.cleaned_data
        return ReportFilters(
            since=data["since"],
            until=data["until"],
            country=data["country"] or "",
            field=data["field"],
            style=data["style"] or "",
        )


def person_matches(filters: ReportFilters, user_ref: str) -> Q:
    """The country and field filters for the person at ``user_ref`` ("author",
    "mentorship__mentee", "mentor", …): her profile's country, and a field among hers."""
    condition = Q()
    if filters.country:
        condition &= Q(**{f"{user_ref}__profile__country": filters.country})
    if filters.field:
        condition &= Q(
            Exists(
                Profile.expertise.through.objects.filter(
                    profile__user=OuterRef(user_ref), expertisearea=filters.field
                )
            )
        )
    return condition


def filter_final_evaluations(
    queryset: QuerySet[FinalEvaluation], filters: ReportFilters
) -> QuerySet[FinalEvaluation]:
    """Final evaluations submitted in the period (dates in the site's time zone), by authors
    of that country and field, of mentorships of that style."""
    if filters.since:
        queryset = queryset.filter(submitted_at__date__gte=filters.since)
    if filters.until:
        queryset = queryset.filter(submitted_at__date__lte=filters.until)
    if filters.style:
        queryset = queryset.filter(mentorship__style=filters.style)
    return queryset.filter(person_matches(filters, "author"))
