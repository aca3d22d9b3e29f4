"""The back office for evaluations: final evaluations (read-only, with CSV and Excel export
actions) and the list of exports.

Session reflections are not registered: they are private to their authors (SPEC §10), and
staff see only anonymous averages of them in the reports.
"""

from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from core.admin import ReadOnlyAdmin
from core.cldr import country_name, reader_language
from core.collation import collated
from profiles import selectors as profile_selectors

from . import services
from .filters import ReportFilters, person_matches
from .models import FINAL_EVALUATION_TEXTS, ExportJob, FinalEvaluation
from .permissions import can_view_reports, sees_minors
from .views_exports import describe_filters, file_response


class AuthorCountryFilter(admin.SimpleListFilter):
    """The author's country, as the reports' country filter."""

    title = _("country")
    parameter_name = "country"

    def lookups(self, request, model_admin):
        codes = (
            FinalEvaluation.objects.exclude(author__profile__country="")
            .values_list("author__profile__country", flat=True)
            .distinct()
        )
        named = ((code, country_name(code)) for code in codes)
        return collated(named, reader_language(), key=lambda choice: choice[1])

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(person_matches(ReportFilters(country=self.value()), "author"))
        return queryset


class AuthorFieldFilter(admin.SimpleListFilter):
    """A field among the author's fields of expertise, as the reports' field filter."""

    title = _("field")
    parameter_name = "field"

    def lookups(self, request, model_admin):
        return [(str(pk), name) for pk, name in profile_selectors.expertise_choices()]

    def queryset(self, request, queryset):
        value = self.value()
        if value and value.isdigit():
            return queryset.filter(person_matches(ReportFilters(field=int(value)), "author"))
        return queryset


@admin.register(FinalEvaluation)
class FinalEvaluationAdmin(ReadOnlyAdmin):
    """Final evaluations are the participants' words: staff read and export them, never
    change or delete them."""

    list_display = [
        "submitted_at",
        "participant",
        "role",
        "style",
        "country",
        "quality_rating",
        "effectiveness_rating",
        "sessions",
    ]
    list_filter = ["submitted_at", "mentorship__style", AuthorCountryFilter, AuthorFieldFilter]
    search_fields = ["author__profile__display_name"]
    date_hierarchy = "submitted_at"
    list_select_related = ["mentorship", "author__profile"]
    fields = [
        "public_id",
        "mentorship",
        "author",
        "submitted_at",
        "sessions",
        "quality_rating",
        "effectiveness_rating",
        *FINAL_EVALUATION_TEXTS,
    ]
    readonly_fields = fields
    actions = ["export_csv", "export_xlsx"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("mentorship", "author__profile")

    @admin.display(description=_("participant"), ordering="author__profile__display_name")
    def participant(self, obj):
        return obj.author.get_full_name()

    @admin.display(description=_("role"))
    def role(self, obj):
        return _("Mentor") if obj.role == "mentor" else _("Mentee")

    @admin.display(description=_("style"), ordering="mentorship__style")
    def style(self, obj):
        return obj.mentorship.get_style_display()

    @admin.display(description=_("country"), ordering="author__profile__country")
    def country(self, obj):
        profile = getattr(obj.author, "profile", None)
        return profile.country.name if profile and profile.country else ""

    @admin.action(description=_("Export selected as CSV"), permissions=["view"])
    def export_csv(self, request, queryset):
        return self._export(request, queryset, ExportJob.Format.CSV)

    @admin.action(description=_("Export selected as Excel"), permissions=["view"])
    def export_xlsx(self, request, queryset):
        return self._export(request, queryset, ExportJob.Format.XLSX)

    def _export(self, request, queryset, format: str):
        """The selection's file at once, or, past ``EXPORT_SYNC_MAX_ROWS``, an export job
        for the selected ids, whose page shows the progress."""
        if not can_view_reports(request.user):
            raise PermissionDenied
        ids = list(queryset.order_by().values_list("pk", flat=True))
        if len(ids) <= settings.EXPORT_SYNC_MAX_ROWS:
            selected = FinalEvaluation.objects.filter(pk__in=ids)
            return file_response(
                selected,
                format=format,
                language=request.LANGUAGE_CODE,
                minors=sees_minors(request.user),
            )
        job = services.start_export(
            by=request.user,
            format=format,
            filters=ReportFilters(),
            language=request.LANGUAGE_CODE,
            ids=ids,
        )
        self.message_user(
            request,
            ngettext(
                "%(count)d final evaluation is being exported; this page shows the progress.",
                "%(count)d final evaluations are being exported; this page shows the progress.",
                len(ids),
            )
            % {"count": len(ids)},
            messages.INFO,
        )
        return redirect("exports:export_detail", public_id=job.public_id)


@admin.register(ExportJob)
class ExportJobAdmin(admin.ModelAdmin):
    """Who exported what, and when. The files themselves are downloaded only by the person
    who asked for them, from the site."""

    list_display = [
        "created_at",
        "requested_by",
        "format",
        "status",
        "total_rows",
        "finished_at",
        "expires_at",
    ]
    list_filter = ["status", "format", "created_at"]
    search_fields = ["requested_by__email"]
    date_hierarchy = "created_at"
    list_select_related = ["requested_by"]
    fields = [
        "public_id",
        "requested_by",
        "format",
        "filters_in_words",
        "language",
        "status",
        "total_rows",
        "rows_done",
        "error",
        "created_at",
        "finished_at",
        "expires_at",
    ]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("filters"))
    def filters_in_words(self, obj):
        return " · ".join(describe_filters(obj.filters)) or _("All final evaluations")
