from django.contrib.auth.decorators import login_not_required
from django.shortcuts import redirect, render

from profiles import selectors as profile_selectors
from profiles import services as profile_services

from .checklist import checklist_for


@login_not_required
def home(request):
    if request.user.is_authenticated:
        return redirect("dashboard")
    return render(request, "pages/home.html")


def dashboard(request):
    user = request.user
    if user.is_staff or (not request.profile.role and profile_services.is_reporter(user)):
        return render(
            request,
            "westem/dashboard_staff.html",
            {
                "is_reporter": profile_services.is_reporter(user),
            },
        )
    profile = profile_selectors.profile_for_page(user)
    return render(
        request,
        "westem/dashboard.html",
        {
            "profile": profile,
            "checklist": checklist_for(profile),
            "completeness": profile_selectors.profile_completeness(profile),
        },
    )


@login_not_required
def privacy(request):
    return render(request, "pages/privacy.html")
