"""A person's data rights: "Download my data", "Delete my account", and the admin's two actions
for requests that reach the staff (profiles/privacy.py, views_privacy.py, the User admin)."""

import html
import json
import re
from datetime import datetime, timedelta

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.sessions.models import Session
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone

from core.personal_data import REMOVED_TEXT
from cycles.models import Goal, Meeting, Mentorship, MentorshipEvent, Message
from evaluations.personal_data import PRIVATE_REFLECTIONS_LEFT_OUT
from matching.models import ConnectionRequest, MentorPresentation
from profiles import privacy
from profiles.models import Consent, Profile, User
from tests.factories import (
    PASSWORD,
    AgreementFactory,
    AgreementVersionFactory,
    BlockFactory,
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
    ReportFactory,
    RequestEventFactory,
    RoundChoiceFactory,
    RoundOutcomeFactory,
    SessionEvaluationFactory,
    StaffFactory,
)

pytestmark = pytest.mark.django_db

Status = ConnectionRequest.Status
# A savepoint and its release, then: profile (+ fields, languages), presentation, addresses,
# two-factor, her calendar address, consents, acceptances, requests (+ history), mentorships
# (+ agreement versions, goals, their revisions, meetings (+ her reflections), her final
# evaluations, messages, history, her ticks, the staff's check-ins, the health signals, her exit
# answers), event
# sign-ups, the first library visit, email notifications turned off, the reminders sent to
# her, blocks, reports, flash slots, flash bookings, her guardian's consents, her match
# rounds' choices, places, marks and results.
EXPORT_QUERIES_MENTEE = 40  # her inbox is one
EXPORT_QUERIES_MENTOR = EXPORT_QUERIES_MENTEE + 2  # her presentation's fields and languages
PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
    b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\xff\xff?\x00\x05\xfe\x02\xfe\xa7\x35\x81\x84"
    b"\x00\x00\x00\x00IEND\xaeB`\x82"
)


def field_error(response, name: str) -> str:
    """The error text shown right under the field ``name`` of the form on the page."""
    page = response.content.decode()
    match = re.search(rf'id="id_{name}_error"[^>]*>(.*?)</div>', page, re.DOTALL)
    assert match, f"no error is shown next to the field {name!r}"
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", match.group(1))).split())


def mentorship_with_everything(*, mentor, mentee) -> Mentorship:
    """An active mentorship with a row of every kind the pair can write."""
    mentorship = MentorshipFactory(mentor=mentor, mentee=mentee)
    request = ConnectionRequestFactory(
        mentor=mentor,
        mentee=mentee,
        status=Status.ACCEPTED,
        mentorship=mentorship,
        responded_at=timezone.now(),
    )
    RequestEventFactory(request=request)
    MentorshipEventFactory(mentorship=mentorship)
    PhaseTickFactory(mentorship=mentorship, user=mentee)
    PhaseTickFactory(mentorship=mentorship, user=mentor)
    agreement = AgreementFactory(mentorship=mentorship, version=2)
    AgreementVersionFactory(agreement=agreement)
    goal = GoalFactory(mentorship=mentorship)
    GoalRevisionFactory(goal=goal)
    held = MeetingFactory(
        mentorship=mentorship,
        starts_at=timezone.now() - timedelta(days=2),
        notes="We talked about CVs.",
        tasks_next_time="CV",
    )
    MessageFactory(mentorship=mentorship, author=mentee, body="Hej! Ska vi ses på torsdag?")
    MessageFactory(mentorship=mentorship, author=mentor, body="Gärna, klockan 18.")
    SessionEvaluationFactory(meeting=held, author=mentee, reflection="I dared to ask.")
    SessionEvaluationFactory(meeting=held, author=mentor, reflection="She is braver now.")
    FinalEvaluationFactory(mentorship=mentorship, author=mentee, strengths="I listen well.")
    FinalEvaluationFactory(mentorship=mentorship, author=mentor, strengths="I explain well.")
    return mentorship


