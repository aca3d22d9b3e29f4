"""The program's first code of conduct, published, and the site's name for emails."""

from django.db import migrations
from django.utils import timezone


def create_code_and_site(apps, schema_editor):
    from profiles import conduct_text

    CodeOfConduct = apps.get_model("profiles", "CodeOfConduct")
    if not CodeOfConduct.objects.exists():
        CodeOfConduct.objects.create(
            version=1,
            title_en=conduct_text.TITLE_EN,
            title_sv=conduct_text.TITLE_SV,
            body_en=conduct_text.BODY_EN,
            body_sv=conduct_text.BODY_SV,
            published_at=timezone.now(),
        )
    Site = apps.get_model("sites", "Site")
    Site.objects.update_or_create(pk=1, defaults={"domain": "westem.example", "name": "WESTEM"})


class Migration(migrations.Migration):
    dependencies = [
        ("profiles", "0002_reference_data"),
        ("sites", "0002_alter_domain_unique"),
    ]

    operations = [migrations.RunPython(create_code_and_site, migrations.RunPython.noop)]
