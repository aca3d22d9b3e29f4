"""The back office for mentorships. The pair's records (history, ticks, agreement versions,
goal revisions, messages) are read-only here: the pair writes them through the services.

Messages are the pair's private conversation: the list shows who wrote when, never the text;
staff open one message only when they need to (a report, a safety concern)."""

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from core.admin import ReadOnlyAdmin

from . import services
from .models import (
    Agreement,
    AgreementVersion,
    CheckIn,
    ExitAnswer,
    Goal,
    GoalRevision,
    HealthSignal,
    Meeting,
    MeetingOption,
    Mentorship,
    MentorshipEvent,
    Message,
    PhaseTick,
    SafeguardingAlert,
    SafeguardingReading,
)

PAIR_SEARCH = [
    "mentorship__mentor__email",
    "mentorship__mentee__email",
    "mentorship__mentor__profile__display_name",
    "mentorship__mentee__profile__display_name",
]
PAIR_SELECT = ["mentorship__mentor__profile", "mentorship__mentee__profile"]


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class RecordAdmin(ReadOnlyAdmin):
    """A record of what happened: staff read it, nobody edits or deletes it here (a meeting's
    reflections count in the program's anonymous figures, which must not change afterwards)."""


# --- the mentorship ------------------------------------------------------------------------


class MentorshipEventInline(ReadOnlyInline):
    model = MentorshipEvent
    fields = ["created_at", "actor", "kind", "from_value", "to_value", "note"]
    readonly_fields = fields
    show_change_link = False
    verbose_name_plural = _("history")


class PhaseTickInline(ReadOnlyInline):
    model = PhaseTick
    fields = ["item", "user", "created_at"]
    readonly_fields = fields
    show_change_link = False


class GoalInline(ReadOnlyInline):
    model = Goal
    fields = ["title", "status", "updated_at"]
    readonly_fields = fields


class MeetingInline(ReadOnlyInline):
    model = Meeting
    fields = [
        "starts_at",
        "time_zone",
        "duration_minutes",
        "status",
        "origin",
        "proposed_by",
        "cancelled_at",
    ]
    readonly_fields = fields


@admin.register(Mentorship)
class MentorshipAdmin(admin.ModelAdmin):
    list_display = [
        "__str__",
        "style",
        "status",
        "phase",
        "start_date",
        "end_date",
        "ended_at",
    ]
    list_filter = ["status", "style", "phase", "start_date"]
    search_fields = [
        "mentor__email",
        "mentee__email",
        "mentor__profile__display_name",
        "mentee__profile__display_name",
    ]
    list_select_related = ["mentor__profile", "mentee__profile"]
    date_hierarchy = "start_date"
    autocomplete_fields = ["mentor", "mentee"]
    inlines = [MentorshipEventInline, PhaseTickInline, GoalInline, MeetingInline]
    # Once it exists, its cycle moves only through the pair's actions (the services).
    lifecycle_fields = [
        "public_id",
        "mentor",
        "mentee",
        "style",
        "status",
        "phase",
        "mentor_confirmed_closure_at",
        "mentee_confirmed_closure_at",
        "created_at",
        "ended_at",
        "ended_by",
        "end_reason",
    ]

    actions = ["resume"]

    def get_readonly_fields(self, request, obj=None):
        # Paused when a guardian withdrew consent: resumed by the action, which checks.
        return [*self.lifecycle_fields, "paused_at"] if obj else ["public_id", "created_at"]

    # Program staff (who see mentorships, never edit them) resume through the service, which
    # checks the guardian's consent.
    @admin.action(description=_("Resume the selected paused mentorships"), permissions=["view"])
    def resume(self, request, queryset):
        resumed = 0
        for mentorship in queryset.filter(paused_at__isnull=False):
            try:
                services.resume_mentorship(mentorship=mentorship)
            except ValidationError as error:
                self.message_user(request, " ".join(error.messages), messages.WARNING)
            else:
                resumed += 1
        self.message_user(
            request,
            ngettext("%(count)d mentorship resumed.", "%(count)d mentorships resumed.", resumed)
            % {"count": resumed},
            messages.SUCCESS if resumed else messages.INFO,
        )

    def has_delete_permission(self, request, obj=None):
        # Never deleted here: its meetings' reflections count in the program's anonymous
        # figures, and a person's data leaves through the erasure (core.personal_data).
        return False


