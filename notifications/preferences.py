"""Which optional kinds of email a person turned off: her settings page and the one-click
link at the foot of each such email (RFC 8058)."""

from django.contrib.auth import get_user_model
from django.core import signing
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.urls import reverse

from . import registry
from .emails import absolute_url
from .models import NotificationOptOut

UNSUBSCRIBE_SALT = "westem.notifications.unsubscribe"


def unsubscribe_token(*, user, kind: str) -> str:
    return signing.dumps({"u": user.pk, "k": kind}, salt=UNSUBSCRIBE_SALT, compress=True)


def read_unsubscribe_token(token: str) -> tuple[int, str] | None:
    """The (user id, kind) of a one-click link, or None if it was not made here for a kind
    she can turn off."""
    try:
        data = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict) or not registry.is_optional(data.get("k")):
        return None
    return data.get("u"), data["k"]


def unsubscribe_url(*, user, kind: str) -> str:
    token = unsubscribe_token(user=user, kind=kind)
    return absolute_url(reverse("notifications:unsubscribe", args=[token]))


def opted_out(kind: str, user_ref: str = "pk"):
    """An expression: the person at ``user_ref`` turned ``kind`` off (for the sweeps' queries)."""
    return Exists(NotificationOptOut.objects.filter(user=OuterRef(user_ref), kind=kind))


def is_turned_off(*, user, kind: str) -> bool:
    return NotificationOptOut.objects.filter(user=user, kind=kind).exists()


def offered_kinds() -> list[tuple[str, str]]:
    """The kinds a person can turn off, as (value, label)."""
    return registry.optional_kinds()


def turned_off(*, user) -> set[str]:
    return set(NotificationOptOut.objects.filter(user=user).values_list("kind", flat=True))


@transaction.atomic
def set_notification_choices(*, user, wanted: set[str]) -> None:
    """Keep the kinds in ``wanted`` on and turn the other offered kinds off."""
    offered = {value for value, _label in offered_kinds()}
    off = offered - set(wanted)
    NotificationOptOut.objects.filter(user=user).exclude(kind__in=off).delete()
    NotificationOptOut.objects.bulk_create(
        [NotificationOptOut(user=user, kind=kind) for kind in sorted(off)],
        ignore_conflicts=True,
    )


def turn_off(*, user_id: int, kind: str) -> bool:
    """One-click unsubscribe: turn ``kind`` off for her; False when it cannot be turned off."""
    if not registry.is_optional(kind):
        return False
    if not get_user_model().objects.filter(pk=user_id, is_active=True).exists():
        return False
    NotificationOptOut.objects.get_or_create(user_id=user_id, kind=kind)
    return True
