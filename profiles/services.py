"""Writes for people and profiles. Views, admin actions and commands call these, never .save()."""

import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import Count, Max
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.resubmit import just_written
from notifications import outbox
from notifications.emails import absolute_url, render_user_email

from . import access, emails, guardian, photos
from .age import age_on, needs_guardian
from .models import (
    Block,
    CalendarFeed,
    CodeOfConduct,
    CodeOfConductAcceptance,
    GuardianConsent,
    MentorScreening,
    Profile,
    Report,
    Role,
    StaffFollowUp,
    User,
)
from .selectors import feed_token_hash, open_reports_for, staff_to_notify

MENTOR_TOO_YOUNG = gettext_lazy(
    "Mentors must be 18 or older. If you are younger, you are welcome to join as a mentee."
)

# Fields a profile must have before the user can take part; the rest make the match better.
REQUIRED_PROFILE_FIELDS = (
    "display_name",
    "country",
    "stage",
    "bio",
    "hours_per_month",
    "timezone",
    "language",
)


@transaction.atomic
def ensure_profile(*, user: User, language: str | None = None) -> Profile:
    """Return the user's profile, creating an empty one on first use."""
    profile, created = Profile.objects.get_or_create(
        user=user,
        defaults={"language": _supported_language(language)},
    )
    return profile


def _supported_language(language: str | None) -> str:
    codes = [code for code, _name in settings.LANGUAGES]
    language = (language or "").split("-")[0]
    return language if language in codes else settings.LANGUAGE_CODE


@transaction.atomic
def choose_role(*, user: User, role: str) -> Profile:
    """A user picks mentor or mentee once; afterwards only staff change it (in the admin)."""
    if role not in Role.values:
        raise ValidationError(_("Choose whether you join as a mentor or as a mentee."))
    profile = Profile.objects.select_for_update().get(user=user)
    if profile.role and profile.role != role:
        raise ValidationError(
            _("You have already joined as %(role)s. Ask the program staff if this should change.")
            % {"role": profile.get_role_display().lower()}
        )
    if role == Role.MENTOR and _under_adult_age(profile.birth_date):
        raise ValidationError(MENTOR_TOO_YOUNG)
    profile.role = role
    profile.full_clean()
    profile.save(update_fields=["role", "updated_at"])
    return profile


def _under_adult_age(birth_date) -> bool:
    return birth_date is not None and age_on(birth_date, timezone.localdate()) < (
        settings.SAFEGUARDING_ADULT_AGE
    )


@transaction.atomic
def set_birth_date(*, user: User, birth_date) -> Profile:
    """Her date of birth, given at sign-up (or on the profile step by those who signed up
    before it was asked). A mentor must be 18 or older."""
    profile = Profile.objects.select_for_update().get(user=user)
    if profile.role == Role.MENTOR and _under_adult_age(birth_date):
        raise ValidationError({"birth_date": MENTOR_TOO_YOUNG})
    profile.birth_date = birth_date
    profile.full_clean()
    profile.save(update_fields=["birth_date", "updated_at"])
    return profile


def current_code_of_conduct() -> CodeOfConduct | None:
    return CodeOfConduct.objects.current()


def has_accepted_current_code(*, user: User) -> bool:
    """True when the user accepted the current version (the newest published one), or when
    none is published yet.

    One query, written out rather than built by the ORM: it runs on every page a participant
    opens (``ProfileMiddleware``), and compiling it took longer than running it. Only quoted
    table names are formatted in; the values are parameters."""
    table = connection.ops.quote_name
    sql = (
        f"SELECT EXISTS(SELECT 1 FROM {table(CodeOfConductAcceptance._meta.db_table)} a "  # noqa: S608
        "WHERE a.code_id = c.id AND a.user_id = %s) "
        f"FROM {table(CodeOfConduct._meta.db_table)} c WHERE c.published_at IS NOT NULL "
        "AND c.published_at <= %s ORDER BY c.version DESC LIMIT 1"
    )
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    with connection.cursor() as cursor:
        cursor.execute(sql, [user.pk, now])
        row = cursor.fetchone()
    return row is None or bool(row[0])


@transaction.atomic
def accept_code_of_conduct(*, user: User, code: CodeOfConduct) -> CodeOfConductAcceptance:
    """Record that the user accepted this version. Only the current version can be accepted."""
    current = current_code_of_conduct()
    if current is None:
        raise ValidationError(_("The code of conduct has not been published yet."))
    if code.pk != current.pk:
        raise ValidationError(
            _(
                "A newer version of the code of conduct has been published. Please read it and "
                "accept that one."
            )
        )
    acceptance, _created = CodeOfConductAcceptance.objects.get_or_create(
        user=user,
        code=code,
        defaults={"accepted_at": timezone.now()},
    )
    return acceptance


