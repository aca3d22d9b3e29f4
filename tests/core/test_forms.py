"""The country list the directory's and the report's filters share (``core.forms``)."""

import pytest
from django.utils import translation

from core.forms import country_choices
from evaluations.filters import ReportFilterForm
from matching.filters import DirectoryFilter
from matching.models import MentorPresentation

pytestmark = pytest.mark.django_db


def test_country_choices_are_named_in_her_language():
    with translation.override("sv"):
        swedish = country_choices("sv")
    with translation.override("en"):
        english = country_choices("en")

    assert ("SE", "Sverige") in swedish
    assert ("SE", "Sweden") in english
    assert len(english) == len(swedish) > 240
    assert country_choices("en") is english  # worked out once per language


def test_the_directory_and_the_report_offer_the_same_countries():
    with translation.override("sv"):
        directory = DirectoryFilter({}, queryset=MentorPresentation.objects.none())
        report = ReportFilterForm({})

    assert directory.filters["country"].extra["choices"] == country_choices("sv")
    assert list(report.fields["country"].choices)[1:] == country_choices("sv")
