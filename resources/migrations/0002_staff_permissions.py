"""Program staff curate the library and run the events in the admin."""

from django.db import migrations

STAFF_PERMISSIONS = {
    "resources": {
        "resource": ["view", "add", "change", "delete"],
        "event": ["view", "add", "change", "delete"],
        "registration": ["view", "change"],
        "resourcevisit": ["view"],
    }
}


def grant(apps, schema_editor):
    from core.migration_utils import grant_group_permissions

    grant_group_permissions(apps, "Program staff", STAFF_PERMISSIONS)


class Migration(migrations.Migration):
    dependencies = [
        ("resources", "0001_initial"),
        ("profiles", "0002_reference_data"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
