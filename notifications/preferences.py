"""How a person hears of each optional kind of event: an email at once (no row), a daily
digest or the site only (a ``NotificationOptOut`` row). Her settings page and the one-click
link at the foot of each such email (RFC 8058, which leaves her the site only) write it."""

from django.contrib.auth import get_user_model
from django.core import signing
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.urls import reverse

from . import registry
from .emails import absolute_url
from .models import Delivery, NotificationOptOut

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
    """An expression: the person at ``user_ref`` wants no email at once of ``kind`` (for the
    sweeps' queries)."""
    return Exists(NotificationOptOut.objects.filter(user=OuterRef(user_ref), kind=kind))


def is_turned_off(*, user, kind: str) -> bool:
    """She wants no email at once of this kind (a digest, or the site only)."""
    return NotificationOptOut.objects.filter(user=user, kind=kind).exists()


def offered_kinds() -> list[tuple[str, str]]:
    """The kinds a person chooses for, as (value, label)."""
    return registry.optional_kinds()


def choices(*, user) -> dict[str, str]:
    """Her delivery of every offered kind (``Delivery``)."""
    chosen = dict(NotificationOptOut.objects.filter(user=user).values_list("kind", "delivery"))
    return {kind: chosen.get(kind, Delivery.NOW) for kind, _label in offered_kinds()}


def digest_kinds(*, user) -> set[str]:
    return set(
        NotificationOptOut.objects.filter(user=user, delivery=Delivery.DIGEST).values_list(
            "kind", flat=True
        )
    )


@transaction.atomic
def set_choices(*, user, chosen: dict[str, str]) -> None:
    """Save her delivery of each offered kind in ``chosen``; kinds not offered are ignored."""
    offered = {value for value, _label in offered_kinds()}
    for kind, delivery in chosen.items():
        if kind not in offered or delivery not in Delivery.values:
            continue
        if delivery == Delivery.NOW:
            NotificationOptOut.objects.filter(user=user, kind=kind).delete()
        else:
            NotificationOptOut.objects.update_or_create(
                user=user, kind=kind, defaults={"delivery": delivery}
            )


def turn_off(*, user_id: int, kind: str) -> bool:
    """One-click unsubscribe: no more emails of ``kind`` (the site still shows it); False
    when it cannot be turned off."""
    if not registry.is_optional(kind):
        return False
    if not get_user_model().objects.filter(pk=user_id, is_active=True).exists():
        return False
    NotificationOptOut.objects.update_or_create(
        user_id=user_id, kind=kind, defaults={"delivery": Delivery.SITE}
    )
    return True
