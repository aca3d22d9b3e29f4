"""No page of the journey is wider than a phone: every page a mentee, a mentor and the program
staff open, at 320 and 390 px wide, with the long names real people have
("Anna-Karin Wallenberg-Söderström", a surname of 35 letters without a break).

A page wider than the screen scrolls sideways: the reader pans to read each line, and what is
past the edge (a button, the end of a name) she may never see. The test fails when
``document.documentElement.scrollWidth > window.innerWidth`` and names the elements that reach
past the edge.

The contexts are not "mobile" ones: a mobile Chromium zooms a too-wide page out until it fits,
and ``innerWidth`` then grows with it (a 600 px page at 390 reports 600 for both), so the test
would see nothing. The layout at a given width is the same (the site's CSS asks for widths,
not for touch).
"""

import re
from datetime import timedelta

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.test import Client
from django.utils import timezone
from playwright.sync_api import expect

from cycles import services as cycle_services
from cycles.models import HealthSignal, Phase
from matching import services as matching_services
from profiles.access import STAFF_GROUP
from tests.browser.conftest import DESKTOP, _open_page
from tests.factories import (
    AgreementFactory,
    EventFactory,
    GoalFactory,
    MeetingFactory,
    MenteeFactory,
    MentorFactory,
    MentorshipFactory,
    RegistrationFactory,
    ReportFactory,
    ResourceFactory,
    StaffFactory,
)

pytestmark = pytest.mark.django_db(transaction=True)

WIDTHS = (390, 320)
PHONE_SIZE = {"width": 390, "height": 844}
MENTEE_NAME = "Anna-Karin Wallenberg-Söderström"
MENTOR_NAME = "Hubertina Wolfeschlegelsteinhausenbergerdorff"
# One word, no hyphen, no space: nothing for the browser to break the line at.
UNBROKEN_NAME = "Krungthepmahanakhonamonrattanakosin"
LONG_EMAIL = "anna-karin.wallenberg-soderstrom@institutionen-for-fysik.example.org"

# The elements whose right edge is past the viewport, innermost first, described for the report.
OVERFLOW_JS = """() => {
  const width = window.innerWidth;
  const past = (box) => box.width > 0 && box.right > width + 0.5;
  // Text cut off by a box that hides its overflow (an ellipsis) does not widen the page.
  const clipped = (el) => {
    for (let box = el; box && box !== document.body; box = box.parentElement) {
      if (getComputedStyle(box).overflowX !== 'visible') return true;
    }
    return false;
  };
  const wide = [...document.querySelectorAll('body *')].filter(
    el => past(el.getBoundingClientRect()));
  // Text wider than its box (a long word) reaches past the edge while its box does not.
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const range = document.createRange();
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    range.selectNodeContents(node);
    const parent = node.parentElement;
    if (past(range.getBoundingClientRect()) && !wide.includes(parent) && !clipped(parent)) {
      wide.push(parent);
    }
  }
  const innermost = wide.filter(el => !wide.some(other => other !== el && el.contains(other)));
  const describe = (el) => {
    const classes = [...el.classList].join('.');
    const text = (el.innerText || el.value || '').trim().replace(/\\s+/g, ' ').slice(0, 60);
    // Text for screen readers (.visually-hidden) is placed where it stands in the line: past
    // the edge, it names the line that is (and may be what widens the page).
    const hidden = el.closest('.visually-hidden') ? ', screen-reader text in '
      + el.closest('.visually-hidden').parentElement.className : '';
    return `<${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''}${classes ? '.' + classes : ''}>`
      + ` "${text}"${hidden}`;
  };
  return {
    scrollWidth: document.documentElement.scrollWidth,
    innerWidth: width,
    elements: innermost.slice(0, 6).map(describe),
  };
}"""


def _log_in(page, live_server, user) -> None:
    """Sign ``user`` in in this browser context (a session made by the test client: staff
    would otherwise need their authenticator app)."""
    client = Client()
    client.force_login(user)
    page.context.clear_cookies()
    page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )


