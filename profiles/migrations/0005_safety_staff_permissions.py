"""Program staff read reports and blocks in the admin, and record what they did with a
report; blocks are read-only there (people block and unblock on the site)."""

from django.db import migrations

STAFF_PERMISSIONS = {
    "profiles": {
        "report": ["view", "change"],
        "block": ["view"],
    },
}


def grant(apps, schema_editor):
    from core.migration_utils import grant_group_permissions

    grant_group_permissions(apps, "Program staff", STAFF_PERMISSIONS)


class Migration(migrations.Migration):
    dependencies = [
        ("profiles", "0004_safety_block_report"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
