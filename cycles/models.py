import base64
import secrets
import uuid
from datetime import UTC, timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from profiles.validators import validate_visible_text

# The longest a traditional mentorship runs (SPEC §7, §8).
MAX_MONTHS = 4
MAX_GOALS = 3


class Style(models.TextChoices):
    TRADITIONAL = "traditional", _("Traditional")
    FLASH = "flash", _("Flash")


class Phase(models.IntegerChoices):
    PREPARATION = 1, _("Preparation")
    NEGOTIATION = 2, _("Negotiation")
    ENABLING = 3, _("Enabling")
    CLOSURE = 4, _("Closure")


def new_room_token() -> str:
    """The name of a pair's meeting room: 160 random bits in lower-case letters and digits
    (room servers such as Jitsi do not tell upper from lower case), never derived from an id,
    so no one finds the room by guessing."""
    return base64.b32encode(secrets.token_bytes(20)).decode().lower()


class MentorshipQuerySet(models.QuerySet):
    def active(self):
        return self.filter(status=Mentorship.Status.ACTIVE)

    def involving(self, user):
        """Her mentorships, as mentor or mentee (``permissions.participant_filter``)."""
        from .permissions import participant_filter  # it imports this module

        return self.filter(participant_filter(user))


class Mentorship(models.Model):
    """A mentor and a mentee working together, from an accepted request to its end."""

    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        COMPLETED = "completed", _("Completed")
        ENDED_EARLY = "ended_early", _("Ended early")

    public_id = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)
    mentor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="mentorships_as_mentor",
        verbose_name=_("mentor"),
    )
    mentee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="mentorships_as_mentee",
        verbose_name=_("mentee"),
    )
    style = models.CharField(_("style"), max_length=20, choices=Style.choices)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=Status.choices,
        default=Status.ACTIVE,
    )
    phase = models.PositiveSmallIntegerField(
        _("phase"),
        choices=Phase.choices,
        default=Phase.PREPARATION,
    )
    start_date = models.DateField(_("start date"), default=timezone.localdate)
    # Paused when her guardian withdraws consent (issue 20, ``cycles.guardian``): no new
    # meetings or messages until staff resume it.
    paused_at = models.DateTimeField(_("paused"), null=True, blank=True)
    end_date = models.DateField(_("end date"), null=True, blank=True)
    mentor_confirmed_closure_at = models.DateTimeField(
        _("mentor confirmed the closure"),
        null=True,
        blank=True,
    )
    mentee_confirmed_closure_at = models.DateTimeField(
        _("mentee confirmed the closure"),
        null=True,
        blank=True,
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    ended_at = models.DateTimeField(_("ended"), null=True, blank=True)
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("ended by"),
    )
    end_reason = models.TextField(_("reason for ending"), blank=True)
    # The pair's own: not shown in the admin (selectors.meeting_room_url builds its address).
    room_token = models.CharField(
        _("meeting room"), max_length=32, default=new_room_token, unique=True, editable=False
    )

    objects = MentorshipQuerySet.as_manager()

    class Meta:
        verbose_name = _("mentorship")
        verbose_name_plural = _("mentorships")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["mentor", "status", "style"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__isnull=True)
                | models.Q(end_date__gte=models.F("start_date")),
                name="mentorship_end_after_start",
            ),
            models.CheckConstraint(
                condition=models.Q(phase__gte=1, phase__lte=4),
                name="mentorship_phase_1_to_4",
            ),
            models.CheckConstraint(
                condition=~models.Q(mentor=models.F("mentee")),
                name="mentorship_two_people",
            ),
        ]

    def __str__(self) -> str:
        return _("%(mentor)s mentoring %(mentee)s") % {
            "mentor": self.mentor.get_full_name(),
            "mentee": self.mentee.get_full_name(),
        }

    @property
    def is_active(self) -> bool:
        return self.status == self.Status.ACTIVE

    @property
    def is_paused(self) -> bool:
        return self.paused_at is not None

    @property
    def is_traditional(self) -> bool:
        return self.style == Style.TRADITIONAL

    def phases(self) -> list[int]:
        """The phases this style goes through: flash skips phase 3."""
        if self.is_traditional:
            return [Phase.PREPARATION, Phase.NEGOTIATION, Phase.ENABLING, Phase.CLOSURE]
        return [Phase.PREPARATION, Phase.NEGOTIATION, Phase.CLOSURE]

    # For one of the pair (``permissions.is_participant``): the other one, her side.
    def other(self, user):
        return self.mentee if user.pk == self.mentor_id else self.mentor

    def role_of(self, user) -> str:
        return "mentor" if user.pk == self.mentor_id else "mentee"


