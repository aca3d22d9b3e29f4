"""Reads for people and profiles."""

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.db.models import Case, Exists, F, OuterRef, Q, QuerySet, When
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from core.cldr import reader_language
from core.collation import collated, sort_key

from . import access
from .models import (
    Block,
    CalendarFeed,
    ExpertiseArea,
    GuardianConsent,
    MentorScreening,
    Profile,
    Report,
    SpokenLanguage,
    StaffFollowUp,
    User,
)


@dataclass(frozen=True)
class CompletenessItem:
    field: str
    label: str
    done: bool


@dataclass(frozen=True)
class Completeness:
    items: list[CompletenessItem]

    @property
    def percent(self) -> int:
        return round(100 * sum(item.done for item in self.items) / len(self.items))

    @property
    def missing(self) -> list[CompletenessItem]:
        return [item for item in self.items if not item.done]


def profile_completeness(profile: Profile) -> Completeness:
    """What a profile has and lacks: "the more detailed, the better the match".

    Uses ``expertise`` and ``languages`` from a prefetch when there is one.
    """
    checks = [
        ("display_name", _("Display name"), bool(profile.display_name)),
        ("role", _("Mentor or mentee"), bool(profile.role)),
        ("expertise", _("Fields of expertise or interest"), bool(profile.expertise.all())),
        ("country", _("Country"), bool(profile.country)),
        ("languages", _("Languages spoken"), bool(profile.languages.all())),
        ("stage", _("Current stage"), bool(profile.stage)),
        ("bio", _("Short bio"), bool(profile.bio)),
        ("goals", _("Goals and interests"), bool(profile.goals)),
        ("styles", _("Mentoring styles"), profile.style_traditional or profile.style_flash),
        ("hours_per_month", _("Availability"), bool(profile.hours_per_month)),
        ("meeting_handle", _("Contact for meetings"), bool(profile.meeting_handle)),
        ("photo", _("Photo"), bool(profile.photo)),
    ]
    return Completeness([CompletenessItem(*check) for check in checks])


def profile_for_page(user) -> Profile:
    """The user's profile with everything its page shows, in three queries."""
    return (
        Profile.objects.select_related("user")
        .prefetch_related("expertise", "languages")
        .get(user=user)
    )


# The lists of fields and languages change rarely (staff edit them in the admin, which
# forgets these entries once its change is committed); the directory's filters and cards read
# their names from the cache (the cards read it again when it lacks one a mentor chose).
REFERENCE_CACHE_SECONDS = 300


def _reference_key(language: str) -> str:
    return f"reference-lists:{language}"


def _read_reference_lists() -> dict:
    return {
        "expertise": [(area.pk, area.name, area.is_active) for area in ExpertiseArea.objects.all()],
        "languages": collated(
            ((language.pk, language.name) for language in SpokenLanguage.objects.all()),
            reader_language(),
            key=lambda choice: choice[1],
        ),
    }


def reference_lists() -> dict:
    """Every field of expertise as (pk, name in the current language, active), in their
    order, and every spoken language as (pk, name), sorted by that name: one cache entry per
    language, read by the directory's filters and cards."""
    return cache.get_or_set(
        _reference_key(get_language() or "en"), _read_reference_lists, REFERENCE_CACHE_SECONDS
    )


def expertise_choices() -> list[tuple[int, str]]:
    """Active fields of expertise as (pk, name in the current language), in their order."""
    return [(pk, name) for pk, name, active in reference_lists()["expertise"] if active]


def language_choices() -> list[tuple[int, str]]:
    """Spoken languages as (pk, name in the current language), in that language's order."""
    return reference_lists()["languages"]


def in_reading_order(languages: Iterable[SpokenLanguage]) -> list[SpokenLanguage]:
    """Spoken languages as the forms offer them to tick: the site's languages first, the
    reader's own first (nearly everyone in the program speaks Swedish or English: she finds
    hers at the top), then the others by name in her language's order."""
    reader = reader_language()
    first = [reader, *(code for code, _name in settings.LANGUAGES if code != reader)]

    def key(language: SpokenLanguage):
        rank = first.index(language.code) if language.code in first else len(first)
        return rank, sort_key(language.name, reader)

    return sorted(languages, key=key)


def forget_reference_choices() -> None:
    cache.delete_many([_reference_key(code) for code, _name in settings.LANGUAGES])


# --- staff ---------------------------------------------------------------------------------


def staff_to_notify(*, exclude=()) -> QuerySet[User]:
    """The active program staff who get the platform's emails to staff (an ended mentorship,
    a report, a final evaluation), less the people in ``exclude`` (ids)."""
    return (
        User.objects.filter(access.staff_filter(), is_active=True)
        .exclude(pk__in=list(exclude))
        .select_related("profile")
        .order_by("pk")
    )


