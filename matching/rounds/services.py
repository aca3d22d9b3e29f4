"""What a mentee and a mentor write in a round while it is open for rankings: her ranking
(add, remove, reorder, a note per choice) and the mentor's answer (a mark per mentee, her own
order, her capacity for the round).

Every write checks the stage and that the writer takes part, and locks the writer's account
row first, so two tabs posting at once are applied one after the other and ranks stay 1..n
without gaps (no unique constraint on the rank: renumbering never collides)."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from . import eligibility, selectors
from .models import Fit, MatchRound, RoundChoice, RoundMentor

User = get_user_model()

UP, DOWN = "up", "down"
NOTE_MAX = 500


def _closed() -> ValidationError:
    return ValidationError(_("Rankings for this round are closed."), code="closed")


def _lock(user) -> None:
    """Her account row, held to the end of the transaction: her writes in a round queue."""
    User.objects.select_for_update().filter(pk=user.pk).values_list("pk", flat=True).first()


def _as_mentee(round_: MatchRound, mentee) -> None:
    if not eligibility.mentees(round_).filter(pk=mentee.pk).exists():
        raise PermissionDenied
    if not round_.is_open_for_rankings:
        raise _closed()


def _as_mentor(round_: MatchRound, mentor) -> None:
    if not eligibility.presentations(round_).filter(mentor_id=mentor.pk).exists():
        raise PermissionDenied
    if not round_.is_open_for_rankings:
        raise _closed()


def _her_choices(round_: MatchRound, mentee) -> list[RoundChoice]:
    return list(
        RoundChoice.objects.filter(round=round_, mentee=mentee).order_by("rank", "created_at", "pk")
    )


def _renumber(choices: list[RoundChoice]) -> None:
    """Ranks 1..n in the order of ``choices``; only the rows whose rank changed are written."""
    changed = []
    for rank, choice in enumerate(choices, start=1):
        if choice.rank != rank:
            choice.rank = rank
            changed.append(choice)
    if changed:
        RoundChoice.objects.bulk_update(changed, ["rank"])


def _find(choices: list[RoundChoice], mentor) -> RoundChoice:
    for choice in choices:
        if choice.mentor_id == mentor.pk:
            return choice
    raise ValidationError(_("This mentor is not on your ranking."), code="not_ranked")


@transaction.atomic
def add_choice(*, round: MatchRound, mentee, mentor, note: str = "") -> RoundChoice:  # noqa: A002
    """Put ``mentor`` last on her ranking, up to ``MATCHING_ROUND_MAX_CHOICES``."""
    _as_mentee(round, mentee)
    _lock(mentee)
    reason = eligibility.why_not_rank(round, mentee, mentor)
    if reason:
        raise ValidationError(reason, code="not_rankable")
    choices = _her_choices(round, mentee)
    if any(choice.mentor_id == mentor.pk for choice in choices):
        raise ValidationError(_("This mentor is already on your ranking."), code="duplicate")
    limit = settings.MATCHING_ROUND_MAX_CHOICES
    if len(choices) >= limit:
        raise ValidationError(
            ngettext(
                "Your ranking is full: you may rank %(count)d mentor. Remove one to add another.",
                "Your ranking is full: you may rank up to %(count)d mentors. Remove one to add "
                "another.",
                limit,
            )
            % {"count": limit},
            code="full",
        )
    choice = RoundChoice(
        round=round, mentee=mentee, mentor=mentor, rank=len(choices) + 1, note=note.strip()
    )
    choice.full_clean()
    choice.save()
    return choice


@transaction.atomic
def remove_choice(*, round: MatchRound, mentee, mentor) -> None:  # noqa: A002
    """Take ``mentor`` off her ranking; those below move up one place."""
    _as_mentee(round, mentee)
    _lock(mentee)
    choices = _her_choices(round, mentee)
    choice = _find(choices, mentor)
    choice.delete()
    _renumber([other for other in choices if other.pk != choice.pk])


@transaction.atomic
def move_choice(*, round: MatchRound, mentee, mentor, direction: str) -> int:  # noqa: A002
    """Move ``mentor`` one place up or down her ranking; returns her new rank (unchanged at
    either end)."""
    if direction not in (UP, DOWN):
        raise ValidationError(_("Choose to move up or down."), code="direction")
    _as_mentee(round, mentee)
    _lock(mentee)
    choices = _her_choices(round, mentee)
    choice = _find(choices, mentor)
    index = choices.index(choice)
    target = index - 1 if direction == UP else index + 1
    if 0 <= target < len(choices):
        choices[index], choices[target] = choices[target], choices[index]
        _renumber(choices)
        return target + 1
    return index + 1


@transaction.atomic
def set_order(*, round: MatchRound, mentee, mentor_ids: list[int]) -> None:  # noqa: A002
    """Her whole ranking in a new order (dragged): ``mentor_ids`` must name each mentor on
    it once."""
    _as_mentee(round, mentee)
    _lock(mentee)
    choices = _her_choices(round, mentee)
    by_mentor = {choice.mentor_id: choice for choice in choices}
    if len(mentor_ids) != len(set(mentor_ids)) or set(mentor_ids) != set(by_mentor):
        raise ValidationError(
            _("Your ranking changed in another window. Here it is as it is now."), code="stale"
        )
    _renumber([by_mentor[pk] for pk in mentor_ids])


@transaction.atomic
def set_note(*, round: MatchRound, mentee, mentor, note: str) -> RoundChoice:  # noqa: A002
    """Her note on a choice: why this mentor (for herself and the program staff)."""
    _as_mentee(round, mentee)
    _lock(mentee)
    choice = _find(_her_choices(round, mentee), mentor)
    note = note.strip()
    if len(note) > NOTE_MAX:
        raise ValidationError(
            _("Keep the note to %(count)d characters (it has %(length)d).")
            % {"count": NOTE_MAX, "length": len(note)},
            code="note_length",
        )
    choice.note = note
    choice.full_clean()
    choice.save(update_fields=["note"])
    return choice


# --- the mentor's side -----------------------------------------------------------------------


def _received(round_: MatchRound, mentor) -> list[RoundChoice]:
    return list(
        RoundChoice.objects.filter(round=round_, mentor=mentor).order_by("created_at", "pk")
    )


def _write_mentor_order(choices: list[RoundChoice], ordered: list[RoundChoice]) -> None:
    """``ordered`` gets places 1..k, every other choice none."""
    places = {choice.pk: place for place, choice in enumerate(ordered, start=1)}
    changed = []
    for choice in choices:
        place = places.get(choice.pk)
        if choice.mentor_order != place:
            choice.mentor_order = place
            changed.append(choice)
    if changed:
        RoundChoice.objects.bulk_update(changed, ["mentor_order"])


def _received_from(choices: list[RoundChoice], mentee) -> RoundChoice:
    for choice in choices:
        if choice.mentee_id == mentee.pk:
            return choice
    raise PermissionDenied


@transaction.atomic
def mark(*, round: MatchRound, mentor, mentee, fit: str) -> RoundChoice:  # noqa: A002
    """Her mark on a mentee who ranked her: a good fit, not a fit, or none. One marked not a
    fit leaves her order (the others close up)."""
    if fit not in Fit.values:
        raise ValidationError(_("Choose a good fit or not a fit."), code="fit")
    _as_mentor(round, mentor)
    _lock(mentor)
    choices = _received(round, mentor)
    choice = _received_from(choices, mentee)
    choice.fit = fit
    choice.marked_at = timezone.now() if fit else None
    choice.save(update_fields=["fit", "marked_at"])
    if fit == Fit.NOT and choice.mentor_order is not None:
        kept = [c for c in selectors.mentor_list_order(choices) if c.mentor_order is not None]
        _write_mentor_order(choices, [c for c in kept if c.pk != choice.pk])
    return choice


@transaction.atomic
def set_mentor_order(*, round: MatchRound, mentor, mentee_ids: list[int]) -> None:  # noqa: A002
    """Her order of the mentees who ranked her: ``mentee_ids`` get places 1..k (none of them
    marked not a fit, each once); the others keep no place of hers."""
    _as_mentor(round, mentor)
    _lock(mentor)
    choices = _received(round, mentor)
    by_mentee = {choice.mentee_id: choice for choice in choices if choice.fit != Fit.NOT}
    if len(mentee_ids) != len(set(mentee_ids)) or not set(mentee_ids) <= set(by_mentee):
        raise ValidationError(
            _("The list changed in another window. Here it is as it is now."), code="stale"
        )
    _write_mentor_order(choices, [by_mentee[pk] for pk in mentee_ids])


@transaction.atomic
def move_mentee(*, round: MatchRound, mentor, mentee, direction: str) -> None:  # noqa: A002
    """Move a mentee one place up or down her list as she sees it; the whole list (but those
    marked not a fit) is then in her order."""
    if direction not in (UP, DOWN):
        raise ValidationError(_("Choose to move up or down."), code="direction")
    _as_mentor(round, mentor)
    _lock(mentor)
    choices = _received(round, mentor)
    choice = _received_from(choices, mentee)
    if choice.fit == Fit.NOT:
        raise ValidationError(
            _("Mark her a good fit, or clear the mark, to give her a place."), code="not_a_fit"
        )
    listed = [c for c in selectors.mentor_list_order(choices) if c.fit != Fit.NOT]
    index = listed.index(choice)
    target = index - 1 if direction == UP else index + 1
    if 0 <= target < len(listed):
        listed[index], listed[target] = listed[target], listed[index]
    _write_mentor_order(choices, listed)


@transaction.atomic
def set_capacity(*, round: MatchRound, mentor, capacity: int) -> RoundMentor:  # noqa: A002
    """How many mentees she takes in this round: 0 (none) up to her free places."""
    _as_mentor(round, mentor)
    _lock(mentor)
    most = selectors.free_places(mentor)
    if not 0 <= capacity <= most:
        raise ValidationError(
            ngettext(
                "Choose between 0 and %(count)d: you have %(count)d free place.",
                "Choose between 0 and %(count)d: you have %(count)d free places.",
                most,
            )
            % {"count": most},
            code="capacity",
        )
    setting, _created = RoundMentor.objects.update_or_create(
        round=round,
        mentor=mentor,
        defaults={"capacity": capacity, "updated_at": timezone.now()},
    )
    return setting
