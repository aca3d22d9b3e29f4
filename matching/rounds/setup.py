"""Setting a round up: the staff create and edit it (in the admin) until it is published.

The dates must follow each other: rankings close after they open, and the result is promised
no earlier than the day they close (in the program's time zone). A published round is a
record: nothing of it changes any more."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import MatchRound


def check_dates(*, opens_at, closes_at, publishes_on) -> None:
    """Raise a ``ValidationError`` naming the field whose date comes too early."""
    errors = {}
    if opens_at and closes_at and closes_at <= opens_at:
        errors["closes_at"] = _("Rankings must close after they open.")
    if closes_at and publishes_on and publishes_on < timezone.localdate(closes_at):
        errors["publishes_on"] = _(
            "The results cannot be published before the rankings close (%(date)s)."
        ) % {"date": timezone.localdate(closes_at).isoformat()}
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def save_round(*, round_: MatchRound, by) -> MatchRound:
    """Create or change ``round_`` (its invited participants are saved by the caller's form,
    after it). A new round records who created it."""
    if round_.pk is not None:
        published = (
            MatchRound.objects.select_for_update()
            .filter(pk=round_.pk, published_at__isnull=False)
            .exists()
        )
        if published:
            raise ValidationError(_("This round is published: it can no longer be changed."))
    elif round_.created_by_id is None:
        round_.created_by = by
    check_dates(
        opens_at=round_.opens_at, closes_at=round_.closes_at, publishes_on=round_.publishes_on
    )
    round_.full_clean()
    round_.save()
    return round_
