"""A person's data rights (GDPR art. 15, 17 and 20): a copy of her data, and its erasure.

The privacy notice (``templates/pages/privacy_*.html``) promises both; "Download my data" and
"Delete my account" in her account, and two actions on the User admin for requests that reach
the program staff by email, call these two services.

This module reads and writes across the apps above ``profiles`` (matching, cycles): it is the
one place that has to know everything the platform holds about a person. It imports those
apps inside the functions, so ``profiles`` still loads first and nothing loops.
"""

import uuid
import zoneinfo
from datetime import date, datetime
from importlib import import_module
from typing import Any

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.auth import SESSION_KEY
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Case, Prefetch, Q, Value, When
from django.utils import timezone

from notifications.emails import absolute_url
from notifications.models import Notification, NotificationOptOut

from .models import (
    Block,
    CodeOfConductAcceptance,
    Consent,
    Profile,
    Report,
    User,
)

FORMAT_VERSION = 1
FORMER_PARTICIPANT = "Former participant"
REMOVED_TEXT = "[removed]"
PRIVATE_REFLECTIONS_LEFT_OUT = (
    "Private session reflections are not in an export made by the staff: only their author "
    "may read them. She downloads them herself from My data."
)
ERASED_DOMAIN = "invalid.westem"  # .invalid-style: mail to it can never be delivered
ERASURE_LOG_MESSAGE = "Erased at the person's request"
DB_SESSION_ENGINES = (
    "django.contrib.sessions.backends.db",
    "django.contrib.sessions.backends.cached_db",
)


# --- export --------------------------------------------------------------------------------


def _when(value: datetime | date | None) -> str | None:
    return value.isoformat() if value is not None else None


def _local(value: datetime | None, time_zone: str) -> str | None:
    """An ISO 8601 time with the offset of the zone it was planned in."""
    if value is None:
        return None
    try:
        return value.astimezone(zoneinfo.ZoneInfo(time_zone)).isoformat()
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return value.isoformat()


def _name_of(user) -> str | None:
    """Another person's display name: the only thing the file says about anyone else."""
    profile = getattr(user, "profile", None) if user is not None else None
    return (profile and profile.display_name) or None


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
        "profile_completed_at": _when(profile.onboarded_at),
        "manual_opened_at": _when(profile.manual_read_at),
        "preparatory_meeting_attended_at": _when(profile.preparatory_meeting_attended_at),
        "created_at": _when(profile.created_at),
        "updated_at": _when(profile.updated_at),
    }


def _presentation_data(presentation) -> dict | None:
    if presentation is None:
        return None
    return {
        "headline": presentation.headline,
        "introduction": presentation.introduction,
        "fields_of_expertise": [area.name for area in presentation.expertise.all()],
        "my_expertise": presentation.expertise_details,
        "what_i_can_offer": presentation.offer,
        "offers_traditional": presentation.offers_traditional,
        "offers_flash": presentation.offers_flash,
        "mentoring_languages": [language.name for language in presentation.languages.all()],
        "capacity": presentation.capacity,
        "accepting_requests": presentation.accepting_requests,
        "published": presentation.is_published,
        "published_at": _when(presentation.published_at),
        "approved_at": _when(presentation.approved_at),
        "created_at": _when(presentation.created_at),
        "updated_at": _when(presentation.updated_at),
    }


def _request_data(request, user) -> dict:
    sent = request.mentee_id == user.pk
    other = request.mentor if sent else request.mentee
    return {
        "direction": "sent" if sent else "received",
        "other_person": _name_of(other),
        "style": request.style,
        "status": request.status,
        "message": request.message,
        "decline_reason": request.decline_reason,
        "sent_at": _when(request.created_at),
        "answered_at": _when(request.responded_at),
        "history": [
            {
                "from": event.from_status,
                "to": event.to_status,
                "by": _actor(event.actor_id, user, other),
                "at": _when(event.created_at),
                "note": event.note,
            }
            for event in request.events.all()
        ],
    }


def _actor(actor_id: int | None, user, other) -> str | None:
    """Who did something: "you", the other person's display name, or None (the platform)."""
    if actor_id is None:
        return None
    if actor_id == user.pk:
        return "you"
    if other is not None and actor_id == other.pk:
        return _name_of(other)
    return "program staff"


