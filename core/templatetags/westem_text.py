"""Plain program texts (the code of conduct, agreements) shown as readable HTML."""

import re

from django import template
from django.utils.html import format_html_join

register = template.Library()

SECTION = re.compile(r"^\d+\.\s+\S")


@register.filter
def sectioned(text: str):
    """Paragraphs split on blank lines; a short line such as "1. Respect" becomes a heading."""
    blocks = [block.strip() for block in re.split(r"\n\s*\n", text or "") if block.strip()]
    parts = []
    for block in blocks:
        lines = block.splitlines()
        if SECTION.match(lines[0]) and len(lines[0]) <= 80:
            parts.append(("h2", "h5 mt-4", lines[0]))
            lines = lines[1:]
        if lines:
            parts.append(("p", "", "\n".join(lines)))
    return format_html_join(
        "\n",
        '<{0} class="{1}">{2}</{0}>',
        ((tag, css, body) for tag, css, body in parts),
    )
