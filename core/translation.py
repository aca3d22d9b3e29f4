"""Program content stored in English and Swedish columns (``name_en``, ``name_sv``, …)."""

from django.conf import settings
from django.utils import translation


class TranslatedField:
    """Read ``<name>_<active language>``, falling back to English when that column is empty.

    >>> class Area(models.Model):
    ...     name_en = models.CharField(...)
    ...     name_sv = models.CharField(...)
    ...     name = TranslatedField("name")
    """

    def __init__(self, base: str) -> None:
        self.base = base

    def __get__(self, instance, owner=None):
        if instance is None:
            return self
        language = (translation.get_language() or settings.LANGUAGE_CODE).split("-")[0]
        value = getattr(instance, f"{self.base}_{language}", "")
        return value or getattr(instance, f"{self.base}_{settings.LANGUAGE_CODE}")
