"""Checks of what people type and upload: names and titles others read, and uploads by their
content, never by their name."""

import unicodedata

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

PHOTO_FORMATS = {"JPEG": ".jpg", "PNG": ".png", "WEBP": ".webp"}
PHOTO_MAX_PIXELS = 6000


def validate_photo(file) -> None:
    """A profile photo: a real JPEG, PNG or WebP image, not too large in bytes or pixels."""
    max_bytes = settings.PROFILE_PHOTO_MAX_BYTES
    if file.size > max_bytes:
        raise ValidationError(
            _("The photo is %(size)s; the largest allowed is %(max)s.")
            % {"size": filesizeformat(file.size), "max": filesizeformat(max_bytes)},
            code="photo_too_large",
        )
    position = file.tell() if hasattr(file, "tell") else 0
    try:
        file.seek(0)
        with Image.open(file) as image:
            image_format = image.format
            width, height = image.size
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as error:
        raise ValidationError(
            _("This file is not an image we can use. Upload a JPEG, PNG or WebP photo."),
            code="photo_not_image",
        ) from error
    finally:
        file.seek(position)
    if image_format not in PHOTO_FORMATS:
        raise ValidationError(
            _("This file is not an image we can use. Upload a JPEG, PNG or WebP photo."),
            code="photo_format",
        )
    if max(width, height) > PHOTO_MAX_PIXELS:
        raise ValidationError(
            _("The photo is %(width)s×%(height)s pixels; at most %(max)s pixels on a side, please.")
            % {"width": width, "height": height, "max": PHOTO_MAX_PIXELS},
            code="photo_dimensions",
        )


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
