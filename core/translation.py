"""Program content stored in English and Swedish columns (``name_en``, ``name_sv``, …)."""

from collections.abc import Callable

from django.conf import settings
from django.utils import translation


class TranslatedField:
    """Read ``<name>_<active language>``; when that column is empty, what ``fallback`` gives
    for the row in that language (if any), else the English column.

    >>> class Area(models.Model):
    ...     name_en = models.CharField(...)
    ...     name_sv = models.CharField(...)
    ...     name = TranslatedField("name")
    """

    def __init__(self, base: str, fallback: Callable[[object, str], str] | None = None) -> None:
        self.base = base
        self.fallback = fallback

    def __get__(self, instance, owner=None):
        if instance is None:
            return self
        language = (translation.get_language() or settings.LANGUAGE_CODE).split("-")[0]
        value = getattr(instance, f"{self.base}_{language}", "")
        if not value and self.fallback is not None:
            value = self.fallback(instance, language)
        return value or getattr(instance, f"{self.base}_{settings.LANGUAGE_CODE}")
