"""The outbox's tables came from ``profiles`` (its migration 0012 renamed them): the state is
taken over as it was, then changed: kinds are registered by the apps (no choices), and a row
knows when it is next tried."""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

import notifications.models

MOVED = ["notification", "notificationoptout"]


def move_content_types(apps, schema_editor):
    """Keep the admin's history and the groups' permissions of the two models."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    for model in MOVED:
        old = ContentType.objects.filter(app_label="profiles", model=model).first()
        if old is None:
            continue
        if ContentType.objects.filter(app_label="notifications", model=model).exists():
            old.delete()
        else:
            old.app_label = "notifications"
            old.save(update_fields=["app_label"])


def grant(apps, schema_editor):
    from core.migration_utils import grant_group_permissions

    grant_group_permissions(
        apps,
        "Program staff",
        {"notifications": {"notification": ["view"], "notificationoptout": ["view"]}},
    )


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("profiles", "0012_notifications_moved"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="Notification",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("kind", models.CharField(max_length=30, verbose_name="kind")),
                        ("occasion", models.CharField(max_length=120, verbose_name="occasion")),
                        ("template", models.CharField(max_length=100, verbose_name="email template")),
                        ("context", models.JSONField(blank=True, default=dict, verbose_name="context")),
                        ("status", models.CharField(choices=[("pending", "Waiting to be sent"), ("sent", "Sent"), ("failed", "Failed")], default="pending", max_length=10, verbose_name="status")),
                        ("attempts", models.PositiveSmallIntegerField(default=0, verbose_name="attempts")),
                        ("last_error", models.CharField(blank=True, max_length=300, verbose_name="last error")),
                        ("created_at", models.DateTimeField(default=django.utils.timezone.now, verbose_name="due")),
                        ("sent_at", models.DateTimeField(blank=True, null=True, verbose_name="sent")),
                        ("user", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="notifications", to=settings.AUTH_USER_MODEL, verbose_name="recipient")),
                    ],
                    options={
                        "verbose_name": "notification",
                        "verbose_name_plural": "notifications",
                        "ordering": ["-created_at", "-pk"],
                        "indexes": [models.Index(fields=["status", "created_at"], name="profiles_no_status_291c97_idx")],
                        "constraints": [models.UniqueConstraint(fields=("user", "kind", "occasion"), name="one_notification_per_occasion")],
                    },
                ),
                migrations.CreateModel(
                    name="NotificationOptOut",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("kind", models.CharField(max_length=30, verbose_name="kind")),
                        ("created_at", models.DateTimeField(default=django.utils.timezone.now, verbose_name="turned off")),
                        ("user", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="notification_opt_outs", to=settings.AUTH_USER_MODEL, verbose_name="person")),
                    ],
                    options={
                        "verbose_name": "notification turned off",
                        "verbose_name_plural": "notifications turned off",
                        "constraints": [models.UniqueConstraint(fields=("user", "kind"), name="one_opt_out_per_kind")],
                    },
                ),
            ],
        ),
        migrations.RenameIndex(
            model_name="notification",
            new_name="notifications_status_created",
            old_name="profiles_no_status_291c97_idx",
        ),
        migrations.AlterField(
            model_name="notification",
            name="kind",
            field=models.CharField(max_length=40, verbose_name="kind"),
        ),
        migrations.AlterField(
            model_name="notificationoptout",
            name="kind",
            field=models.CharField(max_length=40, verbose_name="kind"),
        ),
        migrations.AddField(
            model_name="notification",
            name="next_attempt_at",
            field=models.DateTimeField(default=notifications.models.sweep_time, help_text="When the sweep sends it if it is still waiting.", verbose_name="next attempt"),
        ),
        migrations.AddIndex(
            model_name="notification",
            index=models.Index(condition=models.Q(("status", "pending")), fields=["next_attempt_at"], name="notifications_pending_due"),
        ),
        migrations.RunPython(move_content_types, migrations.RunPython.noop),
        migrations.RunPython(grant, migrations.RunPython.noop),
    ]
