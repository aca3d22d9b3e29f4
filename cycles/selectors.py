"""Reads about mentorships that other apps rely on (matching's capacity rule among them)."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import BooleanField, Case, Count, Max, OuterRef, Prefetch, Subquery, When
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from profiles.age import minor_filter
from profiles.models import MentorScreening
from profiles.selectors import blocked_between_exists, screened_filter

from .content import PhaseContent, content_for
from .models import Goal, GoalRevision, Meeting, Mentorship, Message, Phase, PhaseTick, Style


def active_traditional_count(*, mentor) -> int:
    return Mentorship.objects.active().filter(mentor=mentor, style=Style.TRADITIONAL).count()


def has_active_traditional(*, mentee) -> bool:
    return Mentorship.objects.active().filter(mentee=mentee, style=Style.TRADITIONAL).exists()


def active_traditional_subquery(mentor_ref: str = "mentor"):
    """An expression counting the active traditional mentorships of ``OuterRef(mentor_ref)``."""
    counts = (
        Mentorship.objects.filter(
            mentor=OuterRef(mentor_ref),
            status=Mentorship.Status.ACTIVE,
            style=Style.TRADITIONAL,
        )
        .order_by()
        .values("mentor")
        .annotate(total=Count("pk"))
        .values("total")
    )
    return Coalesce(Subquery(counts), 0)


def meeting_room_url(mentorship: Mentorship) -> str | None:
    """The address of the pair's own meeting room on the room server
    (``MEETING_ROOM_BASE_URL``), or None where no room server is set. The room's name is the
    mentorship's random ``room_token``: only the pair has its address."""
    base = settings.MEETING_ROOM_BASE_URL.strip()
    if not base or not mentorship.room_token:
        return None
    return f"{base.rstrip('/')}/westem-{mentorship.room_token}"


def online_meeting_places(mentorship: Mentorship) -> list[str]:
    """Where a pair with a minor may meet (issue 20): the pair's room and the program's
    channel (``PROGRAM_MEETING_CHANNEL_URL``), whichever are set; the room first."""
    places = [meeting_room_url(mentorship), settings.PROGRAM_MEETING_CHANNEL_URL.strip()]
    return [place for place in places if place]


def safeguarding_leads():
    """The program's safeguarding leads (active staff in the group), named on the pages of a
    pair with a minor."""
    from .permissions import SAFEGUARDING_LEADS

    return (
        get_user_model()
        .objects.filter(groups__name=SAFEGUARDING_LEADS, is_staff=True, is_active=True)
        .select_related("profile")
        .order_by("profile__display_name", "pk")
    )


def safeguarding_lead_names() -> str:
    """ "Anna Berg" or "Anna Berg, Karin Ek": the leads as the notice names them."""
    return ", ".join(user.get_full_name() for user in safeguarding_leads()) or str(
        _("the program staff")
    )


def active_mentorship_between(*, mentor, mentee) -> Mentorship | None:
    return Mentorship.objects.active().filter(mentor=mentor, mentee=mentee).first()


def active_mentorships_of(user):
    """The user's active mentorships with both people's profiles and the accepted request."""
    return list(
        Mentorship.objects.active()
        .involving(user)
        .select_related("mentor__profile", "mentee__profile", "request")
        .order_by("-created_at")
    )


def mentorships_of(user) -> list[Mentorship]:
    """All her mentorships, active or ended, newest first, with both people's profiles."""
    return list(
        Mentorship.objects.involving(user)
        .select_related("mentor__profile", "mentee__profile")
        .order_by("-created_at")
    )


# --- the pair's workspace ------------------------------------------------------------------


@dataclass(frozen=True)
class ChecklistRow:
    key: str
    label: str
    mentor_done: bool
    mentee_done: bool


@dataclass(frozen=True)
class PhaseView:
    phase: int
    label: str
    content: "PhaseContent"
    rows: list[ChecklistRow]
    state: str  # "done", "current", "todo" or "stopped" (where one ended early)


def mentorship_for_page(user, public_id) -> Mentorship:
    """The mentorship with both people, the agreement and the accepted request, and whether
    the two blocked each other; or 404."""
    from django.shortcuts import get_object_or_404

    from .permissions import mentorships_visible_to

    return get_object_or_404(
        mentorships_visible_to(user)
        .select_related(
            "mentor__profile",
            "mentee__profile",
            "agreement",
            "request",
        )
        # Read with the row, for ``permissions.may_see_contact``.
        .annotate(blocked_between=blocked_between_exists("mentor", "mentee")),
        public_id=public_id,
    )


def phase_views(mentorship: Mentorship) -> list[PhaseView]:
    """Each phase of this style with its checklist and both participants' ticks (one query)."""
    ticks = set(PhaseTick.objects.filter(mentorship=mentorship).values_list("user_id", "item"))
    views = []
    for phase in mentorship.phases():
        content = content_for(phase, flash=not mentorship.is_traditional)
        rows = [
            ChecklistRow(
                key,
                label,
                (mentorship.mentor_id, key) in ticks,
                (mentorship.mentee_id, key) in ticks,
            )
            for key, label in content.items
        ]
        # A completed mentorship did its last phase; one ended early stopped in its phase
        # ("stopped": never shown as done).
        completed = mentorship.status == Mentorship.Status.COMPLETED
        if phase < mentorship.phase or completed and phase == mentorship.phase:
            state = "done"
        elif phase == mentorship.phase:
            state = "current" if mentorship.is_active else "stopped"
        else:
            state = "todo"
        views.append(PhaseView(phase, Phase(phase).label, content, rows, state))
    return views


def next_meeting(meetings: list[Meeting], now: datetime | None = None) -> Meeting | None:
    now = now or timezone.now()
    upcoming = [m for m in meetings if m.is_confirmed and m.ends_at > now]
    return min(upcoming, key=lambda m: m.starts_at, default=None)


