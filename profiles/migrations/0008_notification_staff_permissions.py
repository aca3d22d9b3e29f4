from django.db import migrations

STAFF_PERMISSIONS = {
    "profiles": {"notification": ["view"], "notificationoptout": ["view"]},
}


def grant(apps, schema_editor):
    from core.migration_utils import grant_group_permissions

    grant_group_permissions(apps, "Program staff", STAFF_PERMISSIONS)


class Migration(migrations.Migration):
    dependencies = [("profiles", "0007_notifications")]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
