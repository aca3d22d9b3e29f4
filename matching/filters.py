import django_filters
from django import forms
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from core.forms import country_choices
from core.text import search_words
from core.widgets import FastSelect
from cycles.models import Style
from profiles import selectors as profile_selectors

from . import selectors
from .models import MentorPresentation

SELECT = FastSelect(attrs={"class": "form-select"})


class SortChoices:
    MATCH = "match"
    NEWEST = "newest"
    choices = [(MATCH, _("Best match")), (NEWEST, _("Newest"))]


class DirectoryFilter(django_filters.FilterSet):
    """The directory's filters; they live in the URL so a search can be bookmarked."""

    q = django_filters.CharFilter(
        label=_("Search"),
        method="search",
        widget=forms.TextInput(
            attrs={
                "type": "search",
                "class": "form-control",
                "placeholder": _("Name, field, country…"),
            }
        ),
    )
    field = django_filters.ChoiceFilter(
        label=_("Field"),
        field_name="expertise",
        empty_label=_("Any field"),
        widget=SELECT,
    )
    country = django_filters.ChoiceFilter(
        label=_("Country"),
        method="filter_country",
        empty_label=_("Any country"),
        widget=SELECT,
    )
    language = django_filters.ChoiceFilter(
        label=_("Language"),
        field_name="languages",
        empty_label=_("Any language"),
        widget=SELECT,
    )
    style = django_filters.ChoiceFilter(
        label=_("Style offered"),
        choices=Style.choices,
        method="filter_style",
        empty_label=_("Any style"),
        widget=SELECT,
    )
    free = django_filters.BooleanFilter(
        label=_("Has a free place"),
        method="filter_free",
        widget=forms.CheckboxInput(attrs={"class": "form-check-input"}),
    )
    sort = django_filters.ChoiceFilter(
        label=_("Sort by"),
        choices=SortChoices.choices,
        method="sort_by",
        empty_label=None,
        widget=SELECT,
    )

    class Meta:
        model = MentorPresentation
        fields: list[str] = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["country"].extra["choices"] = country_choices(get_language() or "en")
        self.filters["field"].extra["choices"] = profile_selectors.expertise_choices()
        self.filters["language"].extra["choices"] = profile_selectors.language_choices()

    def search(self, queryset, name, value):
        """Every word (folded: no case, no accents) somewhere in what mentees read of her:
        her texts, name, fields or country (``selectors.mentions``)."""
        for word in search_words(value):
            queryset = queryset.filter(selectors.mentions(word))
        return queryset

    def filter_country(self, queryset, name, value):
        return queryset.filter(mentor_id__in=selectors.mentors_in_country(value))

    def filter_style(self, queryset, name, value):
        if value == Style.TRADITIONAL:
            return queryset.filter(offers_traditional=True)
        if value == Style.FLASH:
            return queryset.filter(offers_flash=True)
        return queryset

    # Filters that leave a small share of the mentors (a field, a country, words). Not the
    # language: nearly every mentor speaks English.
    NARROWING = ("q", "field", "country")

    def filter_free(self, queryset, name, value):
        """Accepting requests with a free traditional place (``free_places > 0``), in the form
        cheaper for what the other filters leave: alone or with the style or a language only,
        the full mentors are found once and left out (37 → 14 ms of PostgreSQL at 10,000
        mentors, ``?free=on``); with a narrowing filter, each of the few candidates'
        mentorships are counted (field + free place: 0.5–1.5 ms, where leaving out the full
        mentors costs 10 ms whatever the number of candidates). A language is not narrowing:
        English + free place counted 7,600 candidates' mentorships in 80 ms; a rare language
        pays the 10 ms instead of about 1."""
        if not value:
            return queryset
        queryset = queryset.filter(accepting_requests=True)
        if any(self.form.cleaned_data.get(name) for name in self.NARROWING):
            return queryset.filter(selectors.has_free_place_of_few())
        return queryset.exclude(mentor_id__in=selectors.full_mentor_ids())

    def sort_by(self, queryset, name, value):
        return queryset  # applied after filtering, see `ordered`

    def ordered(self, *, basis: selectors.MatchBasis | None):
        """The filtered presentations, best match first for a mentee (``basis``) unless she
        asked for the newest first."""
        sort = self.form.cleaned_data.get("sort") if self.form.is_valid() else ""
        if sort == SortChoices.NEWEST or basis is None:
            return self.qs.order_by("-published_at", "-pk")
        return selectors.by_match(self.qs, basis)
