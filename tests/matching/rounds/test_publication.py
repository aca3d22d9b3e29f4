"""Publishing a draft: each matched pair starts once through the one start service, the rules
are checked again, the matched mentees' other traditional requests close, everyone is told."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from cycles.models import Mentorship, MentorshipEvent
from matching.models import ConnectionRequest
from matching.rounds.drafts import make_draft
from matching.rounds.models import RoundOutcome
from matching.rounds.publication import publish
from notifications.models import InboxItem
from profiles.models import Block
from tests.factories import (
    ConnectionRequestFactory,
    MenteeFactory,
    MentorFactory,
    StaffFactory,
)
from tests.matching.conftest import email_links, html_part
from tests.matching.rounds.cohort import rank, round_in_review, take

pytestmark = pytest.mark.django_db


@pytest.fixture
def drafted():
    """Ada takes one mentee, Bea two; Mia and Moa rank Ada then Bea, Meja ranks Ada only.
    Ada holds Mia (the earlier choice); Moa goes to Bea; Meja is left unmatched."""
    round_ = round_in_review(name="Spring cohort")
    ada = MentorFactory(profile__display_name="Ada")
    bea = MentorFactory(profile__display_name="Bea")
    mia = MenteeFactory(profile__display_name="Mia")
    moa = MenteeFactory(profile__display_name="Moa", profile__language="sv")
    meja = MenteeFactory(profile__display_name="Meja")
    rank(round_, mia, ada, bea)
    rank(round_, moa, ada, bea)
    rank(round_, meja, ada)
    take(round_, ada, 1)
    draft = make_draft(round=round_, by=None)
    people = {"ada": ada, "bea": bea, "mia": mia, "moa": moa, "meja": meja}
    return round_, draft, people


def _pairs() -> set:
    return set(
        Mentorship.objects.values_list(
            "mentor__profile__display_name", "mentee__profile__display_name"
        )
    )


def test_publication_starts_each_matched_pair_once(drafted):
    round_, draft, p = drafted
    staff = StaffFactory()

    started = publish(round=round_, draft=draft, by=staff)

    assert started == 2
    assert _pairs() == {("Ada", "Mia"), ("Bea", "Moa")}
    mentorship = Mentorship.objects.get(mentee=p["mia"])
    assert (mentorship.style, mentorship.status) == ("traditional", "active")
    assert MentorshipEvent.objects.filter(mentorship=mentorship, actor=staff).count() == 1
    assert RoundOutcome.objects.get(draft=draft, mentee=p["mia"]).mentorship == mentorship
    assert RoundOutcome.objects.get(draft=draft, mentee=p["meja"]).mentorship is None
    round_.refresh_from_db()
    assert (round_.published_draft, round_.published_by) == (draft, staff)
    assert round_.published_at is not None
    draft.refresh_from_db()
    assert draft.figures["refused_at_publication"] == 0


def test_publishing_twice_creates_nothing_more(drafted):
    round_, draft, _p = drafted
    publish(round=round_, draft=draft, by=None)
    other = RoundOutcome.objects.filter(draft=draft).count()

    assert publish(round=round_, draft=draft, by=None) == 0

    assert Mentorship.objects.count() == 2
    assert RoundOutcome.objects.filter(draft=draft).count() == other


def test_a_pair_blocked_after_the_draft_is_refused_and_told_as_unmatched(
    drafted, mailoutbox, django_capture_on_commit_callbacks
):
    round_, draft, p = drafted
    Block.objects.create(blocker=p["bea"], blocked=p["moa"])

    with django_capture_on_commit_callbacks(execute=True):
        started = publish(round=round_, draft=draft, by=None)

    assert started == 1
    assert _pairs() == {("Ada", "Mia")}
    moa = RoundOutcome.objects.get(draft=draft, mentee=p["moa"])
    assert (moa.mentor, moa.mentorship, moa.mentee_rank) == (None, None, None)
    assert moa.reasons["missed"][-1] == {"mentor": p["bea"].pk, "why": "not_allowed", "places": 2}
    draft.refresh_from_db()
    assert draft.figures["refused_at_publication"] == 1
    to_moa = [m for m in mailoutbox if m.to == [p["moa"].email]]
    assert [m.subject for m in to_moa] == ["[WESTEM] Ditt resultat i Spring cohort"]
    assert not [m for m in mailoutbox if m.to == [p["bea"].email]]


def test_the_matched_mentees_other_traditional_requests_are_withdrawn(drafted):
    round_, draft, p = drafted
    elsewhere = MentorFactory()
    waiting = ConnectionRequestFactory(mentee=p["mia"], mentor=elsewhere, style="traditional")
    flash = ConnectionRequestFactory(mentee=p["moa"], mentor=elsewhere, style="flash")
    unmatched = ConnectionRequestFactory(mentee=p["meja"], mentor=elsewhere, style="traditional")

    publish(round=round_, draft=draft, by=None)

    statuses = {
        r.pk: r.status
        for r in ConnectionRequest.objects.filter(pk__in=[waiting.pk, flash.pk, unmatched.pk])
    }
    assert statuses == {waiting.pk: "withdrawn", flash.pk: "pending", unmatched.pk: "pending"}
    assert waiting.events.get().note == (
        "Withdrawn automatically: the mentee started a traditional mentorship."
    )


def test_everyone_is_told_with_working_links(
    drafted, client, mailoutbox, django_capture_on_commit_callbacks
):
    round_, draft, p = drafted

    with django_capture_on_commit_callbacks(execute=True):
        publish(round=round_, draft=draft, by=None)

    by_person = {m.to[0]: m for m in mailoutbox}
    assert set(by_person) == {p[name].email for name in ("ada", "bea", "mia", "moa", "meja")}
    mia = by_person[p["mia"].email]
    assert mia.subject == "[WESTEM] Your mentor from the match round: Ada"
    assert "propose the date of your first meeting" in mia.body
    mentorship = Mentorship.objects.get(mentee=p["mia"])
    assert f"/mentorships/{mentorship.public_id}/" in email_links(mia)
    assert f"/mentorships/{mentorship.public_id}/agreement/" in email_links(mia)
    assert f"/mentorships/{mentorship.public_id}/</a>" in html_part(mia)
    moa = by_person[p["moa"].email]
    assert moa.subject == "[WESTEM] Din mentor från matchningsomgången: Bea"
    ada = by_person[p["ada"].email]
    assert ada.subject == "[WESTEM] Your new mentees from Spring cohort"
    assert "Mia" in ada.body
    meja = by_person[p["meja"].email]
    assert meja.subject == "[WESTEM] Your result in Spring cohort"
    assert "you did not get a mentor in this round" in meja.body
    result = f"/rounds/{round_.public_id}/result/"
    assert email_links(meja) == [result, "/mentors/"]
    for name, message in (("mia", mia), ("ada", ada), ("meja", meja)):
        client.force_login(p[name])
        for link in email_links(message):
            assert client.get(link).status_code == 200, (name, link)
    items = InboxItem.objects.filter(user=p["ada"])
    assert [item.kind for item in items] == ["round_mentees"]


def test_the_inbox_items_open_the_result_page(drafted, client):
    round_, draft, p = drafted
    publish(round=round_, draft=draft, by=None)
    client.force_login(p["meja"])

    item = InboxItem.objects.get(user=p["meja"])
    response = client.get(f"/notifications/{item.pk}/")

    assert item.kind == "round_unmatched"
    assert response.status_code == 302
    assert response.url == f"/rounds/{round_.public_id}/result/"


def test_only_a_draft_of_the_round_after_rankings_close(drafted):
    round_, draft, _p = drafted
    other = round_in_review(name="Autumn cohort")

    with pytest.raises(ValidationError) as raised:
        publish(round=other, draft=draft, by=None)

    assert raised.value.messages == ["Publish a draft of this round."]
    round_.closes_at = timezone.now() + timedelta(days=1)
    round_.save()
    with pytest.raises(ValidationError):
        publish(round=round_, draft=draft, by=None)
    assert not Mentorship.objects.exists()


def _drafted_cohort(size: int):
    round_ = round_in_review()
    mentors = [MentorFactory(capacity=3) for _ in range(4)]
    for index in range(size):
        rank(round_, MenteeFactory(), mentors[index % 4], mentors[(index + 1) % 4])
    return round_, make_draft(round=round_, by=None)


def test_the_number_of_queries_does_not_grow_with_the_cohort():
    counts = []
    for size in (3, 12):
        round_, draft = _drafted_cohort(size)
        with CaptureQueriesContext(connection) as queries:
            publish(round=round_, draft=draft, by=None)
        counts.append(len(queries))

    assert counts[0] == counts[1]
