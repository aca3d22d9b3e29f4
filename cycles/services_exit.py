"""The exit question (issue 22): why she closed a mentorship and whether she would join again,
asked when she ends it early or confirms its closure after a nudge. What the program learns
of endings; for the staff, never for her partner."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from .models import ExitAnswer, HealthSignal, Mentorship
from .permissions import require_participant


def is_closing(mentorship: Mentorship, user) -> bool:
    """She has closed it: it is no longer active, or she confirmed its closure."""
    if not mentorship.is_active:
        return True
    return getattr(mentorship, f"{mentorship.role_of(user)}_confirmed_closure_at") is not None


def has_answered(mentorship: Mentorship, user) -> bool:
    return ExitAnswer.objects.filter(mentorship=mentorship, person=user).exists()


def asks_after_closure(mentorship: Mentorship, user) -> bool:
    """Confirming the closure asks the question of a pair that was nudged (a health signal
    started), once."""
    return HealthSignal.objects.filter(mentorship=mentorship).exists() and not has_answered(
        mentorship, user
    )


def record_exit_answer(
    *, mentorship: Mentorship, by, reason: str, would_join_again: str, other_text: str = ""
) -> ExitAnswer:
    """Her answer, once per mentorship; "something else" needs her words."""
    require_participant(by, mentorship)
    if not is_closing(mentorship, by):
        raise ValidationError(_("The question is asked when you close the mentorship."))
    if reason not in ExitAnswer.Reason.values:
        raise ValidationError({"why": _("Choose the reason closest to yours.")})
    if would_join_again not in ExitAnswer.Again.values:
        raise ValidationError({"would_join_again": _("Choose yes, maybe or no.")})
    other_text = other_text.strip()
    if reason == ExitAnswer.Reason.OTHER and not other_text:
        raise ValidationError({"other_text": _("Tell us in a few words what it was.")})
    try:
        with transaction.atomic():
            return ExitAnswer.objects.create(
                mentorship=mentorship,
                person=by,
                reason=reason,
                other_text=other_text if reason == ExitAnswer.Reason.OTHER else "",
                would_join_again=would_join_again,
            )
    except IntegrityError:
        raise ValidationError(_("You have already answered; thank you.")) from None
