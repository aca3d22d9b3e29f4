"""``linkify``: Django's ``urlize`` with a fast path for text that has no link in it.

``urlize`` splits the text into words and runs each through punctuation trimming and three
regular expressions: about 0.1 ms for a short message, four milliseconds for a conversation
of forty. A word becomes a link only if it has ``://`` (``http://…``), ``www.``, one of the
seven generic top-level domains after a dot, or ``@`` (an email address); any other word is
escaped as it is. So text in which none of those occurs (searched with the same
case-insensitive matching as ``urlize``'s own expressions) comes out as the escaped text,
which is exactly what ``urlize`` returns for it; anything else goes through ``urlize``.
"""

import re

from django import template
from django.template.defaultfilters import stringfilter, urlize
from django.utils.html import escape
from django.utils.safestring import SafeData

register = template.Library()

# Every word Urlizer can turn into a link contains one of these (see the module docstring).
MIGHT_LINK = re.compile(r"@|://|www\.|\.(?:com|edu|gov|int|mil|net|org)", re.IGNORECASE)


@register.filter(is_safe=True, needs_autoescape=True)
@stringfilter
def linkify(value, autoescape=True):
    """The same output as ``value|urlize``, faster when there is no link to make."""
    if autoescape and not isinstance(value, SafeData) and not MIGHT_LINK.search(value):
        return escape(value)
    return urlize(value, autoescape=autoescape)
