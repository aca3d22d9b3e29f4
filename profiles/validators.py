"""Checks of what people type and upload: names and titles others read, and uploads by their
content, never by their name."""

import unicodedata

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _


def validate_photo(file) -> None:
    """A profile photo: a real JPEG, PNG or WebP image, not too large in bytes or pixels, that
    decodes to its last pixel (``profiles.photos.decode``). A photo already stored, or
    written by ``normalise``, passes."""
    if getattr(file, "_committed", False) or getattr(file, "normalised", False):
        return
    if getattr(getattr(file, "file", None), "normalised", False):
        return  # written by profiles.photos.normalise: checked as an upload already
    from .photos import decode

    decode(file).close()


# Bidirectional embeddings and overrides (U+202A–U+202E) and isolates (U+2066–U+2069): one in
# a name or a title turns the text after it around ("Ada\u202egpj.exe" reads "Adaexe.jpg"),
# in the name itself and in whatever a page or an email shows next to it.
BIDI_CONTROLS = frozenset(chr(code) for code in (*range(0x202A, 0x202F), *range(0x2066, 0x206A)))


def validate_visible_text(value: str) -> None:
    """A name or a title others read: something must show, and nothing may turn the text.

    Text made only of spaces and format characters (zero-width spaces and joiners, the word
    joiner, the byte-order mark, soft hyphens: Unicode's category Cf) shows nothing and passes
    for no one in particular. Zero-width joiners inside a name stay allowed (emoji, Indic
    scripts need them)."""
    if not value:
        return
    if any(character in BIDI_CONTROLS for character in value):
        raise ValidationError(
            _(
                "This contains a character that changes the direction of the text around it. "
                "Please remove it."
            ),
            code="bidi_control",
        )
    visible = [
        character
        for character in value
        if unicodedata.category(character) != "Cf" and not character.isspace()
    ]
    if not visible:
        raise ValidationError(
            _("This shows nothing readable. Please use letters others can see."),
            code="invisible",
        )


def validate_birth_date(value) -> None:
    """A date of birth that can be one: not in the future, not before 1900."""
    if value is None:
        return
    if value > timezone.localdate():
        raise ValidationError(_("Your date of birth cannot be in the future."), code="future")
    if value.year < 1900:
        raise ValidationError(_("Check the year of your date of birth."), code="too_early")
