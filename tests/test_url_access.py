"""The access matrix of the whole site: every URL pattern of the project, as each kind of
visitor, with GET and with POST (an empty body), and the status each must answer.

The URLs are read by walking ``django.urls.get_resolver()`` (as 18F/tock's
``test_url_auth.py`` does), so a new URL without a line in ``MATRIX`` fails
``test_every_url_is_in_the_matrix``, its own cases and the case count below.

1540 cases: 110 URLs × 7 visitors (anonymous; the pair's mentee and mentor; another pair's
mentee and mentor; program staff; a reporter) × GET and POST. ``test_the_number_of_cases``
asserts the number, so it changes here when a URL is added.

- Public pages (home, manual, code of conduct, privacy, the language switch) open to
  anonymous visitors; every other page sends them to the site's login (Django's
  ``LoginRequiredMiddleware``). A calendar feed opens with its token alone, for whoever holds
  it (her calendar app signs in nowhere): the matrix reads a staff member's, which holds no
  pair's meetings. So do a guardian's consent and withdrawal pages (the guardian has no
  account): the matrix opens those of a girl outside both pairs.
- A reporter (who has not also joined as a mentor or a mentee) has the dashboard, the report
  and its exports, and her own account: every page of the participants' features (directory,
  mentor pages, requests, mentorships, meetings, reflections, events, library, safety) answers
  her 403, whatever the method or the id in its address, before the page's own checks
  (``profiles.access.may_open_area``).
- Another pair's objects answer 404, never 403, and nothing of theirs changes, nor appears on
  a page (``test_access`` compares the rows of every pair the visitor is not part of before
  and after each POST, and looks for their private names and ids in every 200 page).
- The staff's check-in page (``health:check_in``, issue 22) is about the pair its
  address names, so staff read that pair's names there (``STAFF_READ_THE_PAIR``); the other
  pair never shows.
- allauth's and the admin's own pages are third-party, covered by their own tests; only the
  admin's index is in the matrix: staff only, everyone else goes to the admin's login, which
  sends anonymous visitors to the site's login and refuses signed-in participants
  (``test_the_admin_is_for_staff_only``). So is the user admin's password form, the one view
  of ours there: only a superuser sets a password, program staff get 403
  (``tests/profiles/test_admin_powers.py`` tries it on every kind of account). The
  third-party counts are asserted so an allauth feature switched on, or a view of ours in the
  admin, is noticed.

Adding a URL: one line in ``MATRIX`` (and, for a new kind of URL argument, one line in
``ARGUMENTS``).
"""

import io
from collections import Counter
from dataclasses import dataclass, field
from datetime import timedelta
from urllib.parse import quote

import pytest
from allauth.account.models import EmailAddress
from django.contrib import admin
from django.db import connection
from django.db.models import Q
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from cycles.models import (
    Agreement,
    AgreementVersion,
    Goal,
    GoalRevision,
    Meeting,
    Mentorship,
    MentorshipEvent,
    Message,
    PhaseTick,
)
from evaluations.models import FinalEvaluation, SessionEvaluation
from matching.models import (
    ConnectionRequest,
    FlashBooking,
    FlashSlot,
    MentorPresentation,
    RequestEvent,
)
from profiles.models import Block, CodeOfConductAcceptance, Consent, Profile, Report, User
from tests.factories import (
    AgreementFactory,
    AgreementVersionFactory,
    ConnectionRequestFactory,
    FinalEvaluationFactory,
    GoalFactory,
    GoalRevisionFactory,
    MeetingFactory,
    MenteeFactory,
    MentorFactory,
    MentorshipEventFactory,
    MentorshipFactory,
    MessageFactory,
    PhaseTickFactory,
    ReporterFactory,
    RequestEventFactory,
    SessionEvaluationFactory,
    StaffFactory,
)

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "mentee", "mentor", "other_mentee", "other_mentor", "staff", "reporter"]
METHODS = ["get", "post"]

# --- the URLconf -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Route:
    name: str  # "cycles:mentorship_detail", "admin:index"
    route: str  # the full route, "mentorships/<uuid:public_id>/"
    parameters: tuple[str, ...]
    view: str  # the view's dotted path
    include: str  # the top-level include it comes from ("allauth.urls", "admin"), or ""


def _walk(resolver, prefix="", namespace="", parameters=(), include=""):
    for entry in resolver.url_patterns:
        route = prefix + str(entry.pattern)
        found = parameters + tuple(entry.pattern.regex.groupindex)
        if isinstance(entry, URLResolver):
            # include("allauth.urls") holds the module; admin.site.urls names its app.
            module = getattr(entry.urlconf_name, "__name__", route)
            label = include or entry.app_name or module
            inner = ":".join(part for part in (namespace, entry.namespace) if part)
            yield from _walk(entry, route, inner, found, label)
        else:
            assert isinstance(entry, URLPattern)
            name = entry.name or route
            if namespace:
                name = f"{namespace}:{name}"
            yield Route(name, route, found, entry.lookup_str, include)


