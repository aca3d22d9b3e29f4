"""The staff's pages for a match round: the rounds, a round under review, its drafts with
their figures and what-if, two drafts compared, and publication.

Program staff holding ``matching.change_matchround`` open them (the "Program staff" group
has it); anyone else gets 403, and a round or draft that does not exist 404. Drafts are made
and published through the round's services (``matching.rounds.drafts``,
``matching.rounds.publication``); these views only read, validate and call them."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods

from profiles import access

from .forms_round_staff import CapacityForm, ExcludeForm
from .rounds import drafts as round_drafts
from .rounds import explain, publication, review
from .rounds.models import MatchRound, RoundDraft, Stage

PERMISSION = "matching.change_matchround"


def _require_staff(request) -> None:
    if not access.staff_may(request.user, PERMISSION):
        raise PermissionDenied


def _round(request, public_id) -> MatchRound:
    _require_staff(request)
    return get_object_or_404(
        MatchRound.objects.select_related("published_draft", "published_by__profile"),
        public_id=public_id,
    )


def _draft(round_: MatchRound, number: int) -> RoundDraft:
    return get_object_or_404(
        RoundDraft.objects.select_related("based_on", "created_by__profile"),
        round=round_,
        number=number,
    )


def _errors(request, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


@require_GET
def round_list(request):
    _require_staff(request)
    return render(
        request,
        "matching/rounds/staff_list.html",
        {"page": review.rounds_page(request.GET.get("page"))},
    )


@require_http_methods(["GET", "POST"])
def round_review(request, public_id):
    """The round: its stage, dates, participants and drafts; "Make a draft" once rankings
    have closed."""
    round_ = _round(request, public_id)
    if request.method == "POST":
        if not review.is_reviewable(round_):
            messages.error(
                request,
                _("Drafts are made once rankings have closed, until the round is published."),
            )
            return redirect("matching:round_review", public_id=round_.public_id)
        try:
            draft = round_drafts.make_draft(round=round_, by=request.user)
        except ValidationError as error:
            _errors(request, error)
            return redirect("matching:round_review", public_id=round_.public_id)
        messages.success(request, _("Draft %(number)s is ready.") % {"number": draft.number})
        return redirect("matching:round_draft", public_id=round_.public_id, number=draft.number)
    return render(
        request,
        "matching/rounds/staff_review.html",
        {
            "round": round_,
            "stage": round_.stage(),
            "stages": Stage,
            "summary": review.summary(round_),
            "reviewable": review.is_reviewable(round_),
        },
    )


def _draft_page(request, round_, draft, *, capacity_form=None):
    """The draft's page; ``capacity_form`` is the what-if form sent back with its errors."""
    reviewable = review.is_reviewable(round_)
    page = review.pairs_page(draft, request.GET.get("page"))
    pairs = [(outcome, explain.matched_reasons(outcome, reader=explain.STAFF)) for outcome in page]
    # Each mentee's missed choices name their mentors (a query each): the first few are shown
    # here, the admin lists them all.
    unmatched = [
        (outcome, explain.missed_reasons(outcome, reader=explain.STAFF))
        for outcome in review.unmatched(draft)[: review.UNMATCHED_SHOWN]
    ]
    figures = draft.figures
    mentors = review.mentor_choices(round_, draft) if reviewable else []
    return render(
        request,
        "matching/rounds/staff_draft.html",
        {
            "round": round_,
            "draft": draft,
            "figures": figures,
            "by_choice": review.by_choice(figures),
            "stable": not figures.get("blocking_pairs") and not figures.get("broken_rules"),
            "fairness": review.fairness(figures),
            "page": page,
            "pairs": pairs,
            "unmatched": unmatched,
            "unmatched_more": max(figures.get("unmatched", 0) - len(unmatched), 0),
            "places_left": review.places_left(draft) if reviewable else [],
            "reviewable": reviewable,
            "is_published": round_.published_draft_id == draft.pk,
            "capacity_form": capacity_form or CapacityForm(mentors=mentors),
            "min_answers": settings.REPORTS_MIN_ANSWERS,
        },
    )