class Widths:
    """Opens pages at each of ``sizes`` (``WIDTHS``: phones) and collects those that scroll
    sideways."""

    def __init__(self, page, sizes=WIDTHS):
        self.page = page
        self.sizes = sizes
        self.problems: list[str] = []
        self.checked = 0

    def visit(self, url: str, label: str) -> None:
        self.page.set_viewport_size({"width": self.sizes[0], "height": 844})
        response = self.page.goto(url)
        if response is None or response.status != 200:
            got = response.status if response else None
            self.problems.append(f"{label}: {url} answered {got}, expected 200")
            return
        for width in self.sizes:
            self.page.set_viewport_size({"width": width, "height": 844})
            found = self.page.evaluate(OVERFLOW_JS)
            self.checked += 1
            if found["scrollWidth"] > found["innerWidth"]:
                where = "\n      ".join(found["elements"]) or "(no element past the edge)"
                self.problems.append(
                    f"{label} at {width} px ({url}): the page is {found['scrollWidth']} px "
                    f"wide\n      {where}"
                )

    def assert_fits(self) -> None:
        assert self.checked, "no page was checked"
        assert not self.problems, f"{len(self.problems)} page(s) wider than the screen:\n" + (
            "\n".join(self.problems)
        )


@pytest.fixture
def widths(browser, live_server, request):
    for page in _open_page(
        browser, live_server, request, "narrow", {"viewport": {"width": 390, "height": 844}}
    ):
        yield Widths(page)


def _world() -> dict:
    """A mentee and a mentor with long names in an active traditional mentorship in phase 2,
    with goals, an agreement, a meeting, messages, a request, inbox items, an event and a
    resource; another mentor in the directory whose name has no break in it."""
    mentee = MenteeFactory(email=LONG_EMAIL, profile__display_name=MENTEE_NAME)
    mentor = MentorFactory(
        profile__display_name=MENTOR_NAME,
        presentation__headline="Astrophysicist at Onsala Space Observatory",
    )
    MentorFactory(profile__display_name=UNBROKEN_NAME)
    unbroken = MentorFactory(profile__display_name=f"Dr {UNBROKEN_NAME}")
    mentorship = MentorshipFactory(mentor=mentor, mentee=mentee, phase=Phase.NEGOTIATION)
    AgreementFactory(mentorship=mentorship)
    GoalFactory(mentorship=mentorship)
    meeting = MeetingFactory(mentorship=mentorship)
    MeetingFactory(mentorship=mentorship, starts_at=timezone.now() - timedelta(days=3))
    # Through the services: each leaves an item in the other's inbox.
    cycle_services.post_message(mentorship=mentorship, by=mentee, body="Hej! " + UNBROKEN_NAME * 3)
    cycle_services.post_message(mentorship=mentorship, by=mentor, body="Of course, see you then.")
    request = matching_services.send_request(
        mentee=mentee, mentor=unbroken, style="flash", message="A question about " + UNBROKEN_NAME
    )
    event = EventFactory(audience="both", title=f"Meet {MENTOR_NAME} and {UNBROKEN_NAME}")
    RegistrationFactory(event=event, user=mentee)
    resource = ResourceFactory()
    return {
        "mentee": mentee,
        "mentor": mentor,
        "unbroken": unbroken,
        "mentorship": mentorship,
        "meeting": meeting,
        "request": request,
        "event": event,
        "resource": resource,
    }


def _participant_pages(w: dict) -> list[tuple[str, str]]:
    m = w["mentorship"].public_id
    return [
        ("/dashboard/", "dashboard"),
        ("/requests/", "requests"),
        (f"/requests/{w['request'].public_id}/", "request"),
        ("/mentorships/", "my mentorships"),
        (f"/mentorships/{m}/", "mentorship page"),
        (f"/mentorships/{m}/agreement/", "agreement"),
        (f"/mentorships/{m}/agreement/edit/", "agreement form"),
        (f"/mentorships/{m}/goals/new/", "new goal"),
        (f"/mentorships/{m}/meetings/new/", "new meeting"),
        (f"/meetings/{w['meeting'].public_id}/", "meeting"),
        (f"/mentorships/{m}/end/", "end the mentorship"),
        ("/notifications/", "inbox"),
        ("/account/notifications/", "notification settings"),
        ("/profile/", "profile"),
        ("/profile/edit/", "edit profile"),
        ("/events/", "events"),
        (f"/events/{w['event'].public_id}/", "event"),
        ("/resources/", "library"),
        (f"/resources/{w['resource'].public_id}/", "resource"),
    ]


def test_the_home_page_fits_a_phone(widths):
    widths.visit("/", "home")
    widths.visit("/manual/", "manual")
    widths.assert_fits()


