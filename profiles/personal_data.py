"""What ``profiles`` holds about a person, for her data export and her erasure
(``core.personal_data``): her account and profile, her consents and acceptances of the code of
conduct, and the people she blocked and reported.

Also how the file names other people (``name_of``, ``actor``), for the apps above.
"""

import uuid

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q

from core.personal_data import Contributor, Erasure, Phase, register, when
from notifications.emails import absolute_url

from . import photos, sessions
from .models import (
    Block,
    CalendarFeed,
    CodeOfConductAcceptance,
    Consent,
    GuardianConsent,
    Profile,
    Report,
    User,
)

FORMER_PARTICIPANT = "Former participant"
ERASED_DOMAIN = "invalid.westem"  # .invalid-style: mail to it can never be delivered
# A shorter display name ("Al") would match too much of the admin's history to be hers.
MIN_IDENTIFIER_LENGTH = 3


def name_of(user) -> str | None:
    """Another person's display name: the only thing the file says about anyone else."""
    profile = getattr(user, "profile", None) if user is not None else None
    return (profile and profile.display_name) or None


def actor(actor_id: int | None, user, other) -> str | None:
    """Who did something: "you", the other person's display name, or None (the platform)."""
    if actor_id is None:
        return None
    if actor_id == user.pk:
        return "you"
    if other is not None and actor_id == other.pk:
        return name_of(other)
    return "program staff"


def is_erased(user: User) -> bool:
    return user.email.endswith(f"@{ERASED_DOMAIN}")


# --- her account and profile ---------------------------------------------------------------


def _photo_url(profile: Profile) -> str | None:
    if not profile.photo:
        return None
    url = profile.photo.url
    return absolute_url(url) if url.startswith("/") else url


def _profile_data(profile: Profile | None) -> dict | None:
    if profile is None:
        return None
    return {
        "role": profile.role,
        "display_name": profile.display_name,
        "fields_of_expertise_or_interest": [area.name for area in profile.expertise.all()],
        "country": profile.country.code or "",
        "languages_spoken": [language.name for language in profile.languages.all()],
        "current_stage": profile.stage,
        "organisation": profile.organisation,
        "bio": profile.bio,
        "goals_and_interests": profile.goals,
        "traditional_mentoring": profile.style_traditional,
        "flash_mentoring": profile.style_flash,
        "hours_per_month": profile.hours_per_month,
        "time_zone": profile.timezone,
        "preferred_language": profile.language,
        "contact_for_meetings": profile.meeting_handle,
        "photo": _photo_url(profile),
        "profile_completed_at": when(profile.onboarded_at),
        "manual_opened_at": when(profile.manual_read_at),
        "preparatory_meeting_attended_at": when(profile.preparatory_meeting_attended_at),
        "created_at": when(profile.created_at),
        "updated_at": when(profile.updated_at),
    }


def _calendar_address(user: User) -> dict:
    feed = CalendarFeed.objects.active().filter(user=user).first()
    return {"has_one": feed is not None, "made_at": when(feed.created_at) if feed else None}


def export_account(user: User, by_staff: bool) -> dict:
    """Never a password hash, a two-factor secret or a recovery code: only whether two-factor
    authentication is on. Never her calendar address either (its token is kept only as a
    hash): only whether she has one, and since when."""
    profile = Profile.objects.filter(user=user).prefetch_related("expertise", "languages").first()
    acceptances = CodeOfConductAcceptance.objects.filter(user=user).select_related("code")
    return {
        "account": {
            "email": user.email,
            "date_joined": when(user.date_joined),
            "last_login": when(user.last_login),
            "email_addresses": [
                {"email": address.email, "verified": address.verified, "primary": address.primary}
                for address in EmailAddress.objects.filter(user=user).order_by("pk")
            ],
            "two_factor_authentication_enabled": Authenticator.objects.filter(user=user).exists(),
            "calendar_address": _calendar_address(user),
        },
        "profile": _profile_data(profile),
        "consents": [
            {"to": consent.kind, "version": consent.version, "given_at": when(consent.given_at)}
            for consent in Consent.objects.filter(user=user).order_by("given_at", "pk")
        ],
        "code_of_conduct_acceptances": [
            {"version": acceptance.code.version, "accepted_at": when(acceptance.accepted_at)}
            for acceptance in acceptances
        ],
        "guardian_consents": [
            {
                "guardian_name": consent.guardian_name,
                "guardian_email": consent.guardian_email,
                "asked_at": when(consent.requested_at),
                "consented_at": when(consent.consented_at),
                "text_version": consent.text_version,
                "text": consent.consented_text,
                "withdrawn_at": when(consent.withdrawn_at),
            }
            for consent in GuardianConsent.objects.filter(user=user).order_by("requested_at", "pk")
        ],
    }


