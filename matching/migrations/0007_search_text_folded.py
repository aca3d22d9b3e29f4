from django.db import migrations, models

from core.text import fold_joined

REVIEWED_FIELDS = ("headline", "introduction", "expertise_details", "offer")


def fold_texts(apps, schema_editor):
    """Fold the texts already saved (``MentorPresentation.save`` folds them from now on):
    the approved ones, not a revision waiting for the staff. Idempotent."""
    MentorPresentation = apps.get_model("matching", "MentorPresentation")
    batch = []
    for presentation in MentorPresentation.objects.only("pk", *REVIEWED_FIELDS).iterator(
        chunk_size=2000
    ):
        presentation.search_text = fold_joined(
            *(getattr(presentation, name) for name in REVIEWED_FIELDS)
        )
        batch.append(presentation)
        if len(batch) == 2000:
            MentorPresentation.objects.bulk_update(batch, ["search_text"])
            batch = []
    MentorPresentation.objects.bulk_update(batch, ["search_text"])


class Migration(migrations.Migration):
    """``search_text`` folded in Python (``core.text.fold``: no case, no accents) when the
    presentation is saved, instead of upper-cased by the database, whose case rules differ
    between SQLite and PostgreSQL. A generated column cannot be altered: it is dropped and
    added again."""

    dependencies = [
        ("matching", "0006_presentation_return"),
    ]

    operations = [
        migrations.RemoveField(model_name="mentorpresentation", name="search_text"),
        migrations.AddField(
            model_name="mentorpresentation",
            name="search_text",
            field=models.TextField(
                blank=True,
                default="",
                editable=False,
                verbose_name="text searched with the headline",
            ),
        ),
        migrations.RunPython(fold_texts, migrations.RunPython.noop, elidable=False),
    ]
