"""The result page of a published round, as each participant reads it."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from matching.rounds.drafts import make_draft
from matching.rounds.models import RoundChoice
from matching.rounds.publication import publish
from profiles.models import Block
from tests.factories import MenteeFactory, MentorFactory, MentorshipFactory, StaffFactory
from tests.matching.rounds.cohort import rank, round_in_review, take

pytestmark = pytest.mark.django_db


@pytest.fixture
def published():
    """Ada takes one mentee (her only place): Mia gets her; Meja, who ranked only Ada, is
    left unmatched. Fia still has two free places; Gun is full; Hel blocked Meja."""
    round_ = round_in_review(name="Spring cohort")
    ada = MentorFactory(profile__display_name="Dr Ada", capacity=1)
    mia = MenteeFactory(profile__display_name="Mia")
    meja = MenteeFactory(profile__display_name="Meja")
    fia = MentorFactory(profile__display_name="Fia")
    gun = MentorFactory(profile__display_name="Gun", capacity=1)
    MentorshipFactory(mentor=gun)
    hel = MentorFactory(profile__display_name="Hel")
    Block.objects.create(blocker=hel, blocked=meja)
    rank(round_, mia, ada)
    rank(round_, meja, ada)
    take(round_, ada, 1)
    draft = make_draft(round=round_, by=None)
    publish(round=round_, draft=draft, by=None)
    return round_, {"ada": ada, "mia": mia, "meja": meja, "fia": fia, "gun": gun, "hel": hel}


def _page(client, user, round_):
    client.force_login(user)
    return client.get(reverse("matching:round_result", args=[round_.public_id]))


def test_the_matched_mentee_reads_her_mentor_and_why(client, published):
    round_, p = published

    response = _page(client, p["mia"], round_)

    assert response.status_code == 200
    page = response.content.decode()
    assert "Your mentor: Dr Ada" in page
    assert "She was number 1 on your ranking." in page
    mentorship = p["mia"].mentorships_as_mentee.get()
    assert reverse("cycles:mentorship_detail", args=[mentorship.public_id]) in page
    assert reverse("cycles:agreement_detail", args=[mentorship.public_id]) in page


def test_the_unmatched_mentee_reads_why_and_who_still_has_places(client, published):
    round_, p = published

    response = _page(client, p["meja"], round_)

    page = response.content.decode()
    assert "No mentor for you in this round" in page
    assert "Dr Ada&#x27;s place went to a mentee she had marked as a better fit." in page
    assert "Mia" not in page
    cards = [card.name for card in response.context["cards"]]
    assert cards == ["Fia"]  # not Ada or Gun (full), not Hel (blocked her)
    assert reverse("matching:mentor_detail", args=[p["fia"].presentation.public_id]) in page
    assert reverse("matching:directory") in page


def test_the_mentor_reads_her_new_mentee_and_not_the_rank_she_gave(client, published):
    round_, p = published

    page = _page(client, p["ada"], round_).content.decode()

    assert "Your new mentees" in page
    assert "Mia" in page
    assert "Meja" not in page
    assert "She was number 1 on your list of the mentees who ranked you." in page
    assert "on your ranking" not in page


def test_the_page_speaks_swedish(client, published):
    round_, p = published
    p["meja"].profile.language = "sv"
    p["meja"].profile.save()

    page = _page(client, p["meja"], round_).content.decode()

    assert "Ingen mentor till dig i den här omgången" in page
    assert "Platsen hos Dr Ada gick till en adept" in page


def test_others_and_staff_get_404(client, published):
    round_, _p = published

    assert _page(client, MenteeFactory(), round_).status_code == 404
    assert _page(client, MentorFactory(), round_).status_code == 404
    assert _page(client, StaffFactory(), round_).status_code == 404


def test_404_before_publication(client):
    round_ = round_in_review()
    mentor, mentee = MentorFactory(), MenteeFactory()
    rank(round_, mentee, mentor)
    make_draft(round=round_, by=None)

    assert _page(client, mentee, round_).status_code == 404
    assert _page(client, mentor, round_).status_code == 404


def test_a_ranked_mentor_without_mentees_is_told_so(client, published):
    round_, _p = published
    lonely = MentorFactory()
    RoundChoice.objects.create(round=round_, mentee=MenteeFactory(), mentor=lonely, rank=1)

    page = _page(client, lonely, round_).content.decode()

    assert "You have no new mentee from this round." in page


def _mentor_with(size: int):
    """A mentor who takes ``size`` mentees, and a mentee whose ``size`` choices all took no
    mentee in the round."""
    round_ = round_in_review()
    mentor = MentorFactory(capacity=10)
    closed = [MentorFactory() for _ in range(size)]
    unmatched = MenteeFactory()
    rank(round_, unmatched, *closed)
    for other in closed:
        take(round_, other, 0)
    for _ in range(size):
        rank(round_, MenteeFactory(), mentor)
    publish(round=round_, draft=make_draft(round=round_, by=None), by=None)
    return round_, mentor, unmatched


def test_the_pages_queries_do_not_grow_with_mentees_or_choices(client):
    counts = []
    for size in (1, 4):
        round_, mentor, unmatched = _mentor_with(size)
        for user in (mentor, unmatched):
            client.force_login(user)
            url = reverse("matching:round_result", args=[round_.public_id])
            client.get(url)  # the reference lists cached, as on any page after the first
            with CaptureQueriesContext(connection) as queries:
                response = client.get(url)
            assert response.status_code == 200
            counts.append(len(queries))

    assert counts[0] == counts[2]
    assert counts[1] == counts[3]
