"""Lists of names in the order of the reader's language (``core.collation``)."""

from django import template

from core.cldr import reader_language
from core.collation import collated

register = template.Library()


@register.filter
def collate(items, attribute: str = "name"):
    """``items`` sorted by their ``attribute`` as a reader of the active language expects:
    ``{% for language in profile.languages.all|collate:"name" %}``. Django's ``dictsort``
    sorts by code point, which puts "Ängelska" before "Åländska" and capitals first."""
    return collated(items, reader_language(), key=lambda item: str(getattr(item, attribute)))
