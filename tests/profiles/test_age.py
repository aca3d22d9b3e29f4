"""Ages for safeguarding: minors, and the age of digital consent of her country."""

from datetime import date

import pytest
from django.utils import timezone

from profiles.age import (
    age_on,
    digital_consent_age,
    is_minor,
    minor_filter,
    needs_guardian,
    years_ago,
)
from profiles.models import Profile
from tests.factories import MenteeFactory

DAY = date(2027, 3, 1)


@pytest.mark.parametrize(
    ("born", "age"),
    [
        (date(2010, 3, 1), 17),
        (date(2010, 3, 2), 16),
        (date(2009, 3, 1), 18),
        (date(2008, 2, 29), 19),
    ],
)
def test_age_counts_whole_years(born, age):
    assert age_on(born, DAY) == age


def test_a_minor_is_under_18_and_no_date_of_birth_is_no_minor():
    assert is_minor(date(2009, 3, 2), DAY)
    assert not is_minor(date(2009, 3, 1), DAY)
    assert not is_minor(None, DAY)


def test_the_age_of_digital_consent_follows_her_country():
    assert digital_consent_age("SE") == 13
    assert digital_consent_age("de") == 16
    assert digital_consent_age("FR") == 15
    assert digital_consent_age("") == 16  # not given: the strictest common age
    assert needs_guardian(date(2014, 6, 1), "SE", DAY)  # 12 in Sweden
    assert not needs_guardian(date(2013, 6, 1), "SE", DAY)  # 13
    assert needs_guardian(date(2011, 6, 1), "DE", DAY)  # 15 in Germany


@pytest.mark.django_db
def test_the_minor_filter_finds_the_profiles_under_18_today():
    today = timezone.localdate()
    girl = MenteeFactory(profile__birth_date=years_ago(15, today)).profile
    MenteeFactory(profile__birth_date=years_ago(18, today))  # 18 today
    MenteeFactory()

    assert list(Profile.objects.filter(minor_filter())) == [girl]
    assert girl.is_minor
