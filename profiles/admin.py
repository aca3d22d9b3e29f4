from allauth.account.admin import EmailAddressAdmin as BaseEmailAddressAdmin
from allauth.account.forms import ResetPasswordForm
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.auth.admin import GroupAdmin as BaseGroupAdmin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count, Exists, OuterRef
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from core.admin import ReadOnlyAdmin
from core.cldr import country_name, reader_language
from core.collation import collated
from core.forms import country_choices

from . import access, personal_data, privacy, selectors, services
from .models import (
    Block,
    CodeOfConduct,
    CodeOfConductAcceptance,
    Consent,
    ExpertiseArea,
    GuardianConsent,
    MentorScreening,
    Profile,
    Report,
    SpokenLanguage,
    StaffFollowUp,
    User,
)
from .views_privacy import json_attachment

admin.site.site_header = _("WESTEM administration")
admin.site.site_title = _("WESTEM")
admin.site.index_title = _("Program administration")


class ProfileInline(admin.StackedInline):
    model = Profile
    can_delete = False
    fields = ("role", "display_name", "country", "language")
    extra = 0

    def has_change_permission(self, request, obj=None):
        # ``obj`` is the user whose page this is.
        if obj is not None and not access.may_manage_account(request.user, obj):
            return False
        return super().has_change_permission(request, obj)


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
    actions = ["export_personal_data", "erase_people", "send_password_reset"]

    # What program staff see of a participant's account: her address, whether she may sign
    # in (which they may change), and, to read only, her status, groups and dates. Only a
    # superuser gives powers, sets a password or changes an address (an address changed here
    # and a reset email would hand over the account).
    program_staff_fieldsets = (
        (None, {"fields": ("email",)}),
        (_("Permissions"), {"fields": ("is_active", "is_staff", "is_superuser", "groups")}),
        (_("Important dates"), {"fields": ("last_login", "date_joined")}),
    )
    program_staff_readonly = ("email", "is_staff", "is_superuser", "groups", "user_permissions")

    def get_fieldsets(self, request, obj=None):
        if obj is not None and not access.may_manage_staff(request.user):
            return self.program_staff_fieldsets
        return super().get_fieldsets(request, obj)

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if not access.may_manage_staff(request.user):
            readonly += self.program_staff_readonly
        return readonly

    def has_change_permission(self, request, obj=None):
        if obj is not None and not access.may_manage_account(request.user, obj):
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and not access.may_manage_account(request.user, obj):
            return False
        return super().has_delete_permission(request, obj)

    def user_change_password(self, request, id, form_url=""):
        """Only a superuser sets a password; program staff send the reset email."""
        if not access.may_manage_staff(request.user):
            raise PermissionDenied
        return super().user_change_password(request, id, form_url)

    def _refuse_accounts_with_powers(self, request, people) -> bool:
        """True (with a message) when the selection holds an account she may not manage."""
        if all(access.may_manage_account(request.user, person) for person in people):
            return False
        self.message_user(
            request,
            _(
                "Only a superuser manages the accounts of staff, reporters and superusers. "
                "Nothing was done."
            ),
            messages.ERROR,
        )
        return True

    @admin.display(description=_("display name"), ordering="profile__display_name")
    def display_name(self, obj):
        return getattr(getattr(obj, "profile", None), "display_name", "")

    @admin.display(description=_("role"), ordering="profile__role")
    def role(self, obj):
        profile = getattr(obj, "profile", None)
        return profile.get_role_display() if profile else ""

    @admin.action(description=_("Export personal data (JSON)"), permissions=["view"])
    def export_personal_data(self, request, queryset):
        """A person's data request by email: the same file she downloads from "My data"."""
        people = list(queryset[:2])
        if len(people) != 1:
            self.message_user(
                request, _("Select exactly one person to export her data."), messages.WARNING
            )
            return None
        person = people[0]
        if self._refuse_accounts_with_powers(request, people):
            return None
        return json_attachment(
            privacy.export_user_data(user=person, by_staff=True),
            f"westem-personal-data-{person.pk}-{timezone.localdate():%Y-%m-%d}.json",
        )

    @admin.action(description=_("Erase the selected people (data request)"), permissions=["change"])
    def erase_people(self, request, queryset):
        """Erase people who asked for it, after a confirmation page listing them."""
        people = list(queryset.select_related("profile").order_by("email"))
        if any(person.pk == request.user.pk for person in people):
            self.message_user(
                request,
                _("You cannot erase your own account here. Use “Delete my account” instead."),
                messages.ERROR,
            )
            return None
        if self._refuse_accounts_with_powers(request, people):
            return None
        already = [person for person in people if personal_data.is_erased(person)]
        people = [person for person in people if not personal_data.is_erased(person)]
        if request.POST.get("post") and people:
            with transaction.atomic():
                for person in people:
                    privacy.erase_user(user=person, by=request.user)
            self.message_user(
                request,
                ngettext(
                    "%(count)d person erased. Her mentorships have ended and her partners "
                    "have been told.",
                    "%(count)d people erased. Their mentorships have ended and their partners "
                    "have been told.",
                    len(people),
                )
                % {"count": len(people)},
                messages.SUCCESS,
            )
            return None
        if not people:
            self.message_user(
                request, _("The selected people have already been erased."), messages.INFO
            )
            return None
        request.current_app = self.admin_site.name
        return TemplateResponse(
            request,
            "admin/profiles/erase_confirmation.html",
            {
                **self.admin_site.each_context(request),
                "title": _("Erase personal data"),
                "opts": self.model._meta,
                "people": people,
                "already": already,
                "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
                "media": self.media,
            },
        )

    @admin.action(description=_("Send a password reset email"), permissions=["change"])
    def send_password_reset(self, request, queryset):
        """Help for a person who lost her password: allauth's reset email, to her own
        address. Staff never set a password themselves."""
        people = list(queryset.order_by("email"))
        if self._refuse_accounts_with_powers(request, people):
            return
        sent = 0
        for person in people:
            form = ResetPasswordForm(data={"email": person.email})
            if person.is_active and form.is_valid():
                form.save(request)
                sent += 1
        self.message_user(
            request,
            ngettext(
                "%(count)d password reset email sent.",
                "%(count)d password reset emails sent.",
                sent,
            )
            % {"count": sent},
            messages.SUCCESS if sent == len(people) else messages.WARNING,
        )