ALL_ROUTES = list(_walk(get_resolver()))

# Third-party, covered by their own tests: allauth (sign-in, sign-up, email addresses,
# passwords, two-factor authentication) and Django's admin. Their pattern counts are fixed
# here, so an allauth feature switched on, or a view of ours added to the admin, fails
# ``test_third_party_urls_are_left_to_their_own_tests``; any other new include is the
# project's own and needs its lines in MATRIX.
THIRD_PARTY_INCLUDES = {
    "allauth.urls": 23,
    # The site's 11 (index, login, logout, password change and done, autocomplete, JS
    # catalogue, view on site, app index, catch-all, the user admin's password form) and 6 for
    # each registered model (list, add, change, delete, history, and the bare-id redirect).
    "admin": 11 + 6 * len(admin.site._registry),
}
# Third-party URLs that are in the matrix all the same (the password form's view is ours:
# ``profiles.admin.UserAdmin.user_change_password`` refuses all but superusers).
CHECKED_THIRD_PARTY = {"admin:index", "admin:auth_user_password_change"}

ROUTES = [
    route
    for route in ALL_ROUTES
    if route.include not in THIRD_PARTY_INCLUDES or route.name in CHECKED_THIRD_PARTY
]
ROUTE = {route.name: route for route in ROUTES}

# --- what each visitor gets ------------------------------------------------------------------