@admin.register(MentorshipEvent)
class MentorshipEventAdmin(RecordAdmin):
    list_display = ["mentorship", "kind", "from_value", "to_value", "actor", "created_at"]
    list_filter = ["kind", "created_at"]
    search_fields = PAIR_SEARCH
    list_select_related = [*PAIR_SELECT, "actor"]
    date_hierarchy = "created_at"


@admin.register(PhaseTick)
class PhaseTickAdmin(RecordAdmin):
    list_display = ["item", "user", "mentorship", "created_at"]
    list_filter = ["item"]
    search_fields = PAIR_SEARCH
    list_select_related = [*PAIR_SELECT, "user"]


# --- the agreement -------------------------------------------------------------------------


class AgreementVersionInline(ReadOnlyInline):
    model = AgreementVersion
    fields = ["version", "mentor_accepted_at", "mentee_accepted_at", "created_at"]
    readonly_fields = fields


@admin.register(Agreement)
class AgreementAdmin(RecordAdmin):
    list_display = [
        "mentorship",
        "version",
        "mentor_accepted_at",
        "mentee_accepted_at",
        "start_date",
        "end_date",
        "updated_at",
    ]
    list_filter = [
        ("mentor_accepted_at", admin.EmptyFieldListFilter),
        ("mentee_accepted_at", admin.EmptyFieldListFilter),
    ]
    search_fields = PAIR_SEARCH
    list_select_related = PAIR_SELECT
    inlines = [AgreementVersionInline]


@admin.register(AgreementVersion)
class AgreementVersionAdmin(RecordAdmin):
    list_display = ["pair", "version", "mentor_accepted_at", "mentee_accepted_at", "created_at"]
    search_fields = [f"agreement__{name}" for name in PAIR_SEARCH]
    list_select_related = [f"agreement__{name}" for name in PAIR_SELECT]

    @admin.display(description=_("mentorship"), ordering="agreement__mentorship")
    def pair(self, obj):
        return obj.agreement.mentorship


# --- goals ---------------------------------------------------------------------------------


class GoalRevisionInline(ReadOnlyInline):
    model = GoalRevision
    fields = ["created_at", "actor", "title", "status", "progress_note"]
    readonly_fields = fields
    show_change_link = False


@admin.register(Goal)
class GoalAdmin(RecordAdmin):
    list_display = ["title", "mentorship", "status", "updated_at"]
    list_filter = ["status"]
    search_fields = ["title", *PAIR_SEARCH]
    list_select_related = PAIR_SELECT
    inlines = [GoalRevisionInline]


@admin.register(GoalRevision)
class GoalRevisionAdmin(RecordAdmin):
    list_display = ["title", "goal", "pair", "status", "actor", "created_at"]
    list_filter = ["status"]
    search_fields = ["title", *(f"goal__{name}" for name in PAIR_SEARCH)]
    list_select_related = ["actor", *(f"goal__{name}" for name in PAIR_SELECT)]

    @admin.display(description=_("mentorship"), ordering="goal__mentorship")
    def pair(self, obj):
        return obj.goal.mentorship


# --- meetings and messages -----------------------------------------------------------------


class MeetingOptionInline(ReadOnlyInline):
    """The times a proposal offered (the accepted one became the meeting's start)."""

    model = MeetingOption
    fields = ["position", "starts_at"]
    readonly_fields = fields
    show_change_link = False


