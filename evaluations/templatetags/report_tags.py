"""Who sees the way to the program's report in the navigation."""

from django import template

from evaluations.permissions import can_view_reports as _can_view_reports

register = template.Library()


@register.filter
def can_view_reports(user) -> bool:
    """``{% if user|can_view_reports %}``: program staff and reporters (one query for a user
    who is not staff: the navigation asks only when she has no participant role)."""
    return _can_view_reports(user)