def person_with_rows(*, role: str, count: int) -> User:
    """A mentor or mentee with ``count`` partners, each with rows of every kind."""
    person = MentorFactory() if role == "mentor" else MenteeFactory()
    for _index in range(count):
        if role == "mentor":
            mentorship_with_everything(mentor=person, mentee=MenteeFactory())
        else:
            mentorship_with_everything(mentor=MentorFactory(), mentee=person)
    return person


@pytest.fixture
def pair():
    mentor = MentorFactory(profile__display_name="Grace", profile__meeting_handle="grace-h")
    mentee = MenteeFactory(profile__display_name="Åsa", profile__organisation="Lund University")
    mentorship = mentorship_with_everything(mentor=mentor, mentee=mentee)
    return mentor, mentee, mentorship


@pytest.fixture
def staff_client(client):
    staff = StaffFactory()
    client.force_login(staff)
    client.staff = staff
    return client


def _dump(data) -> str:
    return json.dumps(data, ensure_ascii=False)


# --- export --------------------------------------------------------------------------------


def test_the_export_holds_her_data_from_every_app(pair):
    mentor, mentee, mentorship = pair
    profile = mentee.profile
    profile.photo.save("me.png", ContentFile(PNG))
    TOTP.activate(mentee, generate_totp_secret())
    other_mentor = MentorFactory(profile__display_name="Hedy")
    ConnectionRequestFactory(mentee=mentee, mentor=other_mentor, message="Could we talk?")
    BlockFactory(blocker=mentee, blocked=MentorFactory(profile__display_name="Rosalind"))
    ReportFactory(reporter=mentee, reported=other_mentor, details="Rude in the directory.")
    consent = Consent.objects.create(user=mentee, kind="privacy_notice", version="2026-01")

    data = privacy.export_user_data(user=mentee)

    json.dumps(data)  # serialisable as it is
    assert data["about"]["format"] == "westem-personal-data"
    account = data["account"]
    assert account["email"] == mentee.email
    assert account["email_addresses"] == [
        {"email": mentee.email, "verified": True, "primary": True}
    ]
    assert account["two_factor_authentication_enabled"] is True
    assert datetime.fromisoformat(account["date_joined"]) == mentee.date_joined
    exported = data["profile"]
    assert exported["display_name"] == "Åsa"
    assert exported["organisation"] == "Lund University"
    assert exported["fields_of_expertise_or_interest"] == ["Computer science"]
    assert exported["languages_spoken"] == ["English"]
    assert exported["country"] == "SE"
    assert exported["photo"].startswith("http")
    assert exported["photo"].endswith(profile.photo.url)
    assert [a["version"] for a in data["code_of_conduct_acceptances"]] == [
        acceptance.code.version for acceptance in mentee.conduct_acceptances.all()
    ]
    assert data["consents"] == [
        {
            "to": "privacy_notice",
            "version": "2026-01",
            "given_at": consent.given_at.isoformat(),
        }
    ]
    assert data["mentor_presentation"] is None
    requests = {r["other_person"]: r for r in data["connection_requests"]}
    assert requests["Grace"]["direction"] == "sent"
    assert requests["Grace"]["status"] == "accepted"
    assert requests["Hedy"]["status"] == "pending"
    assert requests["Hedy"]["message"] == "Could we talk?"
    [exported_mentorship] = data["mentorships"]
    assert exported_mentorship["my_role"] == "mentee"
    assert exported_mentorship["other_person"] == "Grace"
    assert exported_mentorship["status"] == "active"
    assert exported_mentorship["phase"] == 1
    assert exported_mentorship["start_date"] == mentorship.start_date.isoformat()
    assert [t["item"] for t in exported_mentorship["my_checklist_ticks"]] == ["first_meeting_date"]
    agreement = exported_mentorship["agreement"]
    assert agreement["version"] == 2
    assert agreement["text"]["boundaries"] == mentorship.agreement.boundaries
    assert agreement["earlier_versions"][0]["version"] == 1
    assert agreement["earlier_versions"][0]["text"]["goals"] == ["Apply for a summer internship"]
    [goal] = exported_mentorship["goals"]
    assert goal["title"] == Goal.objects.get(mentorship=mentorship).title
    assert goal["earlier_versions"][0]["changed_by"] == "you"
    [meeting] = exported_mentorship["meetings"]
    stored = Meeting.objects.get(mentorship=mentorship)
    assert datetime.fromisoformat(meeting["starts_at"]) == stored.starts_at
    assert meeting["shared_notes"] == "We talked about CVs."
    assert meeting["place_or_link"] == stored.location
    assert meeting["proposed_by"] == "you"
    assert [(m["from"], m["text"]) for m in exported_mentorship["messages"]] == [
        ("you", "Hej! Ska vi ses på torsdag?"),
        ("Grace", "Gärna, klockan 18."),
    ]
    assert [b["person"] for b in data["people_i_blocked"]] == ["Rosalind"]
    [report] = data["reports_i_made"]
    assert (report["about"], report["reason"], report["what_happened"]) == (
        "Hedy",
        "harassment",
        "Rude in the directory.",
    )


