"""The whole program as two new users live it, in Chromium.

Elin, a mentee, uses the site in Swedish (she picks it with the language switcher before
signing up); Grace, a mentor, uses it in English. Both sign up, confirm their address with the
link in their email, choose their role, accept the code of conduct and fill in their profile.
Grace writes her presentation and sends it for approval; a staff member approves it in the
administration. Elin filters the directory and asks Grace to be her mentor; Grace accepts.
Grace writes the agreement and both accept it; they meet twice and each reflects on both
sessions; they move through the four phases, both confirm the closure and send their final
evaluations. Staff export the final evaluations as CSV and find the pair's answers in it.

- Keyboard only (Tab, Space, Enter, typing): Elin's correction of her profile from the error
  summary, her connection request (sent once without a message, corrected from the error
  summary), Grace's agreement, and both acceptances of it.
- Error summaries, focused and linking to the field: Elin's profile without a display name, her
  request without a message, her first reflection without ratings.
- Emails: the confirmation links, and each email in its recipient's language.
- Every step is screenshot at 1280 wide and at 390×844 (``journey-NN-<step>-desktop.png`` and
  ``-phone.png`` in test-artifacts/screenshots/); every page of the journey, forms with their
  errors included, is checked with axe (``assert_accessible``).
"""

import csv
import re
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone, translation
from django.utils.translation import gettext
from playwright.sync_api import expect

from cycles.models import Meeting
from profiles.models import ExpertiseArea, SpokenLanguage
from tests.browser.conftest import DESKTOP, _open_page
from tests.browser.journey_helpers import (
    Journey,
    authenticator_code,
    field,
    last_email,
    link_in,
    press_on,
    type_into,
)
from tests.factories import PASSWORD, MentorFactory, StaffFactory

pytestmark = pytest.mark.django_db(transaction=True)

MENTEE_EMAIL = "elin.lund@example.org"
MENTOR_EMAIL = "grace.okafor@example.org"
STAFF_EMAIL = "programme@westem.example"
MENTEE_PASSWORD = "Vinter-solsken-58q"
MENTOR_PASSWORD = "Copper-harbour-91k"
CONFIRM_LINK = r"https?://\S+/accounts/confirm-email/\S+"

MENTEE_BIO = "Jag läser andra året på teknisk fysik i Lund och älskar optik och programmering."
MENTEE_GOALS = "Hitta min väg till forskningen och våga presentera mitt arbete."
MENTOR_BIO = (
    "Physicist at the MAX IV synchrotron in Lund. I came to research from a small town and "
    "a first degree in engineering, and I remember how much a good mentor mattered."
)
MENTOR_OFFER = "Advice on research careers, master's and PhD applications, and confidence."
HEADLINE = "Physicist at a synchrotron lab, happy to talk about research careers"
MEETING_LINK = "https://meet.example.org/grace-okafor"
REQUEST_MESSAGE = (
    "Hej Grace! Jag läser teknisk fysik i Lund och vill gärna ha råd om att välja "
    "masterprogram och söka sommarjobb inom forskning."
)
AGENDA_1 = "Lära känna varandra, och mitt val av masterprogram."
AGENDA_2 = "Review the three programmes Elin compared, and practise her talk."
REFLECTIONS = {
    ("mentee", 1): "Jag vågade säga att jag vill byta till fysik.",
    ("mentor", 1): "Elin knows what she wants more than she says; ask more open questions.",
    ("mentor", 2): "Her talk is ready. Next time: let her lead the whole meeting.",
    ("mentee", 2): "Övningen på presentationen hjälpte; jag pratade lugnare.",
}
GOAL_NOTE = "Antagen till masterprogrammet i fysik i Lund!"
AGREEMENT = {
    "Goal 1": "Choose a master's programme in physics by March",
    "Goal 2": "Present my project work at the student conference",
    "Expectations": "Honest advice on programmes; Elin prepares each meeting's agenda.",
    "Steps to reach the goals": "Compare three programmes; practise the talk twice.",
    "Boundaries": "No help with graded work.",
    "Meetings a month": "2",
    "Length of a meeting (minutes)": "60",
    "Availability": "Weekday evenings after 18:00, Stockholm time.",
    "Success criteria for the mentor": "Elin knows her next steps and trusts her choice.",
    "Success criteria for the mentee": "I have applied and given my talk.",
}
# The final evaluations: each export column, then the question on Elin's (the mentee's, in
# Swedish) and Grace's (the mentor's own wording, in English) form, then each one's answer.
FINAL_EVALUATION = [
    (
        "Strengths and challenges",
        "Vad har du lärt dig om dina styrkor och utmaningar, även inom STEM?",
        "What have you learned about your strengths and challenges as a mentor, also in STEM?",
        "Jag förklarar bra men tvivlar på mig själv i grupp.",
        "I listen well; I should hold back advice a little longer.",
    ),
    (
        "How the participant will apply it",
        "Hur ska du tillämpa det du har lärt dig?",
        "How will you apply what you have learned, as a mentor and in your work?",
        "Jag tar ordet först på nästa seminarium.",
        "Fewer answers, more questions.",
    ),
    (
        "Biases and how to address them",
        "Vilka fördomar inom STEM identifierade du, och hur kan de hanteras?",
        "Which biases in STEM did you and your mentee identify, and how can they be addressed?",
        "Att jag förväntas föra anteckningar; jag säger nej, lugnt.",
        "Students are steered away from instrument work; show them role models.",
    ),
    (
        "Impact on study or work intentions in STEM",
        "Vilken inverkan hade mentorskapet på dina avsikter med studier eller arbete inom STEM?",
        "What impact did the mentoring have on your mentee's intentions for study or work "
        "in STEM, as far as you can tell?",
        "Jag söker masterprogrammet i fysik.",
        "I will keep mentoring next year.",
    ),
]


