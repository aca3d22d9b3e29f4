from django.contrib.auth.decorators import login_not_required
from django.shortcuts import redirect, render

from cycles import selectors as cycle_selectors
from evaluations import selectors as evaluation_selectors
from matching import selectors as matching_selectors
from profiles import access
from profiles import selectors as profile_selectors

from .checklist import checklist_for


@login_not_required
def home(request):
    if request.user.is_authenticated:
        return redirect("dashboard")
    return render(request, "pages/home.html")


def dashboard(request):
    user = request.user
    profile = request.profile
    if access.runs_the_program(user, profile):
        return render(request, "westem/dashboard_staff.html")
    hers = cycle_selectors.mentorships_of(user)
    mentorships = [mentorship for mentorship in hers if mentorship.is_active]
    return render(
        request,
        "westem/dashboard.html",
        {
            "profile": profile,
            "checklist": checklist_for(
                profile,
                mentorships=mentorships,
                conduct_accepted=getattr(request, "accepted_current_code", None),
            ),
            # It only asks whether she has fields and languages: two plain queries (as many
            # as a prefetch) cost less than prefetching them.
            "completeness": profile_selectors.profile_completeness(profile),
            "mentorships": mentorships,
            "evaluations_waiting": [
                (mentorship, mentorship.other(user))
                for mentorship in evaluation_selectors.final_evaluations_waiting(user, of=hers)
            ],
            "pending_requests": (
                matching_selectors.pending_count_for_mentor(user) if profile.is_mentor else 0
            ),
        },
    )
