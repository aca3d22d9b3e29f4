"""The participants' pages of a match round, through the client: her rounds, a mentee's
ranking (add from the directory, move, note, drag, remove), a mentor's marks, order and
capacity, the dashboard's card and step, and who may open what."""

import html
import re
from datetime import timedelta

import pytest
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from matching.rounds import services
from matching.rounds.models import Fit, RoundChoice, RoundDraft, RoundMentor
from tests.factories import (
    BlockFactory,
    MenteeFactory,
    MentorFactory,
    MentorshipFactory,
    OpenMatchRoundFactory,
    StaffFactory,
)

pytestmark = pytest.mark.django_db


def text(response) -> str:
    return html.unescape(response.content.decode())


def page(round_) -> str:
    return reverse("matching:round", args=[round_.public_id])


def ranking_url(round_) -> str:
    return reverse("matching:round_ranking", args=[round_.public_id])


def shown_ranking(response) -> list[str]:
    """The mentors' names on her ranking, first choice first."""
    return re.findall(
        r'<span class="visually-hidden">Choice \d+: </span><a href="[^"]+">([^<]+)</a>',
        response.content.decode(),
    )


@pytest.fixture
def round_():
    return OpenMatchRoundFactory(name="Spring cohort")


@pytest.fixture
def mentee(client):
    person = MenteeFactory(profile__display_name="Maryam")
    client.force_login(person)
    return person


def mentors(*names):
    return [MentorFactory(profile__display_name=name) for name in names]


