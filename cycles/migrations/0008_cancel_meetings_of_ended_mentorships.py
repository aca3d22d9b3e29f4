"""Ending a mentorship now cancels its meetings ahead (and its open proposals). Those of
mentorships that ended before are cancelled here, so pages, reminders and calendars agree."""

from django.db import migrations

CANCEL = """
UPDATE cycles_meeting
SET status = 'cancelled', cancelled_at = CURRENT_TIMESTAMP, sequence = sequence + 1
WHERE status IN ('proposed', 'confirmed')
  AND starts_at > CURRENT_TIMESTAMP
  AND mentorship_id IN (SELECT id FROM cycles_mentorship WHERE status <> 'active')
"""


class Migration(migrations.Migration):
    dependencies = [
        ("cycles", "0007_meeting_options"),
    ]

    operations = [migrations.RunSQL(CANCEL, migrations.RunSQL.noop)]
