"""Who takes part in a round and whom a mentee may rank: the same rules that decide who may
send a request (``matching.services.send_request``) and that every start re-checks
(``cycles.starting``). The participant pages ask one person at a time; a draft reads the same
rules for everyone at once (``people``, ``blocked_pairs``, ``pair_allowed``), in a fixed
number of queries."""

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from cycles.models import Mentorship, Style
from profiles import access
from profiles.age import minor_filter
from profiles.models import Block, MentorScreening, Profile, Role

from ..models import MentorPresentation
from ..selectors import matchable_mentors
from .models import MatchRound

User = get_user_model()


def _invited(round_: MatchRound, queryset: QuerySet, path: str = "pk") -> QuerySet:
    if round_.open_to_all:
        return queryset
    return queryset.filter(**{f"{path}__in": round_.invited.values("pk")})


def mentees(round_: MatchRound) -> QuerySet:
    """The mentees who may rank in ``round_``: active accounts with the mentee role and no
    active traditional mentorship (guardian consent is asked apart: ``not_taking_part``)."""
    taken = Mentorship.objects.active().filter(style=Style.TRADITIONAL).values("mentee_id")
    queryset = User.objects.filter(is_active=True, profile__role=Role.MENTEE).exclude(pk__in=taken)
    return _invited(round_, queryset)


def presentations(round_: MatchRound) -> QuerySet:
    """The presentations of the mentors in ``round_``: visible in the directory and taking
    requests."""
    queryset = MentorPresentation.objects.visible().filter(accepting_requests=True)
    return _invited(round_, queryset, "mentor_id")


def mentors(round_: MatchRound) -> QuerySet:
    """The mentors in ``round_`` (users)."""
    return User.objects.filter(pk__in=presentations(round_).values("mentor_id"))


def takes_part(round_: MatchRound, user) -> bool:
    """Whether ``user`` is among the round's mentees or mentors."""
    return (
        mentees(round_).filter(pk=user.pk).exists()
        or presentations(round_).filter(mentor_id=user.pk).exists()
    )


def rankable(round_: MatchRound, mentee) -> QuerySet:
    """The presentations ``mentee`` may rank: the round's mentors whom she has not blocked nor
    been blocked by, and, if she is under 18, whose screening is valid."""
    blocked = Block.objects.filter(Q(blocker=mentee) | Q(blocked=mentee))
    people = blocked.values_list("blocker_id", "blocked_id")
    others = {pk for pair in people for pk in pair} - {mentee.pk}
    profile = getattr(mentee, "profile", None)
    return presentations(round_).filter(matchable_mentors(profile)).exclude(mentor_id__in=others)


def why_not_rank(round_: MatchRound, mentee, mentor) -> str | None:
    """Why ``mentee`` may not put ``mentor`` on her ranking now, in her words; None when she
    may."""
    if not round_.is_open_for_rankings:
        return _("Rankings for this round are closed.")
    if not mentees(round_).filter(pk=mentee.pk).exists():
        return _("You are not taking part in this round.")
    taking_part = access.may_take_part(mentee)
    if not taking_part.allowed:
        return taking_part.reason
    if not rankable(round_, mentee).filter(mentor_id=mentor.pk).exists():
        return _("This mentor is not taking part in this round.")
    return None


@dataclass(frozen=True)
class People:
    """Everyone in a round at once, for a draft: the ids of its mentees (with guardian consent
    holding), of its mentors, of the minors among the mentees and of the mentors with valid
    screening."""

    mentees: set[int]
    mentors: set[int]
    minors: set[int]
    screened: set[int]


def people(round_: MatchRound) -> People:
    """Five queries, six when a mentee needs her guardian's consent, whatever the number of
    people."""
    mentee_ids = set(mentees(round_).values_list("pk", flat=True))
    mentee_ids -= access.not_taking_part(mentee_ids)
    mentor_ids = set(presentations(round_).values_list("mentor_id", flat=True))
    minors = set(
        Profile.objects.filter(
            minor_filter(), user_id__in=mentees(round_).values("pk")
        ).values_list("user_id", flat=True)
    )
    screened = set(
        MentorScreening.objects.valid_on(timezone.localdate())
        .filter(mentor_id__in=presentations(round_).values("mentor_id"))
        .values_list("mentor_id", flat=True)
    )
    return People(mentees=mentee_ids, mentors=mentor_ids, minors=minors, screened=screened)


def blocked_pairs(round_: MatchRound) -> set[frozenset]:
    """The pairs of the round's people who blocked each other, either way (one query)."""
    in_round = Q(pk__in=mentees(round_).values("pk")) | Q(
        pk__in=presentations(round_).values("mentor_id")
    )
    ids = User.objects.filter(in_round).values("pk")
    among = Block.objects.filter(blocker_id__in=ids, blocked_id__in=ids)
    return {frozenset(pair) for pair in among.values_list("blocker_id", "blocked_id")}


def pair_allowed(people_: People, blocked: set[frozenset], mentee: int, mentor: int) -> bool:
    """``rankable`` for one pair of a draft, read from ``people`` and ``blocked_pairs``."""
    if mentee not in people_.mentees or mentor not in people_.mentors:
        return False
    if frozenset((mentee, mentor)) in blocked:
        return False
    return not (mentee in people_.minors and mentor not in people_.screened)
