"""The participants' evaluations: her private reflection on a session, her final evaluation
of the cycle. Meetings and mentorships are fetched through the pair's visible querysets, so
anyone else gets a 404."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from core.forms import add_service_errors
from cycles.permissions import meetings_visible_to
from cycles.selectors import mentorship_for_page

from . import selectors, services
from .forms import FinalEvaluationForm, ReflectionForm, final_evaluation_questions
from .models import REFLECTION_RATINGS


def _answers(answered, names, questions=None) -> list[tuple[str, object]]:
    """Her answers, each under its question (a choice by its label), for the pages that show
    what she sent: a final evaluation, a reflection kept as written. ``questions``: the
    questions her form asked, where they are not the model's."""
    meta = answered._meta
    questions = questions or {}
    return [
        (
            questions.get(name) or meta.get_field(name).verbose_name,
            getattr(answered, f"get_{name}_display", lambda n=name: getattr(answered, n))(),
        )
        for name in names
    ]


def meeting_reflection(request, public_id):
    meeting = get_object_or_404(
        meetings_visible_to(request.user).select_related(
            "mentorship__mentor__profile", "mentorship__mentee__profile"
        ),
        public_id=public_id,
    )
    mentorship = meeting.mentorship
    reflection = selectors.own_reflection(meeting, request.user)
    is_open = not meeting.is_cancelled and meeting.starts_at <= timezone.now()
    kept = reflection is not None and reflection.is_kept()
    # Once kept, a posted form never touches the reflection shown: the service refuses it.
    form = ReflectionForm(request.POST or None, instance=None if kept else reflection)
    if request.method == "POST" and form.is_valid():
        try:
            services.submit_reflection(meeting=meeting, by=request.user, data=form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Your reflection is saved. Only you can read it."))
            return redirect("cycles:meeting_detail", public_id=meeting.public_id)
    return render(
        request,
        "evaluations/reflection_form.html",
        {
            "form": form,
            "meeting": meeting,
            "mentorship": mentorship,
            "other": mentorship.other(request.user),
            "reflection": reflection,
            "is_open": is_open,
            "kept": kept,
            "answers": _answers(reflection, (*REFLECTION_RATINGS, "reflection")) if kept else [],
        },
    )


def final_evaluation(request, public_id):
    mentorship = mentorship_for_page(request.user, public_id)
    context = {"mentorship": mentorship, "other": mentorship.other(request.user)}
    evaluation = selectors.own_final_evaluation(mentorship, request.user)
    role = "mentor" if request.user.pk == mentorship.mentor_id else "mentee"
    if evaluation is not None:
        return render(
            request,
            "evaluations/final_evaluation.html",
            {
                **context,
                "evaluation": evaluation,
                "evaluation_answers": _answers(
                    evaluation, FinalEvaluationForm.Meta.fields, final_evaluation_questions(role)
                ),
            },
        )
    is_open = selectors.final_evaluation_is_open(mentorship)
    form = FinalEvaluationForm(
        request.POST or None,
        initial=selectors.final_evaluation_initial(mentorship) if is_open else None,
        role=role,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.submit_final_evaluation(
                mentorship=mentorship, by=request.user, data=form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("Thank you! Your final evaluation has been sent to the program."),
            )
            return redirect("evaluations:final_evaluation", public_id=mentorship.public_id)
    return render(
        request,
        "evaluations/final_evaluation.html",
        {**context, "form": form, "is_open": is_open},
    )
