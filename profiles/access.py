"""Who the program's own people are: decided here once, for every view, service, selector,
template (``{% load access_tags %}``) and admin page.

- **Staff** have staff status, which is what Django's admin asks of a signed-in account to
  let her in. What they may do there comes from the "Program staff" group, which the apps'
  migrations grant their permissions, or from being a superuser. Admin links, the admin's
  two-factor gate, the emails that link into the admin and the services behind admin actions
  ask for staff.
- **Program staff** run the program on the site: staff, and superusers with or without staff
  status (a superuser holds every permission; she is never taken for a participant). They
  get the program dashboard instead of onboarding, every event, and the program report.
- **Reporters** are in the "Reporters" group: they read the program report and export the
  final evaluations, and nothing else of the program's: the participants' pages answer them
  403 (``may_open_area``), unless they have also joined as a mentor or a mentee.
- **Superusers** alone manage the program's own people (``may_manage_staff``): staff and
  superuser status, groups and permissions, passwords, and the accounts of anyone who holds
  one of these (``holds_powers``). Program staff manage participants' accounts only
  (``may_manage_account``), and never their address or password: they send the reset email,
  which goes to the person herself.
- **Two-factor authentication** guards what shows participants' data beyond one's own
  mentorships (``needs_two_factor``): program staff everywhere on the site, reporters on the
  reports and exports. ``profiles.middleware.TwoFactorMiddleware`` asks it on every page.

Whether an account may still sign in (``is_active``) is not a role: a signed-in person is
always active, and the two checks that ask it besides (the emails to staff, the report's
permission) do so themselves.
"""

from typing import NamedTuple

from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from .age import needs_guardian
from .models import GuardianConsent, Profile, User

STAFF_GROUP = "Program staff"
REPORTER_GROUP = "Reporters"


def is_staff(user) -> bool:
    """Staff status: she may open the admin."""
    return bool(user.is_staff)


def staff_may(user, permission: str) -> bool:
    """Staff holding the admin's ``permission`` ("profiles.change_report"), from their group
    or as superusers: what an admin page lets her do, asked again by the service it calls."""
    return is_staff(user) and user.has_perm(permission)


def is_program_staff(user) -> bool:
    """Staff or superuser: she runs the program on the site."""
    return bool(user.is_staff or user.is_superuser)


def is_reporter(user) -> bool:
    """In the "Reporters" group (one query; none for an anonymous visitor)."""
    return user.is_authenticated and user.groups.filter(name=REPORTER_GROUP).exists()


def needs_two_factor(user, *, reading_reports: bool = False) -> bool:
    """She sees a page only signed in with an authenticator app: program staff on every page
    (the admin, and the program's pages on the site: every event, the report, the exports),
    reporters on the reports and exports, the only pages their group opens. Reporters are
    asked there only: the group costs a query that a participant's page never pays."""
    return is_program_staff(user) or (reading_reports and is_reporter(user))


def runs_the_program(user, profile) -> bool:
    """On the site she is one of the program's own people, not a participant: program staff,
    or a reporter who has not joined as a mentor or a mentee. She gets the program dashboard
    and the way to the report, and onboarding never stops her. A reporter who also took a
    role is a participant there (the report stays open to her)."""
    return is_program_staff(user) or (not profile.role and is_reporter(user))


def holds_powers(user) -> bool:
    """One of the program's own people: staff or superuser status, or a group or a permission
    of her own (a reporter). Her account is a superuser's to manage."""
    return (
        bool(user.is_staff or user.is_superuser)
        or user.groups.exists()
        or user.user_permissions.exists()
    )


def may_manage_staff(user) -> bool:
    """A superuser: she gives and takes staff and superuser status, groups and permissions,
    sets passwords, and changes or erases the accounts of the program's own people."""
    return bool(user.is_superuser)


def may_manage_account(user, account) -> bool:
    """May she change, export or erase this account in the admin, or send it a password reset
    email? A superuser any account; program staff a participant's, never one with powers
    (their own included)."""
    return may_manage_staff(user) or (is_staff(user) and not holds_powers(account))


