from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.db.models import Count
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from . import selectors, services
from .models import (
    CodeOfConduct,
    CodeOfConductAcceptance,
    ExpertiseArea,
    Profile,
    SpokenLanguage,
    User,
)

admin.site.site_header = _("WESTEM administration")
admin.site.site_title = _("WESTEM")
admin.site.index_title = _("Program administration")


class ProfileInline(admin.StackedInline):
    model = Profile
    can_delete = False
    fields = ("role", "display_name", "country", "language")
    extra = 0


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["email"]
    list_display = ["email", "display_name", "role", "is_active", "is_staff", "date_joined"]
    list_filter = ["profile__role", "is_active", "is_staff", "groups"]
    search_fields = ["email", "profile__display_name"]
    list_select_related = ["profile"]
    inlines = [ProfileInline]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (
            _("Permissions"),
            {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")},
        ),
        (_("Important dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("email", "password1", "password2")}),)
    readonly_fields = ["last_login", "date_joined"]

    @admin.display(description=_("display name"), ordering="profile__display_name")
    def display_name(self, obj):
        return getattr(getattr(obj, "profile", None), "display_name", "")

    @admin.display(description=_("role"), ordering="profile__role")
    def role(self, obj):
        profile = getattr(obj, "profile", None)
        return profile.get_role_display() if profile else ""


@admin.register(Profile)
class ProfileAdmin(admin.ModelAdmin):
    list_display = [
        "__str__",
        "user",
        "role",
        "country",
        "stage",
        "onboarded_at",
        "preparatory_meeting_attended_at",
    ]
    list_filter = [
        "role",
        "stage",
        "country",
        "language",
        "style_traditional",
        "style_flash",
        "expertise",
    ]
    search_fields = ["display_name", "user__email", "organisation"]
    list_select_related = ["user"]
    autocomplete_fields = ["user"]
    filter_horizontal = ["expertise", "languages"]
    readonly_fields = ["created_at", "updated_at", "onboarded_at", "manual_read_at"]
    date_hierarchy = "created_at"
    actions = ["mark_preparatory_meeting"]

    @admin.action(description=_("Mark the preparatory meeting as attended (mentors)"))
    def mark_preparatory_meeting(self, request, queryset):
        count = services.mark_preparatory_meeting_attended(profiles=queryset, by=request.user)
        self.message_user(
            request,
            ngettext(
                "%(count)d mentor marked as attended.",
                "%(count)d mentors marked as attended.",
                count,
            )
            % {"count": count},
            messages.SUCCESS,
        )


class ReferenceListAdmin(admin.ModelAdmin):
    """Lists offered as choices on pages, which keep them in the cache for a while."""

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        selectors.forget_reference_choices()

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        selectors.forget_reference_choices()

    def delete_queryset(self, request, queryset):
        super().delete_queryset(request, queryset)
        selectors.forget_reference_choices()


@admin.register(ExpertiseArea)
class ExpertiseAreaAdmin(ReferenceListAdmin):
    list_display = ["name_en", "name_sv", "slug", "position", "is_active"]
    list_editable = ["position", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["name_en", "name_sv", "slug"]
    prepopulated_fields = {"slug": ["name_en"]}


@admin.register(SpokenLanguage)
class SpokenLanguageAdmin(ReferenceListAdmin):
    list_display = ["name_en", "name_sv", "code"]
    search_fields = ["name_en", "name_sv", "code"]


@admin.register(CodeOfConduct)
class CodeOfConductAdmin(admin.ModelAdmin):
    list_display = ["version", "title_en", "published_at", "acceptance_count"]
    search_fields = ["title_en", "title_sv", "body_en", "body_sv"]
    list_filter = ["published_at"]
    readonly_fields = ["created_at"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(acceptance_total=Count("acceptances"))

    @admin.display(description=_("acceptances"), ordering="acceptance_total")
    def acceptance_count(self, obj):
        return obj.acceptance_total


@admin.register(CodeOfConductAcceptance)
class CodeOfConductAcceptanceAdmin(admin.ModelAdmin):
    list_display = ["user", "code", "accepted_at"]
    list_filter = ["code"]
    search_fields = ["user__email"]
    list_select_related = ["user", "code"]
    date_hierarchy = "accepted_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
