"""The pair's workspace: the mentorship page with its cycle, goals and conversation.

Every view fetches the mentorship through ``selectors.mentorship_for_page`` (the pair's
visible queryset), so anyone else gets a 404 on every page and action.
"""

import zoneinfo
from dataclasses import dataclass

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import prefetch_related_objects
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.forms import add_service_errors

from . import permissions, selectors, services, services_exit
from .content import PHASES, content_for
from .forms import EndForm, ExitForm, GoalEditForm, GoalForm, MessageForm, TickForm
from .models import MAX_GOALS, Goal, Meeting, Mentorship, Phase
from .views_safeguarding import minor_context

# What ``Meeting.objects.open()`` holds; and a logged meeting not (yet) agreed by the partner.
OPEN_STATUSES = {Meeting.Status.PROPOSED, Meeting.Status.CONFIRMED, Meeting.Status.LOGGED}
LOGGED_NOT_AGREED = {Meeting.Status.LOGGED, Meeting.Status.DISPUTED}


def _page_url(mentorship: Mentorship, anchor: str = "") -> str:
    url = reverse("cycles:mentorship_detail", args=[mentorship.public_id])
    return f"{url}#{anchor}" if anchor else url


def _service_message(request, error: ValidationError) -> None:
    messages.error(request, " ".join(error.messages))


def _viewer_zone(request) -> zoneinfo.ZoneInfo:
    try:
        return zoneinfo.ZoneInfo(request.profile.timezone)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return zoneinfo.ZoneInfo(settings.TIME_ZONE)


# --- the page ------------------------------------------------------------------------------


@dataclass(frozen=True)
class TickRow:
    key: str
    label: str
    mine: bool
    theirs: bool


@dataclass(frozen=True)
class PhaseSection:
    number: int  # the manual's number: flash skips phase 3, its closure is phase 4 too
    phase: int
    label: str
    state: str
    summary: str
    questions: tuple
    rows: list[TickRow]

    @property
    def my_done(self) -> int:
        return sum(row.mine for row in self.rows)

    @property
    def their_done(self) -> int:
        return sum(row.theirs for row in self.rows)


def _sections(mentorship: Mentorship, role: str) -> list[PhaseSection]:
    sections = []
    for view in selectors.phase_views(mentorship):
        rows = [
            TickRow(
                row.key,
                row.label,
                row.mentor_done if role == "mentor" else row.mentee_done,
                row.mentee_done if role == "mentor" else row.mentor_done,
            )
            for row in view.rows
        ]
        sections.append(
            PhaseSection(
                number=view.phase,
                phase=view.phase,
                label=view.label,
                state=view.state,
                summary=view.content.summary,
                questions=view.content.questions_for(role),
                rows=rows,
            )
        )
    return sections


def _agreement_state(mentorship: Mentorship, role: str) -> dict:
    agreement = getattr(mentorship, "agreement", None)
    if agreement is None:
        return {"agreement": None, "agreement_state": "missing"}
    mine = getattr(agreement, f"{role}_accepted_at")
    theirs = getattr(agreement, f"{'mentee' if role == 'mentor' else 'mentor'}_accepted_at")
    if mine and theirs:
        state = "accepted"
    elif mine:
        state = "waiting_other"
    elif theirs:
        state = "waiting_me"
    else:
        state = "waiting_both"
    accepted_on = max(mine, theirs) if mine and theirs else None
    return {"agreement": agreement, "agreement_state": state, "accepted_on": accepted_on}