@pytest.fixture
def mentor_page(browser, live_server, request):
    """The mentor's own browser (desktop, en-GB)."""
    yield from _open_page(browser, live_server, request, "mentor", DESKTOP)


@pytest.fixture
def staff_page(browser, live_server, request):
    """The staff member's own browser (desktop, en-GB)."""
    yield from _open_page(browser, live_server, request, "staff", DESKTOP)


# --- what the pages are made of ------------------------------------------------------------


def _nav(page, name: str):
    """A link of the main navigation (its Swedish name is "Huvudnavigering")."""
    navigation = page.get_by_role("navigation", name=re.compile("^(Main navigation|Huvud)"))
    return navigation.get_by_role("link", name=name, exact=True)


def _alert(page):
    return page.locator(".messages").get_by_role("alert")


def _cards(page):
    return page.locator("article.mentor-card")


def _current_phase(page):
    return page.get_by_role(
        "list", name=re.compile("^(Phases of the cycle|Cykelns faser)$")
    ).locator('[aria-current="step"]')


def _path(url: str) -> str:
    """The path of a page's URL, without its #anchor."""
    return "/" + url.split("/", 3)[3].split("#")[0]


def _rate_all(page, value: int) -> None:
    """Choose ``value`` on every rating scale of the form (each scale is a fieldset)."""
    scales = page.locator("fieldset:has(input[type=radio]):not(:has(fieldset))").all()
    assert scales
    for scale in scales:
        scale.get_by_label(re.compile(rf"^\s*{value}\b")).check()


# --- the data a test sets up rather than a user --------------------------------------------


def _other_mentors() -> None:
    """Two mentors already in the directory, whom Elin's filters leave out."""
    MentorFactory(
        profile__display_name="Lucía",
        profile__country="ES",
        profile__expertise=[ExpertiseArea.objects.get(slug="physics")],
        profile__languages=[SpokenLanguage.objects.get(code="es")],
        presentation__headline="Astrophysics researcher and mother of two",
    )
    MentorFactory(
        profile__display_name="Fatima",
        profile__country="DE",
        profile__expertise=[ExpertiseArea.objects.get(slug="computer-science")],
        profile__languages=[SpokenLanguage.objects.get(code="sv")],
        presentation__headline="Software architect building medical devices",
    )


def _meeting_takes_place(path: str, *, hours_ago: int) -> None:
    """Time passes until the meeting has started ``hours_ago`` hours ago. The site proposes
    meetings in the future only, and a reflection opens once the meeting has started."""
    public_id = path.rstrip("/").rsplit("/", 1)[1]
    moved = Meeting.objects.filter(public_id=public_id).update(
        starts_at=timezone.now() - timedelta(hours=hours_ago)
    )
    assert moved == 1


# --- the journey's stages ------------------------------------------------------------------


