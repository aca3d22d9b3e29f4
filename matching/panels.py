"""Matching's way back in on the pair's pages and emails (``cycles``, below this app): where a
mentee finds a mentor, where a mentor keeps her presentation; and its match rounds on the
program report (``evaluations``, a sibling)."""

from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _

from core.panels import register_panel

from .rounds.report import report_panel


def find_another_mentor_link(request, context):
    """On the banner of a mentorship that ended early, for the mentee."""
    if context["is_mentor"]:
        return None
    return format_html(
        '<a class="alert-link" href="{}">{}</a>',
        reverse("matching:directory"),
        _("Find another mentor"),
    )


def no_mentorship_yet(request, context):
    """A mentor with no mentorship yet: her presentation; a mentee: the directory."""
    profile = getattr(request, "profile", None)
    return "matching/_no_mentorship.html", {"is_mentor": bool(profile and profile.is_mentor)}


def find_another_mentor_email(request, context):
    """In the email to a mentee whose mentor ended the mentorship."""
    return "emails/matching/find_another_mentor.txt", {"site_url": context["site_url"]}


register_panel(
    page="cycles.mentorship_detail",
    slot="ended-early",
    name="matching.find_another_mentor",
    render=find_another_mentor_link,
)
register_panel(
    page="cycles.mentorship_list",
    slot="empty",
    name="matching.no_mentorship_yet",
    render=no_mentorship_yet,
)
register_panel(
    page="cycles.email_ended",
    slot="mentee",
    name="matching.find_another_mentor",
    render=find_another_mentor_email,
)
register_panel(
    page="evaluations.reports_dashboard",
    slot="rounds",
    name="matching.rounds",
    render=report_panel,
)