def test_the_export_of_a_mentor_holds_her_presentation_and_the_requests_to_her(pair):
    mentor, _mentee, _mentorship = pair

    data = privacy.export_user_data(user=mentor)

    assert data["mentor_presentation"]["headline"] == mentor.presentation.headline
    assert data["mentor_presentation"]["published"] is True
    assert data["mentor_presentation"]["mentoring_languages"] == ["English"]
    assert [r["direction"] for r in data["connection_requests"]] == ["received"]
    assert data["connection_requests"][0]["other_person"] == "Åsa"
    assert data["mentorships"][0]["my_role"] == "mentor"


def test_the_export_says_nothing_about_others_but_display_names_and_holds_no_secrets(pair):
    mentor, mentee, _mentorship = pair
    TOTP.activate(mentee, generate_totp_secret())
    secret = Authenticator.objects.get(user=mentee).data
    strangers = mentorship_with_everything(mentor=MentorFactory(), mentee=MenteeFactory())
    # What others hold about her stays theirs: who blocked or reported her, and why.
    BlockFactory(blocker=mentor, blocked=mentee)
    ReportFactory(reporter=mentor, reported=mentee, details="Missed three meetings unannounced.")

    text = _dump(privacy.export_user_data(user=mentee))

    assert mentee.password not in text
    assert "md5$" not in text
    assert "pbkdf2" not in text
    for value in secret.values():
        assert str(value) not in text
    # Her partner: the display name only.
    assert "Grace" in text
    assert mentor.email not in text
    assert "grace-h" not in text
    assert mentor.profile.bio not in text
    assert mentor.profile.organisation not in text
    # People she has nothing to do with: nothing at all.
    assert strangers.mentee.email not in text
    assert strangers.mentee.profile.display_name not in text
    assert strangers.mentor.profile.display_name not in text
    assert "Missed three meetings" not in text
    assert '"person": "Grace"' not in text


