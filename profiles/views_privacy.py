"""Her data rights in her account: "Download my data" and "Delete my account"."""

import json

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from core.forms import add_service_errors

from . import privacy
from .forms_privacy import DeleteAccountForm


def json_attachment(data: dict, filename: str) -> HttpResponse:
    """``data`` as a downloaded, human-readable JSON file."""
    body = json.dumps(data, indent=2, ensure_ascii=False, cls=DjangoJSONEncoder)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_http_methods(["GET", "POST"])
def account_data(request):
    """The page says what the file holds; its button (a POST) downloads the file."""
    if request.method == "POST":
        return json_attachment(
            privacy.export_user_data(user=request.user),
            f"westem-my-data-{timezone.localdate():%Y-%m-%d}.json",
        )
    return render(request, "profiles/account_data.html")


@require_http_methods(["GET", "POST"])
def account_delete(request):
    """Asks for her password and a tick, then erases her account and signs her out.

    Typing the current password here is the re-authentication (allauth checks it, with its
    limit on failed attempts); allauth's ``reauthentication_required`` would instead send the
    POST, password included, through a second password page and keep it in the session."""
    form = DeleteAccountForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            privacy.erase_user(user=request.user, by=request.user)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            logout(request)
            messages.success(
                request,
                _(
                    "Your account has been deleted and your personal data removed. Thank you "
                    "for taking part in WESTEM, and all the best on your way in STEM."
                ),
            )
            return redirect("home")
    return render(
        request,
        "profiles/account_delete.html",
        {"form": form, "preview": privacy.erasure_preview(user=request.user)},
    )


@login_not_required
def privacy_notice(request):
    """The privacy notice that people accept when they sign up (``PRIVACY_NOTICE_VERSION``)."""
    return render(request, "profiles/privacy_notice.html")
