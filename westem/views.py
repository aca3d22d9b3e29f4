import re

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from core import todo
from core.steps import CHECKLIST, Step, steps_for
from cycles import selectors as cycle_selectors
from cycles.models import Phase
from cycles.permissions import is_safeguarding_lead
from profiles import access
from profiles import selectors as profile_selectors
from profiles import services as profile_services

from .checklist import checklist_for

# What each phase of the cycle is about, as the manual's table "The four phases at a glance"
# puts it: the landing page names the phases (cycles.models.Phase) with these.
PHASE_FOCUS = {
    Phase.PREPARATION: gettext_lazy(
        "Self-reflection, building rapport, setting boundaries, establishing trust"
    ),
    Phase.NEGOTIATION: gettext_lazy(
        "Setting expectations, agreeing a timeline, setting success criteria"
    ),
    Phase.ENABLING: gettext_lazy("Working to achieve the goals, measuring progress"),
    Phase.CLOSURE: gettext_lazy(
        "Evaluating success, capturing lessons learned, focusing on what happens next"
    ),
}


@login_not_required
def home(request):
    if request.user.is_authenticated:
        return redirect("dashboard")
    phases = [(phase.value, phase.label, PHASE_FOCUS[phase]) for phase in Phase]
    return render(request, "pages/home.html", {"phases": phases})


def dashboard(request):
    user = request.user
    profile = request.profile
    if access.runs_the_program(user, profile):
        return render(
            request,
            "westem/dashboard_staff.html",
            {"is_safeguarding_lead": is_safeguarding_lead(request.user)},
        )
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


# --- the staff's to-do page ----------------------------------------------------------------

TODO_LIMIT = 10
# An id as the page writes it: ASCII digits that fit a bigint. ``str.isdigit`` also takes "²"
# (int() fails: a 500) and other scripts' digits, and int() refuses more than 4300 digits.
OBJECT_ID = re.compile(r"[0-9]{1,18}")


def _require_program_staff(request) -> None:
    if not access.is_program_staff(request.user):
        raise PermissionDenied


@require_GET
def staff_todo(request):
    """What waits for the program staff, each app's section (``core.todo``) with its count
    and its first items, most urgent first; "See all" opens the admin's list. Two queries
    for the permissions, one for every count, one for each section's items."""
    _require_program_staff(request)
    sections = todo.sections_for(request.user)
    counts = todo.counts(sections)
    return render(
        request,
        "westem/staff_todo.html",
        {
            "sections": [
                {
                    "section": section,
                    "count": counts[section.name],
                    "items": todo.items(section, TODO_LIMIT) if counts[section.name] else [],
                    "more": counts[section.name] > TODO_LIMIT,
                }
                for section in sections
            ],
            "total": sum(counts.values()),
        },
    )


@require_POST
def staff_todo_done(request):
    """ "Done" on an item of a section that offers it: recorded, and the item leaves the page.
    Only an item the section lists can be marked (anything else is a 404)."""
    _require_program_staff(request)
    section = todo.section(request.POST.get("section", ""))
    object_id = request.POST.get("object_id", "")
    if section is None or not section.done or not OBJECT_ID.fullmatch(object_id):
        raise Http404
    if not request.user.has_perm(section.permission):
        raise PermissionDenied
    if not section.pending().filter(pk=int(object_id)).exists():
        raise Http404
    profile_services.mark_followed_up(kind=section.name, object_id=int(object_id), by=request.user)
    messages.success(request, _("Marked done: it is off the list."))
    return redirect(reverse("staff_todo") + f"#{section.anchor}")
