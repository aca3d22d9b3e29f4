"""Upload checks that look at a file's content, never at its name."""

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
