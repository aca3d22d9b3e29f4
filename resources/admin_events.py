"""The back office for events: staff plan them, read who signed up and mark attendance (which
ticks a mentor's preparatory-meeting item). Sign-ups are the participants' own: read-only
here, but for the "Mark as attended" action."""

import zoneinfo

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext, pgettext_lazy

from . import services
from .forms_events import EventAdminForm
from .models import Event, Registration


class RegistrationInline(admin.TabularInline):
    model = Registration
    fields = ["participant", "created_at", "cancelled_at", "attended_at"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True
    verbose_name_plural = _("sign-ups")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("user__profile")

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description=_("participant"))
    def participant(self, registration: Registration) -> str:
        return f"{registration.user.get_full_name()} <{registration.user.email}>"


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    form = EventAdminForm
    list_display = ["title", "kind", "local_start", "places", "is_published"]
    list_filter = ["kind", "audience", "is_published", "starts_at"]
    search_fields = ["title", "description"]
    date_hierarchy = "starts_at"
    readonly_fields = ["public_id", "created_at"]
    inlines = [RegistrationInline]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                taken=Count("registrations", filter=Q(registrations__cancelled_at__isnull=True))
            )
        )

    def save_model(self, request, obj, form, change):
        """Saved as usual; the people signed up hear of a change to their plans (the
        admin's transaction takes the emails with it if it fails)."""
        before = Event.objects.filter(pk=obj.pk).first() if change else None
        super().save_model(request, obj, form, change)
        if before is not None:
            services.tell_sign_ups_of_change(event=obj, before=before)

    @admin.display(description=_("places taken"), ordering="taken")
    def places(self, event: Event) -> str:
        if event.capacity is None:
            return f"{event.taken} / –"
        return f"{event.taken} / {event.capacity}"

    @admin.display(description=_("starts"), ordering="starts_at")
    def local_start(self, event: Event) -> str:
        local = event.starts_at.astimezone(zoneinfo.ZoneInfo(event.time_zone))
        return f"{date_format(local, 'SHORT_DATETIME_FORMAT')} ({event.time_zone})"


class AttendedFilter(admin.SimpleListFilter):
    title = _("attended")
    parameter_name = "attended"

    def lookups(self, request, model_admin):
        return [("yes", _("Yes")), ("no", _("No"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(attended_at__isnull=False)
        if self.value() == "no":
            return queryset.filter(attended_at__isnull=True)
        return queryset


class CancelledFilter(AttendedFilter):
    title = pgettext_lazy("event sign-up", "cancelled")
    parameter_name = "cancelled"

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(cancelled_at__isnull=False)
        if self.value() == "no":
            return queryset.filter(cancelled_at__isnull=True)
        return queryset


@admin.register(Registration)
class RegistrationAdmin(admin.ModelAdmin):
    list_display = ["event", "participant", "created_at", "cancelled_at", "attended_at"]
    list_filter = ["event", AttendedFilter, CancelledFilter]
    search_fields = ["user__email", "user__profile__display_name", "event__title"]
    list_select_related = ["event", "user__profile"]
    fields = ["event", "user", "created_at", "cancelled_at", "attended_at"]
    readonly_fields = fields
    actions = ["mark_as_attended"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        # The list and its action need the permission; a sign-up's own page is read-only.
        return obj is None and super().has_change_permission(request)

    @admin.display(description=_("participant"), ordering="user__email")
    def participant(self, registration: Registration) -> str:
        return f"{registration.user.get_full_name()} <{registration.user.email}>"

    @admin.action(description=_("Mark as attended"), permissions=["change"])
    def mark_as_attended(self, request, queryset):
        try:
            count = services.mark_attended(registrations=queryset, by=request.user)
        except ValidationError as error:
            self.message_user(request, " ".join(error.messages), messages.ERROR)
            return
        self.message_user(
            request,
            ngettext(
                "%(count)d sign-up marked as attended.",
                "%(count)d sign-ups marked as attended.",
                count,
            )
            % {"count": count},
            messages.SUCCESS,
        )
