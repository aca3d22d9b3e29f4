"""Two workers publishing the same round at once, on PostgreSQL with real threads and
transactions: the round's row lock lets one start the mentorships; the other finds the round
published and starts nothing."""

import pytest

from cycles.models import Mentorship
from matching.rounds.drafts import make_draft
from matching.rounds.models import MatchRound
from matching.rounds.publication import publish
from notifications.models import Notification
from tests.concurrency import race
from tests.factories import MenteeFactory, MentorFactory
from tests.matching.rounds.cohort import rank, round_in_review

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_two_workers_publishing_at_once_start_each_mentorship_once():
    round_ = round_in_review()
    mentors = [MentorFactory(capacity=2) for _ in range(3)]
    mentees = [MenteeFactory() for _ in range(6)]
    for index, mentee in enumerate(mentees):
        rank(round_, mentee, mentors[index % 3], mentors[(index + 1) % 3])
    first = make_draft(round=round_, by=None)
    second = make_draft(round=round_, by=None)

    results, errors = race(
        [
            lambda: publish(round=round_, draft=first, by=None),
            lambda: publish(round=round_, draft=second, by=None),
        ]
    )

    assert errors == []
    assert sorted(results) == [0, 6]
    assert Mentorship.objects.count() == 6
    assert set(Mentorship.objects.values_list("mentee_id", flat=True)) == {m.pk for m in mentees}
    published = MatchRound.objects.get(pk=round_.pk).published_draft
    assert published.outcomes.filter(mentorship__isnull=False).count() == 6
    # One email to each mentee and one to each mentor, however many of her mentees started.
    assert Notification.objects.filter(kind="round_matched").count() == 6
    assert Notification.objects.filter(kind="round_mentees").count() == 3
