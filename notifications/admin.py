from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from core.admin import ReadOnlyAdmin

from . import registry
from .models import InboxItem, Notification, NotificationOptOut


class KindFilter(admin.SimpleListFilter):
    title = _("kind")
    parameter_name = "kind"

    def lookups(self, request, model_admin):
        return [(kind.key, kind.label) for kind in registry.KINDS.values()]

    def queryset(self, request, queryset):
        return queryset.filter(kind=self.value()) if self.value() else queryset


@admin.register(Notification)
class NotificationAdmin(ReadOnlyAdmin):
    list_display = [
        "user",
        "kind_label",
        "occasion",
        "status",
        "attempts",
        "created_at",
        "next_attempt_at",
        "sent_at",
    ]
    list_filter = [KindFilter, "status"]
    search_fields = ["user__email"]
    list_select_related = ["user"]
    date_hierarchy = "created_at"
    exclude = ["context"]  # what the email will say, with links meant for her alone

    @admin.display(description=_("kind"), ordering="kind")
    def kind_label(self, notification):
        return notification.kind_label


@admin.register(NotificationOptOut)
class NotificationOptOutAdmin(ReadOnlyAdmin):
    list_display = ["user", "kind_label", "delivery", "created_at"]
    list_filter = [KindFilter, "delivery"]
    search_fields = ["user__email"]
    list_select_related = ["user"]

    @admin.display(description=_("kind"), ordering="kind")
    def kind_label(self, opt_out):
        return str(opt_out)


class ReadFilter(admin.SimpleListFilter):
    title = _("read")
    parameter_name = "read"

    def lookups(self, request, model_admin):
        return [("no", _("Unread")), ("yes", _("Read"))]

    def queryset(self, request, queryset):
        if self.value() in {"yes", "no"}:
            return queryset.filter(read_at__isnull=self.value() == "no")
        return queryset


@admin.register(InboxItem)
class InboxItemAdmin(ReadOnlyAdmin):
    """What people were told on the site: for answering "I never saw it"."""

    list_display = ["user", "kind_label", "text", "count", "created_at", "read_at"]
    list_filter = [KindFilter, ReadFilter]
    search_fields = ["user__email"]
    list_select_related = ["user"]
    date_hierarchy = "created_at"

    @admin.display(description=_("kind"), ordering="kind")
    def kind_label(self, item):
        return registry.kind_label(item.kind)

    @admin.display(description=_("says"))
    def text(self, item):
        return item.text