class MentorshipEvent(models.Model):
    """History of a mentorship: phases, agreement acceptances, closure, ending."""

    class Kind(models.TextChoices):
        STARTED = "started", _("Started")
        PHASE = "phase", _("Phase changed")
        AGREEMENT_ACCEPTED = "agreement_accepted", _("Agreement accepted")
        AGREEMENT_CHANGED = "agreement_changed", _("Agreement changed")
        CLOSURE_CONFIRMED = "closure_confirmed", _("Closure confirmed")
        COMPLETED = "completed", _("Completed")
        ENDED = "ended", _("Ended early")

    mentorship = models.ForeignKey(
        Mentorship,
        on_delete=models.CASCADE,
        related_name="events",
        verbose_name=_("mentorship"),
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    kind = models.CharField(_("what"), max_length=30, choices=Kind.choices)
    from_value = models.CharField(_("from"), max_length=30, blank=True)
    to_value = models.CharField(_("to"), max_length=30, blank=True)
    note = models.TextField(_("note"), blank=True)
    created_at = models.DateTimeField(_("when"), default=timezone.now)

    class Meta:
        verbose_name = _("mentorship history entry")
        verbose_name_plural = _("mentorship history")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.from_value} → {self.to_value}".strip()


class PhaseTick(models.Model):
    """One participant ticked one checklist item of a phase (items in ``cycles.content``)."""

    mentorship = models.ForeignKey(
        Mentorship,
        on_delete=models.CASCADE,
        related_name="ticks",
        verbose_name=_("mentorship"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("participant"),
    )
    item = models.CharField(_("checklist item"), max_length=40)
    created_at = models.DateTimeField(_("ticked"), default=timezone.now)

    class Meta:
        verbose_name = _("checklist tick")
        verbose_name_plural = _("checklist ticks")
        constraints = [
            models.UniqueConstraint(
                fields=["mentorship", "user", "item"], name="one_tick_per_item"
            ),
        ]

    def __str__(self) -> str:
        return self.item


class Agreement(models.Model):
    """The pair's mentoring agreement (SPEC §8). Every change of its text makes a new
    ``version`` and clears both acceptances; the earlier text is kept as an
    ``AgreementVersion``. An acceptance names the version she read."""

    mentorship = models.OneToOneField(
        Mentorship,
        on_delete=models.CASCADE,
        related_name="agreement",
        verbose_name=_("mentorship"),
    )
    version = models.PositiveIntegerField(_("version"), default=1)
    expectations = models.TextField(_("expectations"), max_length=3000)
    steps = models.TextField(_("steps to reach the goals"), max_length=3000)
    boundaries = models.TextField(
        _("boundaries"),
        max_length=2000,
        help_text=_("What each of you cannot or will not do as part of the mentoring."),
    )
    meetings_per_month = models.PositiveSmallIntegerField(_("meetings a month"), default=2)
    meeting_minutes = models.PositiveSmallIntegerField(
        _("length of a meeting (minutes)"), default=60
    )
    availability = models.TextField(_("availability"), max_length=1000)
    confidentiality = models.BooleanField(
        _("confidentiality"),
        default=False,
        help_text=_("Everything sensitive we discuss stays strictly between us."),
    )
    termination_clause = models.BooleanField(
        _("termination clause"),
        default=False,
        help_text=_(
            "If the mentoring does not work, either of us may end it at any time, "
            "without blame, simply by telling the other."
        ),
    )
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"))
    mentor_success_criteria = models.TextField(
        _("success criteria for the mentor"), max_length=2000
    )
    mentee_success_criteria = models.TextField(
        _("success criteria for the mentee"), max_length=2000
    )
    mentor_accepted_at = models.DateTimeField(_("accepted by the mentor"), null=True, blank=True)
    mentee_accepted_at = models.DateTimeField(_("accepted by the mentee"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("updated by"),
    )

    class Meta:
        verbose_name = _("mentoring agreement")
        verbose_name_plural = _("mentoring agreements")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__gte=models.F("start_date")),
                name="agreement_end_after_start",
            ),
        ]

    def __str__(self) -> str:
        return _("Agreement v%(version)s") % {"version": self.version}

    @property
    def accepted_by_both(self) -> bool:
        return bool(self.mentor_accepted_at and self.mentee_accepted_at)

    @property
    def minutes_per_month(self) -> int:
        return self.meetings_per_month * self.meeting_minutes


