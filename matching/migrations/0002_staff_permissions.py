from django.db import migrations

STAFF_PERMISSIONS = {
    "matching": {
        "mentorpresentation": ["view", "change"],
        "connectionrequest": ["view"],
        "requestevent": ["view"],
    },
    "cycles": {"mentorship": ["view"]},
}


def grant(apps, schema_editor):
    from core.migration_utils import grant_group_permissions

    grant_group_permissions(apps, "Program staff", STAFF_PERMISSIONS)


class Migration(migrations.Migration):
    dependencies = [
        ("matching", "0001_initial"),
        ("cycles", "0001_initial"),
        ("profiles", "0002_reference_data"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