def _agreement_data(mentorship) -> dict | None:
    from cycles.services import AGREEMENT_FIELDS

    agreement = getattr(mentorship, "agreement", None)
    if agreement is None:
        return None
    current = {name: getattr(agreement, name) for name in AGREEMENT_FIELDS}
    current["start_date"] = _when(agreement.start_date)
    current["end_date"] = _when(agreement.end_date)
    return {
        "version": agreement.version,
        "text": current,
        "accepted_by_the_mentor_at": _when(agreement.mentor_accepted_at),
        "accepted_by_the_mentee_at": _when(agreement.mentee_accepted_at),
        "updated_at": _when(agreement.updated_at),
        "earlier_versions": [
            {
                "version": version.version,
                "text": version.content,
                "accepted_by_the_mentor_at": _when(version.mentor_accepted_at),
                "accepted_by_the_mentee_at": _when(version.mentee_accepted_at),
                "replaced_at": _when(version.created_at),
            }
            for version in agreement.versions.all()
        ],
    }


def _reflection_data(reflections: list) -> dict | None:
    """Her private reflection on a meeting (at most one)."""
    for reflection in reflections:
        return {
            "how_useful": reflection.useful,
            "how_prepared": reflection.prepared,
            "how_well_we_understood_each_other": reflection.understood,
            "progress_towards_my_goals": reflection.progress,
            "reflection": reflection.reflection,
            "written_at": _when(reflection.created_at),
            "updated_at": _when(reflection.updated_at),
        }
    return None


def _final_evaluation_data(evaluations: list) -> dict | None:
    """Her final evaluation of a mentorship (at most one)."""
    for evaluation in evaluations:
        return {
            "goals_met": evaluation.goals_met,
            "goals_not_met": evaluation.goals_not_met,
            "strengths_and_challenges": evaluation.strengths,
            "how_i_will_apply_it": evaluation.application,
            "biases": evaluation.biases,
            "impact_on_stem_intentions": evaluation.stem_impact,
            "quality_rating": evaluation.quality_rating,
            "effectiveness_rating": evaluation.effectiveness_rating,
            "sessions": evaluation.sessions,
            "submitted_at": _when(evaluation.submitted_at),
        }
    return None


def _mentorship_data(mentorship, user) -> dict:
    other = mentorship.other(user)
    return {
        "my_role": mentorship.role_of(user),
        "other_person": _name_of(other),
        "style": mentorship.style,
        "status": mentorship.status,
        "phase": mentorship.phase,
        "start_date": _when(mentorship.start_date),
        "end_date": _when(mentorship.end_date),
        "ended_at": _when(mentorship.ended_at),
        "ended_by": _actor(mentorship.ended_by_id, user, other),
        "reason_for_ending": mentorship.end_reason,
        "my_checklist_ticks": [
            {"item": tick.item, "ticked_at": _when(tick.created_at)} for tick in mentorship.my_ticks
        ],
        "agreement": _agreement_data(mentorship),
        "goals": [
            {
                "title": goal.title,
                "description": goal.description,
                "status": goal.status,
                "progress_notes": goal.progress_note,
                "created_at": _when(goal.created_at),
                "updated_at": _when(goal.updated_at),
                "earlier_versions": [
                    {
                        "title": revision.title,
                        "description": revision.description,
                        "status": revision.status,
                        "progress_notes": revision.progress_note,
                        "changed_by": _actor(revision.actor_id, user, other),
                        "changed_at": _when(revision.created_at),
                    }
                    for revision in goal.revisions.all()
                ],
            }
            for goal in mentorship.goals.all()
        ],
        "meetings": [
            {
                "starts_at": _local(meeting.starts_at, meeting.time_zone),
                "ends_at": _local(meeting.ends_at, meeting.time_zone),
                "time_zone": meeting.time_zone,
                "length_minutes": meeting.duration_minutes,
                "place_or_link": meeting.location,
                "agenda": meeting.agenda,
                "shared_notes": meeting.notes,
                "tasks_for_next_time": meeting.tasks_next_time,
                "proposed_by": _actor(meeting.proposed_by_id, user, other),
                "cancelled_at": _when(meeting.cancelled_at),
                "created_at": _when(meeting.created_at),
                "my_reflection": _reflection_data(getattr(meeting, "my_reflections", [])),
            }
            for meeting in mentorship.meetings.all()
        ],
        "messages": [
            {
                "from": _actor(message.author_id, user, other),
                "sent_at": _when(message.created_at),
                "text": message.body,
            }
            for message in mentorship.messages.all()
        ],
        "my_final_evaluation": _final_evaluation_data(mentorship.my_final_evaluations),
        "history": [
            {
                "what": event.kind,
                "from": event.from_value,
                "to": event.to_value,
                "by": _actor(event.actor_id, user, other),
                "at": _when(event.created_at),
                "note": event.note,
            }
            for event in mentorship.events.all()
        ],
    }


