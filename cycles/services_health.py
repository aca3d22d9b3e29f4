"""Staff log a check-in with a pair at risk (issue 22): the contact, what came of it, and how
long the pair stays off the health page."""

from datetime import timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from profiles.access import staff_may

from .models import CheckIn, Mentorship

ADD_PERMISSION = "cycles.add_checkin"
VIEW_PERMISSION = "cycles.view_healthsignal"
# How long a check-in may keep a pair off the health page.
SNOOZE_DAYS = (0, 7, 14, 30, 60)


def may_see_health(user) -> bool:
    """The health page and check-ins are for program staff with the permission, nobody else."""
    return staff_may(user, VIEW_PERMISSION)


def log_check_in(
    *,
    mentorship: Mentorship,
    by,
    channel: str,
    outcome: str,
    note: str = "",
    snooze_days: int = 0,
) -> CheckIn:
    """Record the contact; with ``snooze_days`` the pair leaves the health page until that
    many days from today (the program's date), and comes back then if still at risk."""
    if not staff_may(by, ADD_PERMISSION):
        raise PermissionDenied
    if not mentorship.is_active:
        raise ValidationError(_("This mentorship has ended."))
    if snooze_days not in SNOOZE_DAYS:
        raise ValidationError({"snooze_days": _("Choose one of the offered periods.")})
    check_in = CheckIn(
        mentorship=mentorship,
        staff=by,
        channel=channel,
        outcome=outcome,
        note=note,
        snoozed_until=timezone.localdate() + timedelta(days=snooze_days) if snooze_days else None,
    )
    check_in.full_clean(exclude=["staff", "mentorship"])
    check_in.save()
    return check_in
