import contextlib

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe
from django.views.i18n import set_language

from core.forms import add_service_errors

from . import access, photos, selectors, services
from .forms import CodeOfConductForm, ProfileForm, RoleForm


def onboarding_role(request):
    profile = request.profile
    # The program's own people do not join it as mentor or mentee.
    if profile.role or access.runs_the_program(request.user, profile):
        return redirect("dashboard")
    form = RoleForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.choose_role(user=request.user, role=form.cleaned_data["role"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return redirect("profiles:onboarding_conduct")
    return render(request, "profiles/onboarding_role.html", {"form": form, "step": 1})


def onboarding_conduct(request):
    code = services.current_code_of_conduct()
    if code is None or services.has_accepted_current_code(user=request.user):
        return redirect("dashboard")
    form = CodeOfConductForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.accept_code_of_conduct(user=request.user, code=code)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Thank you for accepting the code of conduct."))
            return redirect("dashboard")
    previously = request.user.conduct_acceptances.exists()
    return render(
        request,
        "profiles/onboarding_conduct.html",
        {
            "form": form,
            "code": code,
            "step": 2,
            "new_version": previously,
        },
    )


def profile_edit(request):
    profile = selectors.profile_for_page(request.user)
    onboarding = profile.onboarded_at is None
    # Measured before validation copies the unsaved input onto ``profile``.
    completeness = selectors.profile_completeness(profile)
    form = ProfileForm(
        request.POST or None,
        request.FILES or None,
        instance=profile,
        role=profile.role,
    )
    if request.method == "POST" and form.is_valid():
        data = {
            name: form.cleaned_data[name]
            for name in form.Meta.fields
            if name not in ("expertise", "languages") and name in form.fields
        }
        try:
            services.update_profile(
                user=request.user,
                data=data,
                expertise=form.cleaned_data["expertise"],
                languages=form.cleaned_data["languages"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if onboarding:
                messages.success(request, _("Welcome to WESTEM! Your profile is ready."))
            else:
                messages.success(request, _("Your profile has been saved."))
            return redirect("dashboard" if onboarding else "profiles:profile")
    return render(
        request,
        "profiles/profile_form.html",
        {
            "form": form,
            "profile": profile,
            "onboarding": onboarding,
            "step": 3,
            "completeness": completeness,
        },
    )


def profile_detail(request):
    profile = selectors.profile_for_page(request.user)
    return render(
        request,
        "profiles/profile_detail.html",
        {
            "profile": profile,
            "completeness": selectors.profile_completeness(profile),
        },
    )


@login_not_required
def code_of_conduct(request):
    return render(
        request,
        "profiles/code_of_conduct.html",
        {
            "code": services.current_code_of_conduct(),
        },
    )


@login_not_required
def manual(request):
    if request.user.is_authenticated:
        services.record_manual_read(user=request.user)
    return render(request, "pages/manual.html")


@login_not_required
@require_POST
def switch_language(request):
    """Django's set_language, which also stores the choice on a signed-in user's profile."""
    language = request.POST.get("language", "")
    if request.user.is_authenticated:
        with contextlib.suppress(ValidationError):
            services.set_preferred_language(user=request.user, language=language)
    return set_language(request)


@require_safe
def photo(request, key: str):
    """A profile photo, to the people who may see its person (``photos.may_see_photo``); a
    404 to anyone else, as for a photo that does not exist."""
    name = photos.name_from_key(key)
    profile = selectors.profile_with_photo(name) if name is not None else None
    if profile is None or not photos.may_see_photo(request.user, profile.user):
        raise Http404
    storage = photos.photo_storage()
    try:
        handle = storage.open(name)
    except FileNotFoundError as error:
        raise Http404 from error
    response = FileResponse(handle, content_type=photos.content_type_of(name))
    response["Content-Disposition"] = "inline"
    add_never_cache_headers(response)  # a block or an ended mentorship takes effect at once
    return response