class AgreementVersion(models.Model):
    """An earlier text of the agreement, kept on every change (with its acceptances, if any)."""

    agreement = models.ForeignKey(
        Agreement,
        on_delete=models.CASCADE,
        related_name="versions",
        verbose_name=_("agreement"),
    )
    version = models.PositiveIntegerField(_("version"))
    content = models.JSONField(_("content"))
    mentor_accepted_at = models.DateTimeField(_("accepted by the mentor"), null=True, blank=True)
    mentee_accepted_at = models.DateTimeField(_("accepted by the mentee"), null=True, blank=True)
    created_at = models.DateTimeField(_("replaced"), default=timezone.now)

    class Meta:
        verbose_name = _("earlier agreement version")
        verbose_name_plural = _("earlier agreement versions")
        ordering = ["-version"]
        constraints = [
            models.UniqueConstraint(fields=["agreement", "version"], name="one_row_per_version"),
        ]

    def __str__(self) -> str:
        return _("Agreement v%(version)s") % {"version": self.version}


class Goal(models.Model):
    """One of the pair's goals (at most three that are not dropped)."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        ACHIEVED = "achieved", _("Achieved")
        NOT_ACHIEVED = "not_achieved", _("Not achieved")
        DROPPED = "dropped", _("Dropped")

    mentorship = models.ForeignKey(
        Mentorship,
        on_delete=models.CASCADE,
        related_name="goals",
        verbose_name=_("mentorship"),
    )
    title = models.CharField(_("goal"), max_length=200, validators=[validate_visible_text])
    description = models.TextField(_("description"), max_length=2000, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.OPEN
    )
    progress_note = models.TextField(_("progress notes"), max_length=3000, blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("goal")
        verbose_name_plural = _("goals")
        ordering = ["position", "created_at", "pk"]

    def __str__(self) -> str:
        return self.title


class GoalRevision(models.Model):
    """A goal as it was before a change: who changed it and when."""

    goal = models.ForeignKey(
        Goal, on_delete=models.CASCADE, related_name="revisions", verbose_name=_("goal")
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("changed by"),
    )
    title = models.CharField(_("goal"), max_length=200, validators=[validate_visible_text])
    description = models.TextField(_("description"), blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Goal.Status.choices)
    progress_note = models.TextField(_("progress notes"), blank=True)
    created_at = models.DateTimeField(_("changed"), default=timezone.now)

    class Meta:
        verbose_name = _("goal revision")
        verbose_name_plural = _("goal revisions")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.title


class MeetingQuerySet(models.QuerySet):
    def counting(self):
        """The meetings that count: agreed by both (an accepted proposal, or a logged meeting
        the partner confirmed or did not dispute in time). Only these are in calendars and
        count toward the pair's hours."""
        return self.filter(status=Meeting.Status.CONFIRMED)

    def open(self):
        """Proposed or agreed: not declined, cancelled or disputed."""
        return self.filter(
            status__in=[Meeting.Status.PROPOSED, Meeting.Status.CONFIRMED, Meeting.Status.LOGGED]
        )