# The areas of the site (URL namespaces) a reporter opens: the site's own pages and the
# sign-in and account pages (no namespace), her profile and data, her emails, the report and
# its exports, and the admin (which refuses her itself). A new area is closed to her until it
# is named here.
REPORTER_AREAS = frozenset({"", "admin", "profiles", "notifications", "reports", "exports"})


def is_reporter_only(user, profile) -> bool:
    """A reporter who is not program staff and has not joined as a mentor or a mentee (one
    query, only for a signed-in person who is neither)."""
    return not is_program_staff(user) and not profile.role and is_reporter(user)


def may_open_area(user, profile, namespace: str) -> bool:
    """The participants' features (directory and mentor pages, requests, mentorships and
    meetings, reflections, events, the library, safety) are for mentors, mentees and program
    staff. A reporter who is nothing else has the dashboard, the report and her own account:
    everywhere else she is a stranger (403, whatever the page or the id in its address)."""
    return namespace in REPORTER_AREAS or not is_reporter_only(user, profile)


class TakingPart(NamedTuple):
    """Whether she may take part (requests, bookings, messages, meetings), and if not why."""

    allowed: bool
    reason: str = ""


WAITING_FOR_GUARDIAN = _(
    "Your guardian has not confirmed yet. You can take part in mentoring once your guardian "
    "has consented through the link we emailed."
)
GUARDIAN_NOT_ASKED = _(
    "You are below the age of digital consent in your country, so your parent or guardian "
    "must consent first. Give their name and email address on the guardian page."
)
GUARDIAN_WITHDREW = _(
    "Your guardian has withdrawn their consent, so your mentoring is paused. The program "
    "staff have been told and will contact you."
)


def may_take_part(user) -> TakingPart:
    """The one rule of a limited account (issue 20): a girl below her country's age of digital
    consent (``profiles.age.needs_guardian``, read from her date of birth and country each
    time) takes part in mentoring only while her guardian's consent holds. Matching (requests,
    flash bookings) and cycles (messages, meetings) ask it in their services; the pages show
    the reason. Without a date of birth (asked at sign-up and on the profile step) nothing
    limits her here."""
    profile = getattr(user, "profile", None)
    if profile is None or not needs_guardian(profile.birth_date, profile.country):
        return TakingPart(True)
    latest = GuardianConsent.objects.filter(user=user).order_by("-requested_at", "-pk").first()
    if latest is None:
        return TakingPart(False, str(GUARDIAN_NOT_ASKED))
    if latest.withdrawn_at is not None:
        return TakingPart(False, str(GUARDIAN_WITHDREW))
    if latest.consented_at is None:
        return TakingPart(False, str(WAITING_FOR_GUARDIAN))
    return TakingPart(True)


def not_taking_part(user_ids) -> set[int]:
    """``may_take_part`` for many people: the ids among ``user_ids`` whose guardian's consent
    does not hold. Two queries, whatever their number."""
    profiles = Profile.objects.filter(user_id__in=user_ids, birth_date__isnull=False)
    needing = {
        profile.user_id
        for profile in profiles.only("user_id", "birth_date", "country")
        if needs_guardian(profile.birth_date, profile.country)
    }
    if not needing:
        return set()
    latest = {}
    consents = GuardianConsent.objects.filter(user_id__in=needing).order_by(
        "user_id", "-requested_at", "-pk"
    )
    for consent in consents:
        latest.setdefault(consent.user_id, consent)
    return {
        pk
        for pk in needing
        if pk not in latest
        or latest[pk].withdrawn_at is not None
        or latest[pk].consented_at is None
    }


# --- the same rules for querysets --------------------------------------------------------------
# ``to_user`` is the path from the model queried to the user: "" for User itself, "user" for a
# Profile.


def _field(to_user: str, name: str) -> str:
    return f"{to_user}__{name}" if to_user else name


def staff_filter(to_user: str = "") -> Q:
    return Q(**{_field(to_user, "is_staff"): True})


def program_staff_filter(to_user: str = "") -> Q:
    return Q(**{_field(to_user, "is_staff"): True}) | Q(**{_field(to_user, "is_superuser"): True})


def reporter_filter(to_user: str = "") -> Exists:
    return Exists(
        User.groups.through.objects.filter(
            user=OuterRef(to_user or "pk"), group__name=REPORTER_GROUP
        )
    )