# For each URL name, GET/POST for each role, in the order of ROLES. POSTs have an empty body.
#   200, 403, 404, 405  that status
#   L                   302 to the site's login, coming back to the page (?next=)
#   302                 302 anywhere else (a done or refused action, an onboarding step, ...)
# A 403 is only for the visitor's own kind of page she may not use (a mentee on the mentor's
# pages); another pair's objects are 404. A GET on a POST-only action is 405 before the view
# runs, for a real id as for a made-up one, so it confirms nothing.
MATRIX_TABLE = """
# name                          anonymous mentee   mentor   o.mentee o.mentor staff    reporter
home                            200/200  302/302  302/302  302/302  302/302  302/302  302/302
dashboard                       L/L      200/200  200/200  200/200  200/200  200/200  200/200
staff_todo                      L/L      403/405  403/405  403/405  403/405  200/405  403/405
staff_todo_done                 L/L      405/403  405/403  405/403  405/403  405/404  405/403
profiles:privacy_notice         200/200  200/200  200/200  200/200  200/200  200/200  200/200
manual                          200/200  200/200  200/200  200/200  200/200  200/200  200/200
code_of_conduct                 200/200  200/200  200/200  200/200  200/200  200/200  200/200
set_language                    405/302  405/302  405/302  405/302  405/302  405/302  405/302
profiles:onboarding_role        L/L      302/302  302/302  302/302  302/302  302/302  302/302
profiles:onboarding_conduct     L/L      302/302  302/302  302/302  302/302  200/200  200/200
profiles:onboarding_profile     L/L      200/200  200/200  200/200  200/200  200/200  200/200
profiles:profile                L/L      200/200  200/200  200/200  200/200  200/200  200/200
profiles:profile_edit           L/L      200/200  200/200  200/200  200/200  200/200  200/200
profiles:account_data           L/L      200/200  200/200  200/200  200/200  200/200  200/200
profiles:account_delete         L/L      200/200  200/200  200/200  200/200  200/200  200/200
profiles:calendar               L/L      200/200  200/200  200/200  200/200  200/200  200/200
profiles:calendar_new           L/L      302/200  302/200  302/200  302/200  302/200  302/200
profiles:calendar_off           L/L      302/302  302/302  302/302  302/302  302/302  302/302
profiles:calendar_feed          200/405  200/405  200/405  200/405  200/405  200/405  200/405
profiles:guardian               L/L      200/200  200/200  200/200  200/200  200/200  200/200
profiles:guardian_consent       200/200  200/200  200/200  200/200  200/200  200/200  200/200
profiles:guardian_withdraw      200/200  200/200  200/200  200/200  200/200  200/200  200/200
profiles:photo                  L/L      200/405  200/405  404/405  404/405  200/405  404/405
notifications:settings          L/L      200/302  200/302  200/302  200/302  200/302  200/302
notifications:inbox             L/L      200/405  200/405  200/405  200/405  200/405  200/405
notifications:open              L/L      302/405  404/405  404/405  404/405  404/405  404/405
notifications:mark_all_read     L/L      405/302  405/302  405/302  405/302  405/302  405/302
notifications:unsubscribe       200/200  200/200  200/200  200/200  200/200  200/200  200/200
matching:directory              L/L      200/200  200/200  200/200  200/200  200/200  403/403
matching:round_result           L/L      200/200  200/200  404/404  404/404  404/404  403/403
matching:mentor_detail          L/L      200/200  200/200  200/200  200/200  200/200  403/403
matching:send_request           L/L      405/200  405/403  405/200  405/403  405/403  403/403
matching:my_presentation        L/L      403/403  200/200  403/403  200/200  403/403  403/403
matching:presentation_edit      L/L      403/403  200/200  403/403  200/200  403/403  403/403
matching:presentation_action    L/L      405/403  405/302  405/403  405/302  405/403  403/403
matching:request_list           L/L      200/200  200/200  200/200  200/200  403/403  403/403
matching:request_detail         L/L      200/200  200/200  404/404  404/404  404/404  403/403
matching:request_accept         L/L      405/403  405/302  405/404  405/404  405/404  403/403
matching:request_decline        L/L      403/403  200/200  404/404  404/404  404/404  403/403
matching:request_withdraw       L/L      200/200  403/403  404/404  404/404  404/404  403/403
matching:flash_book             L/L      200/200  403/403  200/200  403/403  403/403  403/403
matching:flash_slots            L/L      403/403  200/200  403/403  200/200  403/403  403/403
matching:flash_per_week         L/L      405/403  405/200  405/403  405/200  405/403  403/403
matching:flash_slot_remove      L/L      405/403  405/302  405/403  405/404  405/403  403/403
matching:flash_booking_cancel   L/L      403/403  200/200  403/403  404/404  403/403  403/403
matching:rounds                 L/L      200/405  200/405  200/405  200/405  200/405  403/403
matching:round                  L/L      404/405  200/405  404/405  404/405  404/405  403/403
matching:round_ranking          L/L      405/404  405/403  405/404  405/404  405/404  403/403
matching:round_remove           L/L      404/404  403/403  404/404  404/404  404/404  403/403
matching:round_marks            L/L      405/404  405/302  405/404  405/404  405/404  403/403
matching:round_capacity         L/L      405/404  405/200  405/404  405/404  405/404  403/403
matching:round_list             L/L      403/405  403/405  403/405  403/405  200/405  403/403
matching:round_review           L/L      403/403  403/403  403/403  403/403  200/302  403/403
matching:round_draft            L/L      403/403  403/403  403/403  403/403  200/200  403/403
matching:round_compare          L/L      403/405  403/405  403/405  403/405  200/405  403/403
matching:round_publish          L/L      403/403  403/403  403/403  403/403  200/302  403/403
cycles:mentorship_list          L/L      200/200  200/200  200/200  200/200  200/200  403/403
cycles:mentorship_detail        L/L      200/200  200/200  404/404  404/404  404/404  403/403
cycles:mentorship_advance       L/L      405/302  405/302  405/404  405/404  405/404  403/403
cycles:mentorship_closure       L/L      405/302  405/302  405/404  405/404  405/404  403/403
cycles:mentorship_end           L/L      200/200  200/200  404/404  404/404  404/404  403/403
cycles:exit_question            L/L      302/302  302/302  404/404  404/404  404/404  403/403
cycles:mentorship_tick          L/L      405/302  405/302  405/404  405/404  405/404  403/403
cycles:message_post             L/L      405/200  405/200  405/404  405/404  405/404  403/403
cycles:goal_add                 L/L      200/200  200/200  404/404  404/404  404/404  403/403
cycles:goal_edit                L/L      200/200  200/200  404/404  404/404  404/404  403/403
cycles:agreement_detail         L/L      200/200  200/200  404/404  404/404  404/404  403/403
cycles:agreement_edit           L/L      200/200  200/200  404/404  404/404  404/404  403/403
cycles:agreement_accept         L/L      405/302  405/302  405/404  405/404  405/404  403/403
cycles:agreement_print          L/L      200/200  200/200  404/404  404/404  404/404  403/403
cycles:agreement_version        L/L      200/200  200/200  404/404  404/404  404/404  403/403
cycles:meeting_new              L/L      200/200  200/200  404/404  404/404  404/404  403/403
cycles:meeting_detail           L/L      200/200  200/200  404/404  404/404  404/404  403/403
cycles:meeting_accept           L/L      405/302  405/302  405/404  405/404  405/404  403/403
cycles:meeting_decline          L/L      302/302  302/302  404/404  404/404  404/404  403/403
cycles:meeting_edit             L/L      200/200  200/200  404/404  404/404  404/404  403/403
cycles:meeting_cancel           L/L      200/200  200/200  404/404  404/404  404/404  403/403
cycles:meeting_ics              L/L      200/200  200/200  404/404  404/404  404/404  403/403
cycles:meeting_log              L/L      200/200  200/200  404/404  404/404  404/404  403/403
cycles:meeting_log_confirm      L/L      405/302  405/302  405/404  405/404  405/404  403/403
cycles:meeting_log_dispute      L/L      302/302  302/302  404/404  404/404  404/404  403/403
cycles:meeting_log_delete       L/L      302/302  302/302  404/404  404/404  404/404  403/403
cycles:unsafe                   L/L      404/404  404/404  404/404  404/404  404/404  403/403
cycles:unsafe_sent              L/L      404/404  404/404  404/404  404/404  404/404  403/403
cycles:oversight_list           L/L      404/404  404/404  404/404  404/404  404/404  403/403
cycles:oversight_detail         L/L      404/404  404/404  404/404  404/404  404/404  403/403
health:pairs                    L/L      403/405  403/405  403/405  403/405  200/405  403/403
health:check_in                 L/L      403/403  403/403  403/403  403/403  200/200  403/403
evaluations:meeting_reflection  L/L      200/200  200/200  404/404  404/404  404/404  403/403
evaluations:final_evaluation    L/L      200/200  200/200  404/404  404/404  404/404  403/403
safety:safety_blocked           L/L      200/200  200/200  200/200  200/200  200/200  403/403
safety:safety_unblock           L/L      405/404  405/404  405/404  405/404  405/404  403/403
safety:safety_person            L/L      200/200  200/200  404/404  404/404  404/404  403/403
safety:safety_block             L/L      405/302  405/302  405/404  405/404  405/404  403/403
reports:reports_dashboard       L/L      403/405  403/405  403/405  403/405  200/405  200/405
exports:export_list             L/L      403/405  403/405  403/405  403/405  200/405  200/405
exports:report_export           L/L      405/403  405/403  405/403  405/403  405/200  405/200
exports:export_detail           L/L      403/405  403/405  403/405  403/405  200/405  404/405
exports:export_status           L/L      403/405  403/405  403/405  403/405  200/405  404/405
exports:export_download         L/L      403/405  403/405  403/405  403/405  200/405  404/405
resources:event_list            L/L      200/200  200/200  200/200  200/200  200/200  403/403
resources:event_detail          L/L      200/200  200/200  200/200  200/200  200/200  403/403
resources:event_sign_up         L/L      405/302  405/302  405/302  405/302  405/302  403/403
resources:event_cancel          L/L      302/302  302/302  302/302  302/302  302/302  403/403
resources:event_ics             L/L      200/200  200/200  200/200  200/200  200/200  403/403
resources:library               L/L      200/405  200/405  200/405  200/405  200/405  403/403
resources:resource_detail       L/L      200/405  200/405  200/405  200/405  200/405  403/403
resources:resource_download     L/L      200/405  200/405  200/405  200/405  200/405  403/403
admin:index                     302/302  302/302  302/302  302/302  302/302  200/200  302/302
admin:auth_user_password_change L/L      302/302  302/302  302/302  302/302  403/403  302/302
"""