@pytest.mark.parametrize(
    ("role", "expected"),
    [("mentee", EXPORT_QUERIES_MENTEE), ("mentor", EXPORT_QUERIES_MENTOR)],
)
def test_the_export_takes_the_same_queries_for_few_and_many_rows(
    role, expected, django_assert_num_queries
):
    few = person_with_rows(role=role, count=1)
    many = person_with_rows(role=role, count=4)
    ConnectionRequestFactory(**{role: many})
    for _index in range(3):
        RoundChoiceFactory(**{role: many})
        RoundOutcomeFactory(**{role: many})
    for person in (few, many):
        BlockFactory(blocker=person, blocked=MenteeFactory())
        ReportFactory(reporter=person, reported=MenteeFactory())
        Consent.objects.create(user=person, kind="privacy_notice", version="1")
    Consent.objects.create(user=many, kind="privacy_notice", version="2")
    BlockFactory(blocker=many, blocked=MenteeFactory())
    ReportFactory(reporter=many, reported=MenteeFactory())

    with django_assert_num_queries(expected):
        small = privacy.export_user_data(user=few)
    with django_assert_num_queries(expected):
        large = privacy.export_user_data(user=many)

    assert len(small["mentorships"]) == 1
    assert len(large["mentorships"]) == 4
    assert len(large["connection_requests"]) == 5


# --- "Download my data" --------------------------------------------------------------------


def test_the_data_page_explains_the_file_and_links_to_deletion(client, pair):
    _mentor, mentee, _mentorship = pair
    client.force_login(mentee)

    response = client.get(reverse("profiles:account_data"))

    assert response.status_code == 200
    page = response.text
    assert "Download my data" in page
    assert "What is in the file" in page
    assert f'href="{reverse("profiles:account_delete")}"' in page
    assert "Delete my account" in page


def test_the_user_menu_links_to_my_data(client, pair):
    client.force_login(pair[1])

    page = client.get(reverse("dashboard")).text

    assert f'href="{reverse("profiles:account_data")}">My data<' in page


def test_downloading_the_data_returns_a_json_attachment(client, pair):
    _mentor, mentee, _mentorship = pair
    client.force_login(mentee)

    response = client.post(reverse("profiles:account_data"))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    filename = f"westem-my-data-{timezone.localdate():%Y-%m-%d}.json"
    assert response["Content-Disposition"] == f'attachment; filename="{filename}"'
    body = response.content.decode("utf-8")
    assert '\n  "account": {' in body  # indented by 2
    assert '"display_name": "Åsa"' in body  # not \u00c5sa
    data = json.loads(body)
    assert data["account"]["email"] == mentee.email
    assert data["mentorships"][0]["other_person"] == "Grace"


def test_the_privacy_pages_need_a_login(client):
    for name in ("profiles:account_data", "profiles:account_delete"):
        response = client.get(reverse(name))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))
    response = client.post(reverse("profiles:account_data"))
    assert response["Location"].startswith(reverse("account_login"))


def test_the_privacy_pages_open_before_onboarding_is_finished(client):
    newcomer = MenteeFactory(profile__onboarded_at=None)
    client.force_login(newcomer)

    assert client.get(reverse("dashboard")).status_code == 302  # sent to onboarding
    assert client.get(reverse("profiles:account_data")).status_code == 200
    assert client.get(reverse("profiles:account_delete")).status_code == 200
    assert client.post(reverse("profiles:account_data"))["Content-Type"].startswith(
        "application/json"
    )


# --- "Delete my account" -------------------------------------------------------------------


def test_the_delete_page_says_what_happens(client, pair):
    _mentor, mentee, _mentorship = pair
    client.force_login(mentee)

    response = client.get(reverse("profiles:account_delete"))

    page = " ".join(html.unescape(response.text).split())
    assert response.status_code == 200
    assert (
        "Your active mentorship with Grace ends; your partner and the program staff are told "
        "by email." in page
    )
    assert "Anonymous statistics are kept" in page
    assert "This cannot be undone." in page
    assert 'name="password"' in page
    assert 'name="understand"' in page


def test_deleting_with_a_wrong_password_changes_nothing(client, pair):
    _mentor, mentee, mentorship = pair
    client.force_login(mentee)

    response = client.post(
        reverse("profiles:account_delete"), {"password": "not-my-password", "understand": "on"}
    )

    assert response.status_code == 200
    assert field_error(response, "password") == "Incorrect password."
    mentee.refresh_from_db()
    assert mentee.is_active
    assert mentee.check_password(PASSWORD)
    assert Profile.objects.get(user=mentee).display_name == "Åsa"
    mentorship.refresh_from_db()
    assert mentorship.status == Mentorship.Status.ACTIVE
    assert not LogEntry.objects.exists()
    assert client.get(reverse("dashboard")).status_code == 200  # still logged in


