from django.db import migrations, models

from core.text import fold, fold_joined


def fold_names(apps, schema_editor):
    """Fold the names already saved (``Profile.save`` and ``ExpertiseArea.save`` fold them
    from now on). Idempotent: the tests run it again after emptying the tables."""
    ExpertiseArea = apps.get_model("profiles", "ExpertiseArea")
    areas = list(ExpertiseArea.objects.all())
    for area in areas:
        area.search_names = fold_joined(area.name_en, area.name_sv)
    ExpertiseArea.objects.bulk_update(areas, ["search_names"])
    Profile = apps.get_model("profiles", "Profile")
    batch = []
    for profile in Profile.objects.only("pk", "display_name").iterator(chunk_size=2000):
        profile.search_name = fold(profile.display_name)
        batch.append(profile)
        if len(batch) == 2000:
            Profile.objects.bulk_update(batch, ["search_name"])
            batch = []
    Profile.objects.bulk_update(batch, ["search_name"])


class Migration(migrations.Migration):
    """The names the directory's search reads, folded in Python (``core.text.fold``: no
    case, no accents) instead of upper-cased by the database, whose case rules differ
    between SQLite and PostgreSQL; and the fields' names in both languages. A generated
    column cannot be altered: ``search_name`` is dropped and added again."""

    dependencies = [
        ("profiles", "0017_staff_follow_up"),
    ]

    operations = [
        migrations.RemoveField(model_name="profile", name="search_name"),
        migrations.AddField(
            model_name="profile",
            name="search_name",
            field=models.TextField(
                blank=True, default="", editable=False, verbose_name="name searched"
            ),
        ),
        migrations.AddField(
            model_name="expertisearea",
            name="search_names",
            field=models.TextField(
                blank=True, default="", editable=False, verbose_name="names searched"
            ),
        ),
        migrations.RunPython(fold_names, migrations.RunPython.noop, elidable=False),
    ]
