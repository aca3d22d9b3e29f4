from django.contrib import admin

from .models import Mentorship


@admin.register(Mentorship)
class MentorshipAdmin(admin.ModelAdmin):
    list_display = ["__str__", "style", "status", "phase", "start_date", "end_date"]
    list_filter = ["status", "style", "phase"]
    search_fields = [
        "mentor__email",
        "mentee__email",
        "mentor__profile__display_name",
        "mentee__profile__display_name",
    ]
    list_select_related = ["mentor__profile", "mentee__profile"]
    date_hierarchy = "start_date"
    autocomplete_fields = ["mentor", "mentee"]