@transaction.atomic
def export_user_data(*, user: User, by_staff: bool = False) -> dict[str, Any]:
    """Everything the platform holds about ``user``, as a JSON-serialisable dict.

    Made by staff for a data request (``by_staff``), it leaves out her private session
    reflections, which no one but her may read (SPEC §10); she downloads those herself.

    Of other people it gives only display names (her partners', the people she wrote to,
    blocked or reported); never a password hash, a two-factor secret or a recovery code — only
    whether two-factor authentication is on. Blocks and reports *about* her, and the staff's
    notes on reports, are left out: they are other people's safety records (GDPR art. 15(4)).

    The number of queries does not grow with her rows: 20 for a mentee with rows of every
    kind, 22 for a mentor (her presentation's fields and languages); fewer when some kinds are
    empty, as prefetches then stop early.
    """
    from cycles.models import Goal, Meeting, Mentorship, PhaseTick
    from evaluations.models import FinalEvaluation, SessionEvaluation
    from matching.models import ConnectionRequest, MentorPresentation
    from resources.models import Registration, ResourceVisit

    profile = Profile.objects.filter(user=user).prefetch_related("expertise", "languages").first()
    presentation = (
        MentorPresentation.objects.filter(mentor=user)
        .prefetch_related("expertise", "languages")
        .first()
    )
    acceptances = CodeOfConductAcceptance.objects.filter(user=user).select_related("code")
    blocks = Block.objects.filter(blocker=user).select_related("blocked__profile")
    reports = Report.objects.filter(reporter=user).select_related("reported__profile")
    requests = (
        ConnectionRequest.objects.filter(Q(mentee=user) | Q(mentor=user))
        .select_related("mentee__profile", "mentor__profile")
        .prefetch_related("events")
        .order_by("created_at", "pk")
    )
    mentorships = (
        Mentorship.objects.involving(user)
        .select_related("mentor__profile", "mentee__profile", "agreement")
        .prefetch_related(
            "agreement__versions",
            Prefetch("goals", queryset=Goal.objects.prefetch_related("revisions")),
            Prefetch(
                "meetings",
                queryset=Meeting.objects.all()
                if by_staff
                else Meeting.objects.prefetch_related(
                    Prefetch(
                        "reflections",
                        queryset=SessionEvaluation.objects.filter(author=user),
                        to_attr="my_reflections",
                    )
                ),
            ),
            Prefetch(
                "final_evaluations",
                queryset=FinalEvaluation.objects.filter(author=user),
                to_attr="my_final_evaluations",
            ),
            "messages",
            "events",
            Prefetch("ticks", queryset=PhaseTick.objects.filter(user=user), to_attr="my_ticks"),
        )
        .order_by("created_at", "pk")
    )
    return {
        "about": {
            "format": "westem-personal-data",
            "version": FORMAT_VERSION,
            "exported_at": _when(timezone.now()),
            "site": settings.SITE_URL,
            **({"left_out": PRIVATE_REFLECTIONS_LEFT_OUT} if by_staff else {}),
        },
        "account": {
            "email": user.email,
            "date_joined": _when(user.date_joined),
            "last_login": _when(user.last_login),
            "email_addresses": [
                {"email": address.email, "verified": address.verified, "primary": address.primary}
                for address in EmailAddress.objects.filter(user=user).order_by("pk")
            ],
            "two_factor_authentication_enabled": Authenticator.objects.filter(user=user).exists(),
        },
        "profile": _profile_data(profile),
        "consents": [
            {"to": consent.kind, "version": consent.version, "given_at": _when(consent.given_at)}
            for consent in Consent.objects.filter(user=user).order_by("given_at", "pk")
        ],
        "code_of_conduct_acceptances": [
            {"version": acceptance.code.version, "accepted_at": _when(acceptance.accepted_at)}
            for acceptance in acceptances
        ],
        "mentor_presentation": _presentation_data(presentation),
        "connection_requests": [_request_data(request, user) for request in requests],
        "mentorships": [_mentorship_data(mentorship, user) for mentorship in mentorships],
        "event_sign_ups": [
            {
                "event": registration.event.title,
                "starts_at": _local(registration.event.starts_at, registration.event.time_zone),
                "signed_up_at": _when(registration.created_at),
                "cancelled_at": _when(registration.cancelled_at),
                "attended_at": _when(registration.attended_at),
            }
            for registration in Registration.objects.filter(user=user)
            .select_related("event")
            .order_by("created_at", "pk")
        ],
        "resource_library_first_visit": _when(
            ResourceVisit.objects.filter(user=user)
            .values_list("first_visited_at", flat=True)
            .first()
        ),
        "email_notifications_turned_off": [
            {"kind": opt_out.kind, "turned_off_at": _when(opt_out.created_at)}
            for opt_out in NotificationOptOut.objects.filter(user=user).order_by("kind")
        ],
        "reminders_sent_to_me": [
            {
                "kind": notification.kind,
                "status": notification.status,
                "due_at": _when(notification.created_at),
                "sent_at": _when(notification.sent_at),
            }
            for notification in Notification.objects.filter(user=user).order_by("created_at", "pk")
        ],
        "people_i_blocked": [
            {"person": _name_of(block.blocked), "blocked_at": _when(block.created_at)}
            for block in blocks.order_by("created_at", "pk")
        ],
        "reports_i_made": [
            {
                "about": _name_of(report.reported),
                "reason": report.reason,
                "what_happened": report.details,
                "status": report.status,
                "sent_at": _when(report.created_at),
                "reviewed_at": _when(report.reviewed_at),
            }
            for report in reports.order_by("created_at", "pk")
        ],
    }