def _parse(table: str) -> dict[str, dict[str, dict[str, str]]]:
    matrix = {}
    for line in table.strip().splitlines():
        if line.startswith("#"):
            continue
        name, *cells = line.split()
        assert len(cells) == len(ROLES), f"{name}: {len(cells)} cells for {len(ROLES)} roles"
        assert name not in matrix, f"{name} is in the matrix twice"
        matrix[name] = {
            role: dict(zip(METHODS, cell.split("/"), strict=True))
            for role, cell in zip(ROLES, cells, strict=True)
        }
    return matrix


MATRIX = _parse(MATRIX_TABLE)

CASES = [
    pytest.param(name, role, method, id=f"{name}-{role}-{method}")
    for name in ROUTE
    for role in ROLES
    for method in METHODS
]
EXPECTED_CASES = 1540
# Staff pages about the one pair their address names (the world's first pair).
STAFF_READ_THE_PAIR = {"health:check_in"}

# --- one world for the module ----------------------------------------------------------------


@dataclass
class Pair:
    """A mentor and a mentee from an accepted request, with everything their pages show."""

    mentor: User
    mentee: User
    presentation: MentorPresentation
    request: ConnectionRequest
    mentorship: Mentorship
    agreement: Agreement
    goal: Goal
    meeting: Meeting

    @property
    def users(self) -> tuple[User, User]:
        return (self.mentor, self.mentee)

    def private_marks(self) -> list[str]:
        """What no one outside the pair may read on any page: the mentee's name and email,
        her private reflection, and the ids of the pair's request, mentorship and meeting."""
        return [
            self.mentee.profile.display_name,
            f"Private reflection of {self.mentee.profile.display_name}",
            self.mentee.email,
            str(self.request.public_id),
            str(self.mentorship.public_id),
            str(self.meeting.public_id),
        ]