@transaction.atomic
def update_profile(*, user: User, data: dict, expertise, languages) -> Profile:
    """Save the profile form's cleaned data, with its many-to-many fields, all or nothing."""
    if not expertise:
        raise ValidationError({"expertise": _("Choose at least one field.")})
    if not languages:
        raise ValidationError({"languages": _("Choose at least one language.")})
    if not (data.get("style_traditional") or data.get("style_flash")):
        raise ValidationError({"style_traditional": _("Choose at least one mentoring style.")})
    profile = Profile.objects.select_for_update().get(user=user)
    earlier_photo = profile.photo.name
    fields = []
    for name, value in data.items():
        if name == "photo":
            if value is False:  # "clear" ticked
                value = ""
            elif value is None or value == profile.photo:
                continue
            else:  # a new upload: only its pixels are kept, under a new name
                try:
                    value = photos.normalise(value)
                except ValidationError as error:
                    raise ValidationError({"photo": error.messages}) from error
        setattr(profile, name, value)
        fields.append(name)
    missing = [name for name in REQUIRED_PROFILE_FIELDS if not getattr(profile, name)]
    if missing:
        raise ValidationError({name: _("This field is required.") for name in missing})
    if profile.role == Role.MENTOR and _under_adult_age(profile.birth_date):
        raise ValidationError({"birth_date": MENTOR_TOO_YOUNG})
    if not 1 <= profile.hours_per_month <= 40:  # the range of profile_hours_per_month_range
        raise ValidationError({"hours_per_month": _("Give between 1 and 40 hours a month.")})
    profile.full_clean()
    profile.save(update_fields=[*fields, "updated_at"])
    if "photo" in fields and earlier_photo and profile.photo.name != earlier_photo:
        photos.delete_on_commit(earlier_photo)  # replaced or cleared: the file goes too
    profile.expertise.set(expertise)
    profile.languages.set(languages)
    if profile.onboarded_at is None:
        profile.onboarded_at = timezone.now()
        profile.save(update_fields=["onboarded_at"])
    return profile


@transaction.atomic
def set_preferred_language(*, user: User, language: str) -> Profile:
    profile = ensure_profile(user=user)
    if language not in [code for code, _name in settings.LANGUAGES]:
        raise ValidationError(_("That language is not available."))
    if profile.language != language:
        profile.language = language
        profile.save(update_fields=["language", "updated_at"])
    return profile


@transaction.atomic
def record_manual_read(*, user: User) -> None:
    """The user opened the program manual (a checklist item); the first time counts."""
    now = timezone.now()
    Profile.objects.filter(user=user, manual_read_at__isnull=True).update(
        manual_read_at=now, updated_at=now
    )


@transaction.atomic
def mark_preparatory_meeting_attended(*, profiles, by: User) -> int:
    """Staff record that mentors attended the online preparatory meeting."""
    if not access.is_staff(by):
        raise PermissionDenied
    return Profile.objects.filter(
        pk__in=[p.pk for p in profiles],
        role=Role.MENTOR,
        preparatory_meeting_attended_at__isnull=True,
    ).update(preparatory_meeting_attended_at=timezone.now(), updated_at=timezone.now())


def add_to_group(*, user: User, group_name: str) -> None:
    user.groups.add(Group.objects.get(name=group_name))


# --- safety: blocks and reports ------------------------------------------------------------


@transaction.atomic
def block_user(*, blocker: User, blocked: User) -> Block:
    """``blocker`` blocks ``blocked``: each is hidden from the other and no new request passes
    between them. Blocking twice is harmless; it does not end a mentorship."""
    if blocker.pk == blocked.pk:
        raise ValidationError(_("You cannot block yourself."))
    existing = Block.objects.filter(blocker=blocker, blocked=blocked).first()
    if existing is not None:
        return existing
    block = Block(blocker=blocker, blocked=blocked, created_at=timezone.now())
    block.full_clean()
    try:
        with transaction.atomic():
            block.save()
    except IntegrityError:  # a second click racing the first
        return Block.objects.get(blocker=blocker, blocked=blocked)
    return block