class Meeting(models.Model):
    """A session of the pair: when, how long, where, what about, and what came of it.

    A planned meeting starts as a proposal (``PROPOSED``) and is ``CONFIRMED`` when the partner
    accepts it; a meeting logged after it took place starts ``LOGGED`` and is ``CONFIRMED`` when
    the partner confirms it (or does not dispute it in time). Only confirmed meetings count."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Proposed")
        CONFIRMED = "confirmed", _("Agreed")
        DECLINED = "declined", _("Declined")
        CANCELLED = "cancelled", _("Cancelled")
        LOGGED = "logged", _("Logged, waiting for confirmation")
        DISPUTED = "disputed", _("Disputed")

    class Origin(models.TextChoices):
        PLANNED = "planned", _("Planned ahead")
        LOGGED = "logged", _("Logged afterwards")

    public_id = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)
    mentorship = models.ForeignKey(
        Mentorship,
        on_delete=models.CASCADE,
        related_name="meetings",
        verbose_name=_("mentorship"),
    )
    starts_at = models.DateTimeField(_("starts"))
    time_zone = models.CharField(_("time zone"), max_length=64)
    duration_minutes = models.PositiveSmallIntegerField(_("length (minutes)"), default=60)
    location = models.CharField(
        _("place or link"),
        max_length=500,
        blank=True,  # optional for a meeting logged afterwards; a proposal's form asks for it
        help_text=_("A video-call link, a Discord channel, or a place to meet."),
    )
    agenda = models.TextField(_("agenda"), max_length=3000, blank=True)
    notes = models.TextField(_("shared notes"), max_length=10000, blank=True)
    tasks_next_time = models.TextField(_("tasks for next time"), max_length=3000, blank=True)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("proposed by"),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.CONFIRMED
    )
    origin = models.CharField(
        _("origin"), max_length=20, choices=Origin.choices, default=Origin.PLANNED
    )
    sequence = models.PositiveIntegerField(
        _("calendar sequence"),
        default=0,
        help_text=_("Raised on every change, so calendars replace their copy (RFC 5545)."),
    )
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)
    agreed_at = models.DateTimeField(
        _("agreed"),
        null=True,
        blank=True,
        help_text=_("When the partner accepted one of the proposed times."),
    )
    change_note = models.CharField(
        _("note to the partner"),
        max_length=500,
        blank=True,
        help_text=_("Why the agreed meeting was last changed or cancelled."),
    )
    change_note_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("note written by"),
    )
    dispute_note = models.TextField(
        _("why it was disputed"),
        max_length=1000,
        blank=True,
        help_text=_("A logged meeting the partner disputed: what she says is not right."),
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = MeetingQuerySet.as_manager()

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["starts_at"]
        indexes = [models.Index(fields=["mentorship", "starts_at"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(duration_minutes__gte=15, duration_minutes__lte=480),
                name="meeting_length_15_to_480",
            ),
            models.CheckConstraint(
                condition=models.Q(status="cancelled", cancelled_at__isnull=False)
                | (~models.Q(status="cancelled") & models.Q(cancelled_at__isnull=True)),
                name="meeting_cancelled_has_its_time",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.starts_at:%Y-%m-%d %H:%M} ({self.duration_minutes} min)"

    @property
    def ends_at(self):
        # Added in UTC: in the meeting's own zone Python adds wall-clock time, an hour off
        # across a daylight-saving change.
        return self.starts_at.astimezone(UTC) + timedelta(minutes=self.duration_minutes)

    @property
    def is_cancelled(self) -> bool:
        return self.status == self.Status.CANCELLED

    @property
    def is_confirmed(self) -> bool:
        return self.status == self.Status.CONFIRMED

    @property
    def is_proposed(self) -> bool:
        return self.status == self.Status.PROPOSED

    @property
    def is_logged(self) -> bool:
        """Logged after it took place (whatever its partner made of it since)."""
        return self.origin == self.Origin.LOGGED

    @property
    def awaits_confirmation(self) -> bool:
        return self.status == self.Status.LOGGED

    @property
    def has_calendar(self) -> bool:
        """Whether it is (or was) in the pair's calendars: agreed, or cancelled after it was
        agreed. A proposal never is: the times are not agreed yet."""
        return self.is_confirmed or (self.is_cancelled and self.agreed_at is not None)


class MeetingOption(models.Model):
    """One of the one to three times a proposal offers; the partner accepts one of them."""

    meeting = models.ForeignKey(
        Meeting,
        on_delete=models.CASCADE,
        related_name="options",
        verbose_name=_("meeting"),
    )
    starts_at = models.DateTimeField(_("starts"))
    position = models.PositiveSmallIntegerField(_("position"))

    class Meta:
        verbose_name = _("proposed time")
        verbose_name_plural = _("proposed times")
        ordering = ["meeting", "position"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "position"], name="one_option_per_position"),
            models.CheckConstraint(
                condition=models.Q(position__gte=1, position__lte=3),
                name="meeting_option_position_1_to_3",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.position}: {self.starts_at:%Y-%m-%d %H:%M}"

    @property
    def ends_at(self):
        # Added in UTC, as ``Meeting.ends_at``: across a daylight-saving change too.
        return self.starts_at.astimezone(UTC) + timedelta(minutes=self.meeting.duration_minutes)


class Message(models.Model):
    """A plain-text message in the pair's conversation."""

    mentorship = models.ForeignKey(
        Mentorship,
        on_delete=models.CASCADE,
        related_name="messages",
        verbose_name=_("mentorship"),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("author"),
    )
    body = models.TextField(_("message"), max_length=5000)
    created_at = models.DateTimeField(_("sent"), default=timezone.now)
    emailed_at = models.DateTimeField(
        _("emailed"),
        null=True,
        blank=True,
        help_text=_("When the other person was emailed about new messages (at most hourly)."),
    )

    class Meta:
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["mentorship", "created_at"])]

    def __str__(self) -> str:
        return self.body[:60]


