"""The access matrix of the pair's workspace: every URL of ``cycles.urls``, with GET and with
POST, as each kind of visitor.

The URLs are read from ``cycles.urls.urlpatterns``, so a new URL without an expected status
below fails ``test_every_url_is_in_the_matrix`` and its own cases.

- The pair (mentee and mentor): the page, a redirect after an action, or 405 for a GET on a
  POST-only action.
- Another pair's mentee or mentor, and staff (who use the admin): 404, never 403, so a guessed
  id confirms nothing, and nothing changes. The one exception is a GET on a POST-only action:
  Django answers 405 before the view runs, exactly as it does for an id that does not exist,
  so that confirms nothing either (``test_a_405_confirms_nothing``).
- Anonymous visitors: a redirect to the login page.
"""

import uuid

import pytest
from django.urls import reverse

from cycles.models import (
    Agreement,
    AgreementVersion,
    Goal,
    Meeting,
    Mentorship,
    Message,
    PhaseTick,
)
from cycles.urls import app_name, urlpatterns
from tests.factories import (
    AgreementFactory,
    AgreementVersionFactory,
    GoalFactory,
    MeetingFactory,
    MenteeFactory,
    MentorFactory,
    MentorshipFactory,
    MessageFactory,
    PhaseTickFactory,
    StaffFactory,
)

pytestmark = pytest.mark.django_db

URL_NAMES = [pattern.name for pattern in urlpatterns]

# What the pair gets, for (GET, POST) with an empty POST body. A 200 after a POST is a form
# shown again with its errors (or a read-only page); a 302 is an action done or refused with a
# message. The end and notes forms have only optional fields and are built with
# ``request.POST or None``: an empty body (a browser always sends at least the CSRF token)
# leaves them unbound, so the page is shown again.
PARTICIPANT_STATUS = {
    "mentorship_list": (200, 200),
    "mentorship_detail": (200, 200),
    "mentorship_advance": (405, 302),
    "mentorship_closure": (405, 302),
    "mentorship_end": (200, 200),
    # The exit question waits until she has closed the mentorship: back to its page.
    "exit_question": (302, 302),
    "mentorship_tick": (405, 302),
    "message_post": (405, 200),
    "goal_add": (200, 200),
    "goal_edit": (200, 200),
    "agreement_detail": (200, 200),
    "agreement_edit": (200, 200),
    "agreement_accept": (405, 302),
    "agreement_print": (200, 200),
    "agreement_version": (200, 200),
    "meeting_new": (200, 200),
    "meeting_detail": (200, 200),
    # The pair's meeting is agreed: it has no times to accept or decline (an empty choice is
    # refused with a message); cancelling it asks for a note, so an empty body shows the form.
    "meeting_accept": (405, 302),
    "meeting_decline": (302, 302),
    "meeting_edit": (200, 200),
    "meeting_cancel": (200, 200),
    "meeting_ics": (200, 200),
    # Meetings logged afterwards: the world's meeting is a planned one, so confirming,
    # disputing or deleting it is refused with a message (``test_views_meeting_log.py``).
    "meeting_log": (200, 200),
    "meeting_log_confirm": (405, 302),
    "meeting_log_dispute": (302, 302),
    "meeting_log_delete": (302, 302),
    # Safeguarding (issue 20): this pair's mentee is an adult, so "I feel unsafe" is not
    # theirs, and only a safeguarding lead reads a minor pair's conversation (her rights, and
    # a minor pair's button: ``test_safeguarding.py``).
    "unsafe": (404, 404),
    "unsafe_sent": (404, 404),
    "oversight_list": (404, 404),
    "oversight_detail": (404, 404),
}
# Pages that list the visitor's own things rather than show one of the pair's.
OWN_LISTS = {"mentorship_list"}
POST_ONLY = {name for name, (get, _post) in PARTICIPANT_STATUS.items() if get == 405}

ROLES = ["mentee", "mentor", "other_mentee", "other_mentor", "staff", "anonymous"]
OUTSIDERS = {"other_mentee", "other_mentor", "staff"}


@pytest.fixture
def world():
    """The pair's mentorship with an agreement at version 2 (version 1 kept), a goal, a future
    meeting, a message and a tick; another pair; a staff user."""
    mentorship = MentorshipFactory(
        mentor=MentorFactory(profile__display_name="Katherine"),
        mentee=MenteeFactory(profile__display_name="Mae"),
    )
    agreement = AgreementFactory(mentorship=mentorship, version=2)
    AgreementVersionFactory(agreement=agreement)
    goal = GoalFactory(mentorship=mentorship, title="Apply for a summer internship")
    meeting = MeetingFactory(mentorship=mentorship)
    MessageFactory(mentorship=mentorship)
    PhaseTickFactory(mentorship=mentorship)
    other = MentorshipFactory(
        mentor=MentorFactory(profile__display_name="Olivia"),
        mentee=MenteeFactory(profile__display_name="Nora"),
    )
    return {
        "mentorship": mentorship,
        "goal": goal,
        "meeting": meeting,
        "version": 1,
        "users": {
            "mentee": mentorship.mentee,
            "mentor": mentorship.mentor,
            "other_mentee": other.mentee,
            "other_mentor": other.mentor,
            "staff": StaffFactory(),
            "anonymous": None,
        },
    }