def _detail_context(request, mentorship: Mentorship, **extra) -> dict:
    user = request.user
    role = mentorship.role_of(user)
    other = mentorship.other(user)
    show_contact = permissions.may_see_contact(user, mentorship)
    sections = _sections(mentorship, role)
    current = next((s for s in sections if s.state == "current"), None)
    if current is None:  # an ended mentorship: the phase it reached
        current = next((s for s in sections if s.phase == mentorship.phase), sections[-1])
    next_number = services.next_phase(mentorship)
    upcoming = next((s for s in sections if s.phase == next_number), None)

    meetings = selectors.meetings_of(mentorship)
    held = [m for m in meetings if m.is_confirmed]
    now = timezone.now()
    proposals = [m for m in meetings if m.is_proposed]
    prefetch_related_objects(proposals, "options")  # each time, with the partner's clock
    next_meeting = selectors.next_meeting(meetings, now)
    minutes_met = selectors.minutes_met_in_month(meetings, tz=_viewer_zone(request))
    minutes_agreed = selectors.agreed_minutes_per_month(mentorship)

    goals = selectors.goals_of(mentorship)
    active_goals = [g for g in goals if g.status != Goal.Status.DROPPED]

    ended_by = None
    if mentorship.ended_by_id:
        ended_by = (
            mentorship.mentor
            if mentorship.ended_by_id == mentorship.mentor_id
            else (mentorship.mentee)
        )
    return {
        "mentorship": mentorship,
        "role": role,
        "is_mentor": role == "mentor",
        "other": other,
        "other_role": "mentee" if role == "mentor" else "mentor",
        "show_contact": show_contact,
        # The pair's meeting room, with their contact details: while active, never across a block.
        "meeting_room_url": selectors.meeting_room_url(mentorship) if show_contact else None,
        "sections": sections,
        # every checklist row
        "tick_url": reverse("cycles:mentorship_tick", args=[mentorship.public_id]),
        "current": current,
        "upcoming": upcoming,
        "my_closure": getattr(mentorship, f"{role}_confirmed_closure_at"),
        "their_closure": getattr(
            mentorship, f"{'mentee' if role == 'mentor' else 'mentor'}_confirmed_closure_at"
        ),
        "meetings": meetings,
        "next_meeting": next_meeting,
        "has_meeting": bool(held),
        # Proposals waiting for her answer, and hers waiting for the other's.
        "proposals_to_answer": [m for m in proposals if m.proposed_by_id != user.pk],
        "my_proposals": [m for m in proposals if m.proposed_by_id == user.pk],
        "later_meetings": [m for m in held if m.ends_at > now and m != next_meeting],
        # Agreed meetings that took place, and those logged afterwards whatever became of them.
        "past_meetings": [
            m
            for m in reversed(meetings)
            if (m.is_confirmed and m.ends_at <= now) or m.status in LOGGED_NOT_AGREED
        ],
        # Logged by the other afterwards, waiting for her to confirm or dispute it.
        "logged_to_confirm": [
            m for m in meetings if m.awaits_confirmation and m.proposed_by_id != user.pk
        ],
        # As ``services.schedule_meeting``: once a meeting is open, either may propose.
        "may_propose": any(m.status in OPEN_STATUSES for m in meetings) or role == "mentee",
        "hours_met": minutes_met / 60,
        "hours_agreed": minutes_agreed / 60,
        "minutes_met": minutes_met,
        "minutes_agreed": minutes_agreed,
        # "1 hour" but "1.5 hours", "2 hours": the plural form for anything but exactly one.
        "hours_agreed_count": 1 if minutes_agreed == 60 else 2,
        "goals": goals,
        "active_goal_count": len(active_goals),
        # At the most: the page says how to make room instead of offering a form it refuses.
        "can_add_goal": len(active_goals) < MAX_GOALS,
        "show_goal_history": mentorship.phase >= Phase.ENABLING,
        "conversation": selectors.recent_messages(mentorship),
        "message_form": MessageForm(),
        "ended_by": ended_by,
        **_agreement_state(mentorship, role),
        **minor_context(mentorship),
        **extra,
    }


def mentorship_list(request):
    rows = [
        (mentorship, mentorship.other(request.user), mentorship.role_of(request.user))
        for mentorship in selectors.mentorships_list(request.user)
    ]
    return render(request, "cycles/mentorship_list.html", {"rows": rows})


def mentorship_detail(request, public_id):
    mentorship = selectors.mentorship_for_page(request.user, public_id)
    return render(request, "cycles/mentorship_detail.html", _detail_context(request, mentorship))


# --- the cycle -----------------------------------------------------------------------------


@require_POST
def mentorship_advance(request, public_id):
    mentorship = selectors.mentorship_for_page(request.user, public_id)
    try:
        mentorship = services.advance_phase(mentorship=mentorship, by=request.user)
    except ValidationError as error:
        _service_message(request, error)
    else:
        messages.success(
            request,
            _("You are now in the %(phase)s phase.") % {"phase": Phase(mentorship.phase).label},
        )
    return redirect(_page_url(mentorship, "cycle"))


@require_POST
def mentorship_closure(request, public_id):
    mentorship = selectors.mentorship_for_page(request.user, public_id)
    try:
        mentorship = services.confirm_closure(mentorship=mentorship, by=request.user)
    except ValidationError as error:
        _service_message(request, error)
    else:
        if mentorship.is_active:
            messages.success(
                request,
                _(
                    "You have confirmed the closure. The cycle is complete once %(name)s "
                    "confirms it too."
                )
                % {"name": mentorship.other(request.user).get_full_name()},
            )
        else:
            messages.success(
                request,
                _(
                    "Your mentoring cycle is complete. Thank you both! Please fill in the "
                    "final evaluation soon."
                ),
            )
        if services_exit.asks_after_closure(mentorship, request.user):
            return redirect("cycles:exit_question", public_id=mentorship.public_id)
    return redirect(_page_url(mentorship, "cycle"))