def _make_pair(mentor_name: str, mentee_name: str) -> Pair:
    mentor = MentorFactory(profile__display_name=mentor_name)
    mentee = MenteeFactory(profile__display_name=mentee_name)
    mentorship = MentorshipFactory(mentor=mentor, mentee=mentee)
    MentorshipEventFactory(mentorship=mentorship)
    request = ConnectionRequestFactory(
        mentor=mentor,
        mentee=mentee,
        status=ConnectionRequest.Status.ACCEPTED,
        responded_at=timezone.now() - timedelta(days=1),
        mentorship=mentorship,
    )
    RequestEventFactory(request=request)
    RequestEventFactory(
        request=request,
        actor=mentor,
        from_status=ConnectionRequest.Status.PENDING,
        to_status=ConnectionRequest.Status.ACCEPTED,
    )
    agreement = AgreementFactory(mentorship=mentorship, version=2)
    AgreementVersionFactory(agreement=agreement)
    goal = GoalFactory(mentorship=mentorship)
    GoalRevisionFactory(goal=goal)
    MessageFactory(mentorship=mentorship)
    PhaseTickFactory(mentorship=mentorship)
    held = MeetingFactory(mentorship=mentorship, starts_at=timezone.now() - timedelta(days=1))
    SessionEvaluationFactory(meeting=held, reflection=f"Private reflection of {mentee_name}")
    FinalEvaluationFactory(mentorship=mentorship, strengths=f"Final answer of {mentee_name}")
    return Pair(
        mentor=mentor,
        mentee=mentee,
        presentation=mentor.presentation,
        request=request,
        mentorship=mentorship,
        agreement=agreement,
        goal=goal,
        meeting=MeetingFactory(mentorship=mentorship),
    )


@dataclass
class World:
    pair: Pair
    other: Pair
    staff: User
    reporter: User
    snapshot_queries: dict = field(default_factory=dict)

    def user(self, role: str) -> User | None:
        return {
            "anonymous": None,
            "mentee": self.pair.mentee,
            "mentor": self.pair.mentor,
            "other_mentee": self.other.mentee,
            "other_mentor": self.other.mentor,
            "staff": self.staff,
            "reporter": self.reporter,
        }[role]

    def pairs_outside(self, user: User | None) -> list[Pair]:
        return [pair for pair in (self.pair, self.other) if user not in pair.users]


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """Built once for the module (each test's own writes roll back), removed at its end."""
    with django_db_blocker.unblock():
        built = World(
            pair=_make_pair("Katherine", "Maryam"),
            other=_make_pair("Olivia", "Hypatia"),
            staff=StaffFactory(),
            reporter=ReporterFactory(),
        )
    yield built
    with django_db_blocker.unblock():
        pairs = (built.pair, built.other)
        Mentorship.objects.filter(pk__in=[pair.mentorship.pk for pair in pairs]).delete()
        people = [user.pk for pair in pairs for user in pair.users]
        User.objects.filter(pk__in=[*people, built.staff.pk, built.reporter.pk]).delete()


# The value of each URL argument, by the start of the route and the argument's name (the
# longest matching start wins).
ARGUMENTS = {
    ("mentors/", "public_id"): lambda world: world.pair.presentation.public_id,
    ("rounds/<uuid:public_id>/result/", "public_id"): lambda world: (
        _published_round(world).public_id
    ),
    ("presentation/", "action"): lambda world: "pause",
    ("mentors/", "slot_id"): lambda world: _flash_slot(world).public_id,
    ("mentors/", "at"): lambda world: int(_flash_slot(world).starts_at.timestamp()),
    ("flash-slots/", "public_id"): lambda world: _flash_slot(world).public_id,
    ("flash-bookings/", "public_id"): lambda world: _flash_booking(world).public_id,
    ("requests/", "public_id"): lambda world: world.pair.request.public_id,
    ("rounds/", "public_id"): lambda world: _match_round(world).public_id,
    ("rounds/", "presentation_id"): lambda world: world.pair.presentation.public_id,
    ("mentorships/", "public_id"): lambda world: world.pair.mentorship.public_id,
    ("mentorships/", "goal_id"): lambda world: world.pair.goal.pk,
    ("mentorships/", "version"): lambda world: world.pair.agreement.version - 1,
    ("meetings/", "public_id"): lambda world: world.pair.meeting.public_id,
    ("safeguarding/", "public_id"): lambda world: world.pair.mentorship.public_id,
    ("staff/health/", "public_id"): lambda world: world.pair.mentorship.public_id,
    ("safety/", "kind"): lambda world: "mentorship",
    ("safety/", "public_id"): lambda world: world.pair.mentorship.public_id,
    ("reports/exports/", "public_id"): lambda world: _staff_export(world).public_id,
    ("events/", "public_id"): lambda world: _community_event().public_id,
    ("resources/", "public_id"): lambda world: _library_file().public_id,
    ("notifications/unsubscribe/", "token"): lambda world: _unsubscribe_token(world),
    ("notifications/", "pk"): lambda world: _inbox_item(world),
    ("photos/", "key"): lambda world: _mentee_photo(world),
    ("calendar/", "token"): lambda world: _staff_calendar_token(world),
    ("privacy/guardian/consent/", "token"): lambda world: _guardian_tokens()[0],
    ("privacy/guardian/withdraw/", "token"): lambda world: _guardian_tokens()[1],
    ("admin/", "id"): lambda world: world.pair.mentee.pk,
    # A round under review, its draft 2 based on draft 1 (so that it has a comparison).
    ("staff/rounds/", "public_id"): lambda world: _round_draft(world).round.public_id,
    ("staff/rounds/", "number"): lambda world: _round_draft(world).number,
}


