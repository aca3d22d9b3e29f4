"""The country list the directory's and the report's filters share (``profiles.selectors``)."""

import pytest
from django.utils import translation

from evaluations.filters import ReportFilterForm
from matching.filters import DirectoryFilter
from matching.models import MentorPresentation
from profiles import selectors

pytestmark = pytest.mark.django_db


def test_country_choices_are_named_in_her_language():
    with translation.override("sv"):
        swedish = selectors.country_choices()
    with translation.override("en"):
        english = selectors.country_choices()

    assert ("SE", "Sverige") in swedish
    assert ("SE", "Sweden") in english
    assert len(english) == len(swedish) > 240
    assert selectors.country_choices() is english  # worked out once per language


def test_the_directory_and_the_report_offer_the_same_countries():
    directory = DirectoryFilter({}, queryset=MentorPresentation.objects.none())
    report = ReportFilterForm({})

    assert directory.filters["country"].extra["choices"] == selectors.country_choices()
    assert list(report.fields["country"].choices)[1:] == selectors.country_choices()