@transaction.atomic
def unblock_user(*, blocker: User, blocked: User) -> bool:
    """Lift a block ``blocker`` made. True when there was one to lift."""
    deleted, _details = Block.objects.filter(blocker=blocker, blocked=blocked).delete()
    return bool(deleted)


@transaction.atomic
def report_user(
    *,
    reporter: User,
    reported: User,
    reason: str,
    details: str,
    mentorship=None,
) -> Report:
    """Tell the program staff about someone. At most ``SAFETY_REPORTS_PER_DAY`` a day; staff
    learn of it from the hourly digest (``queue_report_digest``), which says how many reports
    wait and nothing more: the details stay in the admin, out of every email."""
    if reporter.pk == reported.pk:
        raise ValidationError(_("You cannot report yourself."))
    if reason not in Report.Reason.values:
        raise ValidationError({"reason": _("Choose what the report is about.")})
    details = (details or "").strip()
    if reason == Report.Reason.OTHER and not details:
        raise ValidationError(
            {"details": _("Tell the program staff what happened, in a few words.")}
        )
    if mentorship is not None and {mentorship.mentor_id, mentorship.mentee_id} != {
        reporter.pk,
        reported.pk,
    }:
        raise ValidationError(_("This mentorship is not between you and the person reported."))
    # Her row locked: two copies of one form sent at the same moment wait for each other here,
    # and the second finds the first.
    User.objects.select_for_update().filter(pk=reporter.pk).first()
    again = just_written(
        Report.objects.filter(
            reporter=reporter,
            reported=reported,
            reason=reason,
            details=details,
            mentorship=mentorship,
            status=Report.Status.OPEN,
        )
    )
    if again is not None:  # the same form sent twice
        return again
    per_day = settings.SAFETY_REPORTS_PER_DAY
    day_ago = timezone.now() - timedelta(days=1)
    if Report.objects.filter(reporter=reporter, created_at__gte=day_ago).count() >= per_day:
        raise ValidationError(
            _(
                "You have sent %(count)d reports in the last 24 hours, the most for one day. The "
                "program staff will read them; if someone is in danger, call the emergency "
                "services."
            )
            % {"count": per_day}
        )
    report = Report(
        reporter=reporter,
        reported=reported,
        reason=reason,
        details=details,
        mentorship=mentorship,
        created_at=timezone.now(),
    )
    report.full_clean()
    report.save()
    return report


def queue_report_digest() -> int:
    """Tell each active staff member how many open reports wait, when one came since she was
    last told: one email for however many reports, saying how many and nothing of them (the
    details are read in the admin). Reports by or about her are left out of her count. Run
    every hour (``profiles.send_report_digest``); returns how many emails were written."""
    url = absolute_url(reverse("admin:profiles_report_changelist") + "?status__exact=open")
    written = 0
    with transaction.atomic():
        for member in staff_to_notify():
            waiting = open_reports_for(member).aggregate(latest=Max("pk"), count=Count("pk"))
            latest = waiting["latest"]
            if latest is None:
                continue
            # The newest report names the occasion: the same reports are never told twice.
            written += outbox.send(
                user=member,
                kind=emails.USER_REPORTED,
                template="profiles/reports_waiting",
                occasion=f"reports:{latest}",
                context={"url": url},
                # Her item opens the report, or the list when several wait (``emails``).
                params={"report": latest, "count": waiting["count"]},
                link="",
            )
    return written


@transaction.atomic
def review_report(*, report: Report, by: User, status: str, note: str = "") -> Report:
    """Staff record what they did with a report. A note, when given, replaces the one there."""
    if not access.staff_may(by, "profiles.change_report"):
        raise PermissionDenied
    report = Report.objects.select_for_update().get(pk=report.pk)
    if status not in Report.Status.values:
        raise ValidationError({"status": _("Choose a status.")})
    if not report.can_move_to(status):
        raise ValidationError(
            _("This report is %(status)s; it cannot be marked %(new)s.")
            % {
                "status": report.get_status_display().lower(),
                "new": Report.Status(status).label.lower(),
            }
        )
    report.status = status
    note = (note or "").strip()
    if note:
        report.staff_note = note
    report.reviewed_at = timezone.now()
    report.reviewed_by = by
    report.full_clean()
    report.save(update_fields=["status", "staff_note", "reviewed_at", "reviewed_by"])
    return report


@transaction.atomic
def record_consent(*, user: User, kind: str, version: str):
    """Keep the record that ``user`` consented to ``kind`` in ``version`` (once per version)."""
    from .models import Consent

    consent, _created = Consent.objects.get_or_create(user=user, kind=kind, version=version)
    return consent