def _mentee_signs_up_in_swedish(mentee, journey) -> None:
    mentee.goto("/")
    expect(mentee.locator("html")).to_have_attribute("lang", "en")
    journey.step(mentee, "home", axe="home")
    mentee.get_by_role("button", name="SV").click()
    expect(mentee.locator("html")).to_have_attribute("lang", "sv")
    expect(mentee.get_by_role("button", name="SV")).to_have_attribute("aria-pressed", "true")
    mentee.get_by_role("navigation").get_by_role("link", name="Registrera dig").click()
    expect(mentee).to_have_url(re.compile(r"/accounts/signup/$"))
    expect(mentee.get_by_role("heading", name="Skapa konto", level=1)).to_be_visible()
    journey.step(mentee, "mentee-signup", axe="signup")
    field(mentee, "E-post").fill(MENTEE_EMAIL)
    field(mentee, "Lösenord").fill(MENTEE_PASSWORD)
    field(mentee, "Lösenord (igen)").fill(MENTEE_PASSWORD)
    field(mentee, "Födelsedatum").fill("2004-09-21")
    mentee.get_by_role("checkbox", name=re.compile("^Jag har läst integritetsmeddelandet")).check()
    mentee.get_by_role("button", name="Skapa konto").click()
    expect(mentee).to_have_url(re.compile(r"/accounts/confirm-email/$"))
    expect(mentee.get_by_role("heading", level=1)).to_have_text(re.compile(r"^\s*Bekräfta"))
    expect(_alert(mentee)).to_contain_text(MENTEE_EMAIL)
    journey.step(mentee, "mentee-verification-sent", axe="verification-sent")

    # The email is in Swedish too; she follows its link and confirms.
    email = last_email(MENTEE_EMAIL)
    assert "bekräfta" in email.subject.lower(), email.subject
    mentee.goto(link_in(email, CONFIRM_LINK))
    journey.step(mentee, "mentee-confirm-email", axe="confirm-email")
    mentee.get_by_role("button", name="Bekräfta", exact=True).click()

    # Onboarding: her role, the code of conduct, her profile.
    expect(mentee).to_have_url(re.compile(r"/onboarding/role/$"))
    expect(mentee.get_by_role("heading", name="Välkommen till WESTEM!")).to_be_visible()
    journey.step(mentee, "mentee-role", axe="onboarding-role")
    mentee.get_by_label("Jag är adept").check()
    mentee.get_by_role("button", name="Fortsätt").click()
    expect(mentee).to_have_url(re.compile(r"/onboarding/code-of-conduct/$"))
    journey.step(mentee, "mentee-code-of-conduct", axe="onboarding-conduct")
    mentee.get_by_label("Jag har läst uppförandekoden och accepterar den.").check()
    mentee.get_by_role("button", name="Acceptera och fortsätt").click()
    expect(mentee).to_have_url(re.compile(r"/onboarding/profile/$"))
    expect(mentee.get_by_role("heading", name="Berätta om dig själv")).to_be_visible()

    # She fills in her profile but forgets her display name.
    expect(field(mentee, "Önskat språk")).to_have_value("sv")  # the language she chose
    field(mentee, "Land").select_option(label="Sverige")
    field(mentee, "Nuvarande skede").select_option(label="Student på kandidatnivå")
    field(mentee, "Kort presentation").fill(MENTEE_BIO)
    field(mentee, "Mål och intressen").fill(MENTEE_GOALS)
    mentee.get_by_role("checkbox", name="Fysik", exact=True).check()
    mentee.get_by_role("checkbox", name="Svenska", exact=True).check()
    mentee.get_by_role("checkbox", name="Engelska", exact=True).check()
    mentee.get_by_label("Jag önskar traditionellt mentorskap").check()
    field(mentee, "Tillgänglighet (timmar per månad)").fill("3")
    field(mentee, "Kontaktuppgift för möten").fill("elin_lund på Discord")
    journey.step(mentee, "mentee-profile", axe=None)  # checked below, with its errors
    mentee.get_by_role("button", name="Spara och gå till min översikt").click()

    # The error summary names the missing field and links to it; with the keyboard alone she
    # follows the link, types her name and sends the form again.
    summary = mentee.locator("#error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_contain_text("Rätta till följande:")
    expect(summary).to_contain_text("Ingenting har sparats än.")
    summary_link = summary.get_by_role("link", name="Visningsnamn")
    expect(summary_link).to_have_attribute("href", "#id_display_name")
    expect(field(mentee, "Kort presentation")).to_have_value(MENTEE_BIO)
    journey.step(mentee, "mentee-profile-errors", axe="onboarding-profile-errors")
    press_on(mentee, summary_link, "Enter")
    expect(field(mentee, "Visningsnamn")).to_be_focused()
    mentee.keyboard.type("Elin")
    mentee.keyboard.press("Enter")

    # Her dashboard, with her checklist.
    expect(mentee).to_have_url(re.compile(r"/dashboard/(#id_display_name)?$"))
    expect(mentee.get_by_role("heading", name="Hej Elin!")).to_be_visible()
    expect(_alert(mentee)).to_contain_text("Välkommen till WESTEM! Din profil är klar.")
    expect(mentee.get_by_role("heading", name="Din checklista")).to_be_visible()
    journey.step(mentee, "mentee-dashboard", axe="dashboard-mentee")


def _mentor_signs_up_in_english(mentor, journey) -> None:
    mentor.goto("/")
    mentor.get_by_role("navigation").get_by_role("link", name="Sign up").click()
    field(mentor, "Email").fill(MENTOR_EMAIL)
    field(mentor, "Password").fill(MENTOR_PASSWORD)
    field(mentor, "Password (again)").fill(MENTOR_PASSWORD)
    field(mentor, "Date of birth").fill("1984-02-11")
    mentor.get_by_role("checkbox", name=re.compile("^I have read the privacy notice")).check()
    journey.step(mentor, "mentor-signup", axe=None)  # the page Elin saw, in English
    mentor.get_by_role("button", name="Sign up").click()
    expect(mentor.get_by_role("heading", name="Confirm your email address")).to_be_visible()
    email = last_email(MENTOR_EMAIL)
    assert "confirm" in email.subject.lower(), email.subject
    mentor.goto(link_in(email, CONFIRM_LINK))
    mentor.get_by_role("button", name="Confirm").click()

    expect(mentor).to_have_url(re.compile(r"/onboarding/role/$"))
    expect(mentor.locator("html")).to_have_attribute("lang", "en")
    mentor.get_by_label("I am a mentor").check()
    journey.step(mentor, "mentor-role", axe=None)
    mentor.get_by_role("button", name="Continue").click()
    mentor.get_by_label("I have read the code of conduct and I accept it.").check()
    mentor.get_by_role("button", name="Accept and continue").click()
    expect(mentor.get_by_role("heading", name="Tell us about yourself")).to_be_visible()
    field(mentor, "Display name").fill("Grace")
    field(mentor, "Country").select_option(label="Sweden")
    field(mentor, "Current stage").select_option(label="Experienced professional")
    field(mentor, "Organisation").fill("Lund University, MAX IV Laboratory")
    field(mentor, "Short bio").fill(MENTOR_BIO)
    field(mentor, "What you would like to offer").fill(MENTOR_OFFER)
    for name in ("Physics", "Mathematics", "English", "Swedish"):
        mentor.get_by_role("checkbox", name=name, exact=True).check()
    mentor.get_by_label("I offer traditional mentoring").check()
    field(mentor, "Availability (hours per month)").fill("4")
    field(mentor, "Contact for meetings").fill(MEETING_LINK)
    expect(field(mentor, "Preferred language")).to_have_value("en")
    journey.step(mentor, "mentor-profile", axe=None)
    mentor.get_by_role("button", name="Save and go to my dashboard").click()
    expect(mentor.get_by_role("heading", name="Hello, Grace!")).to_be_visible()
    journey.step(mentor, "mentor-dashboard", axe="dashboard-mentor")


def _mentor_writes_her_presentation(mentor, journey) -> None:
    _nav(mentor, "My presentation").click()
    journey.step(mentor, "mentor-presentation-empty", axe="presentation-empty")
    mentor.get_by_role("link", name="Write my presentation").click()
    expect(field(mentor, "Introduction")).to_have_value(MENTOR_BIO)  # from her profile
    expect(field(mentor, "What I can offer")).to_have_value(MENTOR_OFFER)
    field(mentor, "Headline").fill(HEADLINE)
    field(mentor, "My expertise").fill("X-ray imaging, optics, data analysis in Python.")
    journey.step(mentor, "mentor-presentation-form", axe="presentation-form")
    mentor.get_by_role("button", name="Save and preview").click()
    expect(_alert(mentor)).to_contain_text("Your presentation has been saved.")
    journey.step(mentor, "mentor-presentation-preview", axe="presentation-draft")
    mentor.get_by_role("button", name="Publish (send for approval)").click()
    expect(_alert(mentor)).to_contain_text("The program staff will review your presentation")
    journey.step(mentor, "mentor-presentation-sent", axe="presentation-awaiting-approval")


def _staff_member_approves_it(staff, journey) -> None:
    staff_user = StaffFactory(email=STAFF_EMAIL)
    staff.goto("/accounts/login/")
    field(staff, "Email").fill(STAFF_EMAIL)
    field(staff, "Password").fill(PASSWORD)
    staff.get_by_role("button", name="Log in", exact=True).click()
    expect(staff).to_have_url(re.compile(r"/2fa/authenticate/"))
    journey.step(staff, "staff-two-factor", axe="two-factor")
    staff.locator("input[name=code]").fill(authenticator_code(staff_user))
    staff.locator("input[name=code]").press("Enter")
    expect(staff.get_by_role("heading", name="Program dashboard")).to_be_visible()
    journey.step(staff, "staff-dashboard", axe="dashboard-staff")

    staff.get_by_role("link", name="Open the administration").click()
    journey.step(staff, "staff-admin", axe="admin-index")
    staff.get_by_role("link", name="Mentor presentations").first.click()
    staff.get_by_role("link", name="Awaiting approval").click()
    row = staff.get_by_role("row").filter(has_text=HEADLINE)
    expect(row).to_have_count(1)
    row.get_by_role("checkbox").check()
    staff.get_by_role("combobox", name="Action").select_option(
        label="Approve the selected presentations"
    )
    journey.step(staff, "staff-approves-presentation", axe="admin-presentations")
    staff.get_by_role("button", name="Go").click()
    expect(staff.locator(".messagelist")).to_contain_text(
        "1 presentation approved; the mentor has been told by email."
    )
    expect(staff.get_by_role("row").filter(has_text=HEADLINE)).to_have_count(0)
    journey.step(staff, "staff-presentation-approved", axe=None)


def _mentee_asks_grace(mentee, journey) -> None:
    _nav(mentee, "Hitta en mentor").click()
    expect(mentee.get_by_role("heading", name="Hitta en mentor", level=1)).to_be_visible()
    expect(_cards(mentee)).to_have_count(3)
    journey.step(mentee, "mentee-directory", axe=None)  # checked filtered, below
    filters = mentee.get_by_role("search", name="Filtrera mentorer")
    field(filters, "Ämnesområde").select_option(label="Fysik")
    field(filters, "Språk").select_option(label="Svenska")
    filters.get_by_label("Har en ledig plats").check()
    filters.get_by_role("button", name="Visa mentorer").click()
    expect(mentee.get_by_text("1 mentor matchar din sökning")).to_be_visible()
    expect(_cards(mentee)).to_have_count(1)
    card = _cards(mentee).first
    expect(card).to_contain_text(HEADLINE)
    journey.step(mentee, "mentee-directory-filtered", axe="directory")
    card.get_by_role("link", name="Grace").click()
    expect(mentee.get_by_role("heading", name="Be Grace att bli din mentor")).to_be_visible()
    journey.step(mentee, "mentee-mentor-page", axe="mentor-page")

    # The request, with the keyboard only. She sends it before writing her message: the error
    # summary takes the focus, its link leads her to the field.
    traditional = mentee.get_by_role("radio", name=re.compile(r"^Traditionellt mentorskap"))
    press_on(mentee, traditional, "Space")
    expect(traditional).to_be_checked()
    press_on(mentee, mentee.get_by_role("button", name="Skicka förfrågan"), "Enter")
    summary = mentee.locator("#error-summary")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text(
        "Ditt meddelande: Skriv några rader om dig själv och vad du hoppas få ut av mentorskapet."
    )
    journey.step(mentee, "mentee-request-errors", axe="mentor-page-errors")
    press_on(mentee, summary.get_by_role("link", name="Ditt meddelande"), "Enter")
    expect(field(mentee, "Ditt meddelande")).to_be_focused()
    mentee.keyboard.type(REQUEST_MESSAGE)
    expect(field(mentee, "Ditt meddelande")).to_have_value(REQUEST_MESSAGE)
    expect(traditional).to_be_checked()
    journey.step(mentee, "mentee-request-form", axe=None)
    press_on(mentee, mentee.get_by_role("button", name="Skicka förfrågan"), "Enter")
    expect(_alert(mentee)).to_contain_text("Din förfrågan har skickats till Grace.")
    expect(mentee.locator("main .badge", has_text="Väntar på svar")).to_be_visible()
    journey.step(mentee, "mentee-request-sent", axe="request-pending")


def _mentor_accepts(mentor, journey) -> None:
    email = last_email(MENTOR_EMAIL)
    assert email.subject == "[WESTEM] Elin would like you as her mentor"
    assert "/requests/" in link_in(email, r"https?://\S+/requests/\S+")
    _nav(mentor, "Requests").click()
    expect(mentor.get_by_role("heading", name="Requests from mentees")).to_be_visible()
    row = mentor.get_by_role("link", name=re.compile(r"^Elin"))
    expect(row).to_contain_text("Pending")
    journey.step(mentor, "mentor-requests", axe="requests-received")
    row.click()
    expect(mentor.get_by_role("heading", name="Request from Elin")).to_be_visible()
    expect(mentor.get_by_text(REQUEST_MESSAGE)).to_be_visible()
    journey.step(mentor, "mentor-request", axe="request-received")
    mentor.get_by_role("button", name="Accept").click()
    expect(_alert(mentor)).to_contain_text("You are now mentoring Elin.")
    expect(mentor.get_by_role("region", name="You are Elin's mentor")).to_contain_text(MENTEE_EMAIL)
    journey.step(mentor, "mentor-request-accepted", axe="request-accepted")


def _propose_meeting(page, journey, step, *, link, labels, day, agenda) -> str:
    """From the mentorship page, propose a meeting at 18:00 on ``day``; return its path."""
    date_label, time_label, place_label, agenda_label, button = labels
    page.get_by_role("link", name=link).click()
    field(page, date_label).fill(day.isoformat())
    field(page, time_label).fill("18:00")
    field(page, place_label).fill(MEETING_LINK)
    field(page, agenda_label).fill(agenda)
    journey.step(page, step, axe="meeting-form")
    page.get_by_role("button", name=button).click()
    expect(page).to_have_url(re.compile(r"/meetings/[0-9a-f-]{36}/$"))
    return _path(page.url)


def _partner_accepts(page, meeting: str, *, button: str, agreed: str) -> None:
    """The other of the pair opens the proposal and accepts its (only) time."""
    page.goto(meeting)
    page.locator("#option-1").check()
    page.get_by_role("button", name=button).click()
    expect(_alert(page)).to_contain_text(agreed)


def _reflect(page, meeting: str, *, link, label, button, saved, text, rating) -> None:
    page.goto(meeting)
    page.get_by_role("link", name=link).click()
    field(page, label).fill(text)
    _rate_all(page, rating)
    page.get_by_role("button", name=button).click()
    expect(page.get_by_text(saved)).to_be_visible()


def _mentor_reflects(mentor, meeting: str, number: int, *, rating: int) -> None:
    _reflect(
        mentor,
        meeting,
        link="Reflect on this session",
        label="Your reflection",
        button="Save my reflection",
        saved="Your reflection is saved. Only you can read it.",
        text=REFLECTIONS[("mentor", number)],
        rating=rating,
    )


# --- the test ------------------------------------------------------------------------------


def test_a_mentee_and_a_mentor_go_through_the_whole_program(
    page, mentor_page, staff_page, tmp_path, settings
):
    # The code is read from her app a moment before it is typed: on a busy machine the
    # 30-second step may turn between the two, as it does for a person.
    settings.MFA_TOTP_TOLERANCE = 1
    with translation.override("sv"):
        assert gettext("Find a mentor") == "Hitta en mentor", (
            "The Swedish catalogue is not compiled: run `make messages` (`make test` does)."
        )
    mentee, mentor, staff = page, mentor_page, staff_page
    journey = Journey()
    _other_mentors()

    _mentee_signs_up_in_swedish(mentee, journey)
    _mentor_signs_up_in_english(mentor, journey)
    _mentor_writes_her_presentation(mentor, journey)
    _staff_member_approves_it(staff, journey)
    email = last_email(MENTOR_EMAIL)
    assert "/presentation/" in link_in(email, r"https?://\S+/presentation/\S*")
    mentor.reload()
    expect(mentor.locator("main [role=status]").first).to_contain_text("Published")
    _mentee_asks_grace(mentee, journey)
    _mentor_accepts(mentor, journey)

    # Elin reads the answer, in her email and on her request's page: Grace is her mentor, and
    # she is to propose the first meeting.
    assert last_email(MENTEE_EMAIL).subject == "[WESTEM] Grace har accepterat din förfrågan"
    mentee.reload()
    contact = mentee.get_by_role("region", name="Grace är din mentor!")
    expect(contact).to_contain_text(MENTOR_EMAIL)
    expect(contact).to_contain_text("föreslå ett datum för ert första möte")
    journey.step(mentee, "mentee-request-accepted", axe=None)

    # --- Phase 1, Preparation: Elin proposes the first meeting -------------------------------
    _nav(mentee, "Mina mentorskap").click()
    row = mentee.get_by_role("link", name=re.compile(r"^Grace\b"))
    expect(row).to_contain_text("Förberedelse")
    journey.step(mentee, "mentee-mentorships", axe="mentorships")
    row.click()
    expect(mentee.locator("html")).to_have_attribute("lang", "sv")
    expect(_current_phase(mentee)).to_have_text("Förberedelse")
    expect(mentee.get_by_role("heading", name="Fas 1: Förberedelse")).to_be_visible()
    journey.step(mentee, "mentee-mentorship-phase-1", axe="mentorship")
    mentorship = _path(mentee.url)
    meeting_1 = _propose_meeting(
        mentee,
        journey,
        "mentee-proposes-meeting-1",
        link="Föreslå ett möte",
        labels=("Datum", "Tid", "Plats eller länk", "Agenda", "Skicka förslaget"),
        day=timezone.localdate() + timedelta(days=2),
        agenda=AGENDA_1,
    )
    expect(_alert(mentee)).to_contain_text("Ditt förslag är skickat.")
    expect(mentee.get_by_role("heading", name="Föreslaget möte med Grace")).to_be_visible()
    # Grace accepts the time: the meeting is agreed.
    _partner_accepts(mentor, meeting_1, button="Accept this time", agreed="The meeting is agreed.")
    mentee.reload()
    expect(mentee.get_by_role("heading", name="Möte med Grace", level=1)).to_be_visible()
    journey.step(mentee, "mentee-meeting-1", axe="meeting-planned")

    # The first meeting takes place. Elin reflects on it, forgetting the ratings at first.
    _meeting_takes_place(meeting_1, hours_ago=26)
    mentee.reload()
    mentee.get_by_role("link", name="Reflektera över den här sessionen").click()
    field(mentee, "Din reflektion").fill(REFLECTIONS[("mentee", 1)])
    journey.step(mentee, "mentee-reflection-1", axe=None)  # checked with its errors
    mentee.get_by_role("button", name="Spara min reflektion").click()
    summary = mentee.locator("#error-summary")
    expect(summary).to_contain_text("Rätta till följande:")
    first_error = summary.get_by_role("link").first
    expect(first_error).to_have_text("Hur mycket nytta hade du av den här sessionen?")
    expect(first_error).to_have_attribute("href", re.compile(r"^#\w+"))
    expect(field(mentee, "Din reflektion")).to_have_value(REFLECTIONS[("mentee", 1)])
    journey.step(mentee, "mentee-reflection-1-errors", axe="reflection-errors")
    expect(summary).to_be_focused()
    press_on(mentee, first_error, "Enter")  # the keyboard reaches the first scale
    usefulness = mentee.get_by_role(
        "group", name=re.compile("^Hur mycket nytta hade du av den här sessionen")
    )
    expect(usefulness.get_by_role("radio").first).to_be_focused()
    _rate_all(mentee, 4)
    mentee.get_by_role("button", name="Spara min reflektion").click()
    expect(mentee.get_by_text("Din reflektion är sparad. Bara du kan läsa den.")).to_be_visible()
    journey.step(mentee, "mentee-meeting-1-reflected", axe="meeting-held")

    # Grace reflects too.
    mentor.goto(mentorship)
    expect(_current_phase(mentor)).to_have_text("Preparation")
    journey.step(mentor, "mentor-mentorship-phase-1", axe=None)
    _mentor_reflects(mentor, meeting_1, 1, rating=4)

    # --- Phase 2, Negotiation: Grace writes the agreement, both accept it (keyboard only) ----
    mentee.goto(mentorship)
    mentee.get_by_role("button", name="Gå vidare till fas 2: Förhandling").click()
    expect(_alert(mentee)).to_contain_text("Ni är nu i fasen Förhandling.")
    expect(_current_phase(mentee)).to_have_text("Förhandling")
    journey.step(mentee, "mentee-mentorship-phase-2", axe=None)

    mentor.goto(mentorship)
    mentor.get_by_role("region", name="Mentoring agreement").get_by_role(
        "link", name="Write the agreement"
    ).click()
    expect(mentor.get_by_role("heading", name="Write the agreement", level=1)).to_be_visible()
    for label, text in AGREEMENT.items():
        type_into(mentor, field(mentor, label), text)
    press_on(mentor, field(mentor, "We commit to confidentiality"), "Space")
    press_on(mentor, field(mentor, "We know either of us may end the mentoring at any time"))
    expect(field(mentor, "We commit to confidentiality")).to_be_checked()
    journey.step(mentor, "mentor-agreement-form", axe="agreement-form")
    press_on(mentor, mentor.get_by_role("button", name="Save the agreement"), "Enter")
    expect(_alert(mentor)).to_contain_text("The agreement is saved.")
    journey.step(mentor, "mentor-agreement", axe="agreement-to-accept")
    press_on(mentor, mentor.get_by_role("button", name="Accept the agreement"), "Enter")
    expect(_alert(mentor)).to_contain_text(
        "You have accepted the agreement. It is complete once Elin accepts it too."
    )

    mentee.goto(mentorship)
    mentee.get_by_role("region", name="Mentorsavtal").get_by_role(
        "link", name="Läs och acceptera"
    ).click()
    expect(mentee.get_by_text(AGREEMENT["Goal 1"])).to_be_visible()
    journey.step(mentee, "mentee-agreement", axe=None)
    press_on(mentee, mentee.get_by_role("button", name="Acceptera avtalet"), "Enter")
    expect(_alert(mentee)).to_contain_text("Ni har båda accepterat avtalet.")
    expect(mentee.get_by_text("Ni har båda accepterat det här avtalet.")).to_be_visible()
    journey.step(mentee, "mentee-agreement-accepted", axe="agreement-accepted")

    # --- Phase 3, Enabling: Grace moves on and proposes the second meeting -------------------
    mentor.goto(mentorship)
    mentor.get_by_role("button", name="Move on to phase 3: Enabling").click()
    expect(_alert(mentor)).to_contain_text("You are now in the Enabling phase.")
    expect(_current_phase(mentor)).to_have_text("Enabling")
    journey.step(mentor, "mentor-mentorship-phase-3", axe=None)
    meeting_2 = _propose_meeting(
        mentor,
        journey,
        "mentor-proposes-meeting-2",
        link="Propose a meeting",
        labels=("Date", "Time", "Place or link", "Agenda", "Send the proposal"),
        day=timezone.localdate() + timedelta(days=9),
        agenda=AGENDA_2,
    )
    expect(_alert(mentor)).to_contain_text("Your proposal is sent.")
    _partner_accepts(
        mentee, meeting_2, button="Acceptera den här tiden", agreed="Mötet är överenskommet."
    )

    # The second meeting takes place; both reflect on it.
    _meeting_takes_place(meeting_2, hours_ago=2)
    _mentor_reflects(mentor, meeting_2, 2, rating=5)
    _reflect(
        mentee,
        meeting_2,
        link="Reflektera över den här sessionen",
        label="Din reflektion",
        button="Spara min reflektion",
        saved="Din reflektion är sparad. Bara du kan läsa den.",
        text=REFLECTIONS[("mentee", 2)],
        rating=5,
    )

    # Elin evaluates the goals: the first one is achieved.
    mentee.goto(mentorship)
    mentee.get_by_role("link", name=f"Redigera {AGREEMENT['Goal 1']}").click()
    field(mentee, "Status").select_option(label="Uppnått")
    field(mentee, "Anteckningar om framsteg").fill(GOAL_NOTE)
    journey.step(mentee, "mentee-goal-achieved", axe="goal-form")
    mentee.get_by_role("button", name="Spara målet").click()
    expect(_alert(mentee)).to_contain_text("Målet har sparats.")
    goal = mentee.locator("#goals li.goal").filter(has_text=AGREEMENT["Goal 1"])
    expect(goal).to_contain_text("Uppnått")
    expect(goal).to_contain_text(GOAL_NOTE)

    # --- Phase 4, Closure: both confirm it ---------------------------------------------------
    mentee.get_by_role("button", name="Gå vidare till fas 4: Avslut").click()
    expect(_alert(mentee)).to_contain_text("Ni är nu i fasen Avslut.")
    expect(_current_phase(mentee)).to_have_text("Avslut")
    journey.step(mentee, "mentee-mentorship-phase-4", axe="mentorship-closure")
    mentee.get_by_role("button", name="Bekräfta avslutet").click()
    expect(mentee.locator("#closure-status")).to_contain_text("Du bekräftade")
    mentor.goto(mentorship)
    expect(mentor.locator("#closure-status")).to_contain_text("Elin confirmed on")
    mentor.get_by_role("button", name="Confirm the closure").click()
    expect(mentor.locator("#ended-banner")).to_contain_text("Your mentoring cycle was completed")
    journey.step(mentor, "mentor-mentorship-completed", axe="mentorship-completed")

    # --- Both send their final evaluations ---------------------------------------------------
    mentor.locator("#final-evaluation").get_by_role(
        "link", name="Fill in the final evaluation"
    ).click()
    expect(field(mentor, "Number of sessions")).to_have_value("2")  # from their meetings
    for _, _, question, _, answer in FINAL_EVALUATION:
        field(mentor, question).fill(answer)
    _rate_all(mentor, 5)
    journey.step(mentor, "mentor-final-evaluation-form", axe="final-evaluation-form")
    mentor.get_by_role("button", name="Send my final evaluation").click()
    expect(_alert(mentor)).to_contain_text(
        "Thank you! Your final evaluation has been sent to the program."
    )
    journey.step(mentor, "mentor-final-evaluation-sent", axe="final-evaluation-sent")

    mentee.goto(mentorship)
    expect(mentee.locator("#ended-banner")).to_contain_text("Er mentorskapscykel")
    journey.step(mentee, "mentee-mentorship-completed", axe=None)
    assert last_email(MENTEE_EMAIL).subject == "[WESTEM] Din mentorskapscykel med Grace är klar"
    mentee.locator("#final-evaluation").get_by_role("link", name="Fyll i slututvärderingen").click()
    expect(field(mentee, "Antal sessioner")).to_have_value("2")
    expect(field(mentee, "Vilka mål uppfylldes?")).to_have_value(
        re.compile(rf"^{re.escape(AGREEMENT['Goal 1'])}")
    )
    for _, question, _, answer, _ in FINAL_EVALUATION:
        field(mentee, question).fill(answer)
    _rate_all(mentee, 4)
    journey.step(mentee, "mentee-final-evaluation-form", axe=None)
    mentee.get_by_role("button", name="Skicka in min slututvärdering").click()
    expect(_alert(mentee)).to_contain_text(
        "Tack! Din slututvärdering har skickats till programmet."
    )
    journey.step(mentee, "mentee-final-evaluation-sent", axe=None)
    # Phase 4's item is ticked for both, though they sent them after the closure.
    mentee.goto(mentorship)
    item = mentee.locator("#item-final_evaluation")
    expect(item.locator(".tick-toggle")).to_have_class(re.compile(r"\bchecked\b"))
    expect(item.locator(".their-tick")).to_have_class(re.compile(r"\bdone\b"))

    # Their dashboards: the checklist items the journey ticked.
    _nav(mentee, "Översikt").click()
    checklist = mentee.get_by_role("region", name="Din checklista")
    for key in ("register", "choose_mentor", "conduct"):
        expect(checklist.locator(f"li[data-key={key}]")).to_have_class(re.compile(r"\bdone\b"))
    # Their meetings took place: that stays done after the cycle ended.
    expect(checklist.locator("li[data-key=first_meeting]")).to_contain_text(
        "✓ Första mötet inbokat"
    )
    journey.step(mentee, "mentee-dashboard-after", axe=None)
    _nav(mentor, "Dashboard").click()
    checklist = mentor.get_by_role("region", name="Your checklist")
    for key in ("register", "conduct", "presentation"):
        expect(checklist.locator(f"li[data-key={key}]")).to_have_class(re.compile(r"\bdone\b"))
    journey.step(mentor, "mentor-dashboard-after", axe=None)

    # --- Staff export the final evaluations and find the pair's answers ----------------------
    told = [message.subject for message in mail.outbox if message.to == [STAFF_EMAIL]]
    assert told == ["[WESTEM] A mentoring cycle has ended: a final evaluation came in"] * 2
    staff.goto("/dashboard/")
    staff.get_by_role("link", name="Open the report").click()
    expect(staff.get_by_role("heading", level=1)).to_be_visible()
    journey.step(staff, "staff-report", axe="report")
    staff.get_by_role("link", name="Export final evaluations").first.click()
    form = staff.get_by_role("form", name="Export final evaluations").first
    expect(form).to_be_visible()
    journey.step(staff, "staff-export", axe=None)  # the report's own form
    with staff.expect_download() as download_info:
        form.get_by_role("button", name="Export as CSV").click()
    path = tmp_path / "final-evaluations.csv"
    download_info.value.save_as(path)
    with path.open(encoding="utf-8-sig", newline="") as handle:
        lines = list(csv.reader(handle))
    # The program's figures follow the evaluations after an empty line.
    header, *rows = lines[: lines.index([])]
    assert ["Section", "Group", "Figure", "Value"] in lines
    answers = {
        row[header.index("Participant")]: dict(zip(header, row, strict=True)) for row in rows
    }
    assert set(answers) == {"Elin", "Grace"}
    elin, grace = answers["Elin"], answers["Grace"]
    assert (elin["Role"], grace["Role"]) == ("Mentee", "Mentor")
    assert elin["Pair"] == grace["Pair"] == mentorship.strip("/").rsplit("/", 1)[1]
    assert elin["Number of sessions"] == grace["Number of sessions"] == "2"
    assert (elin["Quality (1–5)"], grace["Quality (1–5)"]) == ("4", "5")
    assert elin["Goals met"].startswith(AGREEMENT["Goal 1"])
    assert AGREEMENT["Goal 2"] in elin["Goals not met, and why"]
    for column, _, _, elin_answer, grace_answer in FINAL_EVALUATION:
        assert elin[column] == elin_answer
        assert grace[column] == grace_answer