def _flash_slot(world: World):
    """A free flash time of the pair's mentor (the same one for every argument of a URL)."""
    from matching.models import FlashSlot
    from tests.factories import FlashSlotFactory

    marker = "https://meet.example.org/matrix-slot"
    return FlashSlot.objects.filter(mentor=world.pair.mentor, location=marker).first() or (
        FlashSlotFactory(mentor=world.pair.mentor, location=marker)
    )


def _match_round(world: World):
    """A match round open for rankings, for the pair's mentor alone (its mentees are in
    mentorships: none of them ranks); made for the test (rolled back)."""
    from tests.factories import OpenMatchRoundFactory

    round_ = OpenMatchRoundFactory(open_to_all=False)
    round_.invited.add(world.pair.mentor)
    return round_


def _published_round(world: World):
    """A published match round that matched the pair (its result page is theirs alone)."""
    from matching.rounds.models import MatchRound, RoundDraft, RoundOutcome

    now = timezone.now()
    round_ = MatchRound.objects.create(
        name="Matrix round",
        opens_at=now - timedelta(days=20),
        closes_at=now - timedelta(days=10),
        publishes_on=timezone.localdate(),
    )
    draft = RoundDraft.objects.create(round=round_, number=1)
    RoundOutcome.objects.create(
        draft=draft,
        mentee=world.pair.mentee,
        mentor=world.pair.mentor,
        mentee_rank=1,
        mentor_rank=1,
        reasons={"missed": []},
        mentorship=world.pair.mentorship,
    )
    MatchRound.objects.filter(pk=round_.pk).update(published_draft=draft, published_at=now)
    return round_


def _flash_booking(world: World):
    """A booking of another of the pair's mentor's times, by a mentee outside both pairs."""
    from tests.factories import FlashBookingFactory, FlashSlotFactory

    return FlashBookingFactory(slot=FlashSlotFactory(mentor=world.pair.mentor))


def _mentee_photo(world: World) -> str:
    """The key of the pair's mentee's photo: she and her mentor see it, and staff."""
    from pathlib import PurePath

    from django.core.files.base import ContentFile
    from PIL import Image

    from profiles import photos

    profile = Profile.objects.get(user=world.pair.mentee)
    if not profile.photo:
        buffer = io.BytesIO()
        Image.new("RGB", (4, 4), (10, 20, 30)).save(buffer, "PNG")
        written = photos.normalise(ContentFile(buffer.getvalue(), name="me.png"))
        profile.photo.save(written.name, written, save=True)
    return PurePath(profile.photo.name).name


def _staff_calendar_token(world: World) -> str:
    """The token of the staff member's calendar address, made for the test (rolled back)."""
    from profiles.services import make_calendar_feed

    _feed, token = make_calendar_feed(user=world.staff)
    return token


def _guardian_tokens() -> tuple[str, str]:
    """A 12-year-old in Sweden outside both pairs: the token of her guardian's consent link,
    and that of the withdrawal link of a second request, already consented (rolled back)."""
    from profiles.age import years_ago
    from profiles.services import ask_guardian, give_guardian_consent
    from tests.factories import MenteeFactory

    def ask(email: str) -> str:
        girl = MenteeFactory(
            profile__birth_date=years_ago(12, timezone.localdate()), profile__country="SE"
        )
        return ask_guardian(user=girl, guardian_name="Karin Lind", guardian_email=email)[1]

    consent_token = ask("guardian-a@example.com")
    withdraw_url = give_guardian_consent(token=ask("guardian-b@example.com"))[1]
    return consent_token, withdraw_url.rstrip("/").rsplit("/", 1)[1]


