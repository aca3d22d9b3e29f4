"""The staff's form for an event in the admin: its start is entered as a wall-clock time in
the event's own time zone, whatever the staff member's time zone is."""

import zoneinfo

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from profiles.models import time_zone_choices

from .models import Event


class EventAdminForm(forms.ModelForm):
    time_zone = forms.ChoiceField(label=_("time zone"), choices=time_zone_choices)
    online_link = forms.URLField(
        label=_("online link"),
        max_length=500,
        assume_scheme="https",
        help_text=_("Shown to the people who signed up."),
    )

    class Meta:
        model = Event
        fields = [
            "kind",
            "title",
            "description",
            "starts_at",
            "time_zone",
            "duration_minutes",
            "online_link",
            "capacity",
            "audience",
            "is_published",
        ]
        help_texts = {
            "starts_at": _("The date and time in the event's time zone (below)."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and self.instance.starts_at:
            # A naive value is shown as it is: the event's own wall-clock time.
            local = self.instance.starts_at.astimezone(zoneinfo.ZoneInfo(self.instance.time_zone))
            self.initial["starts_at"] = local.replace(tzinfo=None)

    def clean(self):
        cleaned = super().clean()
        starts, zone = cleaned.get("starts_at"), cleaned.get("time_zone")
        if starts and zone:
            # The field read the wall-clock time in the staff member's zone: read it again in
            # the event's.
            wall = timezone.make_naive(starts)
            cleaned["starts_at"] = timezone.make_aware(wall, zoneinfo.ZoneInfo(zone))
        return cleaned
