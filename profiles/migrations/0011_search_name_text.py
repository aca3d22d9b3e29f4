import django.db.models.functions.text
from django.db import migrations, models


class Migration(migrations.Migration):
    """``Profile.search_name`` as text: upper-casing may lengthen a name beyond the 80
    characters of ``display_name`` (ß → SS under an ICU collation). A generated column cannot
    be altered: it is dropped and added again."""

    dependencies = [
        ("profiles", "0010_profile_search_name"),
    ]

    operations = [
        migrations.RemoveField(model_name="profile", name="search_name"),
        migrations.AddField(
            model_name="profile",
            name="search_name",
            field=models.GeneratedField(
                db_persist=True,
                expression=django.db.models.functions.text.Upper("display_name"),
                output_field=models.TextField(),
                verbose_name="name searched",
            ),
        ),
    ]