@require_http_methods(["GET", "POST"])
def round_draft(request, public_id, number):
    """A draft's figures, pairs and unmatched; what-if (another number of places for a
    mentor, or a pair kept apart) makes a new draft based on this one and shows the two
    compared."""
    round_ = _round(request, public_id)
    draft = _draft(round_, number)
    if request.method == "GET":
        return _draft_page(request, round_, draft)
    if not review.is_reviewable(round_):
        messages.error(
            request, _("This round is not being reviewed: its drafts can no longer change.")
        )
        return redirect("matching:round_draft", public_id=round_.public_id, number=draft.number)
    capacity_changes = dict(draft.capacity_changes)
    excluded_pairs = [list(pair) for pair in draft.excluded_pairs]
    if "outcome" in request.POST:
        form = ExcludeForm(request.POST)
        outcome = None
        if form.is_valid():
            outcome = (
                draft.outcomes.filter(pk=form.cleaned_data["outcome"], mentor__isnull=False)
                .select_related("mentee__profile", "mentor__profile")
                .first()
            )
        if outcome is None:
            messages.error(request, _("That pair is not in this draft."))
            return redirect("matching:round_draft", public_id=round_.public_id, number=draft.number)
        excluded_pairs.append([outcome.mentee_id, outcome.mentor_id])
    else:
        mentors = review.mentor_choices(round_, draft)
        form = CapacityForm(request.POST, mentors=mentors)
        if not form.is_valid():
            return _draft_page(request, round_, draft, capacity_form=form)
        capacity_changes[str(form.cleaned_data["mentor"])] = form.cleaned_data["capacity"]
    try:
        new = round_drafts.make_draft(
            round=round_,
            by=request.user,
            capacity_changes=capacity_changes,
            excluded_pairs=excluded_pairs,
            based_on=draft,
        )
    except ValidationError as error:
        _errors(request, error)
        return redirect("matching:round_draft", public_id=round_.public_id, number=draft.number)
    messages.success(
        request,
        _("Draft %(number)s is ready, based on draft %(based_on)s.")
        % {"number": new.number, "based_on": draft.number},
    )
    return redirect("matching:round_compare", public_id=round_.public_id, number=new.number)


@require_GET
def round_compare(request, public_id, number):
    """A draft next to the one it is based on."""
    round_ = _round(request, public_id)
    draft = _draft(round_, number)
    if draft.based_on is None:
        raise Http404
    return render(
        request,
        "matching/rounds/staff_compare.html",
        {"round": round_, "comparison": review.compare(draft.based_on, draft)},
    )


@require_http_methods(["GET", "POST"])
def round_publish(request, public_id, number):
    """The last step: what publishing this draft does, then the one button that does it."""
    round_ = _round(request, public_id)
    draft = _draft(round_, number)
    if round_.published_at is not None or not review.is_reviewable(round_):
        if request.method == "POST":
            messages.info(request, _("This round cannot be published now: nothing was changed."))
        return redirect("matching:round_review", public_id=round_.public_id)
    if request.method == "POST":
        if draft.figures.get("blocking_pairs") or draft.figures.get("broken_rules"):
            messages.error(
                request, _("This draft failed its check. Make a new draft before publishing.")
            )
            return redirect("matching:round_draft", public_id=round_.public_id, number=draft.number)
        try:
            started = publication.publish(round=round_, draft=draft, by=request.user)
        except ValidationError as error:
            _errors(request, error)
            return redirect(
                "matching:round_publish", public_id=round_.public_id, number=draft.number
            )
        messages.success(
            request,
            ngettext(
                "The round is published: %(count)s mentorship started and everyone is told.",
                "The round is published: %(count)s mentorships started and everyone is told.",
                started,
            )
            % {"count": started},
        )
        return redirect("matching:round_review", public_id=round_.public_id)
    return render(
        request,
        "matching/rounds/staff_publish.html",
        {"round": round_, "draft": draft, "effects": review.publish_figures(draft)},
    )