# --- erasure -------------------------------------------------------------------------------


def is_erased(user: User) -> bool:
    return user.email.endswith(f"@{ERASED_DOMAIN}")


def erasure_preview(*, user: User) -> dict[str, Any]:
    """What erasing ``user`` would touch, for the confirmation page: the people whose
    mentorships with her would end, and how many of her requests would be closed."""
    from cycles.models import Mentorship
    from matching.models import ConnectionRequest, MentorPresentation

    mentorships = (
        Mentorship.objects.active()
        .involving(user)
        .select_related("mentor__profile", "mentee__profile")
        .order_by("created_at", "pk")
    )
    pending = ConnectionRequest.objects.filter(status=ConnectionRequest.Status.PENDING)
    return {
        "partners": [_name_of(mentorship.other(user)) or "" for mentorship in mentorships],
        "pending_requests": pending.filter(Q(mentee=user) | Q(mentor=user)).count(),
        "published_presentation": MentorPresentation.objects.filter(
            mentor=user, is_published=True
        ).exists(),
    }


def _end_sessions(user: User) -> int:
    """Delete the database sessions signed in as ``user`` (her other browsers and devices).

    Other session engines are not listed anywhere; there the unusable password (the session's
    auth hash no longer matches) and ``is_active=False`` still sign her out on the next request.
    """
    if settings.SESSION_ENGINE not in DB_SESSION_ENGINES:
        return 0
    from django.contrib.sessions.models import Session

    mine = [
        session.pk
        for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator()
        if session.get_decoded().get(SESSION_KEY) == str(user.pk)
    ]
    # Through the engine, so that cached_db forgets its cached copy too.
    store = import_module(settings.SESSION_ENGINE).SessionStore
    for key in mine:
        store(session_key=key).delete()
    return len(mine)


