"""Program staff read the site's notifications in the admin, as they read the emails: to
answer "I was never told"."""

from django.db import migrations


def grant(apps, schema_editor):
    from core.migration_utils import grant_group_permissions

    grant_group_permissions(apps, "Program staff", {"notifications": {"inboxitem": ["view"]}})


class Migration(migrations.Migration):
    dependencies = [
        ("notifications", "0002_inbox"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