def mentorship_end(request, public_id):
    mentorship = selectors.mentorship_for_page(request.user, public_id)
    if not mentorship.is_active:
        return redirect(_page_url(mentorship))
    form = EndForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():  # ended with her answer, or not at all
                ended = services.end_mentorship(
                    mentorship=mentorship, by=request.user, reason=form.cleaned_data["reason"]
                )
                answer = form.answer()
                if answer is not None:
                    services_exit.record_exit_answer(mentorship=ended, by=request.user, **answer)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _(
                    "The mentorship has ended. %(name)s and the program staff have been told. "
                    "Everything you wrote together stays here for you both."
                )
                % {"name": mentorship.other(request.user).get_full_name()},
            )
            return redirect(_page_url(mentorship))
    return render(
        request,
        "cycles/mentorship_end.html",
        {"mentorship": mentorship, "other": mentorship.other(request.user), "form": form},
    )


def exit_question(request, public_id):
    """The exit question after she confirmed the closure (or ended the mentorship without
    answering it): asked once, answered for the staff only."""
    mentorship = selectors.mentorship_for_page(request.user, public_id)
    if not services_exit.is_closing(mentorship, request.user):
        return redirect(_page_url(mentorship))
    if services_exit.has_answered(mentorship, request.user):
        messages.info(request, _("You have already answered; thank you."))
        return redirect(_page_url(mentorship))
    form = ExitForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services_exit.record_exit_answer(
                mentorship=mentorship, by=request.user, **form.answer()
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Thank you: your answer helps the program."))
            return redirect(_page_url(mentorship))
    return render(
        request,
        "cycles/exit_question.html",
        {"mentorship": mentorship, "other": mentorship.other(request.user), "form": form},
    )


def _phase_of_item(key: str) -> int | None:
    return next(
        (
            phase
            for phase in PHASES
            for flash in (False, True)
            if key in dict(content_for(phase, flash=flash).items)
        ),
        None,
    )


@require_POST
def mentorship_tick(request, public_id):
    mentorship = selectors.mentorship_for_page(request.user, public_id)
    form = TickForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("This checklist item does not exist."))
        return redirect(_page_url(mentorship, "cycle"))
    item = form.cleaned_data["item"]
    try:
        services.set_tick(
            mentorship=mentorship, by=request.user, item=item, done=form.cleaned_data["done"]
        )
    except ValidationError as error:
        _service_message(request, error)
        return redirect(_page_url(mentorship, "cycle"))
    phase = _phase_of_item(item)
    return redirect(_page_url(mentorship, f"item-{item}" if phase else "cycle"))


# --- the conversation ----------------------------------------------------------------------


@require_POST
def message_post(request, public_id):
    mentorship = selectors.mentorship_for_page(request.user, public_id)
    form = MessageForm(request.POST)
    if form.is_valid():
        try:
            services.post_message(
                mentorship=mentorship, by=request.user, body=form.cleaned_data["body"]
            )
        except ValidationError as error:
            if not hasattr(error, "error_dict"):  # the mentorship has ended: no form to show
                _service_message(request, error)
                return redirect(_page_url(mentorship, "conversation"))
            add_service_errors(form, error)
        else:
            return redirect(_page_url(mentorship, "conversation"))
    context = _detail_context(request, mentorship, message_form=form)
    return render(request, "cycles/mentorship_detail.html", context, status=200)


# --- goals ---------------------------------------------------------------------------------


def goal_add(request, public_id):
    mentorship = selectors.mentorship_for_page(request.user, public_id)
    # With the most goals at a time the page says how to make room, and shows no form.
    full = selectors.active_goal_count(mentorship) >= MAX_GOALS
    form = GoalForm(request.POST or None)
    if request.method == "POST" and not full and form.is_valid():
        try:
            services.add_goal(
                mentorship=mentorship,
                by=request.user,
                title=form.cleaned_data["title"],
                description=form.cleaned_data["description"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The goal has been added."))
            return redirect(_page_url(mentorship, "goals"))
    return render(
        request,
        "cycles/goal_form.html",
        {
            "mentorship": mentorship,
            "other": mentorship.other(request.user),
            "form": form,
            "full": full,
        },
    )


def goal_edit(request, public_id, goal_id):
    mentorship = selectors.mentorship_for_page(request.user, public_id)
    goal = get_object_or_404(Goal, pk=goal_id, mentorship=mentorship)
    initial = {
        "title": goal.title,
        "description": goal.description,
        "status": goal.status,
        "progress_note": goal.progress_note,
    }
    # A dropped goal is taken up again only while the others leave room for it.
    may_reopen = (
        goal.status != Goal.Status.DROPPED
        or selectors.active_goal_count(mentorship, besides=goal) < MAX_GOALS
    )
    form = GoalEditForm(request.POST or None, initial=initial, may_reopen=may_reopen)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_goal(goal=goal, by=request.user, data=form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The goal has been saved."))
            return redirect(_page_url(mentorship, "goals"))
    return render(
        request,
        "cycles/goal_form.html",
        {
            "mentorship": mentorship,
            "other": mentorship.other(request.user),
            "form": form,
            "goal": goal,
        },
    )
