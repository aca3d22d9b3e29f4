from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .registry import item_text, kind_label

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


class Delivery(models.TextChoices):
    """How a person hears of one kind of event. The site's inbox always shows it."""

    NOW = "now", _("Email at once")
    DIGEST = "digest", _("In a daily email")
    SITE = "site", _("On the site only")


class NotificationOptOut(models.Model):
    """She does not want this kind of email at once (her settings page or an email's one-click
    link): she reads it in a daily digest, or on the site only. No row: an email at once."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notification_opt_outs",
        verbose_name=_("person"),
    )
    kind = models.CharField(_("kind"), max_length=40)
    delivery = models.CharField(
        _("delivery"),
        max_length=10,
        choices=[(value, label) for value, label in Delivery.choices if value != Delivery.NOW],
        default=Delivery.SITE,
    )
    created_at = models.DateTimeField(_("chosen"), default=timezone.now)

    class Meta:
        verbose_name = _("email choice")
        verbose_name_plural = _("email choices")
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="one_opt_out_per_kind"),
        ]

    def __str__(self) -> str:
        return kind_label(self.kind)


class InboxItem(models.Model):
    """One event on her inbox page and in the bell's count, written with its email (the
    outbox's ``send`` and ``queue_from``). It holds the event's kind and a few ids or words
    (``params``), never a name or a text someone typed: the registered kind says what
    happened in the reader's language, and the link opens the page that tells the rest."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="inbox_items",
        verbose_name=_("recipient"),
    )
    kind = models.CharField(_("kind"), max_length=40)
    occasion = models.CharField(_("occasion"), max_length=120)
    params = models.JSONField(_("details"), default=dict, blank=True)
    # The page it opens, when the event knew it (else the kind's link reads it from params).
    link = models.CharField(_("link"), max_length=300, blank=True)
    # Events gathered in one item (the new messages of a conversation since she last read).
    count = models.PositiveIntegerField(_("events"), default=1)
    created_at = models.DateTimeField(_("when"), default=timezone.now)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)

    class Meta:
        verbose_name = _("inbox item")
        verbose_name_plural = _("inbox items")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["user", "-created_at"], name="inbox_newest"),
            models.Index(
                fields=["user"], condition=models.Q(read_at__isnull=True), name="inbox_unread"
            ),
            models.Index(fields=["created_at"], name="inbox_created"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "kind", "occasion"], name="one_inbox_item_per_occasion"
            ),
        ]

    def __str__(self) -> str:
        return self.text

    @property
    def text(self) -> str:
        return item_text(self.kind, self.params, self.count)

    @property
    def is_read(self) -> bool:
        return self.read_at is not None
