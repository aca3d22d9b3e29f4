"""The match rounds on the program report: each round published in the period, its
mentees, matched, first-choice share and average choice, figures about fewer than
``REPORTS_MIN_ANSWERS`` mentees withheld; narrowed by country and field like the report."""

import html
import re
from datetime import UTC, datetime

import pytest
from django.urls import reverse

from matching.rounds.models import MatchRound
from tests.factories import (
    MatchRoundFactory,
    MenteeFactory,
    MentorshipFactory,
    ReporterFactory,
    RoundDraftFactory,
    RoundOutcomeFactory,
    StaffFactory,
)

pytestmark = pytest.mark.django_db

IN_MARCH = datetime(2025, 3, 10, 12, tzinfo=UTC)


def text(response) -> str:
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", response.content.decode())))


def published_round(name: str, ranks: list[int | None], *, country="SE", when=IN_MARCH):
    """A round published at ``when`` whose mentees got these choices (None: unmatched), each
    matched pair's mentorship started that day."""
    round_ = MatchRoundFactory(name=name)
    draft = RoundDraftFactory(round=round_)
    for rank in ranks:
        mentee = MenteeFactory(profile__country=country)
        if rank is None:
            RoundOutcomeFactory(draft=draft, mentee=mentee, mentor=None, mentee_rank=None)
        else:
            outcome = RoundOutcomeFactory(draft=draft, mentee=mentee, mentee_rank=rank)
            MentorshipFactory(mentor=outcome.mentor, mentee=mentee, start_date=when.date())
    MatchRound.objects.filter(pk=round_.pk).update(published_at=when, published_draft=draft)
    round_.refresh_from_db()
    return round_


@pytest.fixture
def staff_client(client):
    client.force_login(StaffFactory())
    return client


def test_each_round_published_in_the_period_has_its_figures(staff_client):
    # 7 mentees: 6 matched (3 with their first choice, ranks 1,1,1,2,2,3), 1 not.
    published_round("Spring cohort", [1, 1, 1, 2, 2, 3, None])
    published_round("Later cohort", [1] * 6, when=datetime(2025, 6, 1, tzinfo=UTC))

    page = text(staff_client.get("/reports/", {"since": "2025-03", "until": "2025-03"}))

    assert "Match rounds" in page
    assert "Spring cohort 10 March 2025 7 6 50 % 1.7" in page
    assert "Later cohort" not in page


def test_a_round_of_few_mentees_is_withheld(staff_client):
    published_round("Small cohort", [1, 2, None])
    # 6 mentees, only 4 matched: the matched count shows, the shares of 4 do not.
    published_round("Thin cohort", [1, 1, 1, 1, None, None])

    page = text(staff_client.get("/reports/", {"since": "2025-03", "until": "2025-03"}))

    assert "Small cohort 10 March 2025 fewer than 5 not shown not shown not shown" in page
    assert "Thin cohort 10 March 2025 6 4 not shown not shown" in page


def test_the_country_filter_narrows_the_mentees(staff_client):
    round_ = published_round("Spring cohort", [1] * 5)
    draft = round_.published_draft
    for _index in range(5):
        mentee = MenteeFactory(profile__country="NO")
        outcome = RoundOutcomeFactory(draft=draft, mentee=mentee, mentee_rank=2)
        MentorshipFactory(mentor=outcome.mentor, mentee=mentee, start_date=IN_MARCH.date())

    page = text(
        staff_client.get("/reports/", {"since": "2025-03", "until": "2025-03", "country": "NO"})
    )

    assert "Spring cohort 10 March 2025 5 5 0 % 2.0" in page


def test_a_report_of_flash_mentoring_has_no_rounds(staff_client):
    published_round("Spring cohort", [1] * 5)

    response = staff_client.get(
        "/reports/", {"since": "2025-03", "until": "2025-03", "style": "flash"}
    )

    assert 'id="report-rounds"' not in response.content.decode()


def test_unpublished_rounds_are_not_on_the_report(staff_client):
    draft = RoundDraftFactory(round=MatchRoundFactory(name="Under review"))
    RoundOutcomeFactory(draft=draft)
    MentorshipFactory()

    assert "Under review" not in text(staff_client.get("/reports/"))


def test_reporters_read_the_rounds_too(client):
    published_round("Spring cohort", [1] * 5)
    client.force_login(ReporterFactory())

    page = text(client.get(reverse("reports:reports_dashboard"), {"since": "2025-03"}))

    assert "Spring cohort" in page