@pytest.mark.parametrize("language", ["en", "sv"])
def test_a_mentees_pages_fit_a_phone(widths, live_server, language):
    w = _world()
    profile = w["mentee"].profile
    profile.language = language
    profile.save(update_fields=["language"])
    _log_in(widths.page, live_server, w["mentee"])
    pages = [
        ("/mentors/", "directory"),
        (f"/mentors/{w['mentor'].presentation.public_id}/", "mentor page (her mentor)"),
        (f"/mentors/{w['unbroken'].presentation.public_id}/", "mentor page"),
        (f"/requests/{w['request'].public_id}/withdraw/", "withdraw the request"),
        *_participant_pages(w),
    ]
    for url, label in pages:
        widths.visit(url, f"{label} [{language}]")
    widths.assert_fits()


def test_a_mentors_pages_fit_a_phone(widths, live_server):
    w = _world()
    _log_in(widths.page, live_server, w["unbroken"])
    widths.visit("/presentation/", "my presentation (unbroken name)")
    widths.visit(f"/requests/{w['request'].public_id}/", "request from a long name")
    widths.visit(f"/requests/{w['request'].public_id}/decline/", "decline the request")
    _log_in(widths.page, live_server, w["mentor"])
    widths.visit("/presentation/", "my presentation")
    widths.visit("/presentation/edit/", "presentation form")
    for url, label in _participant_pages(w):
        if "/requests/" in url and url != "/requests/":
            continue  # the request is to the other mentor: seen above
        widths.visit(url, label)
    widths.assert_fits()


def test_the_staffs_pages_fit_a_phone(widths, live_server):
    w = _world()
    MentorFactory(profile__display_name=UNBROKEN_NAME + "Waiting", presentation__approved_at=None)
    ReportFactory(reporter=w["mentee"], reported=w["unbroken"])
    HealthSignal.objects.create(
        mentorship=w["mentorship"],
        kind=HealthSignal.Kind.MENTEE_SILENT,
        started_on=timezone.localdate(),
        params={"last_active": (timezone.localdate() - timedelta(days=21)).isoformat()},
    )
    staff = StaffFactory()
    _log_in(widths.page, live_server, staff)
    for url, label in [
        ("/dashboard/", "staff dashboard"),
        ("/staff/todo/", "staff to-do"),
        ("/staff/health/", "program health"),
        (f"/staff/health/{w['mentorship'].public_id}/check-in/", "check-in"),
        ("/reports/", "report"),
        ("/reports/exports/", "exports"),
        ("/notifications/", "inbox"),
        ("/account/notifications/", "notification settings"),
        ("/events/", "events"),
        (f"/events/{w['event'].public_id}/", "event"),
        ("/resources/", "library"),
    ]:
        widths.visit(url, label)
    widths.assert_fits()


@pytest.mark.parametrize("language", ["en", "sv"])
def test_the_staffs_navigation_fits_a_laptop(widths, live_server, language):
    """Program staff who take part too have the longest menu (a participant's pages, the to-do,
    the report): on a laptop it folds behind the menu button rather than push the bell past
    the edge."""
    staff = MenteeFactory(is_staff=True, profile__language=language)  # she mentors too
    staff.groups.add(Group.objects.get(name=STAFF_GROUP))
    _log_in(widths.page, live_server, staff)
    laptops = Widths(widths.page, sizes=(1200, 1280, 1366, 1440))
    for url, label in [("/dashboard/", "staff dashboard"), ("/staff/todo/", "staff to-do")]:
        laptops.visit(url, label)
    laptops.assert_fits()


def _top(page, selector: str) -> float:
    return page.locator(selector).first.bounding_box()["y"]


def test_on_a_phone_ending_the_mentorship_comes_after_the_work(
    browser, live_server, request, screenshot
):
    """On a phone the next meeting and the agreement come first, then the phase with its
    checklist, the goals and the conversation, and "End the mentorship" last; on a wide
    screen it stays at the foot of the side column, beside the cycle."""
    w = _world()
    for page in _open_page(browser, live_server, request, "both", DESKTOP):
        _log_in(page, live_server, w["mentor"])
        page.goto(f"/mentorships/{w['mentorship'].public_id}/")
        end = page.get_by_role("link", name="End the mentorship")
        expect(end).to_be_visible()

        page.set_viewport_size(PHONE_SIZE)
        assert _top(page, "#meetings") < _top(page, "#cycle")
        checklist = page.locator(".phase-card .workspace-checklist")
        assert checklist.bounding_box()["y"] < end.bounding_box()["y"]
        assert _top(page, "#goals") < end.bounding_box()["y"]
        assert _top(page, "#conversation") < end.bounding_box()["y"]
        # Her partner's long name does not widen the page (the 489 px).
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE_SIZE["width"]
        screenshot(page, "viewport-mentorship-390")

        page.set_viewport_size(DESKTOP["viewport"])
        cycle = page.locator("#cycle").bounding_box()
        assert end.bounding_box()["x"] > cycle["x"] + cycle["width"]
        assert end.bounding_box()["y"] < _top(page, "#conversation")
        screenshot(page, "viewport-mentorship-1280")


