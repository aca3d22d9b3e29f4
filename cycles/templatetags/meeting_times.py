"""A meeting's time as each of the pair reads it: the span in the viewer's own time zone, with
the offset on the autumn night when a clock time happens twice (``cycles.times``), and the
partner's local time beside it: "Tue 14 Apr 18:00 (your time) — 17:00 for Anna in London"."""

from django import template
from django.conf import settings
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from cycles import times

register = template.Library()


def _zone_of(person) -> str:
    profile = getattr(person, "profile", None)
    return (profile and profile.timezone) or settings.TIME_ZONE


@register.filter
def wall_time(moment):
    """``{{ meeting.starts_at|wall_time }}``: "18:00", or "02:30 (UTC+1)" on the autumn night,
    in the active time zone."""
    if not moment:
        return ""
    return times.wall_time(moment)


@register.simple_tag
def meeting_span(meeting, zone=None):
    """``{% meeting_span meeting %}``: "Tuesday 3 March 2026, 18:00–19:00" in the active zone
    (or ``zone``), never "02:30–02:30"."""
    return times.span(meeting.starts_at, meeting.ends_at, zone)


@register.simple_tag
def your_time(meeting):
    """``{% your_time meeting %}``: "Tue 14 Apr 18:00 (your time)", in the active zone."""
    local = timezone.localtime(meeting.starts_at)
    return _("%(day)s %(time)s (your time)") % {
        "day": date_format(local, "D j M"),
        "time": times.wall_time(local),
    }


@register.simple_tag
def partner_time(meeting, partner):
    """``{% partner_time meeting other %}``: "17:00 for Anna in London" — the time on her
    clock, with her day when it is another day than on the viewer's."""
    zone = _zone_of(partner)
    theirs = meeting.starts_at.astimezone(times.zone_of(zone))
    mine = timezone.localtime(meeting.starts_at)
    clock = times.wall_time(theirs, zone)
    if theirs.date() != mine.date():
        clock = f"{date_format(theirs, 'D j M')} {clock}"
    return _("%(time)s for %(name)s in %(place)s") % {
        "time": clock,
        "name": partner.get_full_name(),
        "place": times.place_name(zone),
    }


@register.simple_tag
def partner_time_for(meeting, user):
    """``{% partner_time_for meeting user %}``: ``partner_time`` for the other of the pair than
    ``user`` (in an email to ``user``)."""
    return partner_time(meeting, meeting.mentorship.other(user))