def open_reports_for(member) -> QuerySet[Report]:
    """The open reports a staff member is told of: all but those by or about her."""
    return Report.objects.filter(status=Report.Status.OPEN).exclude(
        Q(reporter=member) | Q(reported=member)
    )


def profile_with_photo(name: str) -> Profile | None:
    """The profile whose photo is stored under ``name``, with its user."""
    return Profile.objects.select_related("user").filter(photo=name).first()


# --- blocks --------------------------------------------------------------------------------


def blocked_user_ids_query(user) -> QuerySet:
    """The ids of the people ``user`` blocked or who blocked her, unevaluated: filter with it
    (``exclude(mentor_id__in=…)``) and it becomes a subquery of that same query."""
    return (
        Block.objects.filter(Q(blocker=user) | Q(blocked=user))
        .annotate(other=Case(When(blocker=user, then=F("blocked")), default=F("blocker")))
        .values("other")
    )


def blocked_user_ids(user) -> set[int]:
    """The ids of the people ``user`` blocked or who blocked her (both directions)."""
    return set(blocked_user_ids_query(user).values_list("other", flat=True))


def blocked_me_ids_query(user) -> QuerySet:
    """The ids of the people who blocked ``user``, unevaluated, for a subquery."""
    return Block.objects.filter(blocked=user).values("blocker_id")


def is_blocked_between(first, second) -> bool:
    """Whether either of the two blocked the other."""
    return Block.objects.filter(
        Q(blocker=first, blocked=second) | Q(blocker=second, blocked=first)
    ).exists()


def blocked_between_exists(first: str, second: str) -> Exists:
    """For an annotation: whether the people in the columns ``first`` and ``second`` of the
    outer query (``"mentor"``, ``"mentee"``) blocked each other, either way."""
    return Exists(
        Block.objects.filter(
            Q(blocker=OuterRef(first), blocked=OuterRef(second))
            | Q(blocker=OuterRef(second), blocked=OuterRef(first))
        )
    )


def blocks_made_by(user) -> QuerySet[Block]:
    """Whom ``user`` blocked, newest first, with the names the list shows."""
    return Block.objects.filter(blocker=user).select_related("blocked__profile")


def followed_up(kind: str) -> Exists:
    """Whether the staff marked the row done in the to-do section ``kind`` (``core.todo``):
    a filter on the section's rows, ``.exclude(followed_up("cycles.ended_early"))``."""
    return Exists(StaffFollowUp.objects.filter(kind=kind, object_id=OuterRef("pk")))


# --- her calendar address ------------------------------------------------------------------


def feed_token_hash(token: str) -> str:
    """What is kept of a calendar token: its SHA-256 (the token is 256 random bits, so a fast
    hash is enough; the table alone opens no calendar)."""
    return hashlib.sha256(token.encode()).hexdigest()


def calendar_feed_of(user) -> CalendarFeed | None:
    """Her calendar address that works, or None."""
    return CalendarFeed.objects.active().filter(user=user).first()


def calendar_feed_owner(token: str) -> User | None:
    """Whose calendar ``token`` opens: the person of a working address, if her account is
    active (an erased or deactivated account has no calendar). The token is looked up by its
    hash, so an unknown token costs what a known one does."""
    feed = (
        CalendarFeed.objects.active()
        .filter(token_hash=feed_token_hash(token), user__is_active=True)
        .select_related("user__profile")
        .first()
    )
    return feed.user if feed is not None else None


# --- screening (issue 20) ------------------------------------------------------------------


def screened_filter(prefix: str = "", day=None) -> Q:
    """Mentors with valid screening on ``day`` (today by default), for a queryset over
    ``<prefix>pk`` of a user (e.g. ``"mentor__"`` on presentations or requests): one ``EXISTS``
    in the same query, no query of its own."""
    day = day or timezone.localdate()
    return Q(
        Exists(MentorScreening.objects.valid_on(day).filter(mentor_id=OuterRef(f"{prefix}pk")))
    )


def is_screened(user, day=None) -> bool:
    """Whether ``user`` has valid screening on ``day`` (today by default)."""
    day = day or timezone.localdate()
    return MentorScreening.objects.valid_on(day).filter(mentor=user).exists()


def current_screening(user, day=None) -> MentorScreening | None:
    """Her screening valid on ``day`` that lasts longest, or None."""
    day = day or timezone.localdate()
    valid = MentorScreening.objects.valid_on(day).filter(mentor=user)
    return valid.order_by("-valid_until").first()


def latest_guardian_consent(user) -> GuardianConsent | None:
    """Her latest request for a guardian's consent (the one that counts), or None."""
    return GuardianConsent.objects.filter(user=user).order_by("-requested_at", "-pk").first()
