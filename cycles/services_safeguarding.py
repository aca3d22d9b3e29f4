"""Safeguarding of a pair with a minor (issue 20): a lead's reading is recorded, and "I feel
unsafe" reaches the safeguarding leads at once (inbox and an email sent now, not in a digest).
"""

from datetime import timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core.resubmit import just_written
from notifications import outbox
from notifications.emails import absolute_url
from profiles.selectors import staff_to_notify

from . import emails
from .models import Mentorship, SafeguardingAlert, SafeguardingReading
from .permissions import has_minor, is_participant, may_oversee
from .selectors import safeguarding_leads

# Gently: a few alerts a day from one person reach the leads; more are refused with a kind
# message pointing to 112 (the leads already have hers).
ALERTS_PER_DAY = 5


def record_reading(*, mentorship: Mentorship, reader) -> SafeguardingReading:
    """A lead opened the pair's conversation: who, when, which pair."""
    if not may_oversee(reader, mentorship):
        raise PermissionDenied
    return SafeguardingReading.objects.create(reader=reader, mentorship=mentorship)


def _leads_to_tell():
    """The safeguarding leads; the program staff if none is named yet (nobody is left out)."""
    leads = list(safeguarding_leads())
    return leads or list(staff_to_notify())


@transaction.atomic
def raise_alert(*, mentorship: Mentorship, by, text: str = "") -> SafeguardingAlert:
    """She feels unsafe: a row for the leads and, for each lead, an inbox item and an email
    sent at once (the kind cannot be turned off and never waits for a digest)."""
    if not is_participant(by, mentorship) or not has_minor(mentorship):
        raise PermissionDenied
    text = (text or "").strip()
    again = just_written(
        SafeguardingAlert.objects.filter(mentorship=mentorship, raised_by=by, text=text)
    )
    if again is not None:  # the same form sent twice
        return again
    since = timezone.now() - timedelta(days=1)
    recent = SafeguardingAlert.objects.filter(raised_by=by, created_at__gte=since).count()
    if recent >= ALERTS_PER_DAY:
        raise ValidationError(
            {
                "text": _(
                    "The safeguarding lead already has your messages from today and will "
                    "contact you. If you are in danger now, call 112."
                )
            },
            code="too_many",
        )
    alert = SafeguardingAlert(mentorship=mentorship, raised_by=by, text=text)
    alert.full_clean()
    alert.save()
    link = reverse("admin:cycles_safeguardingalert_change", args=[alert.pk])
    conversation = absolute_url(reverse("cycles:oversight_detail", args=[mentorship.public_id]))
    for lead in _leads_to_tell():
        outbox.send(
            user=lead,
            kind=emails.SAFEGUARDING_ALERT,
            template="cycles/safeguarding_alert",
            occasion=f"safeguarding_alert:{alert.pk}",
            params={"alert": alert.pk},
            link=link,
            context={
                "alert": alert,
                "url": absolute_url(link),
                "conversation_url": conversation,
            },
        )
    return alert