def mark_followed_up(*, kind: str, object_id: int, by: User) -> StaffFollowUp:
    """Program staff mark a to-do item done (``core.todo``): who and when are kept, the item
    leaves the page. Marking it again keeps the first record."""
    if not access.is_program_staff(by):
        raise PermissionDenied
    follow_up, _created = StaffFollowUp.objects.get_or_create(
        kind=kind, object_id=object_id, defaults={"by": by}
    )
    return follow_up


# --- her calendar address ------------------------------------------------------------------


@transaction.atomic
def make_calendar_feed(*, user: User) -> tuple[CalendarFeed, str]:
    """Make her a new secret calendar address and return it with its token, which is shown to
    her this once (only its hash is kept). The address she had stops working at once."""
    User.objects.select_for_update().get(pk=user.pk)  # one address at a time, even racing
    now = timezone.now()
    CalendarFeed.objects.active().filter(user=user).update(revoked_at=now)
    token = secrets.token_urlsafe(32)  # 256 bits
    feed = CalendarFeed(user=user, token_hash=feed_token_hash(token), created_at=now)
    feed.full_clean()
    feed.save()
    return feed, token


@transaction.atomic
def turn_off_calendar_feed(*, user: User) -> int:
    """Her calendar address stops working; calendars that read it keep what they last read
    until she removes the subscription. Returns how many addresses were turned off (0 or 1)."""
    return CalendarFeed.objects.active().filter(user=user).update(revoked_at=timezone.now())


# --- screening of mentors (issue 20) -------------------------------------------------------


@transaction.atomic
def record_screening(
    *,
    by: User,
    screening: MentorScreening | None = None,
    mentor: User | None = None,
    kind: str,
    checked_on,
    valid_until,
    note: str = "",
) -> MentorScreening:
    """Staff record a mentor's screening they checked (or correct one they recorded): from
    ``checked_on`` to ``valid_until``, both included. A mentee under 18 sees, requests and
    books only mentors with valid screening (``selectors.screened_filter``)."""
    permission = "profiles.change_mentorscreening" if screening else "profiles.add_mentorscreening"
    if not access.staff_may(by, permission):
        raise PermissionDenied
    if screening is None:
        if mentor is None or not Profile.objects.filter(user=mentor, role=Role.MENTOR).exists():
            raise ValidationError({"mentor": _("Choose a mentor.")})
        screening = MentorScreening(mentor=mentor)
    else:
        screening = MentorScreening.objects.select_for_update().get(pk=screening.pk)
    if valid_until < checked_on:
        raise ValidationError({"valid_until": _("The screening cannot end before it was checked.")})
    if checked_on > timezone.localdate():
        raise ValidationError({"checked_on": _("The day it was checked cannot be in the future.")})
    screening.kind = (kind or "").strip() or screening.kind
    screening.checked_on = checked_on
    screening.valid_until = valid_until
    screening.note = (note or "").strip()
    screening.checked_by = by
    screening.full_clean()
    screening.save()
    return screening


# --- a guardian's consent (issue 20) -------------------------------------------------------


def _guardian_email(*, consent: GuardianConsent, template: str, url: str, **extra) -> None:
    """Rendered here, where the one-time key was made, and handed to a worker after the
    commit (``outbox.hand_over``): the key is never stored, only its hash."""
    girl = consent.user
    context = {
        "name": girl.profile.display_name or girl.email,
        "guardian_name": consent.guardian_name,
        "url": absolute_url(url),
        **extra,
    }
    message = render_user_email(user=girl, template=template, context=context)
    message.to = [consent.guardian_email]
    outbox.hand_over(message)


