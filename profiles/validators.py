"""Upload checks that look at a file's content, never at its name."""


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
