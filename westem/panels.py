"""The site's links on the apps' pages: "Report or block" next to the other person on the
mentorship page and under a mentor's presentation (the safety pages are the site's)."""

from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _

from core.panels import register_panel


def _report_or_block(kind: str, public_id, css: str):
    url = reverse("safety:safety_person", args=[kind, public_id])
    return format_html(
        '<p class="{}"><a class="link-secondary" href="{}">{}</a></p>',
        css,
        url,
        _("Report or block"),
    )


def report_partner(request, context):
    return _report_or_block("mentorship", context["mentorship"].public_id, "small mb-0 mt-1")


def report_mentor(request, context):
    """Not on her own presentation."""
    presentation = context["presentation"]
    if presentation.mentor_id == request.user.pk:
        return None
    return _report_or_block("mentor", presentation.public_id, "small mt-4 mb-0")


register_panel(
    page="cycles.mentorship_detail", slot="person", name="westem.safety", render=report_partner
)
register_panel(
    page="matching.mentor_detail", slot="person", name="westem.safety", render=report_mentor
)
