"""Who takes part in a mentorship: its mentor and its mentee, no one else (staff read it in
the admin). The one rule, as a predicate for an object in hand (services refuse anyone else
with ``PermissionDenied``) and as a filter for querysets, which every page fetches through
(``mentorships_visible_to``, ``meetings_visible_to``), so another pair's objects are 404."""

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet

from profiles.age import minor_filter
from profiles.selectors import is_blocked_between

from .models import Meeting, Mentorship


def is_participant(user, mentorship: Mentorship) -> bool:
    return (
        user is not None
        and user.is_authenticated
        and user.pk in (mentorship.mentor_id, mentorship.mentee_id)
    )


def may_see_contact(user, mentorship: Mentorship) -> bool:
    """Whether ``user`` may see the other participant's contact details (email address,
    meeting handle): only a participant, only while the mentorship is active, and never
    across a block either way. Every page and email that shows them asks this."""
    if not is_participant(user, mentorship) or mentorship.status != Mentorship.Status.ACTIVE:
        return False
    blocked = getattr(mentorship, "blocked_between", None)  # read with the row by the page
    if blocked is None:
        blocked = is_blocked_between(mentorship.mentor_id, mentorship.mentee_id)
    return not blocked


def shares_a_mentorship(user, person) -> bool:
    """Whether ``user`` and ``person`` are (or were) the two of one mentorship: they may see
    each other's photo (``profiles.photos``, which decides blocks)."""
    return (
        user.pk != person.pk
        and Mentorship.objects.filter(participant_filter(user))
        .filter(participant_filter(person))
        .exists()
    )


def require_participant(user, mentorship: Mentorship) -> None:
    """For services: anyone else acting on the mentorship is refused."""
    if not is_participant(user, mentorship):
        raise PermissionDenied


def participant_filter(user, to_mentorship: str = "") -> Q:
    """The rows whose mentorship ``user`` takes part in; ``to_mentorship`` is the path to the
    mentorship from the model queried: "" for Mentorship itself, "mentorship" for a Meeting."""
    prefix = f"{to_mentorship}__" if to_mentorship else ""
    return Q(**{f"{prefix}mentor": user}) | Q(**{f"{prefix}mentee": user})


def mentorships_visible_to(user) -> QuerySet[Mentorship]:
    if not user.is_authenticated:
        return Mentorship.objects.none()
    return Mentorship.objects.filter(participant_filter(user))


def meetings_visible_to(user) -> QuerySet[Meeting]:
    if not user.is_authenticated:
        return Meeting.objects.none()
    return Meeting.objects.filter(participant_filter(user, "mentorship"))


# --- safeguarding (issue 20) -------------------------------------------------------------------
# Staff in this group (a data migration makes it) are the program's safeguarding leads.
SAFEGUARDING_LEADS = "Safeguarding leads"


def is_safeguarding_lead(user) -> bool:
    return bool(
        user is not None
        and user.is_authenticated
        and user.is_active
        and user.is_staff
        and user.groups.filter(name=SAFEGUARDING_LEADS).exists()
    )


def has_minor(mentorship: Mentorship) -> bool:
    """Whether the pair's mentee is under 18 today (``profiles.age``)."""
    return mentorship.mentee.profile.is_minor


def may_oversee(user, mentorship: Mentorship) -> bool:
    """The one rule of oversight: a safeguarding lead (active staff in the group) may read the
    conversation and meetings of a pair whose mentee is under 18; nobody else, and never a
    pair of adults. Every reading is recorded (``SafeguardingReading``)."""
    return is_safeguarding_lead(user) and has_minor(mentorship)


def mentorships_overseen_by(user) -> QuerySet[Mentorship]:
    """The pairs with a minor, for a safeguarding lead; none for anyone else."""
    if not is_safeguarding_lead(user):
        return Mentorship.objects.none()
    return Mentorship.objects.filter(minor_filter("mentee__profile__"))
