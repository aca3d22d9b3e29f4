"""The staff's pages for a match round: who may open them, what a draft says (figures,
stability, fairness with small groups withheld, pairs, the unmatched), what-if, comparing two
drafts, and publication behind its confirmation page."""

import html
import re
from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone

from matching.rounds.models import MatchRound, RoundDraft
from profiles.access import STAFF_GROUP
from profiles.models import Profile
from tests.factories import (
    ExpertiseAreaFactory,
    MatchRoundFactory,
    MenteeFactory,
    MentorFactory,
    ReporterFactory,
    RoundChoiceFactory,
    RoundDraftFactory,
    RoundMentorFactory,
    RoundOutcomeFactory,
    SpokenLanguageFactory,
    StaffFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def text(response) -> str:
    """The page's text, tags and runs of white space removed."""
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", response.content.decode())))


@pytest.fixture
def staff_client(client):
    client.force_login(StaffFactory())
    return client


@pytest.fixture
def reviewed():
    """A round in review: Ada (2 places) got Maja, her first choice; Lisa ranked Ada only
    and was left out; Grace still has a place. Draft 1 says so."""
    round_ = MatchRoundFactory(name="Spring cohort")
    ada = MentorFactory(profile__display_name="Ada", capacity=2)
    grace = MentorFactory(profile__display_name="Grace", capacity=1)
    maja = MenteeFactory(profile__display_name="Maja", profile__country="SE")
    lisa = MenteeFactory(profile__display_name="Lisa", profile__country="NO")
    RoundChoiceFactory(round=round_, mentee=maja, mentor=ada, rank=1)
    RoundChoiceFactory(round=round_, mentee=lisa, mentor=ada, rank=1, fit="not")
    RoundMentorFactory(round=round_, mentor=ada, capacity=1)
    field = ExpertiseAreaFactory(slug="physics", name_en="Physics", name_sv="Fysik")
    language = SpokenLanguageFactory(code="sv", name_en="Swedish", name_sv="Svenska")
    draft = RoundDraftFactory(
        round=round_,
        number=1,
        figures={
            "mentees": 2,
            "matched": 1,
            "unmatched": 1,
            "by_choice": {"1": 1},
            "mentors": 2,
            "places": 2,
            "places_left": 1,
            "blocking_pairs": 0,
            "broken_rules": 0,
            "fairness": {
                "country": [
                    {
                        "key": "SE",
                        "people": 6,
                        "suppressed": False,
                        "matched_share": 0.5,
                        "average_rank": 1.5,
                    },
                    {
                        "key": "NO",
                        "people": 1,
                        "suppressed": True,
                        "matched_share": None,
                        "average_rank": None,
                    },
                ],
                "field": [
                    {
                        "key": field.pk,
                        "people": 7,
                        "suppressed": False,
                        "matched_share": 1.0,
                        "average_rank": 1.0,
                    },
                ],
                "language": [
                    {
                        "key": language.pk,
                        "people": 2,
                        "suppressed": True,
                        "matched_share": None,
                        "average_rank": None,
                    },
                ],
            },
        },
    )
    matched = RoundOutcomeFactory(
        draft=draft, mentee=maja, mentor=ada, mentee_rank=1, mentor_rank=1
    )
    RoundOutcomeFactory(
        draft=draft,
        mentee=lisa,
        mentor=None,
        mentee_rank=None,
        mentor_rank=None,
        reasons={"missed": [{"mentor": ada.pk, "why": "not_a_fit", "places": 1}]},
    )
    return {
        "round": round_,
        "draft": draft,
        "ada": ada,
        "grace": grace,
        "maja": maja,
        "lisa": lisa,
        "matched": matched,
    }


def review_url(round_) -> str:
    return reverse("matching:round_review", args=[round_.public_id])


def draft_url(round_, number: int) -> str:
    return reverse("matching:round_draft", args=[round_.public_id, number])


def publish_url(round_, number: int) -> str:
    return reverse("matching:round_publish", args=[round_.public_id, number])


# --- who may open the pages ----------------------------------------------------------------


def _staff_without_the_permission():
    """Staff status, but not in the "Program staff" group."""
    return UserFactory(is_staff=True)


@pytest.mark.parametrize(
    "who",
    [
        lambda: MenteeFactory(),
        lambda: MentorFactory(),
        lambda: ReporterFactory(),
        _staff_without_the_permission,
    ],
    ids=["mentee", "mentor", "reporter", "staff-without-permission"],
)
@pytest.mark.parametrize("page", ["list", "review", "draft", "compare", "publish"])
def test_only_staff_with_the_permission_open_the_pages(client, reviewed, who, page):
    round_ = reviewed["round"]
    RoundDraftFactory(round=round_, number=2, based_on=reviewed["draft"])
    urls = {
        "list": reverse("matching:round_list"),
        "review": review_url(round_),
        "draft": draft_url(round_, 1),
        "compare": reverse("matching:round_compare", args=[round_.public_id, 2]),
        "publish": publish_url(round_, 1),
    }
    client.force_login(who())

    assert client.get(urls[page]).status_code == 403
    if page != "list" and page != "compare":
        assert client.post(urls[page]).status_code == 403
    assert RoundDraft.objects.filter(round=round_).count() == 2
    assert MatchRound.objects.get(pk=round_.pk).published_at is None


def test_a_stranger_is_sent_to_sign_in(client, reviewed):
    response = client.get(review_url(reviewed["round"]))

    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_an_unknown_round_or_draft_is_404(staff_client, reviewed):
    round_ = reviewed["round"]
    unknown = MatchRoundFactory.build().public_id

    assert staff_client.get(reverse("matching:round_review", args=[unknown])).status_code == 404
    assert staff_client.get(draft_url(round_, 9)).status_code == 404
    assert staff_client.get(publish_url(round_, 9)).status_code == 404
    # Draft 1 is based on nothing: there is nothing to compare it with.
    compare = reverse("matching:round_compare", args=[round_.public_id, 1])
    assert staff_client.get(compare).status_code == 404


def test_a_draft_of_another_round_is_404(staff_client, reviewed):
    other = MatchRoundFactory()

    assert staff_client.get(draft_url(other, 1)).status_code == 404


def test_a_superuser_without_the_group_opens_them(client, reviewed):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))

    assert client.get(review_url(reviewed["round"])).status_code == 200