class SuperuserWritesOnly:
    """The keys to accounts (groups and their permissions, email addresses, authenticators)
    are a superuser's to change, whatever permissions a group was given: program staff read
    them at most (``access.may_manage_staff``)."""

    def has_add_permission(self, request, *args):
        return access.may_manage_staff(request.user) and super().has_add_permission(request, *args)

    def has_change_permission(self, request, obj=None):
        return access.may_manage_staff(request.user) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return access.may_manage_staff(request.user) and super().has_delete_permission(request, obj)


for _model, _base in (
    (Group, BaseGroupAdmin),
    (EmailAddress, BaseEmailAddressAdmin),
):
    admin.site.unregister(_model)
    admin.site.register(_model, type(_base.__name__, (SuperuserWritesOnly, _base), {}))


class CountryFilter(admin.SimpleListFilter):
    """The countries people live in, named and ordered in the reader's language: Django's own
    filter would list all 249 countries, "Österrike" among the O's in Swedish."""

    title = _("country")
    parameter_name = "country"

    def lookups(self, request, model_admin):
        codes = Profile.objects.exclude(country="").order_by().values_list("country", flat=True)
        named = ((code, country_name(code)) for code in set(codes))
        return collated(named, reader_language(), key=lambda choice: choice[1])

    def queryset(self, request, queryset):
        return queryset.filter(country=self.value()) if self.value() else queryset


class ScreeningFilter(admin.SimpleListFilter):
    """Mentors by their screening today (issue 20): valid, expired (recorded, none valid now),
    or none recorded. Over the profile's ``user``."""

    title = _("screening")
    parameter_name = "screening"

    def lookups(self, request, model_admin):
        return [("valid", _("valid")), ("expired", _("expired")), ("none", _("none"))]

    def queryset(self, request, queryset):
        valid = selectors.screened_filter("user__")
        recorded = Exists(MentorScreening.objects.filter(mentor_id=OuterRef("user_id")))
        if self.value() == "valid":
            return queryset.filter(valid)
        if self.value() == "expired":
            return queryset.filter(recorded).exclude(valid)
        if self.value() == "none":
            return queryset.exclude(recorded)
        return queryset


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
        CountryFilter,
        "language",
        "style_traditional",
        "style_flash",
        "expertise",
        ScreeningFilter,
    ]
    search_fields = ["display_name", "user__email", "organisation"]
    list_select_related = ["user"]
    autocomplete_fields = ["user"]
    filter_horizontal = ["expertise", "languages"]
    readonly_fields = ["created_at", "updated_at", "onboarded_at", "manual_read_at"]
    date_hierarchy = "created_at"
    actions = ["mark_preparatory_meeting"]

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if db_field.name == "country":
            # CLDR's names in the reader's order, as on the site's own profile form.
            field.choices = [("", "---------"), *country_choices(reader_language())]
        return field

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        # A profile stays with its person.
        return [*readonly, "user"] if obj is not None else readonly

    def has_change_permission(self, request, obj=None):
        # The profiles of staff, reporters and superusers are a superuser's to change.
        if obj is not None and not access.may_manage_account(request.user, obj.user):
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and not access.may_manage_account(request.user, obj.user):
            return False
        return super().has_delete_permission(request, obj)

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
    """Lists whose names the directory's filters and cards keep in the cache for a while
    (``selectors.reference_lists``): forgotten once the admin's change is committed, so a
    page read in between cannot put the old lists back."""

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        transaction.on_commit(selectors.forget_reference_choices)

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        transaction.on_commit(selectors.forget_reference_choices)

    def delete_queryset(self, request, queryset):
        super().delete_queryset(request, queryset)
        transaction.on_commit(selectors.forget_reference_choices)


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


