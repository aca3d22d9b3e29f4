"""Program staff may read the admin's audit trail (who changed what)."""

from django.db import migrations


def grant(apps, schema_editor):
    from core.migration_utils import grant_group_permissions

    grant_group_permissions(apps, "Program staff", {"admin": {"logentry": ["view"]}})


class Migration(migrations.Migration):
    dependencies = [
        ("admin", "0003_logentry_add_action_flag_choices"),
        ("profiles", "0002_reference_data"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
