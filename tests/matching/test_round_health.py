"""The staff's health page filtered by the match round that made a pair (issue 22): the
rounds published offer themselves, the filter keeps a round's pairs, an unknown round is
ignored, and the page stays under 10 queries."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from cycles.models import HealthSignal
from tests.factories import (
    MatchRoundFactory,
    MenteeFactory,
    MentorshipFactory,
    RoundDraftFactory,
    RoundOutcomeFactory,
    StaffFactory,
)

pytestmark = pytest.mark.django_db

LIST = reverse("health:pairs")


def published(name: str):
    round_ = MatchRoundFactory(name=name)
    round_.published_draft = RoundDraftFactory(round=round_)
    round_.published_at = timezone.now() - timedelta(days=30)
    round_.save()
    return round_


def at_risk(name: str, round_=None):
    """An active pair with a signal; made by ``round_`` when given."""
    mentee = MenteeFactory(profile__display_name=name)
    mentorship = MentorshipFactory(mentee=mentee)
    if round_:
        RoundOutcomeFactory(
            draft=round_.published_draft,
            mentee=mentee,
            mentor=mentorship.mentor,
            mentorship=mentorship,
        )
    HealthSignal.objects.create(
        mentorship=mentorship,
        kind=HealthSignal.Kind.FIRST_MEETING,
        started_on=timezone.localdate() - timedelta(days=2),
        params={"start": (timezone.localdate() - timedelta(days=23)).isoformat()},
    )
    return mentorship


@pytest.fixture
def staff(client):
    member = StaffFactory()
    client.force_login(member)
    return member


def listed(client, query: str = "") -> list[str]:
    response = client.get(LIST + query)
    assert response.status_code == 200
    return sorted(m.mentee.get_full_name() for m in response.context["page"].object_list)


def test_filters_by_the_round_that_made_the_pair(client, staff):
    spring = published("Spring round")
    autumn = published("Autumn round")
    MatchRoundFactory(name="Winter round")  # not published: not offered
    at_risk("Sprout", spring)
    at_risk("Leaf", autumn)
    at_risk("Direct")

    page = client.get(LIST).content.decode()

    assert '<option value="" selected>Any match round</option>' in page
    assert f'<option value="{spring.pk}">Spring round</option>' in page
    assert "Winter round" not in page
    assert listed(client, f"?round={spring.pk}") == ["Sprout"]
    assert listed(client, f"?round={autumn.pk}&style=traditional") == ["Leaf"]
    assert listed(client, "?round=nope") == ["Direct", "Leaf", "Sprout"]  # ignored
    assert listed(client, f"?round={spring.pk}&style=flash") == []


def test_a_round_published_later_is_offered_at_once(
    client, staff, django_capture_on_commit_callbacks
):
    client.get(LIST)

    with django_capture_on_commit_callbacks(execute=True):
        spring = published("Spring round")

    assert f'<option value="{spring.pk}">Spring round</option>' in client.get(LIST).text


@pytest.mark.parametrize("pairs", [2, 30])
def test_filtered_by_round_the_page_stays_under_10_queries(
    client, staff, pairs, django_assert_max_num_queries
):
    spring = published("Spring round")
    for index in range(pairs):
        at_risk(f"Pair {index}", spring)
    client.get(LIST)  # the field and round choices are cached from the first page on

    with django_assert_max_num_queries(9):
        response = client.get(LIST + f"?round={spring.pk}")

    assert len(response.context["page"].object_list) == min(pairs, 25)
