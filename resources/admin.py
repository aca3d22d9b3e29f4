"""The library in the admin: program staff curate the resources (a link or a checked upload);
the participants' first visits are read-only."""

from django.contrib import admin
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from . import services
from .filters import phase_choices
from .forms import ResourceAdminForm
from .models import PHASE_FIELDS, Resource, ResourceVisit
from .validators import label_for


class PhaseFilter(admin.SimpleListFilter):
    title = _("phase")
    parameter_name = "phase"

    def lookups(self, request, model_admin):
        return [(str(number), label) for number, label in phase_choices()]

    def queryset(self, request, queryset):
        if self.value() and self.value().isdigit() and int(self.value()) in PHASE_FIELDS:
            return queryset.filter(**{PHASE_FIELDS[int(self.value())]: True})
        return queryset


def _adopt(obj: Resource, saved: Resource) -> None:
    """The admin goes on with the object it built (its log entry and its redirect read it):
    give it what the service saved."""
    for field in Resource._meta.concrete_fields:
        setattr(obj, field.attname, getattr(saved, field.attname))
    obj._state.adding = False


@admin.register(Resource)
class ResourceAdmin(admin.ModelAdmin):
    form = ResourceAdminForm
    list_display = (
        "title",
        "category",
        "kind",
        "audience",
        "language",
        "phase_list",
        "is_featured",
        "is_published",
    )
    list_filter = (
        "category",
        "kind",
        "audience",
        "language",
        PhaseFilter,
        "is_featured",
        "is_published",
    )
    search_fields = ("title", "summary", "url")
    readonly_fields = ("current_file", "created_at", "updated_at")
    list_per_page = 50

    def get_fieldsets(self, request, obj=None):
        file_fields = ["url", "upload"]
        if obj is not None and obj.file:
            file_fields += ["current_file", "remove_file"]
        return (
            (None, {"fields": ("title", "summary", "category", "kind", "language")}),
            (
                _("Who and when it helps"),
                {"fields": ("audience", "phases", "for_traditional", "for_flash")},
            ),
            (
                _("Link or file"),
                {
                    "description": _(
                        "Give exactly one: a link to a page elsewhere, or a file that "
                        "participants download."
                    ),
                    "fields": file_fields,
                },
            ),
            (
                _("In the library"),
                {
                    "fields": ("is_featured", "is_published")
                    + (("created_at", "updated_at") if obj is not None else ())
                },
            ),
        )

    @admin.display(description=_("phases"))
    def phase_list(self, obj: Resource) -> str:
        return ", ".join(str(number) for number in obj.phases()) or "—"

    @admin.display(description=_("current file"))
    def current_file(self, obj: Resource) -> str:
        if not obj.file:
            return "—"
        label = f"{label_for(obj.file_type)} · {filesizeformat(obj.file_size)}"
        name = obj.file.name.rsplit("/", 1)[-1]
        if obj.is_published:
            url = reverse("resources:resource_download", args=[obj.public_id])
            return format_html('<a href="{}">{}</a> ({})', url, name, label)
        return format_html("{} ({})", name, label)

    def view_on_site(self, obj: Resource):
        return (
            reverse("resources:resource_detail", args=[obj.public_id]) if obj.is_published else None
        )

    def save_model(self, request, obj, form, change):
        upload = form.cleaned_data.get("upload")
        if change:
            saved = services.update_resource(
                resource=obj,
                data=form.resource_data(),
                upload=upload,
                remove_file=bool(form.cleaned_data.get("remove_file")),
            )
        else:
            saved = services.create_resource(data=form.resource_data(), upload=upload)
        _adopt(obj, saved)

    def delete_model(self, request, obj):
        services.delete_resource(resource=obj)

    def delete_queryset(self, request, queryset):
        for resource in queryset:
            services.delete_resource(resource=resource)


@admin.register(ResourceVisit)
class ResourceVisitAdmin(admin.ModelAdmin):
    """Who has opened the library (it ticks her checklist). Written by the library only."""

    list_display = ("user", "first_visited_at")
    search_fields = ("user__email", "user__profile__display_name")
    list_select_related = ("user",)
    date_hierarchy = "first_visited_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


from . import admin_events  # noqa: E402, F401