def url_for(name: str, world: dict, public_id=None) -> str:
    """The URL with its arguments taken from the pair's objects, by the route's parameters: a
    ``public_id`` under ``meetings/`` is the meeting's, any other the mentorship's."""
    pattern = next(p for p in urlpatterns if p.name == name)
    route = str(pattern.pattern)
    kwargs = {}
    for parameter in pattern.pattern.converters:
        if parameter == "public_id":
            owner = world["meeting"] if route.startswith("meetings/") else world["mentorship"]
            kwargs[parameter] = public_id or owner.public_id
        elif parameter == "goal_id":
            kwargs[parameter] = world["goal"].pk
        elif parameter == "version":
            kwargs[parameter] = world["version"]
        else:  # pragma: no cover - a new kind of parameter needs a value here
            raise AssertionError(f"no value for <{parameter}> in {name}")
    return reverse(f"{app_name}:{name}", kwargs=kwargs)


def snapshot(mentorship: Mentorship) -> dict:
    """Everything an action on the pair's pages could change."""
    mentorship.refresh_from_db()
    agreement = Agreement.objects.get(mentorship=mentorship)
    return {
        "mentorship": (
            mentorship.status,
            mentorship.phase,
            mentorship.ended_at,
            mentorship.mentor_confirmed_closure_at,
            mentorship.mentee_confirmed_closure_at,
        ),
        "agreement": (
            agreement.version,
            agreement.expectations,
            agreement.mentor_accepted_at,
            agreement.mentee_accepted_at,
            agreement.updated_at,
        ),
        "versions": AgreementVersion.objects.filter(agreement=agreement).count(),
        "goals": list(
            Goal.objects.filter(mentorship=mentorship)
            .order_by("pk")
            .values_list("title", "status", "progress_note")
        ),
        "meetings": list(
            Meeting.objects.filter(mentorship=mentorship)
            .order_by("pk")
            .values_list("starts_at", "cancelled_at", "notes", "location")
        ),
        "messages": Message.objects.filter(mentorship=mentorship).count(),
        "ticks": PhaseTick.objects.filter(mentorship=mentorship).count(),
    }


def test_every_url_is_in_the_matrix():
    assert sorted(URL_NAMES) == sorted(PARTICIPANT_STATUS)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("method", ["get", "post"])
@pytest.mark.parametrize("name", URL_NAMES)
def test_access(client, world, name, method, role):
    user = world["users"][role]
    if user is not None:
        client.force_login(user)
    path = url_for(name, world)
    before = snapshot(world["mentorship"])

    response = getattr(client, method)(path)

    if role == "anonymous":
        assert response.status_code == 302
        assert response["Location"] == f"{reverse('account_login')}?next={path}"
    elif role in ("mentee", "mentor"):
        expected = PARTICIPANT_STATUS[name][0 if method == "get" else 1]
        assert response.status_code == expected
    elif name in OWN_LISTS:
        assert response.status_code == 200
        page = response.content.decode()
        assert "Katherine" not in page
        assert "Mae" not in page
        assert str(world["mentorship"].public_id) not in page
    elif method == "get" and name in POST_ONLY:
        assert response.status_code == 405
    else:
        assert response.status_code == 404

    if role in OUTSIDERS or role == "anonymous":
        assert snapshot(world["mentorship"]) == before


@pytest.mark.parametrize("name", sorted(POST_ONLY))
def test_a_405_confirms_nothing(client, world, name):
    """A GET on a POST-only action is 405 for a real id and for an id that does not exist."""
    client.force_login(world["users"]["other_mentee"])

    real = client.get(url_for(name, world))
    unknown = client.get(url_for(name, world, public_id=uuid.uuid4()))

    assert (real.status_code, real.content) == (unknown.status_code, unknown.content)


@pytest.mark.parametrize("name", sorted(set(URL_NAMES) - OWN_LISTS))
def test_an_unknown_id_is_404_for_the_pair_too(client, world, name):
    """The pair's 404 for a made-up id looks like an outsider's 404 for a real one."""
    client.force_login(world["users"]["mentee"])
    method = "post" if name in POST_ONLY else "get"

    response = getattr(client, method)(url_for(name, world, public_id=uuid.uuid4()))

    assert response.status_code == 404


def test_another_pairs_goal_through_her_own_mentorship_is_404(client, world):
    """The goal id is looked up inside the pair's mentorship: her own page's id with another
    pair's goal opens nothing."""
    stranger_goal = GoalFactory(title="Someone else's goal")
    client.force_login(world["users"]["mentee"])
    path = reverse("cycles:goal_edit", args=[world["mentorship"].public_id, stranger_goal.pk])

    assert client.get(path).status_code == 404
    assert client.post(path, {"title": "Mine now", "status": "achieved"}).status_code == 404
    stranger_goal.refresh_from_db()
    assert (stranger_goal.title, stranger_goal.status) == ("Someone else's goal", "open")


def test_another_pairs_version_number_through_her_own_mentorship_is_404(client, world):
    """Version numbers are looked up in the pair's own agreement: one it does not have is 404,
    even if another pair's agreement has it."""
    AgreementVersionFactory(agreement=AgreementFactory(version=4), version=3)
    client.force_login(world["users"]["mentor"])

    response = client.get(
        reverse("cycles:agreement_version", args=[world["mentorship"].public_id, 3])
    )

    assert response.status_code == 404
