from django.db import migrations


def grant(apps, schema_editor):
    """Program staff create and edit rounds, and read their choices, mentors' settings,
    drafts and outcomes (records written by the services) in the admin."""
    from core.migration_utils import grant_group_permissions

    grant_group_permissions(
        apps,
        "Program staff",
        {
            "matching": {
                "matchround": ["view", "add", "change"],
                "roundchoice": ["view"],
                "roundmentor": ["view"],
                "rounddraft": ["view"],
                "roundoutcome": ["view"],
            }
        },
    )


class Migration(migrations.Migration):
    dependencies = [("matching", "0009_match_rounds")]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