# --- safeguarding (issue 20): oversight of a pair with a minor, and "I feel unsafe" ----------


class SafeguardingReading(models.Model):
    """One reading of a minor's mentorship by a safeguarding lead: who, when, which pair
    (``permissions.may_oversee``). Written by the reading page, read in the admin."""

    reader = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("reader"),
    )
    mentorship = models.ForeignKey(
        Mentorship,
        on_delete=models.CASCADE,
        related_name="safeguarding_readings",
        verbose_name=_("mentorship"),
    )
    created_at = models.DateTimeField(_("read at"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("safeguarding reading")
        verbose_name_plural = _("safeguarding readings")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.reader} · {self.created_at:%Y-%m-%d %H:%M}"


class SafeguardingAlert(models.Model):
    """A participant of a minor's mentorship pressed "I feel unsafe": the safeguarding leads
    are told at once (``services_safeguarding.raise_alert``) and record here when it was
    handled."""

    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("raised by"),
    )
    mentorship = models.ForeignKey(
        Mentorship,
        on_delete=models.CASCADE,
        related_name="safeguarding_alerts",
        verbose_name=_("mentorship"),
    )
    text = models.TextField(_("what she wrote"), max_length=3000, blank=True)
    created_at = models.DateTimeField(_("sent"), default=timezone.now, db_index=True)
    handled_at = models.DateTimeField(_("handled at"), null=True, blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("handled by"),
    )
    handling_note = models.TextField(_("what was done"), blank=True)

    class Meta:
        verbose_name = _("safeguarding alert")
        verbose_name_plural = _("safeguarding alerts")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.raised_by} · {self.created_at:%Y-%m-%d %H:%M}"


# --- program health (issue 22): signals that a pair is drifting, and staff check-ins --------


