"""The small labels of a resource: its file's type and size, its phases, its language, the
site a link goes to."""

from urllib.parse import urlsplit

from django import template
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from resources import selectors
from resources.models import PHASE_LABELS
from resources.validators import label_for

register = template.Library()


@register.filter
def file_label(resource) -> str:
    """ "PDF · 1.2 MB" """
    if not resource.file:
        return ""
    return f"{label_for(resource.file_type)} · {filesizeformat(resource.file_size)}"


@register.filter
def phase_numbers(resource) -> str:
    """ "Phases 1 and 2", "Phase 3", "All phases" """
    phases = resource.phases()
    if not phases:
        return ""
    if len(phases) == len(PHASE_LABELS):
        return _("All phases")
    if len(phases) == 1:
        return _("Phase %(number)s") % {"number": phases[0]}
    return _("Phases %(numbers)s and %(last)s") % {
        "numbers": ", ".join(str(number) for number in phases[:-1]),
        "last": phases[-1],
    }


@register.filter
def phase_labels(resource) -> list[str]:
    return [
        _("Phase %(number)s: %(label)s") % {"number": number, "label": PHASE_LABELS[number]}
        for number in resource.phases()
    ]


@register.filter
def language_label(code: str) -> str:
    return selectors.language_name(code)


@register.filter
def link_host(url: str) -> str:
    """The site a link goes to, without "www."."""
    host = urlsplit(url or "").hostname or ""
    return host.removeprefix("www.")