def minutes_met_in_month(meetings: list[Meeting], *, tz, now: datetime | None = None) -> int:
    """Minutes of meetings held (agreed, started before now) in the current month of ``tz``:
    past meetings count towards the hours."""
    now = (now or timezone.now()).astimezone(tz)
    return sum(
        m.duration_minutes
        for m in meetings
        if m.is_confirmed
        and m.starts_at <= now
        and (m.starts_at.astimezone(tz).year, m.starts_at.astimezone(tz).month)
        == (now.year, now.month)
    )


def agreed_minutes_per_month(mentorship: Mentorship) -> int:
    """The agreement's minimum, or the program's (1 hour) where there is none yet."""
    agreement = getattr(mentorship, "agreement", None)
    return agreement.minutes_per_month if agreement else 60


def _pair_with_profiles(mentorship: Mentorship) -> dict | None:
    """Both people of the mentorship by id, if they were loaded with their profiles (as
    ``mentorship_for_page`` does); otherwise None."""
    people = {}
    for descriptor in (Mentorship.mentor, Mentorship.mentee):
        if not descriptor.is_cached(mentorship):
            return None
        person = descriptor.__get__(mentorship)
        if not type(person).profile.is_cached(person):
            return None
        people[person.pk] = person
    return people


def _attach_people(objects: list, field: str, people: dict) -> None:
    """Set each object's ``field`` (a user) from ``people``, the pair; anyone else (a
    participant who is neither of them) with her profile in one query."""
    others = {getattr(obj, f"{field}_id") for obj in objects} - set(people) - {None}
    if others:
        users = get_user_model().objects.select_related("profile")
        people = {**people, **users.in_bulk(others)}
    for obj in objects:
        person_id = getattr(obj, f"{field}_id")
        if person_id is not None:
            setattr(obj, field, people[person_id])


def meetings_of(mentorship: Mentorship) -> list[Meeting]:
    """The pair's meetings, each with who proposed it (one query; taken from the mentorship
    when it was loaded with both people's profiles)."""
    people = _pair_with_profiles(mentorship)
    meetings = Meeting.objects.filter(mentorship=mentorship)
    if people is None:
        return list(meetings.select_related("proposed_by"))
    meetings = list(meetings)
    _attach_people(meetings, "proposed_by", people)
    return meetings


def active_goal_count(mentorship: Mentorship, *, besides: Goal | None = None) -> int:
    """Her goals that count towards the most at a time (``MAX_GOALS``): all but the dropped
    ones; ``besides`` leaves one goal out (the one being edited)."""
    goals = Goal.objects.filter(mentorship=mentorship).exclude(status=Goal.Status.DROPPED)
    if besides is not None:
        goals = goals.exclude(pk=besides.pk)
    return goals.count()


def goals_of(mentorship: Mentorship) -> list[Goal]:
    """The goals with their revisions, each revision's author with her profile (2 queries;
    the authors come from the mentorship when it was loaded with both people's profiles)."""
    people = _pair_with_profiles(mentorship)
    revisions = GoalRevision.objects.all()
    if people is None:
        revisions = revisions.select_related("actor__profile")
    goals = list(
        Goal.objects.filter(mentorship=mentorship).prefetch_related(
            Prefetch("revisions", queryset=revisions)
        )
    )
    if people is not None:
        _attach_people([r for goal in goals for r in goal.revisions.all()], "actor", people)
    return goals


def recent_messages(mentorship: Mentorship, limit: int = 50) -> list[Message]:
    """The newest ``limit`` messages, oldest first, each with its author and her profile (one
    query; the authors come from the mentorship when it was loaded with both profiles)."""
    people = _pair_with_profiles(mentorship)
    newest = Message.objects.filter(mentorship=mentorship)
    if people is None:
        newest = newest.select_related("author__profile")
    messages = list(reversed(newest.order_by("-created_at", "-pk")[:limit]))
    if people is not None:
        _attach_people(messages, "author", people)
    return messages


def mentorships_list(user) -> list[Mentorship]:
    """All her mentorships, active first, for the list page."""
    return list(
        Mentorship.objects.involving(user)
        .select_related("mentor__profile", "mentee__profile")
        .order_by(Case(When(status=Mentorship.Status.ACTIVE, then=0), default=1), "-created_at")
    )


# --- screening of mentors with a minor (issue 20) ------------------------------------------

SCREENING_WARNING_DAYS = 30


def screening_due(day=None):
    """Active mentorships of a mentee under 18 whose mentor's screening is not valid today
    (expired, or never recorded) or ends within ``SCREENING_WARNING_DAYS``: for the staff
    (the to-do page, ``services.alert_screening_expiry``). Each row carries
    ``screening_until``, the last day of her latest screening (None: none recorded), and
    ``screening_valid``, whether it is valid today; the mentor's profile is joined in."""
    day = day or timezone.localdate()
    warn_until = day + timedelta(days=SCREENING_WARNING_DAYS)
    latest = (
        MentorScreening.objects.filter(mentor_id=OuterRef("mentor_id"), checked_on__lte=day)
        .order_by()
        .values("mentor_id")
        .annotate(until=Max("valid_until"))
        .values("until")
    )
    return (
        Mentorship.objects.active()
        .filter(minor_filter("mentee__profile__", day))
        .exclude(screened_filter("mentor__", warn_until))
        .annotate(screening_until=Subquery(latest))
        .annotate(
            screening_valid=Case(
                When(screened_filter("mentor__", day), then=True),
                default=False,
                output_field=BooleanField(),
            )
        )
        .select_related("mentor__profile")
        .order_by("screening_until", "pk")
    )