def test_a_long_name_leaves_the_directory_cards_avatar_whole(
    browser, live_server, request, screenshot
):
    """A name with no break in it wraps inside its card; the avatar beside it keeps its
    3 rem (48 px), on a phone and on a wide screen."""
    w = _world()
    for page in _open_page(browser, live_server, request, "both", DESKTOP):
        _log_in(page, live_server, w["mentee"])
        page.goto("/mentors/")
        card = page.locator(".mentor-card").filter(has_text=f"Dr {UNBROKEN_NAME}")
        for size, name in ((PHONE_SIZE, "390"), (DESKTOP["viewport"], "1280")):
            page.set_viewport_size(size)
            avatar = card.locator(".avatar-sm").bounding_box()
            assert (avatar["width"], avatar["height"]) == (48, 48)
            title = card.get_by_role("link", name=f"Dr {UNBROKEN_NAME}").bounding_box()
            box = card.bounding_box()
            assert title["x"] + title["width"] <= box["x"] + box["width"]
            screenshot(page, f"viewport-directory-{name}")


def _shoot_both(page, screenshot, name: str) -> None:
    """The page as it is, full length, at 1280 and at 390 px wide."""
    for size, width in ((DESKTOP["viewport"], "1280"), (PHONE_SIZE, "390")):
        page.set_viewport_size(size)
        screenshot(page, f"{name}-{width}")


def test_the_pages_that_refuse_say_why_instead_of_offering_a_form(
    browser, live_server, request, screenshot
):
    """A mentee with a traditional mentorship and three goals, who withdrew a request: the
    mentor page offers flash mentoring only, the goals offer no fourth, the withdrawal page
    has no button; and the landing page names the four phases."""
    w = _world()
    for position in (1, 2):
        GoalFactory(mentorship=w["mentorship"], position=position)
    other = MentorFactory(profile__display_name="Grace Ångström")
    matching_services.withdraw_request(request=w["request"], by=w["mentee"])
    for page in _open_page(browser, live_server, request, "both", DESKTOP):
        page.goto("/")
        phases = page.locator(".cycle-phases > li")
        expect(phases).to_have_count(4)
        expect(phases.nth(0)).to_contain_text("Preparation")
        expect(phases.nth(3)).to_contain_text("Closure")
        _shoot_both(page, screenshot, "viewport-home")

        _log_in(page, live_server, w["mentee"])
        page.goto(f"/mentors/{other.presentation.public_id}/")
        styles = page.get_by_role("radio")
        expect(styles).to_have_count(1)
        expect(styles).to_have_accessible_name(re.compile(r"^Flash mentoring"))
        expect(styles).to_be_checked()
        expect(page.get_by_text("You already have a traditional mentorship.")).to_be_visible()
        _shoot_both(page, screenshot, "viewport-request-flash-only")

        page.goto(f"/mentorships/{w['mentorship'].public_id}/#goals")
        expect(page.locator("#goals")).to_contain_text("3 of 3 goals")
        expect(page.get_by_role("link", name="Add a goal")).to_have_count(0)
        page.goto(f"/mentorships/{w['mentorship'].public_id}/goals/new/")
        expect(page.get_by_role("button", name="Add the goal")).to_have_count(0)
        expect(page.get_by_role("link", name="Back to your goals")).to_be_visible()
        _shoot_both(page, screenshot, "viewport-goal-full")

        page.goto(f"/requests/{w['request'].public_id}/withdraw/")
        expect(page.locator("#answered")).to_contain_text("This request is already withdrawn.")
        expect(page.locator("main").get_by_role("button")).to_have_count(0)
        _shoot_both(page, screenshot, "viewport-withdrawn")
