"""Program staff read final evaluations and exports in the admin. Session reflections get no
permission at all: they are private to their authors (SPEC §10)."""

from django.db import migrations

STAFF_PERMISSIONS = {"evaluations": {"finalevaluation": ["view"], "exportjob": ["view"]}}


def grant(apps, schema_editor):
    from core.migration_utils import grant_group_permissions

    grant_group_permissions(apps, "Program staff", STAFF_PERMISSIONS)


class Migration(migrations.Migration):
    dependencies = [
        ("evaluations", "0001_initial"),
        ("profiles", "0002_reference_data"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