# --- the list and a round ------------------------------------------------------------------


def test_the_list_shows_each_round_with_its_stage(staff_client, reviewed):
    MatchRoundFactory(
        name="Summer cohort",
        opens_at=timezone.now() + timedelta(days=3),
        closes_at=timezone.now() + timedelta(days=10),
    )

    page = text(staff_client.get(reverse("matching:round_list")))

    assert "Spring cohort Being reviewed by program staff" in page
    assert "Summer cohort Not open yet" in page


def test_the_list_without_rounds_says_how_to_create_one(staff_client):
    page = text(staff_client.get(reverse("matching:round_list")))

    assert "No round yet." in page
    assert "Create a round" in page


def test_the_review_page_shows_the_participants_and_the_drafts(staff_client, reviewed):
    response = staff_client.get(review_url(reviewed["round"]))

    page = text(response)
    assert "Mentees who ranked 2" in page
    assert "Choices made 2" in page
    # Ada gives 1 of her 2 places to the round; Grace offers her free one.
    assert "Mentors taking part 2" in page
    assert "Places they offer now 2" in page
    assert 'id="make-draft"' in response.content.decode()
    assert "Draft 1 1 1 As ranked" in page


@pytest.mark.parametrize(
    ("opens", "closes", "says"),
    [(2, 9, "Rankings have not opened yet."), (-2, 9, "Mentees are ranking and mentors")],
)
def test_no_draft_before_rankings_close(staff_client, opens, closes, says):
    now = timezone.now()
    round_ = MatchRoundFactory(
        opens_at=now + timedelta(days=opens), closes_at=now + timedelta(days=closes)
    )

    response = staff_client.get(review_url(round_))
    assert says in text(response)
    assert 'id="make-draft"' not in response.content.decode()

    response = staff_client.post(review_url(round_), follow=True)
    assert "Drafts are made once rankings have closed" in text(response)
    assert not round_.drafts.exists()