@transaction.atomic
def erase_user(*, user: User, by: User, reason: str = "") -> None:
    """Erase a person at her request: she herself (``by=user``) or staff for her (``by`` staff).

    In this order, all or nothing:

    1. Each active mentorship ends through ``cycles.services.end_mentorship`` *as her*
       (``by=user``, even when staff run the erasure: the termination clause is hers to use),
       with ``reason`` as its note. Her partner and the staff get the usual emails, written
       now, with her name as it still is, and sent after the commit.
    2. Her pending requests are withdrawn (as mentee) and those to her declined (as mentor),
       through ``matching.services``; the mentee is told kindly, as for any decline.
    3. Her presentation is unpublished, and its texts replaced by "[removed]".
       Her sign-ups for events to come are cancelled, so others can have the places.
    4. Anonymisation. Her profile's display name becomes "Former participant"; bio, goals,
       organisation, contact handle and photo are cleared (the photo file is deleted). Role,
       country, stage, fields, languages, styles and dates stay: they are what the project's
       anonymous statistics count. Her email becomes ``deleted-<uuid>@invalid.westem`` (unique,
       never deliverable), her password unusable, her account inactive and without staff
       rights or groups; her allauth email addresses and two-factor authenticators are deleted
       and her sessions ended.
    5. Free text she wrote alone is replaced: her messages in the conversations ("[removed]"),
       her connection-request messages ("[removed]"), decline reasons and reasons for ending
       a mentorship she gave earlier, the notes of history entries she made, the text of her
       private session reflections (cleared) and the answers in words of her final
       evaluations ("[removed]"); their ratings and session counts stay for the statistics. What the
       pair wrote together stays for her partner: the agreement and its versions, goals and
       their revisions, meetings with their agenda, shared notes and tasks — now linked to
       "Former participant".
    6. The rows themselves stay (mentorships, meetings, requests, acceptances, histories),
       linked to the anonymised account, so the funnel and hours in the reports stay right.
       Blocks and safety reports stay too: reports are safeguarding records the staff decide
       about, and a block by or of an inactive account changes nothing.

    The erasure is recorded in the admin's history (``LogEntry``: who, whom, when) with no
    personal data in it; earlier admin history entries about her show the anonymised address.
    Only she or staff may erase her (``PermissionDenied`` otherwise).
    """
    from cycles.models import Mentorship, MentorshipEvent, Message
    from cycles.services import end_mentorship
    from evaluations.models import FINAL_EVALUATION_TEXTS, FinalEvaluation, SessionEvaluation
    from matching.models import ConnectionRequest, MentorPresentation, RequestEvent
    from matching.services import decline_request, unpublish_presentation, withdraw_request
    from resources.models import Registration
    from resources.services import cancel_sign_up

    if by.pk != user.pk and not by.is_staff:
        raise PermissionDenied
    started = timezone.now()
    user = User.objects.select_for_update().get(pk=user.pk)

    # 1–3: what her partners and the program go through, while she still has her name.
    for mentorship in Mentorship.objects.active().involving(user).order_by("pk"):
        end_mentorship(mentorship=mentorship, by=user, reason=reason)
    pending = ConnectionRequest.Status.PENDING
    for request in ConnectionRequest.objects.filter(mentee=user, status=pending).order_by("pk"):
        withdraw_request(request=request, by=user)
    for request in ConnectionRequest.objects.filter(mentor=user, status=pending).order_by("pk"):
        decline_request(request=request, by=user)
    presentation = MentorPresentation.objects.filter(mentor=user).first()
    if presentation is not None:
        if presentation.is_published:
            unpublish_presentation(presentation=presentation, by=user)
        MentorPresentation.objects.filter(pk=presentation.pk).update(
            headline=REMOVED_TEXT,
            introduction=REMOVED_TEXT,
            expertise_details="",
            offer=REMOVED_TEXT,
            accepting_requests=False,
            updated_at=timezone.now(),
        )

    # Her places at events to come go back to others.
    for registration in Registration.objects.filter(
        user=user, cancelled_at__isnull=True, event__starts_at__gt=timezone.now()
    ).select_related("event"):
        cancel_sign_up(event=registration.event, by=user)

    # 4: the profile and the account.
    profile = Profile.objects.select_for_update().filter(user=user).first()
    if profile is not None:
        if profile.photo:
            profile.photo.delete(save=False)
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
    _end_sessions(user)
    Notification.objects.filter(user=user).delete()
    NotificationOptOut.objects.filter(user=user).delete()

    # 5: free text she wrote alone, written before this erasure began.
    Message.objects.filter(author=user).update(body=REMOVED_TEXT)
    SessionEvaluation.objects.filter(author=user).exclude(reflection="").update(reflection="")
    FinalEvaluation.objects.filter(author=user).update(
        **{
            name: Case(When(**{name: ""}, then=Value("")), default=Value(REMOVED_TEXT))
            for name in FINAL_EVALUATION_TEXTS
        }
    )
    ConnectionRequest.objects.filter(mentee=user).update(message=REMOVED_TEXT)
    ConnectionRequest.objects.filter(mentor=user).exclude(decline_reason="").update(
        decline_reason=""
    )
    Mentorship.objects.filter(ended_by=user, ended_at__lt=started).exclude(end_reason="").update(
        end_reason=""
    )
    MentorshipEvent.objects.filter(actor=user, created_at__lt=started).exclude(note="").update(
        note=""
    )
    RequestEvent.objects.filter(actor=user).exclude(note="").update(note="")

    # 6: the record, and admin history that named her.
    user_type = ContentType.objects.get_for_model(User)
    LogEntry.objects.filter(content_type=user_type, object_id=str(user.pk)).update(
        object_repr=str(user)
    )
    if profile is not None:
        LogEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(Profile), object_id=str(profile.pk)
        ).update(object_repr=FORMER_PARTICIPANT)
    LogEntry.objects.log_actions(
        user_id=by.pk,
        queryset=[user],
        action_flag=CHANGE,
        change_message=ERASURE_LOG_MESSAGE,
        single_object=True,
    )
