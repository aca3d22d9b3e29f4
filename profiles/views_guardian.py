"""A guardian's consent: her page to name her guardian and send the email (again), and the
two pages the guardian opens from an email without signing in (consent, withdraw)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from core.forms import add_service_errors
from notifications.emails import absolute_url

from . import access, guardian, selectors, services
from .age import needs_guardian
from .forms_guardian import GuardianForm

MAX_TOKEN_LENGTH = 100


@require_http_methods(["GET", "POST"])
def guardian_page(request):
    profile = selectors.profile_for_page(request.user)
    latest = selectors.latest_guardian_consent(request.user)
    initial = {}
    if latest is not None:
        initial = {"guardian_name": latest.guardian_name, "guardian_email": latest.guardian_email}
    form = GuardianForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.ask_guardian(user=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("We have emailed %(name)s. You can take part once they have consented.")
                % {"name": form.cleaned_data["guardian_name"]},
            )
            return redirect("profiles:guardian")
    return render(
        request,
        "profiles/guardian/ask.html",
        {
            "form": form,
            "latest": latest,
            "needed": needs_guardian(profile.birth_date, profile.country),
            "taking_part": access.may_take_part(request.user),
        },
    )


@login_not_required
@require_http_methods(["GET", "POST"])
def guardian_consent(request, token):
    consent = services.guardian_consent_for(token[:MAX_TOKEN_LENGTH])
    if consent is None:
        return render(request, "profiles/guardian/link_used.html", status=404)
    name = consent.user.profile.display_name or _("your child")
    if request.method == "POST":
        try:
            consent, withdraw_url = services.give_guardian_consent(token=token)
        except ValidationError:
            return render(request, "profiles/guardian/link_used.html", status=404)
        return render(
            request,
            "profiles/guardian/thanks.html",
            {"consent": consent, "name": name, "withdraw_url": absolute_url(withdraw_url)},
        )
    return render(
        request,
        "profiles/guardian/consent.html",
        {"consent": consent, "name": name, "text": guardian.consent_text(name)},
    )


@login_not_required
@require_http_methods(["GET", "POST"])
def guardian_withdraw(request, token):
    consent = services.guardian_consent_to_withdraw(token[:MAX_TOKEN_LENGTH])
    if consent is None:
        return render(request, "profiles/guardian/link_used.html", status=404)
    name = consent.user.profile.display_name or _("your child")
    if request.method == "POST":
        try:
            services.withdraw_guardian_consent(token=token)
        except ValidationError:
            return render(request, "profiles/guardian/link_used.html", status=404)
        return render(request, "profiles/guardian/withdrawn.html", {"name": name})
    return render(request, "profiles/guardian/withdraw.html", {"consent": consent, "name": name})