# --- a draft -------------------------------------------------------------------------------


def test_the_draft_shows_its_figures_and_that_it_is_stable(staff_client, reviewed):
    page = text(staff_client.get(draft_url(reviewed["round"], 1)))

    assert "Mentees 2 Matched 1 Not matched 1 Places left 1" in page
    assert "Stable and within the rules." in page
    assert "Choice 1 1 50 %" in page


def test_a_draft_that_failed_its_check_says_so_and_cannot_be_published(staff_client, reviewed):
    draft = reviewed["draft"]
    draft.figures = {**draft.figures, "blocking_pairs": 1}
    draft.save()

    page = text(staff_client.get(draft_url(reviewed["round"], 1)))
    assert "This draft failed its check: do not publish it." in page
    assert "Blocking pairs: 1." in page

    response = staff_client.get(publish_url(reviewed["round"], 1))
    assert 'id="publish-confirm"' not in response.content.decode()
    response = staff_client.post(publish_url(reviewed["round"], 1), follow=True)
    assert "This draft failed its check." in text(response)
    assert MatchRound.objects.get(pk=reviewed["round"].pk).published_at is None


def test_the_fairness_table_names_groups_and_withholds_small_ones(staff_client, reviewed):
    page = text(staff_client.get(draft_url(reviewed["round"], 1)))

    assert "Sweden (6) 50 % 1.5" in page
    assert "Norway fewer than 5" in page
    assert "Physics (7) 100 % 1.0" in page
    assert "Swedish fewer than 5" in page


def test_the_fairness_table_names_groups_in_the_readers_language(client, reviewed):
    staff = StaffFactory()
    client.force_login(staff)
    client.get(reverse("dashboard"))  # her profile comes with her first page
    Profile.objects.filter(user=staff).update(language="sv")

    page = text(client.get(draft_url(reviewed["round"], 1)))

    assert "Sverige (6) 50 % 1,5" in page
    assert "Norge färre än 5" in page
    assert "Fysik (7)" in page
    assert "Svenska färre än 5" in page


def test_the_pairs_show_names_ranks_and_reasons(staff_client, reviewed):
    response = staff_client.get(draft_url(reviewed["round"], 1))

    assert [
        (outcome.mentor.get_full_name(), outcome.mentee.get_full_name(), outcome.mentee_rank)
        for outcome, _reasons in response.context["pairs"]
    ] == [("Ada", "Maja", 1)]
    assert "Ada Maja 1 1" in text(response)


def test_only_the_first_unmatched_are_put_in_words(staff_client, reviewed):
    from matching.rounds import review

    draft = reviewed["draft"]
    for _index in range(review.UNMATCHED_SHOWN + 1):
        RoundOutcomeFactory(draft=draft, mentor=None, mentee_rank=None, mentor_rank=None)
    draft.figures = {**draft.figures, "unmatched": review.UNMATCHED_SHOWN + 2}
    draft.save()

    response = staff_client.get(draft_url(reviewed["round"], 1))

    assert len(response.context["unmatched"]) == review.UNMATCHED_SHOWN
    assert "2 more mentees not matched: see them all in the administration" in text(response)
    listing = staff_client.get(
        reverse("admin:matching_roundoutcome_changelist"),
        {"draft__id__exact": draft.pk, "matched": "no"},
    )
    assert listing.context["cl"].result_count == review.UNMATCHED_SHOWN + 2


