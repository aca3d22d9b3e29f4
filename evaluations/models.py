"""Evaluations (SPEC §10): a private reflection after each session, a final evaluation at the
end of each cycle, and the staff's exports of the final evaluations.

A session reflection is its author's alone: no other participant, no staff page and no admin
list shows one; staff see only anonymous averages over enough people
(``reports.reflections``). Final evaluations are shared with the project.
"""

import uuid
import zoneinfo
from datetime import date, timedelta

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Rating(models.IntegerChoices):
    """A 1–5 answer: 1 is the least, 5 the most."""

    ONE = 1, _("1 – not at all")
    TWO = 2, _("2 – a little")
    THREE = 3, _("3 – somewhat")
    FOUR = 4, _("4 – a lot")
    FIVE = 5, _("5 – very much")


def rating_field(verbose_name):
    return models.PositiveSmallIntegerField(
        verbose_name,
        choices=Rating.choices,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )


def _rating_range(name: str) -> models.CheckConstraint:
    return models.CheckConstraint(
        condition=models.Q(**{f"{name}__gte": 1, f"{name}__lte": 5}),
        name=f"%(class)s_{name}_1_to_5",
    )


# The ratings of a session reflection, in the order the form asks them.
REFLECTION_RATINGS = ("useful", "prepared", "understood", "progress")
# The answers of a final evaluation, in the order the form asks them: in words, then numbers.
FINAL_EVALUATION_TEXTS = (
    "goals_met",
    "goals_not_met",
    "strengths",
    "application",
    "biases",
    "stem_impact",
)
FINAL_EVALUATION_ANSWERS = (
    *FINAL_EVALUATION_TEXTS,
    "quality_rating",
    "effectiveness_rating",
    "sessions",
)


class SessionEvaluation(models.Model):
    """One participant's private reflection on one meeting: four ratings and a free text."""

    meeting = models.ForeignKey(
        "cycles.Meeting",
        on_delete=models.CASCADE,
        related_name="reflections",
        verbose_name=_("meeting"),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="session_reflections",
        verbose_name=_("author"),
    )
    useful = rating_field(_("How useful was this session for you?"))
    prepared = rating_field(_("How well prepared did you feel?"))
    understood = rating_field(_("How well did you understand each other?"))
    progress = rating_field(_("How much closer to your goals did it bring you?"))
    reflection = models.TextField(
        _("Your reflection"),
        max_length=3000,
        blank=True,
        help_text=_(
            "What did you learn, what surprised you, what will you do next? Only you see this."
        ),
    )
    created_at = models.DateTimeField(_("written"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("session reflection")
        verbose_name_plural = _("session reflections")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "author"], name="one_reflection_per_meeting"
            ),
            *(_rating_range(name) for name in REFLECTION_RATINGS),
        ]

    def __str__(self) -> str:
        return str(_("Session reflection"))

    # A reflection counts in the program's figures in the month it was first written (in
    # ``settings.TIME_ZONE``), and stays as written once that month has ended: a figure of an
    # ended month never moves, so comparing it before and after tells nothing of anyone.

    def changeable_until(self) -> date:
        """The last day of the month it was written in (the program's calendar)."""
        written = timezone.localdate(self.created_at, zoneinfo.ZoneInfo(settings.TIME_ZONE))
        following = (written.replace(day=28) + timedelta(days=4)).replace(day=1)
        return following - timedelta(days=1)

    def is_kept(self, now=None) -> bool:
        """True once the month it was written in has ended: it can no longer be changed."""
        zone = zoneinfo.ZoneInfo(settings.TIME_ZONE)
        return timezone.localdate(now or timezone.now(), zone) > self.changeable_until()


