from django.contrib import admin
from django.contrib.admin.models import LogEntry
from django.utils.translation import gettext_lazy as _

from core.admin import ReadOnlyAdmin


@admin.register(LogEntry)
class LogEntryAdmin(ReadOnlyAdmin):
    """Who changed what in the admin, and when: the staff's audit trail, read-only."""

    list_display = [
        "action_time",
        "user",
        "content_type",
        "object_repr",
        "action",
        "change_message_text",
    ]
    list_filter = ["action_flag", "content_type"]
    search_fields = ["object_repr", "change_message", "user__email"]
    list_select_related = ["user", "content_type"]
    date_hierarchy = "action_time"
    fields = [
        "action_time",
        "user",
        "content_type",
        "object_id",
        "object_repr",
        "action",
        "change_message_text",
    ]
    readonly_fields = fields

    @admin.display(description=_("action"), ordering="action_flag")
    def action(self, obj):
        return {1: _("Added"), 2: _("Changed"), 3: _("Deleted")}.get(obj.action_flag, "")

    @admin.display(description=_("change"))
    def change_message_text(self, obj):
        return obj.get_change_message()
