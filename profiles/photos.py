"""Profile photos: what is kept of an upload, where, and who may see it.

An upload is decoded to its last pixel and written again by Pillow (``normalise``): what is
stored holds pixels only — no EXIF (no GPS position, no camera, no description), no comment,
no colour profile —, at most ``PROFILE_PHOTO_SIDE`` pixels on a side, in the format it was
(JPEG, PNG or WebP) under a random name with that format's extension. A file that cannot be
decoded to the end (truncated, damaged) is refused with a message next to the field.

Photos live in their own private storage (``STORAGES["photos"]``), never under the public
``/media/``: the photo view (``profiles.views.photo``) serves one only to the people who may see
its person (``may_see_photo``): she herself, staff, and whoever the apps above name —
her mentorship partners (``cycles``) and the people who may open a published mentor's page
in the directory (``matching``) —, never across a block.
"""

import io
import uuid
from collections.abc import Callable
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.db import models, transaction
from django.db.models.fields.files import ImageFieldFile
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

# Pillow's format → the extension a stored photo gets, and the type it is served as.
FORMATS = {
    "JPEG": (".jpg", "image/jpeg"),
    "PNG": (".png", "image/png"),
    "WEBP": (".webp", "image/webp"),
}
SUFFIXES = dict(FORMATS.values())
MAX_PIXELS_ON_A_SIDE = 6000  # of an upload, before it is scaled down
FOLDER = "profile-photos"


def photo_storage():
    """Photos are kept out of the public media: served only by the photo view."""
    return storages["photos"]


def url_of(name: str) -> str:
    """The photo view's address of a stored photo: its random name, nothing about whose."""
    return reverse("profiles:photo", args=[PurePath(name).name])


class PhotoFieldFile(ImageFieldFile):
    @property
    def url(self) -> str:
        self._require_file()
        return url_of(self.name)


class PhotoField(models.ImageField):
    """An image field whose ``url`` is the photo view's, never the storage's."""

    attr_class = PhotoFieldFile


def _not_an_image(code: str) -> ValidationError:
    return ValidationError(
        _("This file is not an image we can use. Upload a JPEG, PNG or WebP photo."), code=code
    )


def _damaged() -> ValidationError:
    return ValidationError(
        _(
            "This photo is damaged or incomplete and cannot be shown. Upload it again or "
            "choose another photo."
        ),
        code="photo_damaged",
    )


def decode(file) -> Image.Image:
    """The upload's image, decoded to its last pixel, or a ValidationError saying why not."""
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
        data = file.read()
    finally:
        file.seek(position)
    try:
        image = Image.open(io.BytesIO(data))
    except (UnidentifiedImageError, Image.DecompressionBombError, OSError, ValueError) as error:
        raise _not_an_image("photo_not_image") from error
    if image.format not in FORMATS:
        raise _not_an_image("photo_format")
    width, height = image.size
    if max(width, height) > MAX_PIXELS_ON_A_SIDE:
        raise ValidationError(
            _("The photo is %(width)s×%(height)s pixels; at most %(max)s pixels on a side, please.")
            % {"width": width, "height": height, "max": MAX_PIXELS_ON_A_SIDE},
            code="photo_dimensions",
        )
    try:
        image.load()  # every pixel: a truncated or damaged file fails here
    except (OSError, SyntaxError, ValueError, Image.DecompressionBombError) as error:
        raise _damaged() from error
    return image


def normalise(file) -> ContentFile:
    """The photo as it is stored: decoded, turned upright, scaled to at most
    ``PROFILE_PHOTO_SIDE`` pixels on a side and written again without any metadata, named
    ``<random>.<the format's extension>``."""
    image = decode(file)
    image_format = image.format
    image = ImageOps.exif_transpose(image)  # the camera's rotation, before EXIF is dropped
    side = settings.PROFILE_PHOTO_SIDE
    image.thumbnail((side, side), Image.Resampling.LANCZOS)
    if image_format == "JPEG":
        image = image.convert("RGB")
        options = {"quality": 85, "optimize": True}
    elif image_format == "PNG":
        if image.mode not in ("1", "L", "LA", "P", "RGB", "RGBA"):
            image = image.convert("RGBA")
        options = {"optimize": True}
    else:
        image = image.convert("RGBA" if "A" in image.getbands() else "RGB")
        options = {"quality": 85}
    # A new image holding only the pixels: no info dict (EXIF, XMP, ICC profile, comments,
    # text chunks) travels to the file written.
    clean = Image.new(image.mode, image.size)
    if image.mode == "P":
        clean.putpalette(image.getpalette())
    clean.paste(image)
    buffer = io.BytesIO()
    clean.save(buffer, image_format, **options)
    suffix = FORMATS[image_format][0]
    written = ContentFile(buffer.getvalue(), name=f"{uuid.uuid4().hex}{suffix}")
    written.normalised = True
    return written


def stored_name(filename: str) -> str:
    """Where a normalised photo is stored: a random name, the extension of its format."""
    suffix = PurePath(filename).suffix.lower()
    if suffix not in SUFFIXES:
        raise ValueError("Only normalised photos are stored (profiles.photos.normalise).")
    return f"{FOLDER}/{uuid.uuid4().hex}{suffix}"


def name_from_key(key: str) -> str | None:
    """The stored name behind a photo URL's key (``<32 hex digits>.<jpg|png|webp>``)."""
    stem, dot, suffix = key.partition(".")
    if (
        len(stem) != 32
        or not all(c in "0123456789abcdef" for c in stem)
        or f"{dot}{suffix}" not in SUFFIXES
    ):
        return None
    return f"{FOLDER}/{key}"


def content_type_of(name: str) -> str:
    return SUFFIXES[PurePath(name).suffix.lower()]


def delete_on_commit(name: str) -> None:
    """Delete a stored photo once the transaction that let go of it is committed."""
    if name:
        transaction.on_commit(lambda: photo_storage().delete(name))


# --- who may see a person's photo ----------------------------------------------------------

# Rules the apps above add (``register_audience``): ``rule(viewer, person) -> bool``, each a
# reason the viewer may see the person (her mentorship partner, a published mentor of the
# directory). Staff, the person herself and blocks are decided here.
AUDIENCES: list[Callable] = []


def register_audience(rule: Callable) -> Callable:
    if rule not in AUDIENCES:
        AUDIENCES.append(rule)
    return rule


def may_see_photo(viewer, person) -> bool:
    from . import access, selectors

    if viewer is None or not viewer.is_authenticated or not viewer.is_active:
        return False
    if viewer.pk == person.pk or access.is_staff(viewer):
        return True
    if selectors.is_blocked_between(viewer, person):
        return False
    return any(rule(viewer, person) for rule in AUDIENCES)