class FinalEvaluation(models.Model):
    """One participant's evaluation of a whole cycle, shared with the project (SPEC §10)."""

    public_id = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)
    mentorship = models.ForeignKey(
        "cycles.Mentorship",
        on_delete=models.CASCADE,
        related_name="final_evaluations",
        verbose_name=_("mentorship"),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="final_evaluations",
        verbose_name=_("author"),
    )
    goals_met = models.TextField(
        _("Which goals were met?"),
        max_length=5000,
        blank=True,
        help_text=_("One goal a line, and what helped you reach it."),
    )
    goals_not_met = models.TextField(
        _("Which goals were not met, and why not?"),
        max_length=5000,
        blank=True,
    )
    strengths = models.TextField(
        _("What have you learned about your strengths and challenges, also in STEM?"),
        max_length=5000,
    )
    application = models.TextField(
        _("How will you apply what you have learned?"),
        max_length=5000,
    )
    biases = models.TextField(
        _("Which biases in STEM did you identify, and how can they be addressed?"),
        max_length=5000,
        blank=True,
    )
    stem_impact = models.TextField(
        _("What impact did the mentoring have on your intentions for study or work in STEM?"),
        max_length=5000,
    )
    quality_rating = rating_field(_("How would you rate the quality of the mentoring?"))
    effectiveness_rating = rating_field(_("How effective was the mentoring for you?"))
    sessions = models.PositiveSmallIntegerField(
        _("Number of sessions"),
        validators=[MaxValueValidator(200)],
        help_text=_("Filled in from your meetings; correct it if you met more or less often."),
    )
    submitted_at = models.DateTimeField(_("submitted"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("final evaluation")
        verbose_name_plural = _("final evaluations")
        ordering = ["-submitted_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["mentorship", "author"], name="one_final_evaluation_per_participant"
            ),
            _rating_range("quality_rating"),
            _rating_range("effectiveness_rating"),
            models.CheckConstraint(
                condition=models.Q(sessions__lte=200), name="final_evaluation_sessions_at_most_200"
            ),
        ]

    def __str__(self) -> str:
        return _("Final evaluation of %(date)s") % {
            "date": timezone.localdate(self.submitted_at).isoformat()
        }

    @property
    def role(self) -> str:
        return "mentor" if self.author_id == self.mentorship.mentor_id else "mentee"


def exports_storage():
    """Exports are kept out of the public media: they are served only through the download
    view, to the person who asked for them."""
    from django.core.files.storage import storages

    return storages["exports"]


class ExportJob(models.Model):
    """An export of final evaluations too large to build during a request: a Celery task
    writes the file, the page shows its progress, and the download link expires."""

    class Format(models.TextChoices):
        CSV = "csv", _("CSV")
        XLSX = "xlsx", _("Excel (.xlsx)")

    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting to start")
        RUNNING = "running", _("In progress")
        DONE = "done", _("Ready")
        FAILED = "failed", _("Failed")
        EXPIRED = "expired", _("Expired")

    public_id = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="export_jobs",
        verbose_name=_("requested by"),
    )
    format = models.CharField(_("format"), max_length=10, choices=Format.choices)
    filters = models.JSONField(_("filters"), default=dict, blank=True)
    language = models.CharField(_("language of the headers"), max_length=10)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    total_rows = models.PositiveIntegerField(_("rows"), default=0)
    rows_done = models.PositiveIntegerField(_("rows written"), default=0)
    file = models.FileField(
        _("file"),
        storage=exports_storage,
        upload_to="final-evaluations/",
        blank=True,
    )
    error = models.TextField(_("error"), blank=True)
    created_at = models.DateTimeField(_("requested"), default=timezone.now, editable=False)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    expires_at = models.DateTimeField(_("link expires"), null=True, blank=True)

    class Meta:
        verbose_name = _("export")
        verbose_name_plural = _("exports")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return _("Export of %(date)s (%(format)s)") % {
            "date": timezone.localtime(self.created_at).strftime("%Y-%m-%d %H:%M"),
            "format": self.get_format_display(),
        }

    @property
    def percent(self) -> int:
        if self.status == self.Status.DONE:
            return 100
        if not self.total_rows:
            return 0
        return min(99, self.rows_done * 100 // self.total_rows)