def test_deleting_needs_the_tick(client, pair):
    client.force_login(pair[1])

    response = client.post(reverse("profiles:account_delete"), {"password": PASSWORD})

    assert field_error(response, "understand") == "Tick the box to confirm that you understand."
    assert User.objects.get(pk=pair[1].pk).is_active


def test_deleting_my_account(client, pair, django_capture_on_commit_callbacks):
    mentor, mentee, mentorship = pair
    staff = StaffFactory()
    old_email = mentee.email
    pending = ConnectionRequestFactory(mentee=mentee, mentor=MentorFactory())
    client.post(reverse("account_login"), {"login": old_email, "password": PASSWORD})
    other_device = Client()
    other_device.force_login(mentee)
    assert other_device.get(reverse("dashboard")).status_code == 200

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("profiles:account_delete"), {"password": PASSWORD, "understand": "on"}
        )

    assert response.status_code == 302
    assert response["Location"] == reverse("home")
    assert "Your account has been deleted" in client.get(reverse("home")).text
    # Logged out here and on the other device, and she cannot log in again.
    assert client.get(reverse("dashboard")).status_code == 302
    assert other_device.get(reverse("dashboard")).status_code == 302
    assert not Session.objects.filter(session_key=other_device.session.session_key).exists()
    client.post(reverse("account_login"), {"login": old_email, "password": PASSWORD})
    assert client.get(reverse("dashboard")).status_code == 302
    # Anonymised.
    mentee.refresh_from_db()
    assert re.fullmatch(r"deleted-[0-9a-f]{32}@invalid\.westem", mentee.email)
    assert not mentee.is_active
    assert not mentee.has_usable_password()
    assert not EmailAddress.objects.filter(user=mentee).exists()
    profile = Profile.objects.get(user=mentee)
    assert profile.display_name == "Former participant"
    assert (profile.bio, profile.goals, profile.organisation, profile.meeting_handle) == (
        "",
        "",
        "",
        "",
    )
    # Her mentorship ended early, as her act; her partner and the staff were told.
    mentorship.refresh_from_db()
    assert mentorship.status == Mentorship.Status.ENDED_EARLY
    assert mentorship.ended_by == mentee
    recipients = sorted(address for message in mail.outbox for address in message.to)
    assert recipients == sorted([mentor.email, staff.email])
    partner_email = next(m for m in mail.outbox if m.to == [mentor.email])
    # Sent after the erasure: it names her no more than her mentorship page now does.
    assert partner_email.subject == "[WESTEM] Your mentorship has ended: the account was closed"
    assert "Åsa" not in partner_email.body
    assert old_email not in partner_email.body
    # Her pending request is withdrawn; the rows stay for the statistics.
    pending.refresh_from_db()
    assert pending.status == Status.WITHDRAWN
    assert Mentorship.objects.filter(pk=mentorship.pk, mentee=mentee).exists()
    assert Meeting.objects.filter(mentorship=mentorship).exists()
    entry = LogEntry.objects.get(object_id=str(mentee.pk))
    assert entry.user == mentee
    assert entry.action_flag == CHANGE
    assert entry.change_message == "Erased at the person's request"


# --- the service ---------------------------------------------------------------------------