@transaction.atomic
def ask_guardian(
    *, user: User, guardian_name: str, guardian_email: str
) -> tuple[GuardianConsent, str]:
    """She names her guardian; the guardian gets an email with a one-time link to consent.
    Asked again (the email again, or another address), the earlier link stops working.
    Returns the request and the link's token (emailed, never stored)."""
    profile = Profile.objects.select_for_update().get(user=user)
    if not needs_guardian(profile.birth_date, profile.country):
        raise ValidationError(_("You do not need a guardian's consent to take part."))
    guardian_name = (guardian_name or "").strip()
    guardian_email = (guardian_email or "").strip()
    if not guardian_name:
        raise ValidationError({"guardian_name": _("Write your guardian's name.")})
    if guardian_email.lower() == user.email.lower():
        raise ValidationError(
            {"guardian_email": _("Give your guardian's own email address, not yours.")}
        )
    latest = GuardianConsent.objects.filter(user=user).order_by("-requested_at", "-pk").first()
    if latest is not None and latest.is_valid:
        raise ValidationError(_("Your guardian has already consented."))
    token, token_hash = guardian.new_token()
    now = timezone.now()
    if latest is not None and latest.consented_at is None:
        consent = latest
        consent.guardian_name = guardian_name
        consent.guardian_email = guardian_email
        consent.token_hash = token_hash
        consent.requested_at = now
    else:
        consent = GuardianConsent(
            user=user,
            guardian_name=guardian_name,
            guardian_email=guardian_email,
            token_hash=token_hash,
            requested_at=now,
        )
    consent.full_clean()
    consent.save()
    _guardian_email(
        consent=consent,
        template="profiles/guardian_consent",
        url=reverse("profiles:guardian_consent", args=[token]),
    )
    return consent, token


def guardian_consent_for(token: str) -> GuardianConsent | None:
    """The request an emailed link opens, while it waits for the consent (else None)."""
    if not token:
        return None
    return (
        GuardianConsent.objects.filter(token_hash=guardian.hash_token(token), consented_at=None)
        .select_related("user__profile")
        .first()
    )


@transaction.atomic
def give_guardian_consent(*, token: str) -> tuple[GuardianConsent, str]:
    """The guardian consents through the emailed link: the time and the exact text shown are
    recorded, the link stops working, and a second link to withdraw is emailed to the
    guardian (and returned, to show once). She is told in her inbox."""
    consent = guardian_consent_for(token)
    if consent is None:
        raise ValidationError(
            _("This link has already been used or is no longer valid. Ask her to send a new one.")
        )
    consent = GuardianConsent.objects.select_for_update().get(pk=consent.pk)
    if consent.consented_at is not None:
        raise ValidationError(
            _("This link has already been used or is no longer valid. Ask her to send a new one.")
        )
    girl = consent.user
    name = girl.profile.display_name or girl.email
    withdraw_token, withdraw_hash = guardian.new_token()
    consent.consented_at = timezone.now()
    consent.text_version = guardian.TEXT_VERSION
    consent.consented_text = guardian.consent_text(name)
    consent.token_hash = ""
    consent.withdraw_token_hash = withdraw_hash
    consent.full_clean()
    consent.save()
    withdraw_url = reverse("profiles:guardian_withdraw", args=[withdraw_token])
    _guardian_email(
        consent=consent,
        template="profiles/guardian_thanks",
        url=withdraw_url,
        when=timezone.localtime(consent.consented_at).strftime("%Y-%m-%d %H:%M"),
    )
    outbox.send(
        user=girl,
        kind=emails.GUARDIAN_CONSENTED,
        occasion=f"guardian:{consent.pk}",
        link=reverse("dashboard"),
        email=False,
    )
    return consent, withdraw_url


def guardian_consent_to_withdraw(token: str) -> GuardianConsent | None:
    if not token:
        return None
    return (
        GuardianConsent.objects.filter(
            withdraw_token_hash=guardian.hash_token(token), withdrawn_at=None
        )
        .exclude(consented_at=None)
        .select_related("user__profile")
        .first()
    )


@transaction.atomic
def withdraw_guardian_consent(*, token: str) -> GuardianConsent:
    """The guardian withdraws: her account is limited again, her mentorships are paused (the
    apps' hooks, ``guardian.register_on_withdraw``), and staff are told by email and on
    their to-do page."""
    consent = guardian_consent_to_withdraw(token)
    if consent is None:
        raise ValidationError(_("This consent has already been withdrawn, or the link is wrong."))
    consent = GuardianConsent.objects.select_for_update().get(pk=consent.pk)
    if consent.withdrawn_at is not None:
        raise ValidationError(_("This consent has already been withdrawn, or the link is wrong."))
    consent.withdrawn_at = timezone.now()
    consent.save(update_fields=["withdrawn_at"])
    guardian.run_withdraw_hooks(consent.user)
    url = absolute_url(reverse("admin:profiles_guardianconsent_change", args=[consent.pk]))
    for member in staff_to_notify(exclude=[consent.user_id]):
        outbox.send(
            user=member,
            kind=emails.GUARDIAN_WITHDREW,
            occasion=f"guardian-withdrew:{consent.pk}",
            template="profiles/guardian_withdrew",
            context={"url": url},
            link=url,
        )
    return consent
