from django.contrib.auth.decorators import login_not_required
from django.shortcuts import redirect, render

from core.steps import CHECKLIST, Step, steps_for
from cycles import selectors as cycle_selectors
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
    mentorships = cycle_selectors.active_mentorships_of(user)
    checklist = checklist_for(
        profile,
        mentorships=mentorships,
        conduct_accepted=getattr(request, "accepted_current_code", None),
    )
    steps = next_steps(user, profile, checklist)
    return render(
        request,
        "westem/dashboard.html",
        {
            "profile": profile,
            "checklist": checklist,
            # It only asks whether she has fields and languages: two plain queries (as many
            # as a prefetch) cost less than prefetching them.
            "completeness": profile_selectors.profile_completeness(profile),
            "mentorships": mentorships,
            "next_step": steps[0] if steps else None,
            "still_open": steps[1:],
        },
    )


def next_steps(user, profile, checklist) -> list[Step]:
    """What is pending for her, most urgent first, as the apps register it (``core.steps``):
    a request to answer, an agreement, a meeting, an evaluation; then her checklist's next
    item, which only she waits for."""
    steps = steps_for(user, profile)
    item = checklist.next_item if checklist else None
    # The mentee's checklist also asks for the first meeting: said once is enough.
    if item is not None and item.url not in {step.url for step in steps}:
        steps.append(
            Step(text=item.action, url=item.url, key=f"checklist:{item.key}", order=CHECKLIST)
        )
    return steps
