"""What the participants' pages of a round read: her rounds, a mentee's ranking with the
directory's cards, the mentees who ranked a mentor (their profiles and goals, never the rank
they gave her), her capacity, and the "add to my ranking" offer on the directory.

Each function reads a fixed number of queries, whatever the number of choices."""

import uuid
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db.models import Count, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone
from django_countries import countries

from cycles.selectors import active_traditional_count
from profiles.models import Profile
from profiles.selectors import blocked_user_ids_query

from ..models import MentorPresentation
from ..selectors import MentorCard, match_basis, mentor_cards
from . import eligibility
from .models import Fit, MatchRound, RoundChoice, RoundMentor


def _round_mentee(user) -> bool:
    """Whether she is a mentee who may rank in a round open to all (two queries); a round's
    invitations are read apart."""
    return eligibility.mentees(MatchRound(open_to_all=True)).filter(pk=user.pk).exists()


def _round_mentor(user) -> bool:
    return (
        eligibility.presentations(MatchRound(open_to_all=True)).filter(mentor_id=user.pk).exists()
    )


@dataclass(frozen=True)
class HerRound:
    """A round on her list: as a mentee (``choices``: mentors she ranked) or a mentor
    (``choices``: mentees who ranked her)."""

    round: MatchRound
    as_mentor: bool
    choices: int
    unmarked: int = 0

    @property
    def stage(self) -> str:
        return self.round.stage()


def rounds_for(user, profile, *, current_only: bool = False) -> list[HerRound]:
    """The rounds she takes part in (not published yet, open to her) and those she ranked in
    or was ranked in, the newest first; ``current_only`` leaves out rounds published more
    than a fortnight ago. One query when there is none; three when she may take part."""
    as_mentor = bool(profile and profile.is_mentor)
    mine = RoundChoice.objects.filter(
        round=OuterRef("pk"), **{"mentor" if as_mentor else "mentee": user}
    )
    invited = MatchRound.invited.through.objects.filter(user_id=user.pk).values("matchround_id")
    rounds = (
        MatchRound.objects.annotate(
            her_choices=Coalesce(
                Subquery(
                    mine.order_by().values("round").annotate(total=Count("pk")).values("total")
                ),
                0,
            ),
            her_unmarked=Coalesce(
                Subquery(
                    mine.filter(fit="")
                    .order_by()
                    .values("round")
                    .annotate(total=Count("pk"))
                    .values("total")
                ),
                0,
            ),
        )
        .filter(
            Q(her_choices__gt=0)
            | Q(published_at__isnull=True) & (Q(open_to_all=True) | Q(pk__in=invited))
        )
        .order_by("-opens_at", "pk")
    )
    if current_only:
        recent = timezone.now() - timedelta(days=14)
        rounds = rounds.filter(Q(published_at__isnull=True) | Q(published_at__gte=recent))
    rounds = list(rounds)
    if any(not r.her_choices for r in rounds):
        taking_part = (
            profile is not None
            and profile.role in ("mentee", "mentor")
            and (_round_mentor(user) if as_mentor else _round_mentee(user))
        )
        if not taking_part:
            rounds = [r for r in rounds if r.her_choices]
    return [HerRound(r, as_mentor, r.her_choices, r.her_unmarked) for r in rounds]


def round_for_page(user, profile, public_id: uuid.UUID) -> HerRound:
    """Her round (``rounds_for``), or a 404: another's round confirms nothing."""
    for her_round in rounds_for(user, profile):
        if her_round.round.public_id == public_id:
            return her_round
    raise Http404


# --- a mentee's ranking ----------------------------------------------------------------------


@dataclass(frozen=True)
class Ranked:
    """One mentor on her ranking: her choice (rank, note), the mentor's directory card (None
    when her presentation is no longer shown) and her name."""

    choice: RoundChoice
    card: MentorCard | None
    name: str
    presentation_id: uuid.UUID | None


def ranking_of(round_: MatchRound, mentee) -> list[Ranked]:
    """Her ranking, first choice first, with the cards of the directory. Never the mentor's
    mark nor her order."""
    choices = list(
        RoundChoice.objects.filter(round=round_, mentee=mentee)
        .select_related("mentor__profile")
        .only("pk", "rank", "note", "mentor_id", "created_at", "mentor__profile__display_name")
        .order_by("rank", "pk")
    )
    if not choices:
        return []
    mentor_ids = [choice.mentor_id for choice in choices]
    public_ids = dict(
        MentorPresentation.objects.filter(mentor_id__in=mentor_ids).values_list(
            "mentor_id", "public_id"
        )
    )
    shown = list(
        MentorPresentation.objects.visible()
        .filter(mentor_id__in=mentor_ids)
        .values_list("pk", flat=True)
    )
    profile = getattr(mentee, "profile", None)
    basis = match_basis(profile) if profile else None
    cards = {card.public_id: card for card in mentor_cards(shown, basis)}
    return [
        Ranked(
            choice=choice,
            card=cards.get(public_ids.get(choice.mentor_id)),
            name=choice.mentor.profile.display_name,
            presentation_id=public_ids.get(choice.mentor_id),
        )
        for choice in choices
    ]


