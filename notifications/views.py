"""Her optional emails: the settings page and the one-click unsubscribe link of each email."""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from . import preferences, registry
from .forms import NotificationSettingsForm


@require_http_methods(["GET", "POST"])
def notification_settings(request):
    chosen = preferences.choices(user=request.user)
    data = request.POST if request.method == "POST" else None
    form = NotificationSettingsForm(data, chosen=chosen)
    if request.method == "POST" and form.is_valid():
        preferences.set_choices(user=request.user, chosen=form.chosen())
        messages.success(request, _("Your notification choices are saved."))
        return redirect("notifications:settings")
    return render(request, "notifications/settings.html", {"form": form})


@login_not_required
@csrf_exempt  # the signed link is the proof; mail programs post without a form (RFC 8058)
@require_http_methods(["GET", "POST"])
def notification_unsubscribe(request, token):
    """GET shows a confirmation with a button; POST turns the kind off."""
    found = preferences.read_unsubscribe_token(token)
    if found is None:
        return render(request, "notifications/bad_link.html", status=400)
    user_id, kind = found
    label = registry.kind_label(kind)
    if request.method == "POST":
        if not preferences.turn_off(user_id=user_id, kind=kind):
            return render(request, "notifications/bad_link.html", status=400)
        return render(request, "notifications/unsubscribed.html", {"label": label})
    return render(request, "notifications/unsubscribe.html", {"label": label})
