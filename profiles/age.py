"""Ages, for safeguarding (issue 20): a person under ``SAFEGUARDING_ADULT_AGE`` (18) is a
minor; below the age of digital consent of her country (``AGE_OF_DIGITAL_CONSENT``, GDPR
Art. 8) a guardian must consent for her. Only the band (minor or adult) is ever shown to
others; the date of birth stays on her profile."""

from datetime import date

from django.conf import settings
from django.db.models import Q
from django.utils import timezone


def age_on(birth_date: date, day: date) -> int:
    """Her age in whole years on ``day`` (born 29 February: a year older on 1 March)."""
    had_birthday = (day.month, day.day) >= (birth_date.month, birth_date.day)
    return day.year - birth_date.year - (0 if had_birthday else 1)


def years_ago(years: int, day: date) -> date:
    """The same day ``years`` before ``day`` (28 February for a 29 February)."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


def is_minor(birth_date: date | None, day: date | None = None) -> bool:
    if birth_date is None:
        return False
    return age_on(birth_date, day or timezone.localdate()) < settings.SAFEGUARDING_ADULT_AGE


def minor_filter(prefix: str = "", day: date | None = None) -> Q:
    """Profiles of minors today, for a queryset over ``<prefix>birth_date`` (e.g.
    ``"mentee__profile__"``)."""
    adult_born_by = years_ago(settings.SAFEGUARDING_ADULT_AGE, day or timezone.localdate())
    return Q(**{f"{prefix}birth_date__gt": adult_born_by})


def digital_consent_age(country: str) -> int:
    """The age below which a guardian consents for her, in her country (ISO code)."""
    ages = settings.AGE_OF_DIGITAL_CONSENT
    return ages.get(str(country or "").upper(), ages["default"])


def needs_guardian(birth_date: date | None, country: str, day: date | None = None) -> bool:
    if birth_date is None:
        return False
    return age_on(birth_date, day or timezone.localdate()) < digital_consent_age(country)
