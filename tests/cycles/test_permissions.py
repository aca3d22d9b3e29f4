"""Who takes part in a mentorship: its mentor and its mentee (``cycles.permissions``). The rule
through its predicate, its queryset forms, a service of each app that acts on a mentorship,
and a page: the pair open it, anyone else (another pair, staff) gets a 404."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from cycles import services
from cycles.models import Meeting, Mentorship, Message
from cycles.permissions import (
    is_participant,
    meetings_visible_to,
    mentorships_visible_to,
    participant_filter,
    require_participant,
)
from evaluations import services as evaluation_services
from evaluations.models import FinalEvaluation
from tests.factories import (
    MeetingFactory,
    MentorshipFactory,
    ReporterFactory,
    StaffFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def pair():
    return MentorshipFactory()


@pytest.fixture
def outsiders(pair):
    """Everyone but the pair: another pair's mentor and mentee, staff, a superuser, a
    reporter, and a visitor who is not signed in."""
    other = MentorshipFactory()
    return {
        "other_mentor": other.mentor,
        "other_mentee": other.mentee,
        "staff": StaffFactory(),
        "superuser": UserFactory(is_staff=True, is_superuser=True),
        "reporter": ReporterFactory(),
        "anonymous": AnonymousUser(),
    }


def test_the_mentor_and_the_mentee_take_part_and_no_one_else(pair, outsiders):
    assert is_participant(pair.mentor, pair)
    assert is_participant(pair.mentee, pair)
    assert not is_participant(None, pair)
    assert not [name for name, user in outsiders.items() if is_participant(user, pair)]


def test_the_queryset_forms_agree_with_the_predicate(pair, outsiders):
    everyone = [pair.mentor, pair.mentee, *outsiders.values()]
    mentorships = list(Mentorship.objects.all())
    for mentorship in mentorships:
        MeetingFactory(mentorship=mentorship)

    for user in everyone:
        mine = {m.pk for m in mentorships if is_participant(user, m)}
        assert {m.pk for m in mentorships_visible_to(user)} == mine
        assert set(meetings_visible_to(user).values_list("mentorship", flat=True)) == mine
        if user.is_authenticated:
            assert {m.pk for m in Mentorship.objects.involving(user)} == mine
            assert (
                set(
                    Meeting.objects.filter(participant_filter(user, "mentorship")).values_list(
                        "mentorship", flat=True
                    )
                )
                == mine
            )


def test_services_refuse_anyone_else(pair, outsiders):
    meeting = MeetingFactory(mentorship=pair)
    signed_in = [user for user in outsiders.values() if user.is_authenticated]

    for user in signed_in:
        with pytest.raises(PermissionDenied):
            require_participant(user, pair)
        with pytest.raises(PermissionDenied):
            services.post_message(mentorship=pair, by=user, body="Hello")
        with pytest.raises(PermissionDenied):
            evaluation_services.submit_final_evaluation(mentorship=pair, by=user, data={})
        with pytest.raises(PermissionDenied):
            evaluation_services.submit_reflection(meeting=meeting, by=user, data={})

    assert not Message.objects.exists()
    assert not FinalEvaluation.objects.exists()


def test_a_participant_acts(pair, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        message = services.post_message(mentorship=pair, by=pair.mentee, body="Hello")

    assert message.author == pair.mentee
    assert pair.role_of(pair.mentee) == "mentee"
    assert pair.other(pair.mentee) == pair.mentor


def test_the_pair_open_their_mentorship_and_everyone_else_gets_a_404(client, pair, outsiders):
    url = reverse("cycles:mentorship_detail", args=[pair.public_id])
    signed_in = {name: user for name, user in outsiders.items() if user.is_authenticated}

    answers = {}
    for name, user in {"mentor": pair.mentor, "mentee": pair.mentee, **signed_in}.items():
        client.force_login(user)
        answers[name] = client.get(url).status_code

    expected = dict.fromkeys(signed_in, 404)
    if "reporter" in expected:
        expected["reporter"] = 403  # the participants' pages are not hers at all (may_open_area)
    assert answers == {"mentor": 200, "mentee": 200, **expected}
