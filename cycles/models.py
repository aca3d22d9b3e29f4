from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Style(models.TextChoices):
    TRADITIONAL = "traditional", _("Traditional")
    FLASH = "flash", _("Flash")


class Phase(models.IntegerChoices):
    PREPARATION = 1, _("Preparation")
    NEGOTIATION = 2, _("Negotiation")
    ENABLING = 3, _("Enabling")
    CLOSURE = 4, _("Closure")


class MentorshipQuerySet(models.QuerySet):
    def active(self):
        return self.filter(status=Mentorship.Status.ACTIVE)

    def involving(self, user):
        return self.filter(models.Q(mentor=user) | models.Q(mentee=user))


class Mentorship(models.Model):
    """A mentor and a mentee working together, from an accepted request to its end."""

    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        COMPLETED = "completed", _("Completed")
        ENDED_EARLY = "ended_early", _("Ended early")

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
    end_date = models.DateField(_("end date"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    ended_at = models.DateTimeField(_("ended"), null=True, blank=True)

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
