"""The outbox moved to its own app (``notifications``): its tables are renamed, not copied."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("profiles", "0011_search_name_text")]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.AlterModelTable("notification", "notifications_notification"),
                migrations.AlterModelTable(
                    "notificationoptout", "notifications_notificationoptout"
                ),
            ],
            state_operations=[
                migrations.DeleteModel("Notification"),
                migrations.DeleteModel("NotificationOptOut"),
            ],
        ),
    ]