class HealthSignal(models.Model):
    """One sign that an active pair is drifting (``cycles.health`` computes them daily): what,
    since when, and the figures behind its reason. A signal is open until the pair recovers
    (``cleared_on``); if it comes back it is a new row, so each start is one row, written
    once (``created_at``)."""

    class Kind(models.TextChoices):
        NO_MEETING = "no_meeting", _("No meeting held for longer than the rhythm allows")
        HOURS_BELOW = "hours_below", _("Hours under the agreed minimum")
        AGREEMENT_UNACCEPTED = "agreement_unaccepted", _("Agreement not accepted")
        FIRST_MEETING = "first_meeting", _("First meeting not held")
        MENTOR_SILENT = "mentor_silent", _("Mentor silent")
        MENTEE_SILENT = "mentee_silent", _("Mentee silent")
        REMINDERS_UNANSWERED = "reminders_unanswered", _("Reminders unanswered")

    mentorship = models.ForeignKey(
        Mentorship,
        on_delete=models.CASCADE,
        related_name="health_signals",
        verbose_name=_("mentorship"),
    )
    kind = models.CharField(_("signal"), max_length=30, choices=Kind.choices)
    started_on = models.DateField(_("since"))
    cleared_on = models.DateField(_("cleared"), null=True, blank=True)
    params = models.JSONField(_("figures"), default=dict, blank=True)
    created_at = models.DateTimeField(_("noticed"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("health signal")
        verbose_name_plural = _("health signals")
        ordering = ["started_on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["mentorship", "kind"],
                condition=models.Q(cleared_on__isnull=True),
                name="one_open_signal_per_kind",
            ),
        ]
        indexes = [
            models.Index(
                fields=["mentorship"],
                condition=models.Q(cleared_on__isnull=True),
                name="cycles_signal_open",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.started_on:%Y-%m-%d})"

    @property
    def is_open(self) -> bool:
        return self.cleared_on is None


class CheckIn(models.Model):
    """Program staff contacted a pair (issue 22): how, what came of it, and until when the
    pair stays off the health page (``snoozed_until``). For the staff only; in the pair's data
    export."""

    class Channel(models.TextChoices):
        EMAIL = "email", _("Email")
        PHONE = "phone", _("Phone")
        VIDEO = "video", _("Video call")
        MESSAGE = "message", _("Chat message")
        IN_PERSON = "in_person", _("In person")

    class Outcome(models.TextChoices):
        ON_TRACK = "on_track", _("Back on track")
        REPLAN = "replan", _("They will re-plan together")
        CLOSING = "closing", _("They will close the mentorship")
        NO_ANSWER = "no_answer", _("No answer yet")
        OTHER = "other", _("Other")

    mentorship = models.ForeignKey(
        Mentorship,
        on_delete=models.CASCADE,
        related_name="check_ins",
        verbose_name=_("mentorship"),
    )
    staff = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("by"),
    )
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices)
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices)
    note = models.TextField(_("note"), max_length=3000, blank=True)
    snoozed_until = models.DateField(
        _("off the health page until"),
        null=True,
        blank=True,
        help_text=_("The pair comes back to the health page on this day if still at risk."),
    )
    created_at = models.DateTimeField(_("logged"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("check-in")
        verbose_name_plural = _("check-ins")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["mentorship", "snoozed_until"])]

    def __str__(self) -> str:
        return f"{self.get_channel_display()} · {self.created_at:%Y-%m-%d}"


class ExitAnswer(models.Model):
    """Why she closed a mentorship early, or after a nudge, and whether she would join again
    (issue 22): what the program learns of endings. One per person and mentorship; the staff
    read them, she reads her own in her data export."""

    class Reason(models.TextChoices):
        TIME = "time", _("Not enough time")
        MISMATCH = "mismatch", _("We were not a good match")
        GOALS_MET = "goals_met", _("We met our goals early")
        PERSONAL = "personal", _("Personal reasons")
        OTHER = "other", _("Something else")

    class Again(models.TextChoices):
        YES = "yes", _("Yes")
        MAYBE = "maybe", _("Maybe")
        NO = "no", _("No")

    mentorship = models.ForeignKey(
        Mentorship,
        on_delete=models.CASCADE,
        related_name="exit_answers",
        verbose_name=_("mentorship"),
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("person"),
    )
    reason = models.CharField(_("why"), max_length=20, choices=Reason.choices)
    other_text = models.CharField(_("in her words"), max_length=300, blank=True)
    would_join_again = models.CharField(_("would join again"), max_length=10, choices=Again.choices)
    created_at = models.DateTimeField(_("answered"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("exit answer")
        verbose_name_plural = _("exit answers")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["mentorship", "person"], name="one_exit_answer_per_person"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_reason_display()} · {self.created_at:%Y-%m-%d}"
