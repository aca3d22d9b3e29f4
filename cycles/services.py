"""Writes for mentorships. The phase rules, agreement and ending come with the cycle pages."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import Mentorship, Style


@transaction.atomic
def start_mentorship(*, mentor, mentee, style: str) -> Mentorship:
    """Open the pair's mentorship in phase 1. Called by matching when a request is accepted,
    which holds the locks that keep capacity."""
    if style not in Style.values:
        raise ValidationError(_("Choose traditional or flash mentoring."))
    mentorship = Mentorship(
        mentor=mentor,
        mentee=mentee,
        style=style,
        start_date=timezone.localdate(),
    )
    mentorship.full_clean()
    mentorship.save()
    return mentorship
