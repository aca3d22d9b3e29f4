"""``{% panels %}``: what the apps above register for a place of a lower app's page."""

import pytest
from django.template import Context, Engine, Template
from django.test import RequestFactory
from django.utils.html import format_html

from core import panels


@pytest.fixture
def registry(monkeypatch):
    """An empty registry for the test (the apps' own panels come back after it)."""
    monkeypatch.setattr(panels, "PANELS", {})


def render(text: str, **context) -> str:
    return Template("{% load panels %}" + text).render(Context(context))


def test_a_place_nobody_filled_shows_nothing(registry):
    assert render('<p>{% panels "test.page" "side" %}</p>') == "<p></p>"


def test_panels_show_in_their_order_whatever_order_they_were_registered_in(registry):
    panels.register_panel(
        page="test.page", slot="side", name="b", order=20, render=lambda r, c: "B"
    )
    panels.register_panel(
        page="test.page", slot="side", name="a", order=10, render=lambda r, c: "A"
    )
    panels.register_panel(page="test.page", slot="top", name="c", render=lambda r, c: "C")

    assert render('{% panels "test.page" "side" %}') == "AB"


def test_registering_a_name_again_replaces_it(registry):
    panels.register_panel(page="test.page", slot="side", name="a", render=lambda r, c: "old")
    panels.register_panel(page="test.page", slot="side", name="a", render=lambda r, c: "new")

    assert render('{% panels "test.page" "side" %}') == "new"


def test_a_panel_reads_the_request_and_the_pages_context(registry):
    def greeting(request, context):
        if context["hidden"]:
            return None
        return format_html("<b>{}</b> {}", context["name"], request.path)

    panels.register_panel(page="test.page", slot="side", name="a", render=greeting)
    request = RequestFactory().get("/here/")

    assert render('{% panels "test.page" "side" %}', request=request, name="Ada", hidden=False) == (
        "<b>Ada</b> /here/"
    )
    assert render('{% panels "test.page" "side" %}', request=request, hidden=True) == ""


def test_a_plain_string_is_escaped_in_html_and_kept_in_text(registry):
    panels.register_panel(page="test.page", slot="side", name="a", render=lambda r, c: "<i>&")

    assert render('{% panels "test.page" "side" %}') == "&lt;i&gt;&amp;"
    assert render('{% autoescape off %}{% panels "test.page" "side" %}{% endautoescape %}') == (
        "<i>&"
    )


def test_a_template_is_rendered_with_its_own_context_and_the_csrf_token(registry):
    engine = Engine(
        loaders=[("django.template.loaders.locmem.Loader", {"card.html": CARD})],
        libraries={"panels": "core.templatetags.panels"},
    )
    panels.register_panel(
        page="test.page", slot="side", name="a", render=lambda r, c: ("card.html", {"mine": "<x>"})
    )
    page = engine.from_string('{% load panels %}{% panels "test.page" "side" %}')

    assert page.render(Context({"csrf_token": "t0k", "secret": "s"})) == "&lt;x&gt;|t0k|"
    assert page.render(Context({"secret": "s"}, autoescape=False)) == "<x>||"


# Escaped as the page is; the CSRF token passed on; nothing else of the page's context.
CARD = "{{ mine }}|{{ csrf_token }}|{{ secret }}"