@dataclass(frozen=True)
class Offer:
    """ "Add to my ranking" on the directory and a mentor's page, for a mentee in a round
    open for rankings: the presentations she may rank and those she ranked (public id →
    rank)."""

    round: MatchRound
    rankable: frozenset
    ranked: dict
    full: bool

    def state(self, public_id) -> str:
        if public_id in self.ranked:
            return "ranked"
        if public_id not in self.rankable:
            return ""
        return "full" if self.full else "add"


def ranking_offer(user, profile, presentation_ids: list[int]) -> Offer | None:
    """The offer for the presentations ``presentation_ids`` of a page; None for a mentor or
    when no round is open for her rankings (one query then; four when one is)."""
    if profile is None or not profile.is_mentee:
        return None
    now = timezone.now()
    round_ = (
        MatchRound.objects.filter(
            Q(open_to_all=True) | Q(invited__pk=user.pk),
            opens_at__lte=now,
            closes_at__gt=now,
            published_at__isnull=True,
        )
        .order_by("closes_at", "pk")
        .first()
    )
    if round_ is None or not eligibility.mentees(round_).filter(pk=user.pk).exists():
        return None
    ranked = dict(
        RoundChoice.objects.filter(round=round_, mentee=user).values_list(
            "mentor__presentation__public_id", "rank"
        )
    )
    rankable = frozenset(
        eligibility.rankable(round_, user)
        .filter(pk__in=presentation_ids)
        .values_list("public_id", flat=True)
    )
    return Offer(
        round=round_,
        rankable=rankable,
        ranked=ranked,
        full=len(ranked) >= settings.MATCHING_ROUND_MAX_CHOICES,
    )


# --- a mentor's list -------------------------------------------------------------------------


@dataclass(frozen=True)
class RankedBy:
    """A mentee who ranked the mentor, as the mentor sees her: her profile, her goals, her
    note to the mentor, the mentor's mark and whether the mentor ordered her. Not the rank
    she gave."""

    choice_id: int
    name: str
    stage: str
    country: str
    fields: tuple[str, ...]
    languages: tuple[str, ...]
    goals: str
    bio: str
    note: str
    fit: str
    ordered: bool
    can_move_up: bool = False
    can_move_down: bool = False

    @property
    def initial(self) -> str:
        return self.name[:1].upper()


def mentor_list_order(choices: list[RoundChoice]) -> list[RoundChoice]:
    """The order the mentor sees: those she ordered (her order), then those she marked a good
    fit, then those not marked (the earliest first), then those she marked not a fit."""

    def position(choice: RoundChoice):
        if choice.fit == Fit.NOT:
            return (3, 0)
        if choice.mentor_order is not None:
            return (0, choice.mentor_order)
        return (1 if choice.fit == Fit.GOOD else 2, 0)

    return sorted(choices, key=lambda choice: (*position(choice), choice.created_at, choice.pk))


def ranked_by(round_: MatchRound, mentor) -> list[RankedBy]:
    """The mentees who ranked ``mentor``, in her list's order (``mentor_list_order``); not
    those she blocked or who blocked her since (a block hides each from the other, and the
    pair cannot be matched). Three queries."""
    choices = list(
        RoundChoice.objects.filter(round=round_, mentor=mentor)
        .exclude(mentee_id__in=blocked_user_ids_query(mentor))
        .select_related("mentee__profile")
        .prefetch_related("mentee__profile__expertise", "mentee__profile__languages")
    )
    stages = {value: str(label) for value, label in Profile._meta.get_field("stage").flatchoices}
    people = []
    ordered = mentor_list_order(choices)
    movable = [choice for choice in ordered if choice.fit != Fit.NOT]
    for choice in ordered:
        profile = choice.mentee.profile
        people.append(
            RankedBy(
                choice_id=choice.pk,
                name=profile.display_name,
                stage=stages.get(profile.stage, profile.stage),
                country=countries.name(profile.country) if profile.country else "",
                fields=tuple(str(area) for area in profile.expertise.all()),
                languages=tuple(str(language) for language in profile.languages.all()),
                goals=profile.goals,
                bio=profile.bio,
                note=choice.note,
                fit=choice.fit,
                ordered=choice.mentor_order is not None and choice.fit != Fit.NOT,
                can_move_up=bool(movable) and choice in movable[1:],
                can_move_down=bool(movable) and choice in movable[:-1],
            )
        )
    return people


def free_places(mentor) -> int:
    """Her presentation's capacity less her active traditional mentorships (0 at least)."""
    presentation = MentorPresentation.objects.filter(mentor=mentor).only("capacity").first()
    if presentation is None:
        return 0
    return max(0, presentation.capacity - active_traditional_count(mentor=mentor))


@dataclass(frozen=True)
class Capacity:
    """Her capacity in the round: what she set (``chosen``) or, by default, her free places."""

    chosen: int | None
    free: int

    @property
    def value(self) -> int:
        return min(self.chosen, self.free) if self.chosen is not None else self.free


def capacity_of(round_: MatchRound, mentor) -> Capacity:
    chosen = (
        RoundMentor.objects.filter(round=round_, mentor=mentor)
        .values_list("capacity", flat=True)
        .first()
    )
    return Capacity(chosen=chosen, free=free_places(mentor))
