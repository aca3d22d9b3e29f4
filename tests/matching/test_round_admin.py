"""The rounds in the admin: program staff create a round and set its dates (which must follow
each other), read its choices, mentors' places, drafts and outcomes, and cannot change a
published round; and smoke tests of each round admin."""

import html
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from matching.rounds.models import MatchRound
from tests.factories import (
    MatchRoundFactory,
    MenteeFactory,
    RoundChoiceFactory,
    RoundMentorFactory,
    RoundOutcomeFactory,
    StaffFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def add_url() -> str:
    return reverse("admin:matching_matchround_add")


def form_data(**changes) -> dict:
    now = timezone.localtime()
    data = {
        "name": "Spring cohort",
        "opens_at_0": (now + timedelta(days=1)).strftime("%Y-%m-%d"),
        "opens_at_1": "09:00:00",
        "closes_at_0": (now + timedelta(days=15)).strftime("%Y-%m-%d"),
        "closes_at_1": "18:00:00",
        "publishes_on": (now + timedelta(days=20)).strftime("%Y-%m-%d"),
        "open_to_all": "on",
    }
    data.update(changes)
    return data


def test_program_staff_create_a_round(client):
    staff = StaffFactory()
    invited = MenteeFactory()
    client.force_login(staff)

    response = client.post(add_url(), form_data(invited=[invited.pk]))

    assert response.status_code == 302
    round_ = MatchRound.objects.get(name="Spring cohort")
    assert round_.created_by == staff
    assert list(round_.invited.all()) == [invited]
    assert round_.stage() == "upcoming"


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        (
            {"closes_at_0": timezone.localdate().strftime("%Y-%m-%d")},
            "closes_at",
            "Rankings must close after they open.",
        ),
        (
            {"publishes_on": (timezone.localdate() + timedelta(days=5)).strftime("%Y-%m-%d")},
            "publishes_on",
            "The results cannot be published before the rankings close",
        ),
    ],
)
def test_the_dates_must_follow_each_other(client, changes, field, message):
    client.force_login(StaffFactory())

    response = client.post(add_url(), form_data(**changes))

    assert response.status_code == 200
    assert message in html.unescape(" ".join(response.context["adminform"].form.errors[field]))
    assert not MatchRound.objects.exists()


def test_a_published_round_is_read_only(client):
    outcome = RoundOutcomeFactory()
    round_ = outcome.draft.round
    MatchRound.objects.filter(pk=round_.pk).update(
        published_at=timezone.now(), published_draft=outcome.draft
    )
    client.force_login(StaffFactory())
    change = reverse("admin:matching_matchround_change", args=[round_.pk])

    page = client.get(change)
    client.post(change, form_data(name="Renamed"))

    assert page.status_code == 200
    assert 'name="name"' not in page.content.decode()
    assert MatchRound.objects.get(pk=round_.pk).name == round_.name
    assert (
        client.get(reverse("admin:matching_matchround_delete", args=[round_.pk])).status_code == 403
    )


def test_the_change_page_links_to_the_review_and_counts_the_choices(client):
    round_ = MatchRoundFactory()
    mentee = MenteeFactory()
    RoundChoiceFactory(round=round_, mentee=mentee, rank=1)
    RoundChoiceFactory(round=round_, mentee=mentee, rank=2)
    client.force_login(StaffFactory())

    response = client.get(reverse("admin:matching_matchround_change", args=[round_.pk]))

    content = response.content.decode()
    assert reverse("matching:round_review", args=[round_.public_id]) in content
    listing = client.get(reverse("admin:matching_matchround_changelist"))
    row = listing.context["cl"].result_list[0]
    assert (row.choice_count, row.mentee_count, row.mentor_count) == (2, 1, 2)


@pytest.mark.parametrize(
    "model", ["matchround", "roundchoice", "roundmentor", "rounddraft", "roundoutcome"]
)
def test_program_staff_read_the_rounds_records(client, model):
    RoundChoiceFactory()
    client.force_login(StaffFactory())

    assert client.get(reverse(f"admin:matching_{model}_changelist")).status_code == 200


def test_staff_without_the_group_see_no_rounds(client):
    client.force_login(UserFactory(is_staff=True))

    assert client.get(reverse("admin:matching_matchround_changelist")).status_code == 403


# --- smoke tests: list, search and add (or change, where adding is not offered) ------------


@pytest.fixture
def superuser(db):
    return UserFactory(is_staff=True, is_superuser=True)


@pytest.fixture
def one_of_each():
    outcome = RoundOutcomeFactory(mentee__email="maja@example.org")
    round_ = outcome.draft.round
    choice = RoundChoiceFactory(round=round_, mentee=outcome.mentee, mentor=outcome.mentor)
    places = RoundMentorFactory(round=round_, mentor=outcome.mentor)
    return {
        "matchround": (round_, round_.name),
        "roundchoice": (choice, "maja@example.org"),
        "roundmentor": (places, outcome.mentor.email),
        "rounddraft": (outcome.draft, round_.name),
        "roundoutcome": (outcome, "maja@example.org"),
    }


@pytest.mark.parametrize(
    ("model", "can_add"),
    [
        ("matchround", True),
        ("roundchoice", False),
        ("roundmentor", False),
        ("rounddraft", False),
        ("roundoutcome", False),
    ],
)
def test_round_admin_pages_answer(client, superuser, one_of_each, model, can_add):
    client.force_login(superuser)
    obj, query = one_of_each[model]
    changelist = reverse(f"admin:matching_{model}_changelist")

    listing = client.get(changelist)
    search = client.get(changelist, {"q": query})
    change = client.get(reverse(f"admin:matching_{model}_change", args=[obj.pk]))
    add = client.get(reverse(f"admin:matching_{model}_add"))

    assert listing.status_code == 200
    assert listing.context["cl"].result_count == 1
    assert search.context["cl"].result_count == 1
    assert client.get(changelist, {"q": "nobody@nowhere.example"}).context["cl"].result_count == 0
    assert change.status_code == 200
    assert add.status_code == (200 if can_add else 403)


def test_outcomes_filter_by_result(client, superuser):
    matched = RoundOutcomeFactory()
    RoundOutcomeFactory(draft=matched.draft, mentor=None)
    client.force_login(superuser)
    changelist = reverse("admin:matching_roundoutcome_changelist")

    assert client.get(changelist, {"matched": "yes"}).context["cl"].result_count == 1
    assert client.get(changelist, {"matched": "no"}).context["cl"].result_count == 1