def _unsubscribe_token(world: World) -> str:
    """The one-click link of the pair's mentee for meeting reminders (it needs no sign-in)."""
    from notifications.preferences import unsubscribe_token

    return unsubscribe_token(user=world.pair.mentee, kind="meeting_tomorrow")


def _inbox_item(world: World) -> int:
    """An item in the pair's mentee's inbox: a message from her mentor."""
    from notifications.models import InboxItem

    item, _ = InboxItem.objects.get_or_create(
        user=world.pair.mentee,
        kind="new_message",
        occasion=f"conversation:{world.pair.mentorship.pk}",
        defaults={"params": {"from": "mentor"}, "link": "/dashboard/"},
    )
    return item.pk


def _library_file():
    """A published resource of the library with a file to download."""
    from django.core.files.base import ContentFile

    from tests.factories import ResourceFactory

    return ResourceFactory(
        url="",
        file=ContentFile(b"%PDF-1.4\n%%EOF\n", name="worksheet.pdf"),
        file_type="application/pdf",
        file_size=15,
    )


def _community_event():
    """A published event for everyone, two weeks ahead, with places left."""
    from tests.factories import EventFactory

    return EventFactory(kind="community", audience="both", capacity=50)


def _round_draft(world: World):
    from matching.rounds.models import RoundDraft
    from tests.factories import MatchRoundFactory, RoundDraftFactory

    found = RoundDraft.objects.filter(round__name="Matrix round", number=2).first()
    if found is not None:
        return found
    first = RoundDraftFactory(round=MatchRoundFactory(name="Matrix round"), number=1)
    return RoundDraftFactory(round=first.round, number=2, based_on=first)


def _staff_export(world: World):
    """A finished export of the staff member's, its download link valid (the reporter's
    view of it is another person's export: 404)."""
    from django.core.files.base import ContentFile

    from tests.factories import ExportJobFactory

    now = timezone.now()
    job = ExportJobFactory(
        requested_by=world.staff,
        status="done",
        finished_at=now,
        expires_at=now + timedelta(hours=1),
    )
    job.file.save("export.csv", ContentFile(b"Submitted\r\n"), save=True)
    return job


def url_for(route: Route, world: World) -> str:
    kwargs = {}
    for parameter in route.parameters:
        starts = [
            start
            for start, name in ARGUMENTS
            if name == parameter and route.route.startswith(start)
        ]
        assert starts, f"no value for <{parameter}> of {route.route}: add a line to ARGUMENTS"
        kwargs[parameter] = ARGUMENTS[max(starts, key=len), parameter](world)
    return reverse(route.name, kwargs=kwargs)


def _snapshot_queries(pairs: list[Pair]) -> list[tuple[str, str, tuple]]:
    """The SQL reading every row of these pairs' that a request could change."""
    people = [user.pk for pair in pairs for user in pair.users]
    mentors = [pair.mentor.pk for pair in pairs]
    mentees = [pair.mentee.pk for pair in pairs]
    mentorships = [pair.mentorship.pk for pair in pairs]
    requests = ConnectionRequest.objects.filter(Q(mentor__in=mentors) | Q(mentee__in=mentees))
    rows = [
        Mentorship.objects.filter(pk__in=mentorships),
        MentorshipEvent.objects.filter(mentorship__in=mentorships),
        Agreement.objects.filter(mentorship__in=mentorships),
        AgreementVersion.objects.filter(agreement__mentorship__in=mentorships),
        Goal.objects.filter(mentorship__in=mentorships),
        GoalRevision.objects.filter(goal__mentorship__in=mentorships),
        Meeting.objects.filter(mentorship__in=mentorships),
        Message.objects.filter(mentorship__in=mentorships),
        PhaseTick.objects.filter(mentorship__in=mentorships),
        SessionEvaluation.objects.filter(meeting__mentorship__in=mentorships),
        FinalEvaluation.objects.filter(mentorship__in=mentorships),
        requests,
        RequestEvent.objects.filter(request__in=requests),
        MentorPresentation.objects.filter(mentor__in=mentors),
        FlashSlot.objects.filter(mentor__in=mentors),
        FlashBooking.objects.filter(Q(mentor__in=mentors) | Q(mentee__in=mentees)),
        User.objects.filter(pk__in=people),
        Profile.objects.filter(user__in=people),
        EmailAddress.objects.filter(user__in=people),
        CodeOfConductAcceptance.objects.filter(user__in=people),
        Consent.objects.filter(user__in=people),
        Block.objects.filter(Q(blocker__in=people) | Q(blocked__in=people)),
        Report.objects.filter(
            Q(reporter__in=people) | Q(reported__in=people) | Q(mentorship__in=mentorships)
        ),
    ]
    return [
        (queryset.model.__name__, *queryset.order_by("pk").values_list().query.sql_with_params())
        for queryset in rows
    ]


