import uuid
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import models
from django.db.models import Value
from django.db.models.functions import Concat, Upper
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.text import fold_joined, with_folded
from cycles.models import Style
from profiles.models import ExpertiseArea, SpokenLanguage
from profiles.validators import validate_visible_text

from .slot_times import weekly


class PresentationQuerySet(models.QuerySet):
    def visible(self):
        """Shown in the directory: published and, where the setting asks for it, approved, of an
        active account. Inactive accounts are left out by a membership test on the few of
        them (``profiles_user_inactive``), not a join to every mentor's account: the
        directory ranks every visible presentation and needs nothing else of the account."""
        inactive = get_user_model().objects.filter(is_active=False).values("pk")
        visible = self.filter(is_published=True).exclude(mentor_id__in=inactive)
        if settings.MATCHING_PRESENTATION_APPROVAL_REQUIRED:
            visible = visible.filter(approved_at__isnull=False)
        return visible

    def awaiting_approval(self):
        """Published and never approved, or with changes to its text since it was approved;
        not one the staff returned to her, until she edits it."""
        never_approved = models.Q(is_published=True, approved_at__isnull=True)
        return self.filter(
            never_approved | models.Q(revision__isnull=False), returned_at__isnull=True
        )


def _upper_joined(*fields: str) -> Upper:
    """The texts of ``fields`` joined by spaces and upper-cased, kept by the database."""
    parts = [part for name in fields for part in (Value(" "), name)][1:]
    return Upper(Concat(*parts, output_field=models.TextField()))


