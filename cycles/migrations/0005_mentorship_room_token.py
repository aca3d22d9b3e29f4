"""Each mentorship gets its meeting room's random name; the existing ones each their own."""

from django.db import migrations, models

import cycles.models


def give_rooms(apps, schema_editor):
    Mentorship = apps.get_model("cycles", "Mentorship")
    for mentorship in Mentorship.objects.filter(room_token__isnull=True).only("pk").iterator():
        Mentorship.objects.filter(pk=mentorship.pk).update(
            room_token=cycles.models.new_room_token()
        )


class Migration(migrations.Migration):
    dependencies = [
        ("cycles", "0004_meeting_status"),
    ]

    operations = [
        migrations.AddField(
            model_name="mentorship",
            name="room_token",
            field=models.CharField(
                editable=False, max_length=32, null=True, verbose_name="meeting room"
            ),
        ),
        migrations.RunPython(give_rooms, migrations.RunPython.noop, elidable=True),
        migrations.AlterField(
            model_name="mentorship",
            name="room_token",
            field=models.CharField(
                default=cycles.models.new_room_token,
                editable=False,
                max_length=32,
                unique=True,
                verbose_name="meeting room",
            ),
        ),
    ]