# --- reminders: what was sent, what is turned off ------------------------------------------


# --- safety: reports and blocks ------------------------------------------------------------


class ReportAdminForm(forms.ModelForm):
    """Staff change the status and the note; the move is checked like the service checks it."""

    class Meta:
        model = Report
        fields = ["status", "staff_note"]

    def clean_status(self):
        status = self.cleaned_data["status"]
        if not self.instance.can_move_to(status):  # the instance still holds the saved status
            raise forms.ValidationError(
                _("This report is %(status)s; it cannot be marked %(new)s.")
                % {
                    "status": self.instance.get_status_display().lower(),
                    "new": Report.Status(status).label.lower(),
                }
            )
        return status


@admin.register(Report)
class ReportAdmin(admin.ModelAdmin):
    """Reports come from the site; staff read them here and record what they did."""

    form = ReportAdminForm
    list_display = ["reported", "reporter", "reason", "status", "created_at"]
    list_filter = ["status", "reason"]
    search_fields = ["reported__email", "reporter__email"]
    list_select_related = ["reported", "reporter"]
    readonly_fields = [
        "reporter",
        "reported",
        "mentorship",
        "reason",
        "details",
        "created_at",
        "reviewed_at",
        "reviewed_by",
    ]
    fieldsets = (
        (
            None,
            {"fields": ("reporter", "reported", "mentorship", "reason", "details", "created_at")},
        ),
        (_("Review"), {"fields": ("status", "staff_note", "reviewed_at", "reviewed_by")}),
    )
    actions = ["mark_reviewed"]

    def has_add_permission(self, request):
        return False

    def save_model(self, request, obj, form, change):
        services.review_report(
            report=obj,
            by=request.user,
            status=form.cleaned_data["status"],
            note=form.cleaned_data["staff_note"],
        )

    @admin.action(description=_("Mark as reviewed"), permissions=["change"])
    def mark_reviewed(self, request, queryset):
        count = 0
        for report in queryset.filter(status=Report.Status.OPEN):
            services.review_report(report=report, by=request.user, status=Report.Status.REVIEWED)
            count += 1
        self.message_user(
            request,
            ngettext(
                "%(count)d report marked as reviewed.",
                "%(count)d reports marked as reviewed.",
                count,
            )
            % {"count": count},
            messages.SUCCESS,
        )


@admin.register(Block)
class BlockAdmin(ReadOnlyAdmin):
    """Read-only: people block and unblock on the site."""

    list_display = ["blocker", "blocked", "created_at"]
    search_fields = ["blocker__email", "blocked__email"]
    list_select_related = ["blocker", "blocked"]


@admin.register(StaffFollowUp)
class StaffFollowUpAdmin(ReadOnlyAdmin):
    """Read-only: who marked which to-do item done, and when (the to-do page writes it)."""

    list_display = ["kind", "object_id", "by", "at"]
    list_filter = ["kind"]
    search_fields = ["by__email"]
    list_select_related = ["by"]
    date_hierarchy = "at"


@admin.register(Consent)
class ConsentAdmin(admin.ModelAdmin):
    """Records of what people agreed to; kept as given, never edited."""

    list_display = ["user", "kind", "version", "given_at"]
    list_filter = ["kind", "version"]
    search_fields = ["user__email"]
    list_select_related = ["user"]
    date_hierarchy = "given_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(GuardianConsent)
