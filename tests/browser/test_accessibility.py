"""Accessibility of every page a participant, staff member or reporter meets, in a real browser.

For each role one browser context (desktop 1280×900, then phone 390×844) opens the role's pages
in turn, data built with the factories rather than through the UI, and on each page:

- axe-core finds no serious or critical violation (WCAG 2.0/2.1 A and AA, best practices);
- every visible form control has an accessible name (a label, ``aria-label`` or
  ``aria-labelledby``) — axe's ``label`` rule says the same, this check names the field;
- a form sent with mistakes shows the error summary: focused, each line a link to the field.

The keyboard tests walk the site without a mouse: the skip link, a visible focus on every
stop, the phone menu and the account menu, the role choice, and forms sent with Enter.
"""

import re
import uuid
from datetime import timedelta

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone
from playwright.sync_api import expect

from cycles.models import Meeting, Phase, Style
from notifications import preferences as notifications
from tests.browser.axe import AXE_JS, BLOCKING, TAGS, axe_available, describe, run_axe
from tests.browser.conftest import DESKTOP, PHONE, _open_page
from tests.factories import (
    PASSWORD,
    AgreementFactory,
    AgreementVersionFactory,
    ConnectionRequestFactory,
    EventFactory,
    ExportJobFactory,
    FinalEvaluationFactory,
    GoalFactory,
    MeetingFactory,
    MeetingOptionFactory,
    MenteeFactory,
    MentorFactory,
    MentorshipFactory,
    MessageFactory,
    RegistrationFactory,
    ReporterFactory,
    ResourceFactory,
    StaffFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db(transaction=True)

VIEWPORTS = {"desktop": DESKTOP, "phone": PHONE}

# Every visible form control without an accessible name, as "tag#id[name]".
UNNAMED_FIELDS_JS = """() => {
  const fields = document.querySelectorAll(
    'input:not([type=hidden]):not([type=submit]):not([type=button]), select, textarea');
  const named = (el) => [...(el.labels || [])].some(
      l => l.textContent.trim() || l.querySelector('img[alt]:not([alt=""])'))
    || (el.getAttribute('aria-label') || '').trim()
    || (el.getAttribute('aria-labelledby') || '').split(/\\s+/).some(
         id => id && document.getElementById(id) && document.getElementById(id).textContent.trim())
    || (el.getAttribute('title') || '').trim();
  const shown = (el) => {
    // A visually hidden control (the styled role choice) is still in the form: check it too.
    const style = getComputedStyle(el);
    return style.display !== 'none' && style.visibility !== 'hidden' && !el.closest('[hidden]')
      && !el.closest('.d-none');
  };
  return [...fields].filter(el => shown(el) && !named(el))
    .map(el => `${el.tagName.toLowerCase()}#${el.id}[name=${el.name}]`);
}"""

# The error summary's links: each one's target and whether that target is, or holds, a control.
SUMMARY_LINKS_JS = """() => [...document.querySelectorAll('.error-summary a[href^="#"]')].map(a => {
  const target = document.getElementById(a.getAttribute('href').slice(1));
  const control = target && (target.matches('input, select, textarea')
    ? target : target.querySelector('input, select, textarea'));
  return {text: a.textContent.trim(), href: a.getAttribute('href'), found: !!target,
          control: control ? control.id : null,
          invalid: control ? control.getAttribute('aria-invalid') : null};
})"""


def _violations(page) -> list[dict]:
    """``run_axe``'s rules and answer, faster: axe collects the details of violations only
    (not of the passes and the incomplete checks), about half its time on these pages."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        return run_axe(page)  # axe-core missing: skipped (or failed under CI) there
    return page.evaluate(
        """async (tags) => (await axe.run(document, {
             runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})).violations""",
        TAGS,
    )


class Audit:
    """Visits pages in one browser page and collects what is wrong, to report all at once."""

    def __init__(self, page, viewport: str):
        self.page = page
        self.viewport = viewport
        self.problems: list[str] = []
        self.pages = 0
        # Each axe violation once, with the pages it is on: the navbar's is on every page.
        self.violations: dict[tuple[str, str], list[str]] = {}
        # Moderate and minor ones do not fail the test; ``pytest -s`` prints them.
        self.advisories: dict[str, list[str]] = {}

    def check(self, label: str) -> None:
        """axe and the accessible names of the form controls, on the page as it is now."""
        self.pages += 1
        where = f"{label} [{self.viewport}] {self.page.url}"
        for violation in _violations(self.page):
            if violation["impact"] in BLOCKING:
                key = (violation["id"], describe([violation]))
                self.violations.setdefault(key, []).append(where)
            else:
                self.advisories.setdefault(describe([violation]), []).append(label)
        unnamed = self.page.evaluate(UNNAMED_FIELDS_JS)
        if unnamed:
            self.problems.append(f"{where}: form controls without a name: {unnamed}")

    def visit(self, url: str, label: str, *, status: int = 200) -> None:
        response = self.page.goto(url)
        if response is None or response.status != status:
            got = response.status if response else None
            self.problems.append(f"{label}: {url} answered {got}, expected {status}")
            return
        self.check(label)

    def visit_with_errors(self, url: str, label: str, *, form: str, clear=(), fill=None) -> None:
        """Open ``url``, send ``form`` (a CSS selector) with ``clear`` emptied and the browser's
        own validation off, then check the page and its error summary."""
        self.page.goto(url)
        form_el = self.page.locator(form)
        for selector in clear:
            for control in form_el.locator(selector).all():
                control.fill("")
        for selector, value in (fill or {}).items():
            form_el.locator(selector).fill(value)
        form_el.evaluate("f => { f.noValidate = true; }")
        with self.page.expect_navigation():
            form_el.evaluate(
                "f => f.requestSubmit(f.querySelector('button[type=submit]:not([name]), "
                "button[type=submit]'))"
            )
        self.check(f"{label} (with errors)")
        self.check_error_summary(label)

    def check_error_summary(self, label: str) -> None:
        where = f"{label} [{self.viewport}] {self.page.url}"
        summary = self.page.locator(".error-summary")
        if summary.count() != 1:
            self.problems.append(f"{where}: no error summary after a form with mistakes")
            return
        focused = self.page.evaluate("() => document.activeElement && document.activeElement.id")
        if focused != summary.get_attribute("id"):
            self.problems.append(f"{where}: the error summary is not focused ({focused!r} is)")
        links = self.page.evaluate(SUMMARY_LINKS_JS)
        if not links:
            self.problems.append(f"{where}: the error summary links to no field")
        for link in links:
            if not link["control"]:
                self.problems.append(f"{where}: summary link {link} leads to no form control")
            elif link["invalid"] != "true":
                self.problems.append(f"{where}: {link['control']} is not marked aria-invalid")

    def assert_clean(self) -> None:
        assert self.pages, "no page was checked"
        for text, labels in self.advisories.items():
            print(f"axe (not blocking) [{self.viewport}] {text}\n    on {', '.join(labels)}")
        problems = [
            f"{text}\n    on {len(pages)} page(s): {'; '.join(pages)}"
            for (_, text), pages in self.violations.items()
        ] + self.problems
        assert not problems, f"{len(problems)} problem(s) on {self.pages} pages:\n" + (
            "\n".join(problems)
        )


def _log_in(page, live_server, user) -> None:
    """Sign ``user`` in in this browser context (a session made by the test client)."""
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


@pytest.fixture(params=list(VIEWPORTS))
def audit(request, browser, live_server):
    viewport = request.param
    for page in _open_page(browser, live_server, request, viewport, VIEWPORTS[viewport]):
        if axe_available():
            # Loaded with every page of the context, not sent again before each check.
            page.context.add_init_script(path=str(AXE_JS))
        yield Audit(page, viewport)


def _open_menu_if_collapsed(audit: Audit) -> None:
    """On a phone the navigation is collapsed: open it so axe sees its links too."""
    toggler = audit.page.locator(".navbar-toggler")
    if toggler.is_visible():
        toggler.click()
        expect(audit.page.locator("#main-nav")).to_be_visible()


# --- anonymous visitors ------------------------------------------------------------------------


def test_public_pages(audit):
    audit.visit("/", "home")
    _open_menu_if_collapsed(audit)
    audit.check("home, menu open")
    for url, label in [
        ("/manual/", "manual"),
        ("/privacy/", "privacy"),
        ("/code-of-conduct/", "code of conduct"),
        ("/accounts/login/", "log in"),
        ("/accounts/signup/", "sign up"),
        ("/accounts/password/reset/", "password reset"),
        ("/accounts/password/reset/done/", "password reset sent"),
        ("/no-such-page/", "404"),
    ]:
        audit.visit(url, label, status=404 if label == "404" else 200)
    audit.visit_with_errors(
        "/accounts/login/", "log in", form="main form", fill={"input[type=email]": "x@example.org"}
    )
    audit.visit_with_errors("/accounts/signup/", "sign up", form="main form")
    audit.visit_with_errors("/accounts/password/reset/", "password reset", form="main form")

    # The one-click unsubscribe link of a reminder email, opened without signing in.
    kind = notifications.offered_kinds()[0][0]
    token = notifications.unsubscribe_token(user=MenteeFactory(), kind=kind)
    audit.visit(f"/notifications/unsubscribe/{token}/", "unsubscribe")
    audit.page.get_by_role("button", name="Stop these emails").click()
    expect(audit.page.get_by_role("button", name="Stop these emails")).to_have_count(0)
    audit.check("unsubscribed")
    audit.visit("/notifications/unsubscribe/not-a-token/", "unsubscribe, bad link", status=400)
    audit.assert_clean()


# --- onboarding ----------------------------------------------------------------------------------


def test_onboarding_steps(audit, live_server):
    newcomer = UserFactory()  # her profile, without a role, comes with her first page
    _log_in(audit.page, live_server, newcomer)
    audit.visit("/onboarding/role/", "onboarding: role")
    audit.visit("/dashboard/", "onboarding: role (redirected)")
    audit.visit_with_errors("/onboarding/role/", "onboarding: role", form="main form")

    chose = MenteeFactory(conduct=False, profile__onboarded_at=None)
    _log_in(audit.page, live_server, chose)
    audit.visit("/onboarding/code-of-conduct/", "onboarding: code of conduct")
    audit.visit_with_errors(
        "/onboarding/code-of-conduct/", "onboarding: code of conduct", form="main form"
    )

    accepted = MenteeFactory(profile__onboarded_at=None)
    _log_in(audit.page, live_server, accepted)
    audit.visit("/onboarding/profile/", "onboarding: profile")
    audit.visit_with_errors(
        "/onboarding/profile/",
        "onboarding: profile",
        form="main form[method=post]",
        clear=["#id_display_name"],
    )
    audit.assert_clean()


# --- mentee ----------------------------------------------------------------------------------


def _mentee_world():
    mentee = MenteeFactory(profile__display_name="Amina")
    mentor = MentorFactory(profile__display_name="Ingrid")
    other_mentor = MentorFactory(profile__display_name="Sofia")
    MentorFactory(profile__display_name="Paused", presentation__accepting_requests=False)
    mentorship = MentorshipFactory(mentor=mentor, mentee=mentee, phase=Phase.NEGOTIATION)
    agreement = AgreementFactory(mentorship=mentorship, version=2)
    AgreementVersionFactory(agreement=agreement, version=1)
    goal = GoalFactory(mentorship=mentorship)
    MessageFactory(mentorship=mentorship)
    MessageFactory(mentorship=mentorship, author=mentor, body="Of course, see you then!")
    held = MeetingFactory(
        mentorship=mentorship, starts_at=timezone.now() - timedelta(days=2, hours=1)
    )
    coming = MeetingFactory(mentorship=mentorship)
    # Ingrid's proposal of two times, waiting for Amina's answer.
    proposal = MeetingFactory(
        mentorship=mentorship, status=Meeting.Status.PROPOSED, proposed_by=mentor
    )
    for position in (1, 2):
        MeetingOptionFactory(
            meeting=proposal,
            position=position,
            starts_at=proposal.starts_at + timedelta(days=position),
        )
    flash = MentorshipFactory(
        mentor=other_mentor, mentee=mentee, style=Style.FLASH, phase=Phase.CLOSURE
    )
    finished = MentorshipFactory(mentee=mentee, status="completed", phase=Phase.CLOSURE)
    FinalEvaluationFactory(mentorship=finished, author=mentee)
    pending = ConnectionRequestFactory(mentee=mentee)
    ConnectionRequestFactory(mentee=mentee, status="declined")
    resource = ResourceFactory()
    ResourceFactory(kind="video", category="inspiring_women")
    event = EventFactory(audience="both", kind="community", title="Women in STEM meet-up")
    RegistrationFactory(event=event, user=mentee)
    return {
        "mentee": mentee,
        "mentor": mentor,
        "other_mentor": other_mentor,
        "mentorship": mentorship,
        "held": held,
        "coming": coming,
        "proposal": proposal,
        "flash": flash,
        "finished": finished,
        "pending": pending,
        "resource": resource,
        "event": event,
        "goal": goal,
    }


def test_mentee_pages(audit, live_server):
    w = _mentee_world()
    _log_in(audit.page, live_server, w["mentee"])
    m = w["mentorship"].public_id
    sofia = w["other_mentor"].presentation.public_id
    pages = [
        ("/dashboard/", "dashboard"),
        ("/mentors/", "directory"),
        (
            "/mentors/?q=engineer&field=computer-science&language=en&style=flash&free=on&sort=newest",
            "directory, filtered",
        ),
        ("/mentors/?q=nobody-matches-this", "directory, no result"),
        (f"/mentors/{sofia}/", "mentor page"),
        (f"/mentors/{w['mentor'].presentation.public_id}/", "mentor page, her mentor"),
        ("/requests/", "my requests"),
        (f"/requests/{w['pending'].public_id}/", "request"),
        (f"/requests/{w['pending'].public_id}/withdraw/", "withdraw request"),
        ("/mentorships/", "my mentorships"),
        (f"/mentorships/{m}/", "mentorship"),
        (f"/mentorships/{m}/agreement/", "agreement"),
        (f"/mentorships/{m}/agreement/edit/", "agreement form"),
        (f"/mentorships/{m}/agreement/print/", "agreement, printable"),
        (f"/mentorships/{m}/agreement/versions/1/", "agreement, earlier version"),
        (f"/mentorships/{m}/goals/new/", "new goal"),
        (f"/mentorships/{m}/goals/{w['goal'].pk}/", "edit goal"),
        (f"/mentorships/{m}/meetings/new/", "new meeting"),
        (f"/meetings/{w['coming'].public_id}/", "meeting to come"),
        (f"/meetings/{w['coming'].public_id}/edit/", "meeting form"),
        (f"/meetings/{w['coming'].public_id}/cancel/", "cancel meeting"),
        (f"/meetings/{w['proposal'].public_id}/", "proposal to answer"),
        (f"/meetings/{w['proposal'].public_id}/other-times/", "offer other times"),
        (f"/meetings/{w['held'].public_id}/", "meeting held"),
        (f"/meetings/{w['held'].public_id}/reflection/", "reflection form"),
        (f"/mentorships/{m}/end/", "end mentorship"),
        (f"/mentorships/{w['flash'].public_id}/", "flash mentorship, closure"),
        (f"/mentorships/{w['flash'].public_id}/evaluation/", "final evaluation form"),
        (f"/mentorships/{w['finished'].public_id}/evaluation/", "final evaluation sent"),
        ("/resources/", "library"),
        ("/resources/?q=voice&kind=article", "library, filtered"),
        (f"/resources/{w['resource'].public_id}/", "resource"),
        ("/events/", "events"),
        (f"/events/{w['event'].public_id}/", "event"),
        (f"/events/{w['event'].public_id}/cancel/", "cancel sign-up"),
        ("/profile/", "my profile"),
        ("/profile/edit/", "edit profile"),
        ("/account/notifications/", "notification settings"),
        ("/account/calendar/", "calendar"),
        ("/account/data/", "my data"),
        ("/account/delete/", "delete my account"),
        (f"/safety/mentor/{sofia}/", "report or block"),
        ("/safety/blocked/", "people blocked"),
        ("/accounts/email/", "email address"),
        ("/accounts/password/change/", "password"),
        ("/accounts/2fa/", "two-factor authentication"),
        ("/accounts/2fa/totp/activate/", "two-factor setup: password asked again"),
        ("/code-of-conduct/", "code of conduct"),
        ("/manual/", "manual"),
    ]
    for url, label in pages:
        audit.visit(url, label)
    _open_menu_if_collapsed(audit)
    audit.page.locator("#user-menu").click()
    expect(audit.page.locator("#user-menu + .dropdown-menu")).to_be_visible()
    audit.check("manual, menus open")
    audit.visit(f"/mentors/{uuid.uuid4()}/", "404 (a mentor who does not exist)", status=404)
    audit.visit("/presentation/edit/", "403 (a mentor's page)", status=403)

    audit.visit_with_errors(f"/mentors/{sofia}/", "request form", form="form[action$='/request/']")
    audit.visit_with_errors(
        f"/mentorships/{m}/meetings/new/", "new meeting", form="main form[method=post]"
    )
    audit.visit_with_errors(
        f"/meetings/{w['proposal'].public_id}/other-times/",
        "offer other times",
        form="main form[method=post]",
    )
    audit.visit_with_errors(
        f"/meetings/{w['coming'].public_id}/cancel/",
        "cancel meeting",
        form="main form[method=post]",
    )
    audit.visit_with_errors(
        f"/mentorships/{m}/agreement/edit/",
        "agreement form",
        form="main form[method=post]",
        clear=["textarea"],
    )
    audit.visit_with_errors(
        f"/meetings/{w['held'].public_id}/reflection/", "reflection", form="main form[method=post]"
    )
    audit.visit_with_errors(
        f"/mentorships/{w['flash'].public_id}/evaluation/",
        "final evaluation",
        form="main form[method=post]",
    )
    audit.visit_with_errors(
        "/profile/edit/", "edit profile", form="main form[method=post]", clear=["#id_display_name"]
    )
    audit.visit_with_errors(
        f"/safety/mentor/{sofia}/", "report", form="form[action^='/safety/'][novalidate]"
    )
    audit.visit_with_errors(
        f"/mentorships/{m}/goals/new/", "new goal", form="main form[method=post]"
    )
    audit.visit_with_errors(
        "/accounts/2fa/totp/activate/", "password asked again", form="main form"
    )
    # With her password given again: the authenticator app's page, then a wrong code.
    audit.page.goto("/accounts/2fa/totp/activate/")
    audit.page.get_by_label("Password").fill(PASSWORD)
    audit.page.get_by_label("Password").press("Enter")
    expect(audit.page).to_have_url(re.compile(r"/accounts/2fa/totp/activate/$"))
    audit.check("two-factor setup")
    audit.visit_with_errors(
        "/accounts/2fa/totp/activate/",
        "two-factor setup",
        form="main form[method=post]",
        fill={"input[name=code]": "000000"},
    )

    # In Swedish: the pages she uses most.
    profile = w["mentee"].profile
    profile.language = "sv"
    profile.save(update_fields=["language"])
    for url, label in [
        ("/dashboard/", "dashboard (sv)"),
        ("/mentors/", "directory (sv)"),
        (f"/mentorships/{m}/", "mentorship (sv)"),
        (f"/mentorships/{m}/agreement/", "agreement (sv)"),
        ("/resources/", "library (sv)"),
    ]:
        audit.visit(url, label)
    audit.assert_clean()


# --- mentor ----------------------------------------------------------------------------------


def test_mentor_pages(audit, live_server):
    mentor = MentorFactory(profile__display_name="Ingrid")
    request = ConnectionRequestFactory(mentor=mentor)
    ConnectionRequestFactory(mentor=mentor, status="accepted")
    mentorship = MentorshipFactory(mentor=mentor)
    MeetingFactory(mentorship=mentorship)
    EventFactory()
    _log_in(audit.page, live_server, mentor)
    for url, label in [
        ("/dashboard/", "dashboard"),
        ("/presentation/", "my presentation"),
        ("/presentation/edit/", "presentation form"),
        ("/requests/", "incoming requests"),
        (f"/requests/{request.public_id}/", "request"),
        (f"/requests/{request.public_id}/decline/", "decline request"),
        ("/mentorships/", "my mentorships"),
        (f"/mentorships/{mentorship.public_id}/", "mentorship"),
        ("/events/", "events"),
    ]:
        audit.visit(url, label)
    audit.visit("/reports/", "403 (the program report)", status=403)
    # The presentation's other states: saved and not published, then waiting for approval.
    presentation = mentor.presentation
    presentation.is_published = False
    presentation.save(update_fields=["is_published"])
    audit.visit("/presentation/", "my presentation, not published")
    presentation.is_published = True
    presentation.approved_at = None
    presentation.save(update_fields=["is_published", "approved_at"])
    audit.visit("/presentation/", "my presentation, waiting for approval")
    audit.visit_with_errors(
        "/presentation/edit/",
        "presentation form",
        form="main form[method=post]",
        clear=["#id_headline"],
    )
    audit.assert_clean()


# --- staff and reporters -----------------------------------------------------------------------


def test_staff_and_reporter_pages(audit, live_server):
    staff = StaffFactory()
    reporter = ReporterFactory()
    MentorFactory(presentation__approved_at=None)
    FinalEvaluationFactory()
    job = ExportJobFactory(requested_by=reporter)
    _log_in(audit.page, live_server, staff)
    for url, label in [
        ("/dashboard/", "staff dashboard"),
        ("/reports/", "report"),
        ("/reports/?style=traditional", "report, filtered"),
        ("/reports/exports/", "exports"),
        ("/admin/", "administration"),
        ("/admin/matching/mentorpresentation/?approval=awaiting", "presentations to approve"),
    ]:
        audit.visit(url, label)
    audit.visit_with_errors(
        "/reports/exports/",
        "export with a period ending before it starts",
        form="form.export-form",
        fill={"[name=since]": "2026-06", "[name=until]": "2026-01"},
    )
    _log_in(audit.page, live_server, reporter)
    for url, label in [
        ("/dashboard/", "reporter dashboard"),
        ("/reports/", "report (reporter)"),
        ("/reports/exports/", "exports (reporter)"),
        (f"/reports/exports/{job.public_id}/", "export job"),
    ]:
        audit.visit(url, label)
    audit.visit("/presentation/edit/", "403 (a mentor's page)", status=403)
    audit.assert_clean()


# --- keyboard ------------------------------------------------------------------------------------


@pytest.fixture
def desktop(browser, live_server, request):
    yield from _open_page(browser, live_server, request, "desktop", DESKTOP)


@pytest.fixture
def phone(browser, live_server, request):
    yield from _open_page(browser, live_server, request, "phone", PHONE)


def _focused(page) -> dict:
    return page.evaluate(
        """() => {
          const el = document.activeElement;
          const style = getComputedStyle(el);
          return {tag: el.tagName, id: el.id, text: (el.innerText || el.value || '').trim(),
                  cls: el.className, outline: style.outlineStyle, outlineWidth: style.outlineWidth,
                  shadow: style.boxShadow, visible: !!(el.offsetWidth || el.offsetHeight)};
        }"""
    )


def _has_focus_ring(state: dict) -> bool:
    outline = state["outline"] not in ("none", "") and state["outlineWidth"] not in ("0px", "")
    return outline or state["shadow"] not in ("none", "")


def test_skip_link_and_visible_focus(desktop, live_server):
    page = desktop
    mentee = MenteeFactory()
    _log_in(page, live_server, mentee)
    page.goto("/dashboard/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to main content")
    expect(skip).to_be_focused()
    expect(skip).to_be_visible()
    assert _has_focus_ring(_focused(page))
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()
    page.keyboard.press("Tab")
    in_main = page.evaluate("() => !!document.activeElement.closest('main')")
    assert in_main, f"after the skip link, Tab went to {_focused(page)}"

    # Every stop, from the top of the page to the footer, shows where the focus is: the
    # navigation, the dashboard's links, the directory's filters and cards, the mentorship
    # page's checklist, details, goals and conversation.
    MentorFactory.create_batch(2)
    mentorship = MentorshipFactory(mentee=mentee)
    MeetingFactory(mentorship=mentorship)
    GoalFactory(mentorship=mentorship)
    mentorship_url = f"/mentorships/{mentorship.public_id}/"
    without_ring = []
    for url in ("/dashboard/", "/mentors/", mentorship_url):
        page.goto(url)
        for _ in range(150):
            page.keyboard.press("Tab")
            state = _focused(page)
            if state["tag"] == "BODY":
                break
            if not state["visible"] or not _has_focus_ring(state):
                without_ring.append((url, state))
        else:
            pytest.fail(f"the focus never left {url} after 150 stops")
    assert not without_ring, f"focused without a visible focus indicator: {without_ring}"

    # A checklist item ticked with the keyboard.
    page.goto(mentorship_url)
    tick = page.get_by_role("button", name=re.compile(r"^Set the date of the first meeting"))
    tick.focus()
    page.keyboard.press("Space")
    expect(
        page.get_by_role("button", name=re.compile(r"^Set the date of the first meeting"))
    ).to_have_attribute("aria-pressed", "true")


def test_phone_menu_and_account_menu_by_keyboard(phone, live_server):
    page = phone
    _log_in(page, live_server, MenteeFactory(profile__display_name="Amina"))
    page.goto("/dashboard/")
    toggler = page.get_by_role("button", name="Toggle navigation")
    toggler.focus()
    page.keyboard.press("Enter")
    expect(toggler).to_have_attribute("aria-expanded", "true")
    nav = page.get_by_role("navigation", name="Main navigation")
    expect(nav.get_by_role("link", name="Find a mentor")).to_be_visible()
    # Tab into the open menu, to the account menu, open it with the keyboard and go to a page.
    for _ in range(15):
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement.id") == "user-menu":
            break
    account = page.locator("#user-menu")
    expect(account).to_be_focused()
    page.keyboard.press("Enter")
    expect(account).to_have_attribute("aria-expanded", "true")
    page.keyboard.press("ArrowDown")
    expect(page.get_by_role("link", name="My profile")).to_be_focused()
    page.keyboard.press("Escape")
    expect(account).to_have_attribute("aria-expanded", "false")
    expect(account).to_be_focused()
    page.keyboard.press("Enter")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/accounts/email/$"))


def test_forms_are_sent_with_enter(desktop, live_server):
    page = desktop
    mentee = MenteeFactory()
    MentorFactory(profile__display_name="Ingrid")
    page.goto("/accounts/login/")
    page.get_by_label("Email").fill(mentee.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/dashboard/$"))

    page.goto("/mentors/")
    page.get_by_role("searchbox", name="Search").fill("Ingrid")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"[?&]q=Ingrid"))
    expect(page.get_by_role("link", name=re.compile("Ingrid"))).to_be_visible()


def test_role_choice_by_keyboard(desktop, live_server):
    page = desktop
    newcomer = UserFactory()  # her profile, without a role, comes with her first page
    _log_in(page, live_server, newcomer)
    page.goto("/onboarding/role/")
    first = page.get_by_role("radio").first
    first.focus()
    page.keyboard.press("Space")
    expect(first).to_be_checked()
    page.keyboard.press("ArrowDown")
    second = page.get_by_role("radio").nth(1)
    expect(second).to_be_checked()
    # The hidden radio's card shows the focus.
    ring = second.evaluate(
        "el => getComputedStyle(el.nextElementSibling || el.closest('label')).outlineStyle"
    )
    assert ring != "none"
    page.keyboard.press("Enter")
    expect(page).not_to_have_url(re.compile(r"/onboarding/role/$"))
