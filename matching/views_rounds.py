"""The participants' pages of a match round: her rounds, a mentee's ranking, a mentor's list
of the mentees who ranked her. Each page fetches the round through ``rounds.selectors.
round_for_page`` (another's round is a 404) and writes through ``rounds.services``."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from .models import MentorPresentation
from .rounds import selectors, services
from .rounds.forms import CapacityForm, MarkForm, RankingForm
from .rounds.models import RoundChoice


def _round_page(public_id) -> str:
    return reverse("matching:round", args=[public_id])


def _her_round(request, public_id, *, as_mentor: bool | None = None) -> selectors.HerRound:
    her_round = selectors.round_for_page(request.user, request.profile, public_id)
    if as_mentor is not None and her_round.as_mentor != as_mentor:
        raise PermissionDenied
    return her_round


def _messages_of(error: ValidationError) -> list[str]:
    return [str(message) for message in error.messages]


@require_GET
def round_list(request):
    rounds = selectors.rounds_for(request.user, request.profile)
    return render(request, "matching/rounds/index.html", {"rounds": rounds})


@require_GET
def round_detail(request, public_id):
    her_round = _her_round(request, public_id)
    if her_round.as_mentor:
        return _mentor_page(request, her_round)
    return _ranking_page(request, her_round)


def _ranking_page(request, her_round, *, status: int = 200, note_error: tuple | None = None):
    round_ = her_round.round
    ranking = selectors.ranking_of(round_, request.user)
    return render(
        request,
        "matching/rounds/ranking.html",
        {
            "her_round": her_round,
            "round": round_,
            "ranking": ranking,
            "open": round_.is_open_for_rankings,
            "note_error": note_error,
            "max_choices": settings.MATCHING_ROUND_MAX_CHOICES,
        },
        status=status,
    )


def _note_again(request, her_round, form, errors):
    """Her ranking again with the note she typed kept in its field and the error beside it."""
    note_error = {
        "mentor": str(form.data.get("mentor", "")),
        "note": form.data.get("note", ""),
        "errors": [str(error) for error in errors],
    }
    return _ranking_page(request, her_round, status=200, note_error=note_error)


def _mentor_page(request, her_round, *, capacity_form: CapacityForm | None = None, status=200):
    round_ = her_round.round
    capacity = selectors.capacity_of(round_, request.user)
    if capacity_form is None:
        capacity_form = CapacityForm(initial={"capacity": capacity.value}, free=capacity.free)
    return render(
        request,
        "matching/rounds/mentor.html",
        {
            "her_round": her_round,
            "round": round_,
            "people": selectors.ranked_by(round_, request.user),
            "open": round_.is_open_for_rankings,
            "capacity": capacity,
            "capacity_form": capacity_form,
        },
        status=status,
    )


def _mentor_of(public_id):
    """The mentor of a presentation, by its public id; None when there is none."""
    presentation = (
        MentorPresentation.objects.filter(public_id=public_id).select_related("mentor").first()
    )
    return presentation.mentor if presentation else None


def _back(request, form, public_id) -> str:
    """Where she came from (the directory, a mentor's page) when it is on this site, else the
    round's page."""
    target = form.cleaned_data.get("next") if form.is_valid() else ""
    # A path of this site only: ``redirect`` would read a bare word as a URL name.
    if target.startswith("/") and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return _round_page(public_id)


@require_POST
def round_ranking(request, public_id):
    """A mentee's change to her ranking: add, move up or down, note, or the whole order."""
    her_round = _her_round(request, public_id, as_mentor=False)
    round_ = her_round.round
    form = RankingForm(request.POST)
    if not form.is_valid():
        if request.POST.get("action") == "note" and "note" in form.errors:
            return _note_again(request, her_round, form, form.errors["note"])
        for error in form.non_field_errors() or [_("Something in the form was not right.")]:
            messages.error(request, error)
        return redirect(_round_page(public_id))
    action = form.cleaned_data["action"]
    mentee = request.user
    try:
        if action == "order":
            presentations = dict(
                MentorPresentation.objects.filter(
                    public_id__in=form.cleaned_data["order_ids"]
                ).values_list("public_id", "mentor_id")
            )
            ids = [presentations.get(pk) for pk in form.cleaned_data["order_ids"]]
            services.set_order(round=round_, mentee=mentee, mentor_ids=[pk for pk in ids if pk])
            messages.success(request, _("Your ranking is saved in its new order."))
            return redirect(_round_page(public_id))
        mentor = _mentor_of(form.cleaned_data["mentor"])
        if mentor is None:
            raise ValidationError(_("This mentor is not taking part in this round."))
        name = mentor.profile.display_name
        if action == "add":
            choice = services.add_choice(round=round_, mentee=mentee, mentor=mentor)
            messages.success(
                request,
                _("%(name)s is on your ranking as your choice #%(rank)d.")
                % {"name": name, "rank": choice.rank},
            )
            return redirect(_back(request, form, public_id))
        if action == "note":
            try:
                services.set_note(
                    round=round_, mentee=mentee, mentor=mentor, note=form.cleaned_data["note"]
                )
            except ValidationError as error:
                return _note_again(request, her_round, form, _messages_of(error))
            messages.success(request, _("Your note for %(name)s is saved.") % {"name": name})
            return redirect(f"{_round_page(public_id)}#choice-{form.cleaned_data['mentor']}")
        rank = services.move_choice(round=round_, mentee=mentee, mentor=mentor, direction=action)
        messages.success(
            request,
            _("%(name)s is now your choice #%(rank)d.") % {"name": name, "rank": rank},
        )
        # Back at her card: the keyboard's next Tab goes on from there.
        return redirect(f"{_round_page(public_id)}#choice-{form.cleaned_data['mentor']}")
    except ValidationError as error:
        for message in _messages_of(error):
            messages.error(request, message)
        if action == "add":
            return redirect(_back(request, form, public_id))
    return redirect(_round_page(public_id))


def round_remove(request, public_id, presentation_id):
    """Take a mentor off her ranking, after she confirms."""
    her_round = _her_round(request, public_id, as_mentor=False)
    round_ = her_round.round
    mentor = _mentor_of(presentation_id)
    choice = get_object_or_404(
        RoundChoice.objects.select_related("mentor__profile"),
        round=round_,
        mentee=request.user,
        mentor=mentor,
    )
    error_message = ""
    if request.method == "POST":
        try:
            services.remove_choice(round=round_, mentee=request.user, mentor=mentor)
        except ValidationError as error:
            error_message = " ".join(_messages_of(error))
        else:
            messages.success(
                request,
                _("%(name)s is no longer on your ranking.")
                % {"name": choice.mentor.profile.display_name},
            )
            return redirect(_round_page(public_id))
    return render(
        request,
        "matching/rounds/ranking_remove.html",
        {"round": round_, "choice": choice, "error_message": error_message},
    )


@require_POST
def round_marks(request, public_id):
    """A mentor's mark on a mentee who ranked her, or a move in her order."""
    her_round = _her_round(request, public_id, as_mentor=True)
    round_ = her_round.round
    form = MarkForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Something in the form was not right."))
        return redirect(_round_page(public_id))
    choice = get_object_or_404(
        RoundChoice.objects.select_related("mentee__profile"),
        pk=form.cleaned_data["choice"],
        round=round_,
        mentor=request.user,
    )
    name = choice.mentee.profile.display_name
    action = form.cleaned_data["action"]
    try:
        if action in (services.UP, services.DOWN):
            services.move_mentee(
                round=round_, mentor=request.user, mentee=choice.mentee, direction=action
            )
            messages.success(request, _("Your order is saved."))
        else:
            fit = "" if action == "clear" else action
            services.mark(round=round_, mentor=request.user, mentee=choice.mentee, fit=fit)
            done = {
                "good": _("%(name)s is marked a good fit."),
                "not": _("%(name)s is marked not a fit."),
                "clear": _("Your mark for %(name)s is cleared."),
            }[action]
            messages.success(request, done % {"name": name})
    except ValidationError as error:
        for message in _messages_of(error):
            messages.error(request, message)
    return redirect(f"{_round_page(public_id)}#mentee-{choice.pk}")


@require_POST
def round_capacity(request, public_id):
    """How many mentees the mentor takes in this round."""
    her_round = _her_round(request, public_id, as_mentor=True)
    round_ = her_round.round
    capacity = selectors.capacity_of(round_, request.user)
    form = CapacityForm(request.POST, free=capacity.free)
    if form.is_valid():
        try:
            services.set_capacity(
                round=round_, mentor=request.user, capacity=form.cleaned_data["capacity"]
            )
        except ValidationError as error:
            form.add_error("capacity", error)
        else:
            messages.success(request, _("Your capacity for this round is saved."))
            return redirect(_round_page(public_id))
    return _mentor_page(request, her_round, capacity_form=form)