def test_the_unmatched_are_listed_with_the_mentors_who_have_places(staff_client, reviewed):
    response = staff_client.get(draft_url(reviewed["round"], 1))

    assert [outcome.mentee.get_full_name() for outcome, _ in response.context["unmatched"]] == [
        "Lisa"
    ]
    # Ada gave the round 1 place and it is taken; Grace's free place is left.
    assert [(row.name, row.places_left) for row in response.context["places_left"]] == [
        ("Grace", 1)
    ]
    assert "Grace · 1 place" in text(response)


def test_what_if_another_number_of_places_makes_a_draft_based_on_this_one(staff_client, reviewed):
    round_, ada = reviewed["round"], reviewed["ada"]

    response = staff_client.post(
        draft_url(round_, 1), {"capacity-mentor": ada.pk, "capacity-capacity": 2}
    )

    new = round_.drafts.get(number=2)
    assert response.status_code == 302
    assert response.url == reverse("matching:round_compare", args=[round_.public_id, 2])
    assert new.based_on == reviewed["draft"]
    assert new.capacity_changes == {str(ada.pk): 2}
    assert new.excluded_pairs == []


def test_what_if_keeps_a_pair_apart(staff_client, reviewed):
    round_, matched = reviewed["round"], reviewed["matched"]

    response = staff_client.post(draft_url(round_, 1), {"outcome": matched.pk})

    assert response.status_code == 302
    new = round_.drafts.get(number=2)
    assert new.excluded_pairs == [[matched.mentee_id, matched.mentor_id]]
    assert new.based_on == reviewed["draft"]


def test_what_if_with_a_mentor_out_of_the_round_keeps_what_was_typed(staff_client, reviewed):
    outsider = MentorFactory(profile__display_name="Outsider")
    outsider.presentation.accepting_requests = False
    outsider.presentation.save()

    response = staff_client.post(
        draft_url(reviewed["round"], 1),
        {"capacity-mentor": outsider.pk, "capacity-capacity": 3},
    )

    assert response.status_code == 200
    assert "Select a valid choice." in text(response)
    assert 'value="3"' in response.content.decode()
    assert reviewed["round"].drafts.count() == 1


def test_keeping_apart_a_pair_not_in_the_draft_changes_nothing(staff_client, reviewed):
    other = RoundOutcomeFactory()

    response = staff_client.post(
        draft_url(reviewed["round"], 1), {"outcome": other.pk}, follow=True
    )

    assert "That pair is not in this draft." in text(response)
    assert reviewed["round"].drafts.count() == 1


def test_the_comparison_shows_counts_and_who_changed_mentor(staff_client, reviewed):
    round_, first = reviewed["round"], reviewed["draft"]
    second = RoundDraftFactory(
        round=round_,
        number=2,
        based_on=first,
        figures={**first.figures, "matched": 2, "unmatched": 0, "by_choice": {"1": 1, "2": 1}},
    )
    RoundOutcomeFactory(draft=second, mentee=reviewed["maja"], mentor=reviewed["ada"])
    RoundOutcomeFactory(
        draft=second, mentee=reviewed["lisa"], mentor=reviewed["grace"], mentee_rank=2
    )

    response = staff_client.get(reverse("matching:round_compare", args=[round_.public_id, 2]))

    page = text(response)
    assert "Matched 1 2" in page
    assert "Got choice 1 1 (50 %) 1 (50 %)" in page
    assert "Got choice 2 0 1 (50 %)" in page
    assert "1 mentee's mentor changed" in page
    assert "Lisa Not matched Grace" in page


# --- publication ---------------------------------------------------------------------------


def test_the_publish_page_says_what_publishing_does(staff_client, reviewed):
    page = text(staff_client.get(publish_url(reviewed["round"], 1)))

    # One mentorship; both mentees and Ada are told.
    assert "This starts 1 mentorship and emails 3 people; it cannot be undone." in page


