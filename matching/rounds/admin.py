"""The rounds in the admin (``matching.admin`` imports this module): staff create a round and
set its dates and participants there; its review and publication are on the staff's own
pages (``matching.views_round_staff``), linked from here. Choices, mentors' settings, drafts
and outcomes are records the services write: staff read them, nothing is changed here."""

from django import forms
from django.contrib import admin
from django.db.models import Count
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from . import setup
from .models import MatchRound, RoundChoice, RoundDraft, RoundMentor, RoundOutcome

PEOPLE_SEARCH = [
    "mentee__email",
    "mentor__email",
    "mentee__profile__display_name",
    "mentor__profile__display_name",
]


# What the services write as the round goes along, with links and counts: read-only.
PROGRESS = [
    "stage",
    "review_link",
    "choices_made",
    "mentees_ranking",
    "mentors_ranked",
    "created_by",
    "created_at",
    "announced_at",
    "published_draft",
    "published_at",
    "published_by",
]


class MatchRoundForm(forms.ModelForm):
    class Meta:
        model = MatchRound
        fields = ["name", "opens_at", "closes_at", "publishes_on", "open_to_all", "invited"]

    def clean(self):
        data = super().clean()
        try:
            setup.check_dates(
                opens_at=data.get("opens_at"),
                closes_at=data.get("closes_at"),
                publishes_on=data.get("publishes_on"),
            )
        except forms.ValidationError as error:
            for field, messages in error.message_dict.items():
                for message in messages:
                    self.add_error(field, message)
        return data


@admin.register(MatchRound)
class MatchRoundAdmin(admin.ModelAdmin):
    form = MatchRoundForm
    list_display = [
        "name",
        "stage",
        "opens_at",
        "closes_at",
        "publishes_on",
        "open_to_all",
        "mentees_ranking",
        "mentors_ranked",
        "review_link",
    ]
    list_filter = ["open_to_all", "opens_at", "published_at"]
    search_fields = ["name"]
    date_hierarchy = "opens_at"
    autocomplete_fields = ["invited"]
    fieldsets = [
        (None, {"fields": ["name", "opens_at", "closes_at", "publishes_on"]}),
        (_("Participants"), {"fields": ["open_to_all", "invited"]}),
        (_("Progress"), {"fields": PROGRESS}),
    ]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                choice_count=Count("choices", distinct=True),
                mentee_count=Count("choices__mentee", distinct=True),
                mentor_count=Count("choices__mentor", distinct=True),
            )
        )

    readonly_fields = PROGRESS

    def has_change_permission(self, request, obj=None):
        """A published round is a record of what was decided: read, never changed."""
        if obj is not None and obj.published_at is not None:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.published_at is not None:
            return False
        return super().has_delete_permission(request, obj)

    def save_model(self, request, obj, form, change):
        setup.save_round(round_=obj, by=request.user)

    @admin.display(description=_("stage"))
    def stage(self, obj):
        if obj.pk is None:
            return "—"
        return obj.get_stage_display()

    @admin.display(description=_("choices made"))
    def choices_made(self, obj):
        return getattr(obj, "choice_count", 0)

    @admin.display(description=_("mentees who ranked"))
    def mentees_ranking(self, obj):
        return getattr(obj, "mentee_count", 0)

    @admin.display(description=_("mentors ranked"))
    def mentors_ranked(self, obj):
        return getattr(obj, "mentor_count", 0)

    @admin.display(description=_("review"))
    def review_link(self, obj):
        if obj.pk is None:
            return "—"
        return format_html(
            '<a href="{}">{}</a>',
            reverse("matching:round_review", args=[obj.public_id]),
            _("Open the round's review page"),
        )


class ReadOnlyRoundRecordAdmin(admin.ModelAdmin):
    """Written by the services: read here, never changed."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(RoundChoice)
class RoundChoiceAdmin(ReadOnlyRoundRecordAdmin):
    list_display = ["round", "mentee", "rank", "mentor", "fit", "mentor_order", "created_at"]
    list_filter = ["round", "fit"]
    search_fields = PEOPLE_SEARCH
    list_select_related = ["round", "mentee__profile", "mentor__profile"]


@admin.register(RoundMentor)
class RoundMentorAdmin(ReadOnlyRoundRecordAdmin):
    list_display = ["round", "mentor", "capacity", "updated_at"]
    list_filter = ["round"]
    search_fields = ["mentor__email", "mentor__profile__display_name"]
    list_select_related = ["round", "mentor__profile"]


@admin.register(RoundDraft)
class RoundDraftAdmin(ReadOnlyRoundRecordAdmin):
    list_display = [
        "__str__",
        "round",
        "number",
        "matched",
        "unmatched",
        "created_by",
        "created_at",
    ]
    list_filter = ["round", "created_at"]
    search_fields = ["round__name"]
    list_select_related = ["round", "created_by"]

    @admin.display(description=_("matched"))
    def matched(self, obj):
        return obj.figures.get("matched")

    @admin.display(description=_("not matched"))
    def unmatched(self, obj):
        return obj.figures.get("unmatched")


class MatchedFilter(admin.SimpleListFilter):
    title = _("result")
    parameter_name = "matched"

    def lookups(self, request, model_admin):
        return [("yes", _("Matched")), ("no", _("Not matched"))]

    def queryset(self, request, queryset):
        if self.value() in {"yes", "no"}:
            return queryset.filter(mentor__isnull=self.value() == "no")
        return queryset


@admin.register(RoundOutcome)
class RoundOutcomeAdmin(ReadOnlyRoundRecordAdmin):
    list_display = ["draft", "mentee", "mentor", "mentee_rank", "mentor_rank", "mentorship"]
    list_filter = [MatchedFilter, "draft__round", "mentee_rank"]
    search_fields = PEOPLE_SEARCH
    list_select_related = ["draft__round", "mentee__profile", "mentor__profile", "mentorship"]
