"""``{% panels "page" "slot" %}``: what the apps above registered for this place of the page
(``core.panels``)."""

from django import template
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

from core.panels import panels_for

register = template.Library()


def _render(context, output) -> str:
    if output is None:
        return ""
    if isinstance(output, tuple):
        # Like an inclusion tag: the panel's template in a context of its own that keeps the
        # page's settings (escaping, time zone, localisation) and its CSRF token.
        name, values = output
        panel_context = context.new(values)
        csrf_token = context.get("csrf_token")
        if csrf_token is not None:
            panel_context["csrf_token"] = csrf_token
        return context.template.engine.get_template(name).render(panel_context)
    return conditional_escape(output) if context.autoescape else str(output)


@register.simple_tag(takes_context=True)
def panels(context, page: str, slot: str) -> str:
    request = context.get("request")
    html = "".join(
        _render(context, panel.render(request, context)) for panel in panels_for(page, slot)
    )
    return mark_safe(html)  # noqa: S308 - each part is a rendered template or escaped above
