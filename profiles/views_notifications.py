"""Her reminder emails: the settings page and the one-click unsubscribe link of each email."""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from . import notifications
from .forms_notifications import NotificationSettingsForm
from .models import NotificationKind


@require_http_methods(["GET", "POST"])
def notification_settings(request):
    off = notifications.turned_off(user=request.user)
    initial = [value for value, _label in notifications.offered_kinds() if value not in off]
    # Every box unticked is an empty POST, and still a choice to save.
    data = request.POST if request.method == "POST" else None
    form = NotificationSettingsForm(data, initial={"kinds": initial})
    if request.method == "POST" and form.is_valid():
        notifications.set_notification_choices(
            user=request.user, wanted=set(form.cleaned_data["kinds"])
        )
        messages.success(request, _("Your email choices are saved."))
        return redirect("notification_settings")
    return render(request, "profiles/notification_settings.html", {"form": form})


@login_not_required
@csrf_exempt  # the signed link is the proof; mail programs post without a form (RFC 8058)
@require_http_methods(["GET", "POST"])
def notification_unsubscribe(request, token):
    """GET shows a confirmation with a button; POST turns the kind off."""
    found = notifications.read_unsubscribe_token(token)
    if found is None or found[1] not in dict(notifications.offered_kinds()):
        return render(request, "profiles/notification_bad_link.html", status=400)
    user_id, kind = found
    label = NotificationKind(kind).label
    if request.method == "POST":
        if not notifications.turn_off(user_id=user_id, kind=kind):
            return render(request, "profiles/notification_bad_link.html", status=400)
        return render(request, "profiles/notification_unsubscribed.html", {"label": label})
    return render(request, "profiles/notification_unsubscribe.html", {"label": label})