def test_a_published_round_shows_its_result_and_no_buttons(staff_client, reviewed):
    round_, draft = reviewed["round"], reviewed["draft"]
    MatchRound.objects.filter(pk=round_.pk).update(
        published_at=timezone.now(), published_draft=draft
    )

    review = staff_client.get(review_url(round_))
    page = staff_client.get(draft_url(round_, 1))

    assert "See the published result" in text(review)
    assert 'id="make-draft"' not in review.content.decode()
    assert 'id="publish-link"' not in page.content.decode()
    assert 'id="what-if"' not in page.content.decode()
    assert "Keep apart" not in text(page)
    assert staff_client.get(publish_url(round_, 1)).status_code == 302
    response = staff_client.post(draft_url(round_, 1), {"outcome": reviewed["matched"].pk})
    assert response.status_code == 302
    assert round_.drafts.count() == 1


def test_a_published_draft_says_which_pairs_were_not_started(staff_client, reviewed):
    round_, draft = reviewed["round"], reviewed["draft"]
    draft.figures = {**draft.figures, "refused_at_publication": 1}
    draft.save()
    MatchRound.objects.filter(pk=round_.pk).update(
        published_at=timezone.now(), published_draft=draft
    )

    page = text(staff_client.get(draft_url(round_, 1)))

    assert "1 pair was not started at publication: a rule no longer held for it" in page


def test_the_staff_dashboard_and_to_do_lead_to_the_rounds(staff_client, reviewed):
    dashboard = staff_client.get(reverse("dashboard")).content.decode()
    todo = text(staff_client.get(reverse("staff_todo")))

    assert reverse("matching:round_list") in dashboard
    assert "Match rounds to review and publish" in todo
    assert "Spring cohort" in todo


def test_the_to_do_item_leaves_once_published(staff_client, reviewed):
    MatchRound.objects.filter(pk=reviewed["round"].pk).update(
        published_at=timezone.now(), published_draft=reviewed["draft"]
    )

    assert "Spring cohort" not in text(staff_client.get(reverse("staff_todo")))


def test_only_staff_with_the_permission_see_the_rounds_button(client):
    with_group = UserFactory(is_staff=True)
    with_group.groups.add(Group.objects.get(name=STAFF_GROUP))
    rounds = reverse("matching:round_list")

    client.force_login(with_group)
    assert rounds in client.get(reverse("dashboard")).content.decode()
    client.force_login(_staff_without_the_permission())
    assert rounds not in client.get(reverse("dashboard")).content.decode()


# --- a fixed number of queries -------------------------------------------------------------


def _draft_with(pairs: int) -> RoundDraft:
    """Draft 1 of a round: ``pairs`` matched mentees and one left unmatched."""
    draft = RoundDraftFactory(number=1)
    for _index in range(pairs):
        outcome = RoundOutcomeFactory(draft=draft)
        RoundChoiceFactory(round=draft.round, mentee=outcome.mentee, mentor=outcome.mentor)
    RoundOutcomeFactory(draft=draft, mentor=None, mentee_rank=None, mentor_rank=None)
    return draft


@pytest.mark.parametrize("pairs", [1, 6], ids=["one", "many"])
def test_the_pages_take_a_fixed_number_of_queries(staff_client, django_assert_num_queries, pairs):
    draft = _draft_with(pairs)
    second = RoundDraftFactory(round=draft.round, number=2, based_on=draft)
    RoundOutcomeFactory(draft=second)
    round_ = draft.round
    pages = {
        reverse("matching:round_list"): 9,
        review_url(round_): 12,
        # Fields and languages are named from the cached reference lists: 2 on a cold cache.
        draft_url(round_, 1): 22,
        reverse("matching:round_compare", args=[round_.public_id, 2]): 12,
        publish_url(round_, 1): 11,
    }
    staff_client.get(reverse("dashboard"))  # her profile comes with her first page

    for url, queries in pages.items():
        with django_assert_num_queries(queries):
            assert staff_client.get(url).status_code == 200