@override_settings(SESSION_ENGINE="django.contrib.sessions.backends.cached_db")
def test_erasure_signs_her_out_everywhere_with_sessions_in_the_cache():
    """Production reads sessions from the cache: erasing her forgets them there too."""
    from django.contrib.sessions.backends.cached_db import SessionStore

    mentee = MenteeFactory()
    other_device = Client()
    other_device.force_login(mentee)
    key = other_device.session.session_key
    assert other_device.get(reverse("dashboard")).status_code == 200
    assert SessionStore().exists(key)

    privacy.erase_user(user=mentee, by=mentee)

    assert not SessionStore().exists(key)
    assert other_device.get(reverse("dashboard")).status_code == 302


@pytest.mark.parametrize(
    "engine", ["django.contrib.sessions.backends.db", "django.contrib.sessions.backends.cached_db"]
)
def test_erasure_ends_her_sessions_without_reading_anyone_elses(engine, settings):
    """With many people signed in, erasing one account read and decoded every live session
    (seconds at 100,000): it reads hers only, by their keys."""
    from importlib import import_module

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    settings.SESSION_ENGINE = engine
    store = import_module(engine).SessionStore
    others = [MentorFactory(), MenteeFactory()]
    other_keys = []
    for other in others:
        device = Client()
        device.force_login(other)
        other_keys.append(device.session.session_key)
    mentee = MenteeFactory()
    browser = Client()
    browser.post(reverse("account_login"), {"login": mentee.email, "password": PASSWORD})
    phone = Client()
    phone.force_login(mentee)
    hers = [browser.session.session_key, phone.session.session_key]
    assert all(store().exists(key) for key in hers)

    with CaptureQueriesContext(connection) as captured:
        privacy.erase_user(user=mentee, by=mentee)

    session_queries = [q["sql"] for q in captured.captured_queries if "django_session" in q["sql"]]
    assert session_queries
    assert not [sql for sql in session_queries if not any(key in sql for key in hers)]
    assert not [key for key in hers if store().exists(key)]
    assert all(store().exists(key) for key in other_keys)
    assert phone.get(reverse("dashboard")).status_code == 302
    assert browser.get(reverse("dashboard")).status_code == 302


def test_a_session_whose_key_changed_is_ended_too():
    """Changing her password gives her session a new key: erasure still finds it."""
    NEW_PASSPHRASE = "a-new-Passphrase-2026"  # noqa: N806, S105
    mentee = MenteeFactory()
    browser = Client()
    browser.post(reverse("account_login"), {"login": mentee.email, "password": PASSWORD})
    before = browser.session.session_key
    browser.post(
        reverse("account_change_password"),
        {"oldpassword": PASSWORD, "password1": NEW_PASSPHRASE, "password2": NEW_PASSPHRASE},
    )
    after = browser.session.session_key
    assert after != before
    assert browser.get(reverse("dashboard")).status_code == 200

    privacy.erase_user(user=mentee, by=mentee)

    assert not Session.objects.filter(session_key=after).exists()


def test_erasure_by_staff_ends_mentorships_as_her_and_keeps_shared_records(
    pair, django_capture_on_commit_callbacks
):
    mentor, mentee, mentorship = pair
    staff = StaffFactory()
    profile = mentee.profile
    profile.photo.save("me.png", ContentFile(PNG))
    photo_name = profile.photo.name
    TOTP.activate(mentee, generate_totp_secret())
    earlier = MentorshipFactory(mentee=mentee, status=Mentorship.Status.ENDED_EARLY)
    Mentorship.objects.filter(pk=earlier.pk).update(
        ended_by=mentee, ended_at=timezone.now(), end_reason="Moving to Oslo with my family."
    )
    MentorshipEventFactory(
        mentorship=earlier, actor=mentee, kind="ended", note="Moving to Oslo with my family."
    )

    with django_capture_on_commit_callbacks(execute=True):
        privacy.erase_user(user=mentee, by=staff, reason="The participant has left the program.")

    mentorship.refresh_from_db()
    assert mentorship.status == Mentorship.Status.ENDED_EARLY
    assert mentorship.ended_by_id == mentee.pk  # her act, not the staff's
    assert mentorship.end_reason == "The participant has left the program."
    assert not storages["photos"].exists(photo_name)
    assert Profile.objects.get(user=mentee).photo.name == ""
    assert not Authenticator.objects.filter(user=mentee).exists()
    # What she wrote alone is gone; what the pair wrote together stays for her partner.
    assert list(
        Message.objects.filter(mentorship=mentorship).order_by("pk").values_list("body", flat=True)
    ) == ["[removed]", "Gärna, klockan 18."]
    assert ConnectionRequest.objects.get(mentorship=mentorship).message == "[removed]"
    assert Meeting.objects.get(mentorship=mentorship).notes == "We talked about CVs."
    assert Goal.objects.filter(mentorship=mentorship).exists()
    earlier.refresh_from_db()
    assert earlier.end_reason == ""
    assert not MentorshipEvent.objects.filter(note__contains="Oslo").exists()
    entry = LogEntry.objects.get(change_message="Erased at the person's request")
    assert entry.user == staff
    assert entry.object_id == str(mentee.pk)
    assert entry.object_repr.endswith("@invalid.westem")
    assert {tuple(message.to) for message in mail.outbox} == {(mentor.email,), (staff.email,)}


