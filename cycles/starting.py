"""The rules every new mentorship passes, and its start: one service for a request accepted, a
flash session booked and a match round published (``start_mentorships``), checked again under
lock whatever was checked before.

A pair may start when neither blocked the other; when the mentee may take part (her guardian's
consent holds, ``profiles.access.may_take_part``); when a mentee under 18 meets only a mentor
with valid screening; and, for traditional mentoring, when the mentee has no other traditional
mentorship and the mentor has a free place under the capacity the caller passes. The profiles
of every mentor, then of every mentee, are locked in id order first: the same order as every
other service that starts a mentorship, so two of them wait for each other rather than
deadlock, and capacity holds under concurrent starts.

However many pairs, the checks and the start take a fixed number of queries."""

from collections import Counter
from dataclasses import dataclass, field

from dateutil.relativedelta import relativedelta
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from profiles.access import not_taking_part
from profiles.age import is_minor
from profiles.models import Block, MentorScreening, Profile

from .models import MAX_MONTHS, Mentorship, MentorshipEvent, Style


class Refusal:
    """Why a pair may not start (the codes callers word for their reader)."""

    BLOCKED = "blocked"
    NOT_TAKING_PART = "not_taking_part"
    NOT_SCREENED = "not_screened"
    HAS_TRADITIONAL = "has_traditional"
    NO_PLACE = "no_place"


@dataclass
class Started:
    """What ``start_mentorships`` did: the mentorships started, by (mentor id, mentee id), and
    the pairs refused with the reason's code."""

    mentorships: dict[tuple[int, int], Mentorship] = field(default_factory=dict)
    refused: dict[tuple[int, int], str] = field(default_factory=dict)


def _lock_profiles(mentor_ids: set[int], mentee_ids: set[int]) -> dict[int, Profile]:
    profiles = {}
    for ids in (mentor_ids, mentee_ids):
        locked = Profile.objects.select_for_update().filter(user_id__in=ids).order_by("user_id")
        profiles.update({profile.user_id: profile for profile in locked})
    return profiles


def _blocked_pairs(mentor_ids: set[int], mentee_ids: set[int]) -> set[frozenset]:
    people = mentor_ids | mentee_ids
    blocks = Block.objects.filter(blocker_id__in=people, blocked_id__in=people)
    return {frozenset(pair) for pair in blocks.values_list("blocker_id", "blocked_id")}


def _screened(mentor_ids: set[int]) -> set[int]:
    today = timezone.localdate()
    valid = MentorScreening.objects.valid_on(today).filter(mentor_id__in=mentor_ids)
    return set(valid.values_list("mentor_id", flat=True))


def _active_traditional(mentor_ids: set[int], mentee_ids: set[int]) -> tuple[Counter, set[int]]:
    active = Mentorship.objects.active().filter(style=Style.TRADITIONAL)
    per_mentor = Counter(
        dict(
            active.filter(mentor_id__in=mentor_ids)
            .values_list("mentor_id")
            .annotate(total=Count("pk"))
            .order_by()
        )
    )
    mentees = set(active.filter(mentee_id__in=mentee_ids).values_list("mentee_id", flat=True))
    return per_mentor, mentees


@transaction.atomic
def start_mentorships(
    *,
    pairs: list[tuple[int, int]],
    style: str,
    capacities: dict[int, int] | None = None,
    by=None,
) -> Started:
    """Start the pairs (mentor id, mentee id) that pass every rule, in the order given (a
    mentor's later pairs are refused once her places are taken); refuse the others. For
    traditional mentoring ``capacities`` gives each mentor's capacity: how many active
    traditional mentorships she may have in all (None: the caller set no limit)."""
    if style not in Style.values:
        raise ValidationError(_("Choose traditional or flash mentoring."))
    traditional = style == Style.TRADITIONAL
    mentor_ids = {mentor for mentor, _mentee in pairs}
    mentee_ids = {mentee for _mentor, mentee in pairs}
    profiles = _lock_profiles(mentor_ids, mentee_ids)
    blocked = _blocked_pairs(mentor_ids, mentee_ids)
    waiting = not_taking_part(mentee_ids)
    minors = {pk for pk in mentee_ids if pk in profiles and is_minor(profiles[pk].birth_date)}
    screened = _screened(mentor_ids) if minors else set()
    per_mentor, taken_mentees = (
        _active_traditional(mentor_ids, mentee_ids) if traditional else (Counter(), set())
    )

    result = Started()
    start = timezone.localdate()
    end = start + relativedelta(months=MAX_MONTHS) if traditional else None
    new = []
    for mentor, mentee in pairs:
        if frozenset((mentor, mentee)) in blocked:
            reason = Refusal.BLOCKED
        elif mentee in waiting:
            reason = Refusal.NOT_TAKING_PART
        elif mentee in minors and mentor not in screened:
            reason = Refusal.NOT_SCREENED
        elif traditional and mentee in taken_mentees:
            reason = Refusal.HAS_TRADITIONAL
        elif (
            traditional
            and capacities is not None
            and per_mentor[mentor] >= capacities.get(mentor, 0)
        ):
            reason = Refusal.NO_PLACE
        else:
            reason = None
        if reason is not None:
            result.refused[(mentor, mentee)] = reason
            continue
        if traditional:
            per_mentor[mentor] += 1
            taken_mentees.add(mentee)
        mentorship = Mentorship(
            mentor_id=mentor, mentee_id=mentee, style=style, start_date=start, end_date=end
        )
        # The database's foreign keys hold the two accounts: asking for each again here
        # would cost two queries a pair.
        mentorship.full_clean(
            exclude=["mentor", "mentee"], validate_unique=False, validate_constraints=False
        )
        new.append(mentorship)
    Mentorship.objects.bulk_create(new, batch_size=1000)
    MentorshipEvent.objects.bulk_create(
        [
            MentorshipEvent(
                mentorship=mentorship,
                actor=by,
                kind=MentorshipEvent.Kind.STARTED,
                to_value=style,
            )
            for mentorship in new
        ],
        batch_size=1000,
    )
    result.mentorships = {(m.mentor_id, m.mentee_id): m for m in new}
    return result