def test_a_mentee_adds_mentors_from_the_directory(client, round_, mentee):
    ada, grace = mentors("Ada", "Grace")
    directory = reverse("matching:directory")

    response = client.get(directory)
    assert text(response).count("Add to my ranking") == 2

    response = client.post(
        ranking_url(round_),
        {"action": "add", "mentor": ada.presentation.public_id, "next": directory},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == directory
    assert "Ada is on your ranking as your choice #1." in text(response)
    assert "On your ranking (#1)" in text(response)
    assert text(response).count("Add to my ranking") == 1

    for elsewhere in ("https://evil.example/", "directory"):
        response = client.post(
            ranking_url(round_),
            {"action": "add", "mentor": grace.presentation.public_id, "next": elsewhere},
        )
        assert response["Location"] == page(round_)
    response = client.get(page(round_))
    assert shown_ranking(response) == ["Ada", "Grace"]
    assert "Open until" in text(response)


def test_the_mentor_page_offers_the_ranking(client, round_, mentee):
    (ada,) = mentors("Ada")
    url = reverse("matching:mentor_detail", args=[ada.presentation.public_id])

    assert "Add to my ranking" in text(client.get(url))
    services.add_choice(round=round_, mentee=mentee, mentor=ada)
    response = client.get(url)
    assert "On your ranking (#1)" in text(response)
    assert "Spring cohort" in text(response)


def test_no_offer_without_an_open_round(client, mentee):
    mentors("Ada")
    OpenMatchRoundFactory(opens_at=timezone.now() + timedelta(days=1))

    assert "Add to my ranking" not in text(client.get(reverse("matching:directory")))


@override_settings(MATCHING_ROUND_MAX_CHOICES=1)
def test_a_full_ranking_says_so(client, round_, mentee):
    ada, grace = mentors("Ada", "Grace")
    services.add_choice(round=round_, mentee=mentee, mentor=ada)

    response = client.get(reverse("matching:directory"))
    assert "Your ranking is full (1 mentor)." in text(response)

    response = client.post(
        ranking_url(round_), {"action": "add", "mentor": grace.presentation.public_id}, follow=True
    )
    assert "Your ranking is full: you may rank 1 mentor." in text(response)


def test_moving_and_dragging(client, round_, mentee):
    ada, grace, hedy = mentors("Ada", "Grace", "Hedy")
    for mentor in (ada, grace, hedy):
        services.add_choice(round=round_, mentee=mentee, mentor=mentor)

    response = client.post(
        ranking_url(round_), {"action": "up", "mentor": hedy.presentation.public_id}, follow=True
    )
    assert "Hedy is now your choice #2." in text(response)
    assert shown_ranking(response) == ["Ada", "Hedy", "Grace"]

    order = ",".join(str(m.presentation.public_id) for m in (grace, ada, hedy))
    response = client.post(ranking_url(round_), {"action": "order", "order": order}, follow=True)
    assert shown_ranking(response) == ["Grace", "Ada", "Hedy"]

    response = client.post(
        ranking_url(round_), {"action": "order", "order": "not-a-uuid"}, follow=True
    )
    assert "Your ranking changed in another window." in text(response)
    assert shown_ranking(response) == ["Grace", "Ada", "Hedy"]


def test_a_note_too_long_keeps_what_she_typed(client, round_, mentee):
    (ada,) = mentors("Ada")
    services.add_choice(round=round_, mentee=mentee, mentor=ada)
    data = {"action": "note", "mentor": ada.presentation.public_id}

    response = client.post(ranking_url(round_), {**data, "note": "I loved your talk."})
    assert response.status_code == 302
    assert RoundChoice.objects.get().note == "I loved your talk."

    long = "Why you " * 70
    response = client.post(ranking_url(round_), {**data, "note": long})
    assert response.status_code == 200
    assert long.strip() in text(response)
    assert "at most 500 characters" in text(response)
    assert RoundChoice.objects.get().note == "I loved your talk."


def test_removing_asks_first(client, round_, mentee):
    ada, grace = mentors("Ada", "Grace")
    for mentor in (ada, grace):
        services.add_choice(round=round_, mentee=mentee, mentor=mentor)
    url = reverse("matching:round_remove", args=[round_.public_id, ada.presentation.public_id])

    response = client.get(url)
    assert "Remove Ada from your ranking?" in text(response)
    assert RoundChoice.objects.count() == 2

    response = client.post(url, follow=True)
    assert "Ada is no longer on your ranking." in text(response)
    assert shown_ranking(response) == ["Grace"]
    assert client.get(url).status_code == 404


def test_the_empty_ranking_leads_to_the_directory(client, round_, mentee):
    response = client.get(page(round_))

    assert "You have not ranked any mentor yet." in text(response)
    assert reverse("matching:directory") in text(response)


def test_the_stages_as_she_sees_them(client, mentee):
    now = timezone.now()
    upcoming = OpenMatchRoundFactory(opens_at=now + timedelta(days=2), closes_at=now + timedelta(9))
    closed = OpenMatchRoundFactory(opens_at=now - timedelta(days=9), closes_at=now - timedelta(1))

    assert "Rankings open on" in text(client.get(page(upcoming)))
    response = client.get(page(closed))
    assert "The program staff are reviewing the matching: results on" in text(response)
    assert "Add mentors from the directory" not in text(response)
    assert 'name="action"' not in text(response)


def test_the_published_round_stays_hers(client, mentee):
    now = timezone.now()
    round_ = OpenMatchRoundFactory(opens_at=now - timedelta(days=9), closes_at=now - timedelta(1))
    (ada,) = mentors("Ada")
    RoundChoice.objects.create(round=round_, mentee=mentee, mentor=ada, rank=1)
    draft = RoundDraft.objects.create(round=round_, number=1)
    round_.published_draft, round_.published_at = draft, now
    round_.save()
    MentorshipFactory(mentor=ada, mentee=mentee)

    response = client.get(page(round_))

    assert response.status_code == 200
    assert "The results of this round are published." in text(response)
    assert reverse("matching:round_result", args=[round_.public_id]) in text(response)


def test_her_rounds(client, round_, mentee):
    response = client.get(reverse("matching:rounds"))
    assert "Spring cohort" in text(response)
    assert "You ranked 0 mentors." in text(response)

    client.force_login(MentorshipFactory().mentee)  # in a mentorship: not in the round
    response = client.get(reverse("matching:rounds"))
    assert "You are not in a match round." in text(response)
    assert client.get(page(round_)).status_code == 404


def test_the_dashboard_card_and_step(client, round_, mentee):
    response = client.get(reverse("dashboard"))
    assert 'id="match-rounds"' in response.content.decode()
    assert "Rank the mentors you would like" in text(response)
    assert "Rank up to 5 mentors by" in text(response)

    services.add_choice(round=round_, mentee=mentee, mentor=MentorFactory())
    response = client.get(reverse("dashboard"))
    assert "Rank the mentors you would like" not in text(response)
    assert "You ranked 1 mentor; you may change your ranking until" in text(response)


# --- the mentor's page -----------------------------------------------------------------------


@pytest.fixture
def mentor(client):
    person = MentorFactory(profile__display_name="Ada", capacity=3)
    client.force_login(person)
    return person


def ranked_by_three(round_, mentor):
    people = []
    for name, goals in (("Ann", "Robots"), ("Bea", "Compilers"), ("Cai", "Biology")):
        mentee = MenteeFactory(profile__display_name=name, profile__goals=f"Learn {goals}")
        other = MentorFactory()
        services.add_choice(round=round_, mentee=mentee, mentor=other)
        services.add_choice(round=round_, mentee=mentee, mentor=mentor, note=f"Note of {name}")
        people.append(mentee)
    return people


def listed(response) -> list[str]:
    return re.findall(r'<h2 class="h5 mb-0">([^<]+)</h2>', response.content.decode())


def test_the_mentor_sees_who_ranked_her_not_the_rank(client, round_, mentor):
    ranked_by_three(round_, mentor)

    response = client.get(page(round_))

    stranger = MenteeFactory(profile__display_name="Dora")
    services.add_choice(round=round_, mentee=stranger, mentor=MentorFactory())
    response = client.get(page(round_))

    assert listed(response) == ["Ann", "Bea", "Cai"]  # not Dora, who ranked another mentor
    assert "Learn Compilers" in text(response)
    assert "Note of Bea" in text(response)
    assert "choice #" not in text(response)
    assert "Choice 2" not in text(response)
    assert "Your ranking" not in text(response)
    step = client.get(reverse("dashboard"))
    assert "Mark the mentees who ranked you" in text(step)


@pytest.mark.parametrize("blocker", ["mentee", "mentor"])
def test_a_block_after_her_ranking_hides_the_mentee_from_the_mentor(
    client, round_, mentor, blocker
):
    ann, bea, _cai = ranked_by_three(round_, mentor)
    if blocker == "mentee":
        BlockFactory(blocker=bea, blocked=mentor)
    else:
        BlockFactory(blocker=mentor, blocked=bea)

    response = client.get(page(round_))

    assert listed(response) == ["Ann", "Cai"]
    assert "Note of Bea" not in text(response)


def test_the_mentor_marks_and_orders(client, round_, mentor):
    ann, bea, cai = ranked_by_three(round_, mentor)
    marks = reverse("matching:round_marks", args=[round_.public_id])

    def choice_of(mentee):
        return RoundChoice.objects.get(round=round_, mentor=mentor, mentee=mentee).pk

    response = client.post(marks, {"action": "good", "choice": choice_of(cai)}, follow=True)
    assert "Cai is marked a good fit." in text(response)
    client.post(marks, {"action": "not", "choice": choice_of(ann)})
    response = client.get(page(round_))
    assert listed(response) == ["Cai", "Bea", "Ann"]

    response = client.post(marks, {"action": "up", "choice": choice_of(bea)}, follow=True)
    assert listed(response) == ["Bea", "Cai", "Ann"]
    assert "Your place 1" in text(response)

    other = RoundChoice.objects.exclude(mentor=mentor).first()
    assert client.post(marks, {"action": "good", "choice": other.pk}).status_code == 404
    assert other.__class__.objects.get(pk=other.pk).fit == ""


def test_the_mentor_sets_her_capacity(client, round_, mentor):
    url = reverse("matching:round_capacity", args=[round_.public_id])

    response = client.get(page(round_))
    assert 'value="3"' in response.content.decode()

    response = client.post(url, {"capacity": "1"}, follow=True)
    assert "Your capacity for this round is saved." in text(response)
    assert RoundMentor.objects.get().capacity == 1

    response = client.post(url, {"capacity": "4"})
    assert response.status_code == 200
    assert "less than or equal to 3" in text(response)
    assert RoundMentor.objects.get().capacity == 1


# --- who may open what -----------------------------------------------------------------------


def test_a_mentee_cannot_use_the_mentors_forms_nor_the_reverse(client, round_, mentee, mentor):
    marks = reverse("matching:round_marks", args=[round_.public_id])
    client.force_login(mentee)
    assert client.post(marks, {"action": "good", "choice": "1"}).status_code == 403

    client.force_login(mentor)
    data = {"action": "add", "mentor": MentorFactory().presentation.public_id}
    assert client.post(ranking_url(round_), data).status_code == 403
    assert not RoundChoice.objects.exists()


def test_another_mentee_sees_nothing_of_her_ranking(client, round_, mentee):
    (ada,) = mentors("Ada")
    services.add_choice(round=round_, mentee=mentee, mentor=ada, note="Private words")
    other = MenteeFactory()
    client.force_login(other)

    response = client.get(page(round_))
    assert "Private words" not in text(response)
    assert "Ada" not in text(response)
    remove = reverse("matching:round_remove", args=[round_.public_id, ada.presentation.public_id])
    assert client.post(remove).status_code == 404
    assert RoundChoice.objects.filter(mentee=mentee).count() == 1


def test_staff_and_strangers_get_a_404(client, round_):
    invited = OpenMatchRoundFactory(open_to_all=False)
    client.force_login(StaffFactory())
    assert client.get(page(round_)).status_code == 404

    client.force_login(MenteeFactory())
    assert client.get(page(invited)).status_code == 404


def test_the_mark_is_never_shown_to_the_mentee(client, round_, mentee):
    (ada,) = mentors("Ada")
    services.add_choice(round=round_, mentee=mentee, mentor=ada)
    services.mark(round=round_, mentor=ada, mentee=mentee, fit=Fit.NOT)

    response = client.get(page(round_))

    assert "Not a fit" not in text(response)
    assert "a good fit" not in text(response).lower()