def anonymise_account(erasure: Erasure) -> None:
    """Her profile's display name becomes "Former participant"; bio, goals, organisation,
    contact handle and photo are cleared (the photo file is deleted). Role, country, stage,
    fields, languages, styles and dates stay: they are what the project's anonymous statistics
    count. Her email becomes ``deleted-<uuid>@invalid.westem`` (unique, never deliverable), her
    password unusable, her account inactive and without staff rights or groups; her allauth
    email addresses, two-factor authenticators and calendar addresses are deleted and her
    sessions ended. Earlier
    admin history entries about her account show the anonymised address; any other entry
    that named her (a report about her, a mentorship) gets a neutral name. Her photo file is
    deleted once the erasure is committed."""
    user = erasure.user
    profile = Profile.objects.select_for_update().filter(user=user).first()
    # Her guardian's name and address go with her.
    GuardianConsent.objects.filter(user=user).delete()
    identifiers = _identifiers(user, profile)
    if profile is not None:
        photos.delete_on_commit(profile.photo.name)
        profile.display_name = FORMER_PARTICIPANT
        profile.bio = ""
        profile.goals = ""
        profile.organisation = ""
        profile.meeting_handle = ""
        profile.photo = ""
        profile.save(
            update_fields=[
                "display_name",
                "bio",
                "goals",
                "organisation",
                "meeting_handle",
                "photo",
                "updated_at",
            ]
        )
    user.email = f"deleted-{uuid.uuid4().hex}@{ERASED_DOMAIN}"
    user.set_unusable_password()
    user.is_active = False
    user.is_staff = False
    user.is_superuser = False
    user.save(update_fields=["email", "password", "is_active", "is_staff", "is_superuser"])
    user.groups.clear()
    user.user_permissions.clear()
    EmailAddress.objects.filter(user=user).delete()
    Authenticator.objects.filter(user=user).delete()
    CalendarFeed.objects.filter(user=user).delete()
    # Read by her keys only (profiles.sessions): never every session of the site. A session
    # missed there is refused anyway: her password is unusable and her account inactive.
    sessions.end_sessions(user)

    user_type = ContentType.objects.get_for_model(User)
    LogEntry.objects.filter(content_type=user_type, object_id=str(user.pk)).update(
        object_repr=str(user)
    )
    if profile is not None:
        LogEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(Profile), object_id=str(profile.pk)
        ).update(object_repr=FORMER_PARTICIPANT)
    _neutral_admin_history(identifiers)


def _identifiers(user: User, profile: Profile | None) -> list[str]:
    """What names her in a text: her addresses, her display name, her meeting handle."""
    found = {user.email, *EmailAddress.objects.filter(user=user).values_list("email", flat=True)}
    if profile is not None:
        found.update({profile.display_name, profile.meeting_handle})
    return sorted(value for value in found if value and len(value) >= MIN_IDENTIFIER_LENGTH)


def _neutral_admin_history(identifiers: list[str]) -> None:
    """The admin's history names objects as they were ("Report on <her email>"): every entry
    whose name or change message holds one of her identifiers gets a neutral name — the kind
    of object and its number — and loses its change message (which may name her too)."""
    if not identifiers:
        return
    mentions = Q()
    for value in identifiers:
        mentions |= Q(object_repr__icontains=value) | Q(change_message__icontains=value)
    for entry in LogEntry.objects.filter(mentions).select_related("content_type"):
        model = entry.content_type.model_class() if entry.content_type else None
        kind = str(model._meta.verbose_name) if model else "object"
        entry.object_repr = f"{kind.capitalize()} #{entry.object_id}"[:200]
        if any(value.casefold() in entry.change_message.casefold() for value in identifiers):
            entry.change_message = ""
        entry.save(update_fields=["object_repr", "change_message"])


register(
    Contributor(
        name="account",
        # Her allauth addresses (account), authenticators (mfa) and the admin's history of
        # her account (admin) go with the account.
        apps=("profiles", "account", "mfa", "admin"),
        position=10,
        export=export_account,
        erasure={Phase.ANONYMISE: anonymise_account},
    )
)


# --- safety: whom she blocked and reported -------------------------------------------------


def export_safety(user: User, by_staff: bool) -> dict:
    """Blocks and reports *about* her, and the staff's notes on reports, are left out: they are
    other people's safety records (GDPR art. 15(4))."""
    blocks = Block.objects.filter(blocker=user).select_related("blocked__profile")
    reports = Report.objects.filter(reporter=user).select_related("reported__profile")
    return {
        "people_i_blocked": [
            {"person": name_of(block.blocked), "blocked_at": when(block.created_at)}
            for block in blocks.order_by("created_at", "pk")
        ],
        "reports_i_made": [
            {
                "about": name_of(report.reported),
                "reason": report.reason,
                "what_happened": report.details,
                "status": report.status,
                "sent_at": when(report.created_at),
                "reviewed_at": when(report.reviewed_at),
            }
            for report in reports.order_by("created_at", "pk")
        ],
    }


# No erasure step: reports are safeguarding records the staff decide about, and a block by or
# of an inactive account changes nothing.
register(Contributor(name="safety", apps=("profiles",), position=70, export=export_safety))