@admin.register(Meeting)
class MeetingAdmin(RecordAdmin):
    list_display = [
        "starts_at",
        "mentorship",
        "duration_minutes",
        "time_zone",
        "status",
        "origin",
        "proposed_by",
        "cancelled_at",
    ]
    list_filter = ["status", "origin", "starts_at"]
    search_fields = PAIR_SEARCH
    list_select_related = [*PAIR_SELECT, "proposed_by"]
    date_hierarchy = "starts_at"
    inlines = [MeetingOptionInline]


@admin.register(Message)
class MessageAdmin(RecordAdmin):
    """Who wrote to whom and when; the text only on the message's own page."""

    list_display = ["created_at", "author", "mentorship", "emailed_at"]
    list_display_links = ["created_at"]
    list_filter = ["created_at"]
    search_fields = PAIR_SEARCH  # never the text of the messages
    actions = None  # the action checkbox would label each row with the message's text
    list_select_related = [*PAIR_SELECT, "author"]
    date_hierarchy = "created_at"
    fields = ["mentorship", "author", "created_at", "emailed_at", "body"]


# --- safeguarding (issue 20): for the safeguarding leads --------------------------------------


@admin.register(SafeguardingReading)
class SafeguardingReadingAdmin(RecordAdmin):
    """Every reading of a minor's conversation by a lead: who, when, which pair."""

    list_display = ["created_at", "reader", "mentorship"]
    list_select_related = ["reader", "mentorship__mentor", "mentorship__mentee"]
    search_fields = ["reader__email", "mentorship__mentor__email", "mentorship__mentee__email"]
    date_hierarchy = "created_at"
    fields = ["created_at", "reader", "mentorship"]
    readonly_fields = fields


@admin.register(SafeguardingAlert)
class SafeguardingAlertAdmin(admin.ModelAdmin):
    """ "I feel unsafe": what she wrote, read-only; the lead records when and how it was
    handled (she is recorded as the one who handled it)."""

    list_display = ["created_at", "raised_by", "mentorship", "handled_at", "handled_by"]
    list_filter = [("handled_at", admin.EmptyFieldListFilter)]
    list_select_related = ["raised_by", "handled_by", "mentorship__mentor", "mentorship__mentee"]
    search_fields = ["raised_by__email", "mentorship__mentor__email", "mentorship__mentee__email"]
    fields = [
        "created_at",
        "raised_by",
        "mentorship",
        "text",
        "handling_note",
        "handled_at",
        "handled_by",
    ]
    readonly_fields = ["created_at", "raised_by", "mentorship", "text", "handled_at", "handled_by"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        if obj.handled_at is None and obj.handling_note.strip():
            obj.handled_at = timezone.now()
            obj.handled_by = request.user
        super().save_model(request, obj, form, change)


# --- program health (issue 22) --------------------------------------------------------------


@admin.register(HealthSignal)
class HealthSignalAdmin(RecordAdmin):
    """The signals the daily task computed, open and cleared: the health page reads them."""

    list_display = ["mentorship", "kind", "started_on", "cleared_on", "created_at"]
    list_filter = ["kind", ("cleared_on", admin.EmptyFieldListFilter), "started_on"]
    search_fields = PAIR_SEARCH
    list_select_related = PAIR_SELECT


@admin.register(CheckIn)
class CheckInAdmin(RecordAdmin):
    """Staff's contacts with pairs, logged on the health page: read here, not changed (they
    count in the program's figures per pair and month)."""

    list_display = ["created_at", "mentorship", "channel", "outcome", "snoozed_until", "staff"]
    list_filter = ["channel", "outcome", "created_at"]
    search_fields = PAIR_SEARCH
    list_select_related = [*PAIR_SELECT, "staff"]
    date_hierarchy = "created_at"


@admin.register(ExitAnswer)
class ExitAnswerAdmin(RecordAdmin):
    """Why people closed mentorships and whether they would join again: read here, never
    changed (they are her answers)."""

    list_display = ["created_at", "mentorship", "person", "reason", "would_join_again"]
    list_filter = ["reason", "would_join_again", "created_at"]
    search_fields = PAIR_SEARCH
    list_select_related = [*PAIR_SELECT, "person"]
    date_hierarchy = "created_at"
