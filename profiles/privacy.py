"""A person's data rights (GDPR art. 15, 17 and 20): a copy of her data, and its erasure.

The privacy notice (``profiles/privacy_notice_*.html``) promises both; "Download my data"
and "Delete my account" in her account, and two actions on the User admin for requests that reach
the program staff by email, call these services.

What the platform holds about a person is known to the apps that hold it: each registers a
contributor (``core.personal_data``; ``<app>/personal_data.py``). These services read only
that registry: they run every contributor, in one transaction, in the registry's order.
"""

from typing import Any

from django.conf import settings
from django.contrib.admin.models import CHANGE, LogEntry
from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.db import transaction
from django.utils import timezone

from core import personal_data
from core.personal_data import Erasure

from . import access
from .models import User

FORMAT_VERSION = 1
ERASURE_LOG_MESSAGE = "Erased at the person's request"


@transaction.atomic
def export_user_data(*, user: User, by_staff: bool = False) -> dict[str, Any]:
    """Everything the platform holds about ``user``, as a JSON-serialisable dict: a header
    ("about"), then each contributor's sections.

    Made by staff for a data request (``by_staff``), it leaves out what only she may read (her
    private session reflections, SPEC §10) and says so; she downloads those herself.

    Of other people it gives only display names (her partners', the people she wrote to,
    blocked or reported); never a password hash, a two-factor secret or a recovery code.

    The number of queries does not grow with her rows (``tests/profiles/test_privacy.py``
    counts them); fewer when some kinds are empty, as prefetches then stop early.
    """
    contributors = personal_data.contributors()
    left_out = [c.left_out_by_staff for c in contributors if c.left_out_by_staff]
    data: dict[str, Any] = {
        "about": {
            "format": "westem-personal-data",
            "version": FORMAT_VERSION,
            "exported_at": personal_data.when(timezone.now()),
            "site": settings.SITE_URL,
            **({"left_out": " ".join(left_out)} if by_staff and left_out else {}),
        }
    }
    for contributor in contributors:
        if contributor.export is None:
            continue
        sections = contributor.export(user, by_staff)
        taken = data.keys() & sections.keys()
        if taken:
            raise ImproperlyConfigured(
                f"The personal-data contributor {contributor.name!r} exports sections that "
                f"another one already exports: {sorted(taken)}."
            )
        data.update(sections)
    return data


def erasure_preview(*, user: User) -> list[str]:
    """What erasing ``user`` would end, for the confirmation page: one sentence per thing, in
    the registry's order (her mentorships and their partners, her requests, her presentation)."""
    return [
        line
        for contributor in personal_data.contributors()
        if contributor.preview is not None
        for line in contributor.preview(user)
    ]


@transaction.atomic
def erase_user(*, user: User, by: User, reason: str = "") -> None:
    """Erase a person at her request: she herself (``by=user``) or staff for her (``by`` staff).

    All or nothing, the contributors' steps phase after phase (``core.personal_data.Phase``):

    1. ``END``: what she takes part in ends through the apps' services, as her act and while
       she still has her name: her active mentorships end with ``reason`` as their note (her
       partners and the staff are told), her pending requests are withdrawn and those to her
       declined, her presentation is unpublished and its texts removed, her places at events
       to come go back.
    2. ``ANONYMISE``: her profile becomes "Former participant" (role, country, stage, fields,
       languages and dates stay for the anonymous statistics), her address
       ``deleted-<uuid>@invalid.westem``, her password unusable, her account inactive without
       rights; her addresses, authenticators, sessions and emails are deleted.
    3. ``SCRUB``: free text she wrote alone before the erasure is replaced (messages, request
       messages, reasons, history notes, her reflections and her final evaluations' answers in
       words); what the pair wrote together stays for her partner, linked to "Former
       participant".

    The rows themselves stay (mentorships, meetings, requests, acceptances, histories, blocks
    and safety reports), so the reports stay right. The erasure is recorded in the admin's
    history (``LogEntry``: who, whom, when) with no personal data in it. Only she, or staff who
    may manage her account (``access.may_manage_account``: a superuser for staff, reporters and
    superusers), may erase her (``PermissionDenied`` otherwise).
    """
    if by.pk != user.pk and not (access.is_staff(by) and access.may_manage_account(by, user)):
        raise PermissionDenied
    started = timezone.now()
    locked = User.objects.select_for_update().get(pk=user.pk)
    erasure = Erasure(user=locked, by=by, reason=reason, started=started)
    for _phase, _contributor, step in personal_data.erasure_steps():
        step(erasure)
    LogEntry.objects.log_actions(
        user_id=by.pk,
        queryset=[erasure.user],
        action_flag=CHANGE,
        change_message=ERASURE_LOG_MESSAGE,
        single_object=True,
    )