class MentorPresentation(models.Model):
    """What a mentor tells mentees about herself in the directory."""

    public_id = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)
    mentor = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="presentation",
        verbose_name=_("mentor"),
    )
    headline = models.CharField(
        _("headline"),
        max_length=120,
        validators=[validate_visible_text],
        help_text=_(
            "One line mentees see first, e.g. “Robotics engineer happy to talk "
            "about master's choices”."
        ),
    )
    introduction = models.TextField(_("introduction"), max_length=3000)
    expertise = models.ManyToManyField(
        ExpertiseArea,
        related_name="presentations",
        verbose_name=_("fields of expertise"),
    )
    expertise_details = models.TextField(
        _("my expertise"),
        max_length=2000,
        blank=True,
        help_text=_("Your specialities, in your own words."),
    )
    offer = models.TextField(
        _("what I can offer"),
        max_length=2000,
        help_text=_(
            "For example: study and career choices, applying for a PhD, returning "
            "to work, confidence, networks."
        ),
    )
    offers_traditional = models.BooleanField(_("offers traditional mentoring"), default=True)
    offers_flash = models.BooleanField(_("offers flash mentoring"), default=True)
    languages = models.ManyToManyField(
        SpokenLanguage,
        related_name="presentations",
        verbose_name=_("mentoring languages"),
    )
    capacity = models.PositiveSmallIntegerField(
        _("capacity"),
        default=2,
        help_text=_("The most traditional mentees you take at the same time."),
    )
    accepting_requests = models.BooleanField(
        _("accepting new requests"),
        default=True,
        help_text=_("Pause to stop new requests for a while; open requests stay answerable."),
    )
    flash_per_week = models.PositiveSmallIntegerField(
        _("flash sessions a week"),
        default=3,
        help_text=_("The most flash sessions mentees can book with you in one week."),
    )
    is_published = models.BooleanField(_("published"), default=False)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("approved by"),
    )
    # Her changes to the texts mentees read (REVIEWED_FIELDS), made after staff approved the
    # presentation and waiting for their approval: the fields above stay the approved text,
    # which the directory keeps reading as it is, and approving copies these over them.
    revision = models.JSONField(
        _("changes awaiting approval"), null=True, blank=True, editable=False
    )
    revised_at = models.DateTimeField(_("changes sent at"), null=True, blank=True, editable=False)
    # The staff sent it back with a note instead of approving it: shown on her page until she
    # edits it (matching.services.return_presentation); it waits for no one meanwhile.
    return_note = models.TextField(_("note from the program staff"), blank=True, editable=False)
    returned_at = models.DateTimeField(_("returned at"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    # The offer, introduction and expertise details joined and upper-cased, kept by the
    # database: the match score's goal words are looked for in it on PostgreSQL
    # (selectors.GoalHits, selectors.TextContains) instead of upper-casing the three texts
    # for every presentation of every directory page, which was most of the cost of a ranked
    # page. A word holds no space, so it is found in the joined text exactly when one of the
    # three holds it.
    match_text = models.GeneratedField(
        expression=_upper_joined("offer", "introduction", "expertise_details"),
        output_field=models.TextField(),
        db_persist=True,
        verbose_name=_("text searched"),
    )
    # The texts mentees read (REVIEWED_FIELDS, the approved ones while a revision waits)
    # folded in Python (core.text.fold: no case, no accents) when the presentation is saved,
    # for the directory's search (selectors.mentions): "angstrom" finds "Ångström" on SQLite
    # and PostgreSQL alike, where each database's own upper-casing differed.
    search_text = models.TextField(
        _("text searched with the headline"), blank=True, default="", editable=False
    )

    objects = PresentationQuerySet.as_manager()

    # The texts staff read before mentees do.
    REVIEWED_FIELDS = ("headline", "introduction", "expertise_details", "offer")

    class Meta:
        verbose_name = _("mentor presentation")
        verbose_name_plural = _("mentor presentations")
        ordering = ["-published_at"]
        indexes = [
            models.Index(fields=["is_published", "approved_at", "-published_at"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(capacity__gte=1, capacity__lte=10),
                name="presentation_capacity_1_to_10",
            ),
            models.CheckConstraint(
                condition=models.Q(flash_per_week__gte=1, flash_per_week__lte=20),
                name="presentation_flash_per_week_1_to_20",
            ),
            models.CheckConstraint(
                condition=models.Q(offers_traditional=True) | models.Q(offers_flash=True),
                name="presentation_offers_a_style",
            ),
        ]

    def __str__(self) -> str:
        return self.headline

    def save(self, *args, **kwargs):
        """Saved with its texts folded for the search, whatever path writes them (her edits,
        the staff's approval of her changes, the admin)."""
        self.search_text = self.folded_text()
        kwargs["update_fields"] = with_folded(
            kwargs.get("update_fields"), self.REVIEWED_FIELDS, "search_text"
        )
        super().save(*args, **kwargs)

    def folded_text(self) -> str:
        """The texts mentees read, folded and joined (``search_text``)."""
        return fold_joined(*(getattr(self, name) for name in self.REVIEWED_FIELDS))

    @property
    def is_approved(self) -> bool:
        return self.approved_at is not None

    @property
    def is_visible(self) -> bool:
        return self.is_published and (
            self.is_approved or not settings.MATCHING_PRESENTATION_APPROVAL_REQUIRED
        )

    @property
    def is_returned(self) -> bool:
        return self.returned_at is not None

    @property
    def has_revision(self) -> bool:
        return self.revision is not None

    def revised(self) -> dict:
        """Her latest texts: the changes awaiting approval, else the approved ones."""
        current = {name: getattr(self, name) for name in self.REVIEWED_FIELDS}
        return current | (self.revision or {})

    @property
    def state_label(self) -> str:
        if not self.is_published:
            return _("Draft — not shown to mentees")
        if self.is_returned and not self.is_visible:
            return _("Returned by the program staff — see their note")
        if not self.is_visible:
            return _("Awaiting approval by the program staff")
        if not self.accepting_requests:
            return _("Published — paused, not taking new requests")
        return _("Published")

    def offers(self, style: str) -> bool:
        return self.offers_traditional if style == Style.TRADITIONAL else self.offers_flash


class ConnectionRequest(models.Model):
    """A mentee asking a mentor to mentor her."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")
        WITHDRAWN = "withdrawn", _("Withdrawn")
        EXPIRED = "expired", _("Expired")

    # Allowed moves; each has one service in matching.services.
    TRANSITIONS = {
        Status.PENDING: {Status.ACCEPTED, Status.DECLINED, Status.WITHDRAWN, Status.EXPIRED},
    }

    public_id = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)
    mentee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="requests_sent",
        verbose_name=_("mentee"),
    )
    mentor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="requests_received",
        verbose_name=_("mentor"),
    )
    style = models.CharField(_("style"), max_length=20, choices=Style.choices)
    message = models.TextField(_("message"), max_length=2000)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=Status.choices,
        default=Status.PENDING,
    )
    decline_reason = models.TextField(_("reason"), max_length=1000, blank=True)
    mentorship = models.OneToOneField(
        "cycles.Mentorship",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="request",
        verbose_name=_("mentorship"),
    )
    created_at = models.DateTimeField(_("sent"), default=timezone.now)
    responded_at = models.DateTimeField(_("answered"), null=True, blank=True)

    class Meta:
        verbose_name = _("connection request")
        verbose_name_plural = _("connection requests")
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["mentor", "status"]),
            models.Index(fields=["mentee", "status"]),
            models.Index(fields=["status", "created_at"]),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["mentee", "mentor"],
                condition=models.Q(status="pending"),
                name="one_pending_request_per_pair",
            ),
            models.CheckConstraint(
                condition=~models.Q(mentor=models.F("mentee")),
                name="request_two_people",
            ),
        ]

    def __str__(self) -> str:
        return _("%(mentee)s → %(mentor)s (%(status)s)") % {
            "mentee": self.mentee.get_full_name(),
            "mentor": self.mentor.get_full_name(),
            "status": self.get_status_display(),
        }

    @property
    def is_pending(self) -> bool:
        return self.status == self.Status.PENDING

    @property
    def expires_at(self):
        """When a pending request expires unanswered."""
        return self.created_at + timedelta(days=settings.MATCHING_REQUEST_EXPIRY_DAYS)


class RequestEvent(models.Model):
    """History of a request: who moved it from which status to which, when, and why."""

    request = models.ForeignKey(
        ConnectionRequest,
        on_delete=models.CASCADE,
        related_name="events",
        verbose_name=_("request"),
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    from_status = models.CharField(_("from"), max_length=20, blank=True)
    to_status = models.CharField(_("to"), max_length=20)
    note = models.TextField(_("note"), blank=True)
    created_at = models.DateTimeField(_("when"), default=timezone.now)

    class Meta:
        verbose_name = _("request history entry")
        verbose_name_plural = _("request history")
        ordering = ["created_at"]

    def __str__(self) -> str:
        return f"{self.from_status or '∅'} → {self.to_status}"


class FlashSlotQuerySet(models.QuerySet):
    def offered(self):
        """Not removed by the mentor (a removed slot keeps its bookings)."""
        return self.filter(removed_at__isnull=True)


class FlashSlot(models.Model):
    """A time a mentor offers for one flash session: once, or at the same local time every
    week until ``repeat_weekly_until`` (the occurrences are computed, ``slot_times.weekly``,
    and a booking names its occurrence by ``starts_at``)."""

    public_id = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)
    mentor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="flash_slots",
        verbose_name=_("mentor"),
    )
    starts_at = models.DateTimeField(_("first time"))
    time_zone = models.CharField(_("time zone"), max_length=64)
    duration_minutes = models.PositiveSmallIntegerField(_("length (minutes)"), default=45)
    location = models.CharField(
        _("place or link"),
        max_length=500,
        help_text=_("A video-call link, a Discord channel, or a place to meet."),
    )
    repeat_weekly_until = models.DateField(
        _("repeat weekly until"),
        null=True,
        blank=True,
        help_text=_("Empty for a single time."),
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    removed_at = models.DateTimeField(_("removed"), null=True, blank=True)

    objects = FlashSlotQuerySet.as_manager()

    class Meta:
        verbose_name = _("flash slot")
        verbose_name_plural = _("flash slots")
        ordering = ["starts_at"]
        indexes = [models.Index(fields=["mentor", "removed_at"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(duration_minutes__gte=15, duration_minutes__lte=240),
                name="flash_slot_length_15_to_240",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.starts_at:%Y-%m-%d %H:%M} ({self.duration_minutes} min)"

    @property
    def is_weekly(self) -> bool:
        return self.repeat_weekly_until is not None

    def occurrences(self, *, start, end) -> list:
        """Its times from ``start`` (included) to ``end`` (excluded)."""
        return weekly(self.starts_at, self.time_zone, self.repeat_weekly_until, start, end)


class FlashBooking(models.Model):
    """A mentee booked one occurrence of a flash slot: a flash mentorship with its meeting
    agreed. One booking per occurrence, ever (``one_booking_per_occurrence``): a booking the
    mentor cancelled keeps its time taken."""

    class Status(models.TextChoices):
        BOOKED = "booked", _("Booked")
        CANCELLED = "cancelled", _("Cancelled by the mentor")

    public_id = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)
    slot = models.ForeignKey(
        FlashSlot, on_delete=models.PROTECT, related_name="bookings", verbose_name=_("slot")
    )
    # The slot's mentor, kept on the booking for her week's count and her list.
    mentor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="flash_bookings_received",
        verbose_name=_("mentor"),
    )
    mentee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="flash_bookings",
        verbose_name=_("mentee"),
    )
    starts_at = models.DateTimeField(_("time"))
    question = models.TextField(_("question"), max_length=1000)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.BOOKED
    )
    mentorship = models.OneToOneField(
        "cycles.Mentorship",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="flash_booking",
        verbose_name=_("mentorship"),
    )
    meeting = models.OneToOneField(
        "cycles.Meeting",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="flash_booking",
        verbose_name=_("meeting"),
    )
    cancel_note = models.TextField(_("note from the mentor"), max_length=1000, blank=True)
    created_at = models.DateTimeField(_("booked"), default=timezone.now, editable=False)
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)

    class Meta:
        verbose_name = _("flash booking")
        verbose_name_plural = _("flash bookings")
        ordering = ["starts_at"]
        indexes = [models.Index(fields=["mentor", "starts_at"])]
        constraints = [
            models.UniqueConstraint(
                fields=["slot", "starts_at"], name="one_booking_per_occurrence"
            ),
            models.CheckConstraint(
                condition=models.Q(status="cancelled", cancelled_at__isnull=False)
                | (~models.Q(status="cancelled") & models.Q(cancelled_at__isnull=True)),
                name="flash_booking_cancelled_has_its_time",
            ),
            models.CheckConstraint(
                condition=~models.Q(mentor=models.F("mentee")),
                name="flash_booking_two_people",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.starts_at:%Y-%m-%d %H:%M} ({self.get_status_display()})"

    @property
    def is_booked(self) -> bool:
        return self.status == self.Status.BOOKED

    @property
    def ends_at(self):
        return self.starts_at + timedelta(minutes=self.slot.duration_minutes)


# The match rounds' tables live beside their logic (``matching.rounds``); imported here so
# that they belong to this app.
from .rounds.models import (  # noqa: E402, F401
    Fit,
    MatchRound,
    RoundChoice,
    RoundDraft,
    RoundMentor,
    RoundOutcome,
    Stage,
)
