"""The pair's mentoring agreement (SPEC §8): read it, write it, accept it, print it, and read
its earlier versions. Every page fetches the mentorship through ``mentorship_for_page``, so
anyone but the pair gets a 404."""

from datetime import date

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.forms import add_service_errors

from . import services
from .content import PHASES
from .forms_agreement import AgreementForm
from .models import Agreement, Goal, Mentorship, Phase
from .selectors import goals_of, mentorship_for_page
from .views_safeguarding import minor_context


def rename_error_keys(error: ValidationError, names: dict[str, str]) -> ValidationError:
    """The service's error with its keys renamed to the form's fields ("goals" → "goal_1")."""
    if not hasattr(error, "error_dict"):
        return error
    return ValidationError({names.get(key, key): value for key, value in error.error_dict.items()})


def _agreement_of(mentorship: Mentorship) -> Agreement | None:
    return getattr(mentorship, "agreement", None)


def _current_goals(mentorship: Mentorship) -> list[Goal]:
    return [goal for goal in goals_of(mentorship) if goal.status != Goal.Status.DROPPED]


def _document(content: dict) -> dict:
    """An agreement's text as the document template reads it, from the model or from a stored
    earlier version (whose dates are ISO strings)."""
    doc = dict(content)
    for name in ("start_date", "end_date"):
        if isinstance(doc.get(name), str):
            doc[name] = date.fromisoformat(doc[name])
    doc.setdefault("goals", [])
    minutes = (doc.get("meetings_per_month") or 0) * (doc.get("meeting_minutes") or 0)
    doc["hours_per_month"] = round(minutes / 60, 1)
    return doc


def _current_document(agreement: Agreement, goals: list[Goal]) -> dict:
    content = {name: getattr(agreement, name) for name in services.AGREEMENT_FIELDS}
    content["goals"] = [goal.title for goal in goals]
    return _document(content)


def _page(mentorship: Mentorship, user, agreement: Agreement) -> dict:
    """What the document pages share: both names, and who accepted the current version."""
    role = mentorship.role_of(user)
    return {
        "mentorship": mentorship,
        "agreement": agreement,
        "role": role,
        "other": mentorship.other(user),
        "has_accepted": bool(agreement and getattr(agreement, f"{role}_accepted_at")),
    }


def agreement_detail(request, public_id):
    mentorship = mentorship_for_page(request.user, public_id)
    agreement = _agreement_of(mentorship)
    context = _page(mentorship, request.user, agreement)
    context["questions"] = PHASES[Phase.NEGOTIATION].questions
    context.update(minor_context(mentorship))
    if agreement is not None:
        context["doc"] = _current_document(agreement, _current_goals(mentorship))
        context["versions"] = list(agreement.versions.all())
        context["can_advance_to_enabling"] = (
            agreement.accepted_by_both
            and mentorship.is_active
            and mentorship.is_traditional
            and mentorship.phase == Phase.NEGOTIATION
        )
    return render(request, "cycles/agreement_detail.html", context)


def agreement_edit(request, public_id):
    mentorship = mentorship_for_page(request.user, public_id)
    if not mentorship.is_active:
        messages.info(
            request, _("This mentorship has ended; its records stay available to you both.")
        )
        return redirect("cycles:agreement_detail", public_id=mentorship.public_id)
    agreement = _agreement_of(mentorship)
    goals = [goal.title for goal in _current_goals(mentorship)]
    initial = {f"goal_{number}": title for number, title in enumerate(goals[:3], start=1)}
    if agreement is None:
        initial["start_date"] = mentorship.start_date
        initial["end_date"] = services.latest_end_date(mentorship.start_date)
    else:
        initial.update({name: getattr(agreement, name) for name in services.AGREEMENT_FIELDS})
    form = AgreementForm(
        request.POST or None,
        initial=initial,
        period=(mentorship.start_date, services.latest_end_date(mentorship.start_date)),
    )
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.save_agreement(
                mentorship=mentorship,
                by=request.user,
                data=form.agreement_data(),
                goals=form.goals,
            )
        except ValidationError as error:
            add_service_errors(form, rename_error_keys(error, {"goals": "goal_1"}))
        else:
            if agreement is None:
                messages.success(
                    request,
                    _(
                        "The agreement is saved. Read it through together, then each of you "
                        "accepts it."
                    ),
                )
            elif saved.version != agreement.version and not (
                agreement.mentor_accepted_at or agreement.mentee_accepted_at
            ):
                messages.success(
                    request,
                    _("The agreement is saved as version %(version)d.")
                    % {"version": saved.version},
                )
            elif saved.version != agreement.version:
                messages.warning(
                    request,
                    _(
                        "The agreement is saved as version %(version)d. Both of you need to "
                        "accept the new version."
                    )
                    % {"version": saved.version},
                )
            elif saved.updated_at != agreement.updated_at:
                messages.success(request, _("The agreement is saved."))
            else:
                messages.info(request, _("Nothing was changed."))
            return redirect("cycles:agreement_detail", public_id=mentorship.public_id)
    return render(
        request,
        "cycles/agreement_form.html",
        {
            "form": form,
            "mentorship": mentorship,
            "other": mentorship.other(request.user),
            "agreement": agreement,
            "questions": PHASES[Phase.NEGOTIATION].questions,
            "accepted": bool(
                agreement and (agreement.mentor_accepted_at or agreement.mentee_accepted_at)
            ),
        },
    )


@require_POST
def agreement_accept(request, public_id):
    mentorship = mentorship_for_page(request.user, public_id)
    try:  # the version she read, checked under the agreement's row lock
        agreement = services.accept_agreement(
            mentorship=mentorship, by=request.user, version=request.POST.get("version", "")
        )
    except ValidationError as error:
        level = messages.warning if error.code == "stale" else messages.error
        for text in error.messages:
            level(request, text)
    else:
        if agreement.accepted_by_both:
            messages.success(request, _("You have both accepted the agreement."))
        else:
            messages.success(
                request,
                _("You have accepted the agreement. It is complete once %(name)s accepts it too.")
                % {"name": mentorship.other(request.user).get_full_name()},
            )
    return redirect("cycles:agreement_detail", public_id=mentorship.public_id)


def agreement_print(request, public_id):
    mentorship = mentorship_for_page(request.user, public_id)
    agreement = _agreement_of(mentorship)
    if agreement is None:
        return redirect("cycles:agreement_detail", public_id=mentorship.public_id)
    context = _page(mentorship, request.user, agreement)
    context["doc"] = _current_document(agreement, _current_goals(mentorship))
    context["signers"] = [
        (mentorship.mentor, _("Mentor"), agreement.mentor_accepted_at),
        (mentorship.mentee, _("Mentee"), agreement.mentee_accepted_at),
    ]
    return render(request, "cycles/agreement_print.html", context)


def agreement_version(request, public_id, version: int):
    mentorship = mentorship_for_page(request.user, public_id)
    agreement = _agreement_of(mentorship)
    if agreement is None:
        raise Http404
    earlier = get_object_or_404(agreement.versions, version=version)
    context = _page(mentorship, request.user, agreement)
    context.update({"earlier": earlier, "doc": _document(earlier.content)})
    return render(request, "cycles/agreement_version.html", context)