def test_erasing_a_mentor_unpublishes_her_presentation_and_declines_requests_to_her(
    django_capture_on_commit_callbacks,
):
    mentor = MentorFactory()
    waiting = ConnectionRequestFactory(mentor=mentor)

    with django_capture_on_commit_callbacks(execute=True):
        privacy.erase_user(user=mentor, by=mentor)

    presentation = MentorPresentation.objects.get(mentor=mentor)
    assert not presentation.is_published
    assert not presentation.accepting_requests
    assert presentation.headline == "[removed]"
    assert not MentorPresentation.objects.visible().filter(pk=presentation.pk).exists()
    waiting.refresh_from_db()
    assert waiting.status == Status.DECLINED
    assert [message.to for message in mail.outbox] == [[waiting.mentee.email]]


def test_only_she_or_staff_may_erase_her(pair):
    mentor, mentee, _mentorship = pair

    with pytest.raises(PermissionDenied):
        privacy.erase_user(user=mentee, by=mentor)

    mentee.refresh_from_db()
    assert mentee.is_active
    assert not LogEntry.objects.exists()


# --- the admin -----------------------------------------------------------------------------


def _changelist() -> str:
    return reverse("admin:profiles_user_changelist")


def test_staff_export_one_persons_data(staff_client, pair):
    _mentor, mentee, _mentorship = pair

    response = staff_client.post(
        _changelist(), {"action": "export_personal_data", "_selected_action": [mentee.pk]}
    )

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response["Content-Disposition"].startswith(
        f'attachment; filename="westem-personal-data-{mentee.pk}-'
    )
    data = json.loads(response.content)
    assert data["account"]["email"] == mentee.email
    # Her private reflections are hers alone: the staff's export leaves them out.
    assert "I dared to ask." not in response.content.decode()
    assert data["about"]["left_out"] == PRIVATE_REFLECTIONS_LEFT_OUT
    assert data["mentorships"][0]["my_final_evaluation"]["strengths_and_challenges"]


def test_the_export_action_takes_exactly_one_person(staff_client, pair):
    mentor, mentee, _mentorship = pair

    response = staff_client.post(
        _changelist(),
        {"action": "export_personal_data", "_selected_action": [mentee.pk, mentor.pk]},
        follow=True,
    )

    assert response["Content-Type"].startswith("text/html")
    assert "Select exactly one person to export her data." in response.text


