from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.utils.html import format_html_join
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from . import services
from .models import ConnectionRequest, FlashBooking, FlashSlot, MentorPresentation, RequestEvent


class ApprovalFilter(admin.SimpleListFilter):
    title = _("approval")
    parameter_name = "approval"

    def lookups(self, request, model_admin):
        return [
            ("awaiting", _("Awaiting approval")),
            ("approved", _("Approved")),
            ("draft", _("Not published")),
        ]

    def queryset(self, request, queryset):
        if self.value() == "awaiting":
            return queryset.awaiting_approval()
        if self.value() == "approved":
            return queryset.filter(approved_at__isnull=False)
        if self.value() == "draft":
            return queryset.filter(is_published=False)
        return queryset


@admin.register(MentorPresentation)
class MentorPresentationAdmin(admin.ModelAdmin):
    list_display = [
        "headline",
        "mentor",
        "is_published",
        "approved_at",
        "has_changes",
        "accepting_requests",
        "capacity",
        "published_at",
    ]
    list_filter = [
        ApprovalFilter,
        "is_published",
        "accepting_requests",
        "offers_traditional",
        "offers_flash",
        "expertise",
    ]
    search_fields = ["headline", "introduction", "mentor__email", "mentor__profile__display_name"]
    list_select_related = ["mentor"]
    autocomplete_fields = ["mentor"]
    filter_horizontal = ["expertise", "languages"]
    readonly_fields = [
        "public_id",
        "published_at",
        "approved_at",
        "approved_by",
        "changes",
        "revised_at",
        "return_note",
        "returned_at",
        "created_at",
        "updated_at",
    ]
    actions = ["approve"]
    # The review box, above the form: "Approve", and "Return with a note".
    change_form_template = "admin/matching/mentorpresentation/change_form.html"

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        """The review box's two buttons post to the change page itself (no URL of their own):
        each is answered here, through the services, before the admin's own form is read."""
        reviewing = "_approve" in request.POST or "_return" in request.POST
        if request.method == "POST" and object_id is not None and reviewing:
            return self._review(request, object_id)
        extra_context = extra_context or {}
        if object_id is not None:
            presentation = self.get_object(request, object_id)
            extra_context["review"] = presentation is not None and (
                self.has_change_permission(request, presentation)
                and MentorPresentation.objects.awaiting_approval()
                .filter(pk=presentation.pk)
                .exists()
            )
        return super().changeform_view(request, object_id, form_url, extra_context)

    def _review(self, request, object_id):
        presentation = get_object_or_404(self.get_queryset(request), pk=object_id)
        if not self.has_change_permission(request, presentation):
            raise PermissionDenied
        if "_approve" in request.POST:
            if services.approve_presentation(presentation=presentation, by=request.user):
                self.message_user(
                    request,
                    _("The presentation is approved; the mentor has been told."),
                    messages.SUCCESS,
                )
            else:
                self.message_user(
                    request, _("This presentation is no longer awaiting approval."), messages.INFO
                )
        else:
            try:
                services.return_presentation(
                    presentation=presentation, by=request.user, note=request.POST.get("note", "")
                )
            except ValidationError as error:
                for message in error.messages:
                    self.message_user(request, message, messages.ERROR)
            else:
                self.message_user(
                    request,
                    _("The presentation is returned; the mentor has been sent your note."),
                    messages.SUCCESS,
                )
        return HttpResponseRedirect(request.path)

    @admin.display(boolean=True, description=_("changes awaiting approval"))
    def has_changes(self, obj):
        return obj.has_revision

    @admin.display(description=_("changes awaiting approval"))
    def changes(self, obj):
        """Her changed texts, next to the approved ones above; approving copies them over."""
        if not obj.has_revision:
            return "—"
        labels = {name: obj._meta.get_field(name).verbose_name for name in obj.REVIEWED_FIELDS}
        return format_html_join(
            "",
            "<p><strong>{}</strong><br>{}</p>",
            ((capfirst(labels[name]), value) for name, value in obj.revision.items()),
        )

    @admin.action(description=_("Approve the selected presentations"))
    def approve(self, request, queryset):
        count = services.approve_presentations(presentations=queryset, by=request.user)
        self.message_user(
            request,
            ngettext(
                "%(count)d presentation approved; the mentor has been told by email.",
                "%(count)d presentations approved; the mentors have been told by email.",
                count,
            )
            % {"count": count},
            messages.SUCCESS,
        )


class RequestEventInline(admin.TabularInline):
    model = RequestEvent
    extra = 0
    can_delete = False
    fields = ["created_at", "actor", "from_status", "to_status", "note"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(ConnectionRequest)
class ConnectionRequestAdmin(admin.ModelAdmin):
    list_display = ["__str__", "style", "status", "created_at", "responded_at"]
    list_filter = ["status", "style", "created_at"]
    search_fields = [
        "mentee__email",
        "mentor__email",
        "mentee__profile__display_name",
        "mentor__profile__display_name",
    ]
    list_select_related = ["mentee__profile", "mentor__profile"]
    date_hierarchy = "created_at"
    readonly_fields = [
        "public_id",
        "mentee",
        "mentor",
        "style",
        "message",
        "status",
        "decline_reason",
        "mentorship",
        "created_at",
        "responded_at",
    ]
    inlines = [RequestEventInline]

    def has_add_permission(self, request):
        return False


@admin.register(RequestEvent)
class RequestEventAdmin(admin.ModelAdmin):
    list_display = ["request", "from_status", "to_status", "actor", "created_at"]
    list_filter = ["to_status"]
    search_fields = ["request__mentee__email", "request__mentor__email"]
    list_select_related = ["request__mentee__profile", "request__mentor__profile", "actor"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class ReadOnlyRecordAdmin(admin.ModelAdmin):
    """Records written by the services: staff read them, nothing is changed here."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(FlashSlot)
class FlashSlotAdmin(ReadOnlyRecordAdmin):
    list_display = ["__str__", "mentor", "time_zone", "repeat_weekly_until", "removed_at"]
    list_filter = ["removed_at", "created_at"]
    search_fields = ["mentor__email", "mentor__profile__display_name"]
    list_select_related = ["mentor__profile"]
    date_hierarchy = "starts_at"


@admin.register(FlashBooking)
class FlashBookingAdmin(ReadOnlyRecordAdmin):
    list_display = ["__str__", "mentor", "mentee", "status", "created_at", "cancelled_at"]
    list_filter = ["status", "created_at"]
    search_fields = [
        "mentee__email",
        "mentor__email",
        "mentee__profile__display_name",
        "mentor__profile__display_name",
    ]
    list_select_related = ["mentee__profile", "mentor__profile"]
    date_hierarchy = "starts_at"


# The rounds' admins live with the rounds; importing them here registers them with the admin.
from .rounds import admin as rounds_admin  # noqa: E402, F401