def snapshot(world: World, pairs: list[Pair]) -> dict:
    """Every row of these pairs' that a request could change, as the database has it. The SQL
    is built once for each set of pairs: the ORM would spend longer writing it than running it.
    """
    key = tuple(pair.mentorship.pk for pair in pairs)
    if key not in world.snapshot_queries:
        world.snapshot_queries[key] = _snapshot_queries(pairs)
    found = {}
    with connection.cursor() as cursor:
        for table, sql, params in world.snapshot_queries[key]:
            cursor.execute(sql, params)
            found[table] = cursor.fetchall()
    return found


def outcome(response, path: str) -> str:
    """The response as a cell of the matrix."""
    if response.status_code == 302:
        login = f"{reverse('account_login')}?next={quote(path, safe='/')}"
        return "L" if response["Location"] == login else "302"
    return str(response.status_code)


# --- the tests -------------------------------------------------------------------------------


def test_every_url_is_in_the_matrix():
    missing = sorted(set(ROUTE) - set(MATRIX))
    gone = sorted(set(MATRIX) - set(ROUTE))
    assert (missing, gone) == ([], []), "missing from MATRIX, in MATRIX but not in the URLconf"


def test_the_number_of_cases():
    """URLs × roles × methods; the module's docstring says this number too."""
    assert len(CASES) == len(ROUTE) * len(ROLES) * len(METHODS) == EXPECTED_CASES
    assert f"{EXPECTED_CASES} cases" in __doc__


def test_third_party_urls_are_left_to_their_own_tests():
    found = Counter(route.include for route in ALL_ROUTES if route.include in THIRD_PARTY_INCLUDES)
    assert found == THIRD_PARTY_INCLUDES
    third_party = [
        route
        for route in ALL_ROUTES
        if route.include in THIRD_PARTY_INCLUDES and route.name not in CHECKED_THIRD_PARTY
    ]
    assert all(route.view.startswith(("allauth.", "django.")) for route in third_party)


@pytest.mark.parametrize(("name", "role", "method"), CASES)
def test_access(client, world, name, role, method):
    assert name in MATRIX, f"{name} ({ROUTE[name].route}) has no line in MATRIX"
    user = world.user(role)
    if user is not None:
        client.force_login(user)
    path = url_for(ROUTE[name], world)
    outside = world.pairs_outside(user)
    before = snapshot(world, outside) if method == "post" else None

    response = getattr(client, method)(path)

    assert outcome(response, path) == MATRIX[name][role][method]
    if method == "post":
        assert snapshot(world, outside) == before
    if response.status_code == 200 and not response.streaming:
        page = response.content.decode()
        if role == "staff" and name in STAFF_READ_THE_PAIR:
            outside = [pair for pair in outside if pair is not world.pair]
        for pair in outside:
            assert not [mark for mark in pair.private_marks() if mark in page]


def test_the_checks_are_not_empty(client, world):
    """The snapshot reads the pair's rows and sees her own changes; her own pages show the
    marks that must never appear on anyone else's."""
    before = snapshot(world, [world.pair])
    assert all(before[table] for table in ("Mentorship", "Agreement", "AgreementVersion"))
    assert all(before[table] for table in ("Goal", "GoalRevision", "Meeting", "Message"))
    assert all(before[table] for table in ("ConnectionRequest", "MentorPresentation", "Profile"))
    assert all(before[table] for table in ("SessionEvaluation", "FinalEvaluation"))
    client.force_login(world.pair.mentee)

    page = client.get(reverse("cycles:mentorship_detail", args=[world.pair.mentorship.public_id]))
    page = page.content.decode()
    client.post(
        reverse("cycles:meeting_cancel", args=[world.pair.meeting.public_id]),
        {"note": "Something came up."},
    )

    assert world.pair.mentee.profile.display_name in page
    assert str(world.pair.mentorship.public_id) in page
    assert snapshot(world, [world.pair])["Meeting"] != before["Meeting"]


@pytest.mark.parametrize("role", ROLES)
def test_the_admin_is_for_staff_only(client, world, role):
    """The admin's index sends everyone but staff to the admin's login, which goes through the
    site's login: anonymous visitors are asked to sign in, signed-in participants and
    reporters are refused there (allauth's ``secure_admin_login``)."""
    user = world.user(role)
    if user is not None:
        client.force_login(user)

    response = client.get(reverse("admin:index"), follow=True)

    chain = [url for url, _status in response.redirect_chain]
    if role == "staff":
        assert (chain, response.status_code) == ([], 200)
    elif role == "anonymous":
        login = f"{reverse('account_login')}?next=%2Fadmin%2F"
        assert (chain, response.status_code) == (["/admin/login/?next=/admin/", login], 200)
    else:
        assert (chain, response.status_code) == (["/admin/login/?next=/admin/"], 403)