def test_staff_erase_people_after_a_confirmation_page(
    staff_client, pair, django_capture_on_commit_callbacks
):
    mentor, mentee, mentorship = pair
    selection = {"action": "erase_people", "_selected_action": [mentee.pk]}

    response = staff_client.post(_changelist(), selection)

    assert response.status_code == 200
    assert response.templates[0].name == "admin/profiles/erase_confirmation.html"
    assert mentee.email in response.text
    assert 'name="post" value="yes"' in response.text
    assert User.objects.get(pk=mentee.pk).is_active  # nothing happened yet

    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(_changelist(), {**selection, "post": "yes"}, follow=True)

    assert "1 person erased." in response.text
    mentee.refresh_from_db()
    assert not mentee.is_active
    assert mentee.email.endswith("@invalid.westem")
    mentorship.refresh_from_db()
    assert mentorship.status == Mentorship.Status.ENDED_EARLY
    assert mentorship.ended_by_id == mentee.pk
    entry = LogEntry.objects.get(change_message="Erased at the person's request")
    assert entry.user == staff_client.staff
    assert mentor.email in {address for message in mail.outbox for address in message.to}


def test_staff_cannot_erase_themselves_in_the_admin(staff_client):
    staff = staff_client.staff

    response = staff_client.post(
        _changelist(),
        {"action": "erase_people", "_selected_action": [staff.pk], "post": "yes"},
        follow=True,
    )

    assert "You cannot erase your own account here." in response.text
    staff.refresh_from_db()
    assert staff.is_active


# --- evaluations ---------------------------------------------------------------------------


def test_the_export_holds_her_reflections_and_final_evaluation_not_her_partners(pair):
    mentor, mentee, mentorship = pair

    data = privacy.export_user_data(user=mentee)
    text = _dump(data)

    mine = data["mentorships"][0]
    reflections = [m["my_reflection"] for m in mine["meetings"] if m["my_reflection"]]
    assert [r["reflection"] for r in reflections] == ["I dared to ask."]
    assert mine["my_final_evaluation"]["strengths_and_challenges"] == "I listen well."
    assert "She is braver now." not in text
    assert "I explain well." not in text


def test_erasure_clears_her_evaluation_texts_and_keeps_the_ratings(pair):
    mentor, mentee, mentorship = pair

    privacy.erase_user(user=mentee, by=mentee)

    from evaluations.models import FinalEvaluation, SessionEvaluation

    hers = SessionEvaluation.objects.get(author=mentee)
    assert (hers.reflection, hers.useful) == ("", 4)
    assert SessionEvaluation.objects.get(author=mentor).reflection == "She is braver now."
    evaluation = FinalEvaluation.objects.get(author=mentee)
    assert evaluation.strengths == evaluation.stem_impact == REMOVED_TEXT
    assert (evaluation.quality_rating, evaluation.sessions) == (5, 6)
    assert FinalEvaluation.objects.get(author=mentor).strengths == "I explain well."


# --- events and the library ----------------------------------------------------------------


def test_the_export_holds_her_event_sign_ups_and_library_visit(pair):
    from tests.factories import EventFactory, RegistrationFactory, ResourceVisitFactory

    mentor, mentee, mentorship = pair
    RegistrationFactory(user=mentee, event=EventFactory(title="Career evening", audience="both"))
    ResourceVisitFactory(user=mentee)

    data = privacy.export_user_data(user=mentee)

    assert [s["event"] for s in data["event_sign_ups"]] == ["Career evening"]
    assert data["resource_library_first_visit"]
    assert privacy.export_user_data(user=mentor)["event_sign_ups"] == []


def test_erasure_gives_back_her_places_at_events_to_come(pair):
    from resources.models import Registration
    from tests.factories import EventFactory, RegistrationFactory

    mentor, mentee, mentorship = pair
    upcoming = RegistrationFactory(user=mentor)
    past = RegistrationFactory(
        user=mentor, event=EventFactory(starts_at=timezone.now() - timedelta(days=3))
    )

    privacy.erase_user(user=mentor, by=mentor)

    assert Registration.objects.get(pk=upcoming.pk).cancelled_at is not None
    assert Registration.objects.get(pk=past.pk).cancelled_at is None