class GuardianConsentAdmin(ReadOnlyAdmin):
    """A guardian's consent for a girl below her country's age of digital consent, as given
    (read-only; the one-time links are never shown). Her guardian may ask staff for her data
    (the action below) or for its erasure: that is the "Erase the selected people" action on
    her account under People, the same erasure as anyone's."""

    list_display = ["user", "guardian_name", "requested_at", "consented_at", "withdrawn_at"]
    list_filter = [
        ("consented_at", admin.EmptyFieldListFilter),
        ("withdrawn_at", admin.EmptyFieldListFilter),
    ]
    search_fields = ["user__email", "guardian_name", "guardian_email"]
    list_select_related = ["user"]
    date_hierarchy = "requested_at"
    fields = [
        "user",
        "guardian_name",
        "guardian_email",
        "requested_at",
        "consented_at",
        "text_version",
        "consented_text",
        "withdrawn_at",
    ]
    readonly_fields = fields
    actions = ["export_for_guardian"]

    @admin.action(description=_("Export her data for the guardian (JSON)"), permissions=["view"])
    def export_for_guardian(self, request, queryset):
        """Her data file, the one she downloads herself, to send to the guardian who asked.
        Erasure on the guardian's request: "Erase the selected people" on her account."""
        consents = list(queryset.select_related("user")[:2])
        if len({consent.user_id for consent in consents}) != 1:
            self.message_user(
                request, _("Select exactly one person to export her data."), messages.WARNING
            )
            return None
        person = consents[0].user
        if not access.may_manage_account(request.user, person):
            raise PermissionDenied
        return json_attachment(
            privacy.export_user_data(user=person, by_staff=True),
            f"westem-personal-data-{person.pk}-{timezone.localdate():%Y-%m-%d}.json",
        )


# --- two-factor authenticators ---------------------------------------------------------------
# allauth's own admin page shows an authenticator's data, which holds its secret. Here staff see
# whose it is, its kind and when it was used, and may delete a lost one (she then sets up a new
# one); nobody adds or edits one by hand, and only a superuser deletes one (SuperuserWritesOnly).
admin.site.unregister(Authenticator)


@admin.register(Authenticator)
class AuthenticatorAdmin(SuperuserWritesOnly, admin.ModelAdmin):
    list_display = ("user", "type", "created_at", "last_used_at")
    list_filter = ("type",)
    list_select_related = ("user",)
    search_fields = ("user__email",)
    fields = ("user", "type", "created_at", "last_used_at")
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


# --- screening of mentors (issue 20) -------------------------------------------------------


class MentorScreeningForm(forms.ModelForm):
    class Meta:
        model = MentorScreening
        fields = ["mentor", "kind", "checked_on", "valid_until", "note"]

    def clean(self):
        cleaned = super().clean()
        checked_on, valid_until = cleaned.get("checked_on"), cleaned.get("valid_until")
        if checked_on and valid_until and valid_until < checked_on:
            self.add_error("valid_until", _("The screening cannot end before it was checked."))
        if checked_on and checked_on > timezone.localdate():
            self.add_error("checked_on", _("The day it was checked cannot be in the future."))
        return cleaned


class ScreeningValidFilter(admin.SimpleListFilter):
    title = _("valid today")
    parameter_name = "valid"

    def lookups(self, request, model_admin):
        return [("yes", _("valid")), ("no", _("expired"))]

    def queryset(self, request, queryset):
        today = timezone.localdate()
        if self.value() == "yes":
            return queryset.valid_on(today)
        if self.value() == "no":
            return queryset.exclude(pk__in=queryset.valid_on(today).values("pk"))
        return queryset


@admin.register(MentorScreening)
class MentorScreeningAdmin(admin.ModelAdmin):
    """Staff record a mentor's screening after checking it (the extract itself is not kept):
    a mentee under 18 sees, requests and books only mentors with valid screening."""

    form = MentorScreeningForm
    list_display = ["mentor", "kind", "checked_on", "valid_until", "is_valid", "checked_by"]
    list_filter = [ScreeningValidFilter, "valid_until"]
    search_fields = ["mentor__email", "mentor__profile__display_name"]
    list_select_related = ["mentor", "checked_by"]
    autocomplete_fields = ["mentor"]
    readonly_fields = ["checked_by", "created_at"]
    date_hierarchy = "valid_until"

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "mentor":
            kwargs["queryset"] = User.objects.filter(profile__role="mentor")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    @admin.display(boolean=True, description=_("valid today"))
    def is_valid(self, obj):
        return obj.is_valid_on(timezone.localdate())

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        # A screening stays with the mentor it was recorded for.
        return [*readonly, "mentor"] if obj is not None else readonly

    def save_model(self, request, obj, form, change):
        data = {name: value for name, value in form.cleaned_data.items() if name != "mentor"}
        saved = services.record_screening(
            screening=obj if change else None,
            mentor=form.cleaned_data.get("mentor"),
            by=request.user,
            **data,
        )
        obj.pk, obj.checked_by = saved.pk, saved.checked_by
