"""The conversation's ``linkify`` filter gives exactly ``urlize``'s output, links and escaping."""

import random

import pytest
from django.template import Context, Template
from django.template.defaultfilters import urlize
from django.utils.safestring import mark_safe

from cycles.templatetags.linkify import linkify

SAMPLES = [
    "",
    "Thanks for the tips, I will read the paper this week.",
    "See https://example.org/path?q=1&r=2. Then write.",
    "Mail me at anna@example.se, or call: 070-123 45 67.",
    "www.westem.se and (http://x.se/a_(b)) and [example.com].",
    "Ends with example.net",
    "HTTPS://EXAMPLE.SE/CAPS and WWW.EXAMPLE.SE and Example.COM",
    "<script>alert('x')</script> & \"quotes\" 'apostrophes'",
    '<a href="javascript:alert(1)">x</a> www.evil.com"onmouseover=alert(1)',
    "a@b no-tld@x, @handle, user@localhost, name@exa mple.org",
    "time 10:30, ratio 3:1, e.g. i.e. etc. Dr. Smith",
    "Zoom: zoom.us/j/123 meet.google.com/abc-defg-hij teams.microsoft.com/l/x",
    "İnt. ınt. ſtuff KELVIN K.ORG wWw.x",
    "semi;colons&amp; &lt;b&gt; entities &#39; .org; trailing.",
    "line one\nline two\twith tab  and   spaces",
    "émile@exemple.fr och räksmörgås.se",
]

ALPHABET = list("abcxyz ABC.:@/-_()[]<>&;'\"\n\t,!?") + [
    "http://",
    "https://",
    "www.",
    ".com",
    ".org",
    ".net",
    ".se",
    "@",
    "ſ",
    "İ",
    "K",
    "é",
]


@pytest.mark.parametrize("text", SAMPLES)
def test_linkify_is_urlize(text):
    assert linkify(text) == urlize(text)
    assert linkify(text, autoescape=False) == urlize(text, autoescape=False)
    safe = mark_safe(text)  # noqa: S308 (already-safe input takes urlize's own path)
    assert linkify(safe) == urlize(safe)


def test_linkify_is_urlize_on_random_text():
    rng = random.Random(7)
    for _ in range(3000):
        text = "".join(rng.choice(ALPHABET) for _ in range(rng.randint(0, 30)))
        assert linkify(text) == urlize(text), text


def test_linkify_escapes_markup_in_a_template():
    html = Template("{% load linkify %}{{ body|linkify }}").render(
        Context({"body": "<b>hi</b> & see www.example.org"})
    )
    assert html == (
        '&lt;b&gt;hi&lt;/b&gt; &amp; see <a href="http://www.example.org" rel="nofollow">'
        "www.example.org</a>"
    )
