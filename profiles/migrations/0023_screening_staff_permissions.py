"""Program staff record mentors' screening in the admin (issue 20)."""

from django.db import migrations


def grant(apps, schema_editor):
    from core.migration_utils import grant_group_permissions

    grant_group_permissions(
        apps,
        "Program staff",
        {"profiles": {"mentorscreening": ["view", "add", "change"]}},
    )


class Migration(migrations.Migration):
    dependencies = [
        ("profiles", "0022_mentor_screening"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
