from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .registry import kind_label

# A row whose task was lost (a broker restart, a worker killed) is taken over by the sweep
# this long after it was written.
SWEEP_AFTER_SECONDS = 5 * 60


def sweep_time():
    return timezone.now() + timezone.timedelta(seconds=SWEEP_AFTER_SECONDS)


class Notification(models.Model):
    """One email to one person, written to the outbox in the transaction of what it speaks of
    and delivered by a worker. The unique constraint on (user, kind, occasion) makes it once:
    a second sweep, a second worker or a retried form finds the row and writes no other."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting to be sent")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notifications",
        verbose_name=_("recipient"),
    )
    # The kinds are registered by the apps (notifications.registry): no choices here.
    kind = models.CharField(_("kind"), max_length=40)
    occasion = models.CharField(_("occasion"), max_length=120)
    template = models.CharField(_("email template"), max_length=100)
    context = models.JSONField(_("context"), default=dict, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.CharField(_("last error"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("due"), default=timezone.now)
    next_attempt_at = models.DateTimeField(
        _("next attempt"),
        default=sweep_time,
        help_text=_("When the sweep sends it if it is still waiting."),
    )
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["status", "created_at"], name="notifications_status_created"),
            models.Index(
                fields=["next_attempt_at"],
                condition=models.Q(status="pending"),
                name="notifications_pending_due",
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "kind", "occasion"], name="one_notification_per_occasion"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind_label} ({self.occasion})"

    @property
    def kind_label(self) -> str:
        return kind_label(self.kind)


class NotificationOptOut(models.Model):
    """She does not want this kind of email (the settings page or an email's one-click link)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notification_opt_outs",
        verbose_name=_("person"),
    )
    kind = models.CharField(_("kind"), max_length=40)
    created_at = models.DateTimeField(_("turned off"), default=timezone.now)

    class Meta:
        verbose_name = _("notification turned off")
        verbose_name_plural = _("notifications turned off")
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="one_opt_out_per_kind"),
        ]

    def __str__(self) -> str:
        return kind_label(self.kind)
