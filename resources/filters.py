"""The library's filters. They live in the URL, so a filtered list can be bookmarked and
shared (the mentorship page links to the resources of one phase)."""

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.widgets import FastSelect

from . import selectors
from .models import PHASE_FIELDS, PHASE_LABELS, Audience, Category, Kind, Resource

SELECT = FastSelect(attrs={"class": "form-select"})
ANY_AUDIENCE = "any"
AUDIENCE_CHOICES = [
    (Audience.MENTOR, _("For mentors")),
    (Audience.MENTEE, _("For mentees")),
    (ANY_AUDIENCE, _("For everyone")),
]
# Filters that narrow the list; the audience has a default of its own (the viewer's role).
NARROWING = ("q", "category", "kind", "language", "phase")
MAX_SEARCH_WORDS = 8


def default_audience(role: str) -> str:
    """A mentor (or a mentee) first sees what is for her; staff and reporters see it all."""
    return role if role in (Audience.MENTOR, Audience.MENTEE) else ANY_AUDIENCE


def phase_choices() -> list[tuple[int, str]]:
    return [
        (number, _("Phase %(number)s: %(label)s") % {"number": number, "label": label})
        for number, label in PHASE_LABELS.items()
    ]


class LibraryFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Search"),
        method="search",
        widget=forms.TextInput(
            attrs={
                "type": "search",
                "class": "form-control",
                "placeholder": _("Title or summary…"),
                "maxlength": 200,
            }
        ),
    )
    category = django_filters.ChoiceFilter(
        label=_("Category"), choices=Category.choices, empty_label=_("Any category"), widget=SELECT
    )
    kind = django_filters.ChoiceFilter(
        label=_("Type"), choices=Kind.choices, empty_label=_("Any type"), widget=SELECT
    )
    phase = django_filters.ChoiceFilter(
        label=_("Phase of the cycle"),
        choices=phase_choices,
        method="filter_phase",
        empty_label=_("Any phase"),
        widget=SELECT,
    )
    audience = django_filters.ChoiceFilter(
        label=_("Audience"),
        choices=AUDIENCE_CHOICES,
        method="filter_audience",
        empty_label=None,
        widget=SELECT,
    )
    language = django_filters.ChoiceFilter(
        label=_("Language"), empty_label=_("Any language"), widget=SELECT
    )

    class Meta:
        model = Resource
        fields: list[str] = []

    def __init__(self, data=None, *args, role: str = "", **kwargs):
        if data is not None and not data.get("audience"):
            data = data.copy()
            data["audience"] = default_audience(role)
        super().__init__(data, *args, **kwargs)
        self.filters["language"].extra["choices"] = selectors.library_languages()

    def search(self, queryset, name, value):
        for word in value.split()[:MAX_SEARCH_WORDS]:
            queryset = queryset.filter(Q(title__icontains=word) | Q(summary__icontains=word))
        return queryset

    def filter_phase(self, queryset, name, value):
        field = PHASE_FIELDS.get(int(value)) if str(value).isdigit() else None
        return queryset.filter(**{field: True}) if field else queryset

    def filter_audience(self, queryset, name, value):
        if value in (Audience.MENTOR, Audience.MENTEE):
            return queryset.for_role(value)
        return queryset

    def narrowing(self) -> list[str]:
        """The filters set in the URL that narrow the list (the audience not counted)."""
        data = self.data or {}
        return [name for name in NARROWING if data.get(name)]
