import io

import pytest
from allauth.account.models import EmailAddress
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from cycles.models import Mentorship
from matching.models import MatchRound, Stage
from profiles import access, services
from profiles.models import CodeOfConductAcceptance, Profile, Role, User
from westem.demo import backgrounds, library, people

pytestmark = pytest.mark.django_db

PASSWORD = people.DEMO_PASSWORD
ALL_LOGINS = people.KNOWN_LOGINS


def seed(*args) -> str:
    out = io.StringIO()
    call_command("seed_demo", *args, stdout=out)
    return out.getvalue()


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker):
    """Seeded once for the module (it takes seconds); each test's own writes roll back."""
    with django_db_blocker.unblock():
        out = seed()
    yield out
    with django_db_blocker.unblock():
        _delete_everyone()


def snapshot() -> dict:
    """Every row the command writes, as plain values."""
    return {
        "users": list(User.objects.order_by("email").values()),
        "profiles": list(Profile.objects.order_by("user__email").values()),
        "expertise": sorted(Profile.expertise.through.objects.values_list()),
        "languages": sorted(Profile.languages.through.objects.values_list()),
        "emails": list(EmailAddress.objects.order_by("email").values()),
        "conduct": list(CodeOfConductAcceptance.objects.order_by("user__email").values()),
    }


@pytest.fixture(autouse=True)
def _as_in_the_demo(settings):
    """The demo runs on ``westem.settings.local``, where its team signs in without an
    authenticator app (WESTEM_STAFF_MFA_REQUIRED is off there)."""
    settings.WESTEM_STAFF_MFA_REQUIRED = False


def log_in(client, email, password=PASSWORD):
    return client.post(reverse("account_login"), {"login": email, "password": password})


def test_creates_30_mentors_and_60_mentees_and_the_team(seeded):
    out = seeded

    assert Profile.objects.filter(role=Role.MENTOR, onboarded_at__isnull=False).count() == 30
    assert Profile.objects.filter(role=Role.MENTEE, onboarded_at__isnull=False).count() == 60
    assert User.objects.filter(email__endswith="@westem.example").count() == 93
    assert "mentors: 30 created, 0 already there" in out
    assert "mentees: 60 created, 0 already there" in out
    for email in ALL_LOGINS:
        assert email in out
    assert f"password: {PASSWORD}" in out
    assert f"Open {settings.SITE_URL.rstrip('/')}/" in out


def test_it_prints_where_the_site_is_served(seeded, settings):
    """`make run PORT=8101` passes SITE_URL=http://127.0.0.1:8101 (tests/test_first_run.py):
    the address printed is that one, not the default port."""
    settings.SITE_URL = "http://127.0.0.1:8101"

    out = seed()

    assert out.rstrip().endswith("Open http://127.0.0.1:8101/")
    assert ":8000" not in out


def test_running_twice_changes_nothing(seeded):
    before = snapshot()

    out = seed()

    assert snapshot() == before
    assert "mentors: 0 created, 30 already there" in out
    assert "mentees: 0 created, 60 already there" in out
    assert "team: 0 created, 3 already there" in out


def test_after_a_second_run_the_demo_looks_the_same_to_its_users(seeded, client):
    """The fixture ran the command once; a second run leaves the logins working, the mentor
    once in the directory and the pair with one mentorship that opens for both."""
    seed()

    for email in ALL_LOGINS:
        response = log_in(client, email)
        assert (response.status_code, response.url) == (302, reverse("dashboard")), email
        assert client.get(reverse("dashboard")).status_code == 200
        client.logout()
    presentation = User.objects.get(email=people.MENTOR_EMAIL).presentation
    card_url = reverse("matching:mentor_detail", args=[presentation.public_id])
    pair = Mentorship.objects.get(mentee__email=people.MENTEE_EMAIL)
    pair_url = reverse("cycles:mentorship_detail", args=[pair.public_id])

    log_in(client, people.MENTEE_EMAIL)
    directory = client.get(reverse("matching:directory"), {"q": "Karin"})
    assert directory.status_code == 200
    assert directory.text.count(card_url) == 1
    assert client.get(card_url).status_code == 200
    assert client.get(reverse("cycles:mentorship_list")).text.count(pair_url) == 1
    page = client.get(pair_url)
    assert page.status_code == 200
    assert len(page.context["meetings"]) == 2
    assert len(page.context["conversation"]) == 3
    client.logout()

    log_in(client, people.MENTOR_EMAIL)
    assert client.get(pair_url).status_code == 200
    assert client.get(reverse("cycles:mentorship_list")).text.count(pair_url) == 1


def test_one_round_is_open_for_rankings_and_one_waits_for_review(seeded, client):
    spring, autumn = (
        MatchRound.objects.get(name=name) for name in ("Spring cohort", "Autumn cohort")
    )

    assert spring.stage() == Stage.RANKING
    assert autumn.stage() == Stage.REVIEW
    assert autumn.choices.values("mentee").distinct().count() >= 10
    log_in(client, people.MENTOR_EMAIL)
    page = client.get(reverse("matching:round", args=[spring.public_id]))
    assert page.status_code == 200
    ranked_her = spring.choices.filter(mentor__email=people.MENTOR_EMAIL)
    assert ranked_her.count() >= 4
    for choice in ranked_her.select_related("mentee__profile"):
        assert choice.mentee.profile.display_name in page.text
    client.logout()
    log_in(client, people.STAFF_EMAIL)
    review = client.post(reverse("matching:round_review", args=[autumn.public_id]))
    assert review.status_code == 302
    assert autumn.drafts.get().figures["matched"] > 0


def _delete_everyone():
    """Mentorships protect their people from deletion: they go first. The library, the events
    and the match rounds go too."""
    from resources.models import Event, Resource

    MatchRound.objects.all().delete()
    Mentorship.objects.all().delete()
    User.objects.all().delete()
    Resource.objects.all().delete()
    Event.objects.all().delete()


def test_the_data_is_the_same_on_every_run(seeded):
    fields = ("user__email", "display_name", "country", "bio", "goals", "meeting_handle")
    before = list(Profile.objects.order_by("user__email").values_list(*fields))
    _delete_everyone()

    seed()

    assert list(Profile.objects.order_by("user__email").values_list(*fields)) == before


@pytest.mark.parametrize("email", ALL_LOGINS)
def test_the_demo_logins_log_in_and_reach_their_dashboard(seeded, client, email):
    response = log_in(client, email)

    assert response.status_code == 302
    assert response.url == reverse("dashboard")
    assert client.get(reverse("dashboard")).status_code == 200


def test_the_mentee_login_sees_her_own_dashboard(seeded, client):
    log_in(client, people.MENTEE_EMAIL)

    response = client.get(reverse("dashboard"))

    assert response.status_code == 200
    assert response.context["profile"].user.email == people.MENTEE_EMAIL
    assert response.context["completeness"].percent >= 90


def test_rerunning_repairs_the_known_logins(seeded, client):
    User.objects.filter(email=people.MENTEE_EMAIL).update(password="!forgotten")
    EmailAddress.objects.filter(email=people.MENTEE_EMAIL).delete()

    seed()

    assert log_in(client, people.MENTEE_EMAIL).status_code == 302
    assert client.get(reverse("dashboard")).status_code == 200


def test_another_password_can_be_chosen(seeded, client):
    out = seed("--password", "another-demo-password")

    assert "password: another-demo-password" in out
    assert log_in(client, "staff@westem.example", "another-demo-password").status_code == 302
    client.logout()
    assert log_in(client, "admin@westem.example").status_code == 200  # the default fails now


def test_the_team_has_its_rights(seeded):
    staff = User.objects.get(email="staff@westem.example")
    admin = User.objects.get(email="admin@westem.example")
    reporter = User.objects.get(email="reporter@westem.example")
    assert staff.is_staff
    assert not staff.is_superuser
    assert staff.groups.filter(name=access.STAFF_GROUP).exists()
    assert admin.is_superuser
    assert admin.is_staff
    assert not reporter.is_staff
    assert access.is_reporter(reporter)


def test_every_demo_user_has_a_verified_primary_email_and_participants_accepted_the_code(seeded):
    code = services.current_code_of_conduct()

    for user in User.objects.all():
        assert EmailAddress.objects.filter(
            user=user, email=user.email, verified=True, primary=True
        ).exists(), user.email
    participants = User.objects.filter(profile__role__in=Role.values)
    assert participants.count() == 90
    accepted = CodeOfConductAcceptance.objects.filter(code=code, user__in=participants)
    assert accepted.count() == 90


def test_the_known_participants_are_as_documented(seeded):
    mentor = Profile.objects.get(user__email=people.MENTOR_EMAIL)
    mentee = Profile.objects.get(user__email=people.MENTEE_EMAIL)
    assert mentor.role == Role.MENTOR
    assert mentor.language == "sv"
    assert mentor.languages.filter(code="sv").exists()
    assert mentor.preparatory_meeting_attended_at is not None
    assert mentor.manual_read_at is not None
    assert mentee.role == Role.MENTEE
    assert mentee.language == "en"
    for profile in (mentor, mentee):
        assert profile.goals
        assert profile.meeting_handle


def test_profiles_are_varied_and_consistent(seeded):
    profiles = Profile.objects.filter(role__in=Role.values).prefetch_related("languages")

    assert len({p.country.code for p in profiles}) >= 12
    assert len({p.bio for p in profiles}) == 90
    assert profiles.filter(goals="").exists()
    assert profiles.filter(meeting_handle="").exists()
    assert profiles.exclude(goals="").exclude(meeting_handle="").count() > 60
    for profile in profiles:
        codes = {language.code for language in profile.languages.all()}
        assert "en" in codes
        assert len(codes) <= 3
        assert profile.timezone == backgrounds.COUNTRIES[profile.country.code].timezone
        if profile.country.code == "SE":
            assert profile.language == "sv"
    mentor_stages = set(profiles.filter(role=Role.MENTOR).values_list("stage", flat=True))
    assert mentor_stages == {"experienced", "early_career"}
    attended = profiles.filter(preparatory_meeting_attended_at__isnull=False)
    assert 2 <= attended.count() <= 5
    assert set(attended.values_list("role", flat=True)) == {Role.MENTOR}
    assert profiles.filter(manual_read_at__isnull=False).count() > 10


def test_mentorships_cover_every_phase_style_and_status(seeded):
    from cycles.models import Agreement, Meeting, Message

    seen = set(Mentorship.objects.values_list("style", "status", "phase"))
    for style, phases in (("traditional", (1, 2, 3, 4)), ("flash", (1, 2, 4))):
        assert {(style, "active", phase) for phase in phases} <= seen
        assert (style, "completed", 4) in seen
        assert (style, "ended_early", 4) in seen
    pair = Mentorship.objects.get(mentee__email=people.MENTEE_EMAIL)
    assert pair.mentor.email == people.MENTOR_EMAIL
    assert Meeting.objects.filter(mentorship=pair).count() == 2
    assert Agreement.objects.get(mentorship=pair).mentee_accepted_at is not None
    assert Message.objects.filter(mentorship=pair).exists()


def test_requests_and_presentations_cover_every_state(seeded):
    from matching.models import ConnectionRequest, MentorPresentation

    statuses = set(ConnectionRequest.objects.values_list("status", flat=True))
    assert statuses == {"pending", "accepted", "declined", "withdrawn", "expired"}
    presentations = MentorPresentation.objects
    assert presentations.visible().exists()
    assert presentations.awaiting_approval().exists()
    assert presentations.filter(is_published=False).exists()
    assert presentations.visible().filter(accepting_requests=False).exists()


def test_evaluations_are_there_for_the_report(seeded):
    from evaluations.models import FinalEvaluation, SessionEvaluation

    reflections = SessionEvaluation.objects.all()
    assert reflections.count() >= 2 * 5  # enough for the staff's figures to show
    assert not reflections.filter(meeting__starts_at__gt=timezone.now()).exists()
    assert not reflections.filter(meeting__mentorship__mentee__email=people.MENTEE_EMAIL)
    evaluations = FinalEvaluation.objects.select_related("mentorship")
    assert {e.mentorship.status for e in evaluations} == {"active", "completed", "ended_early"}
    assert {e.mentorship.style for e in evaluations} == {"traditional", "flash"}
    completed = evaluations.filter(mentorship__status="completed")
    assert {e.role for e in completed} == {"mentor", "mentee"}


def test_the_demo_has_its_events_and_the_mentors_attendance(seeded, client):
    from resources.models import Event, Registration

    events = {(e.title, e.kind, e.audience, e.capacity) for e in Event.objects.all()}
    assert events == {
        ("Preparatory meeting for mentors", "preparatory", "mentor", 25),
        ("Career evening: from the lab to industry", "community", "both", None),
        ("Flash mentoring clinic: your CV and LinkedIn profile", "community", "mentee", 8),
    }
    now = timezone.now()
    held, upcoming = Event.objects.filter(kind="preparatory").order_by("starts_at")
    assert held.starts_at < now < upcoming.starts_at
    # Attendance is marked for exactly the mentors whose profile says they attended.
    attended = set(
        Registration.objects.filter(attended_at__isnull=False).values_list("user__email", flat=True)
    )
    assert attended == set(
        Profile.objects.filter(preparatory_meeting_attended_at__isnull=False).values_list(
            "user__email", flat=True
        )
    )
    assert people.MENTOR_EMAIL in attended
    assert Registration.objects.filter(event=held, attended_at__isnull=True).count() == 1
    assert Registration.objects.filter(event=upcoming).count() == 4
    assert not Registration.objects.filter(event=upcoming, user__profile__role="mentee").exists()
    clinic = Event.objects.get(capacity=8)
    assert Registration.objects.filter(event=clinic).count() == 6
    assert not Registration.objects.filter(event=clinic, user__profile__role="mentor").exists()
    assert Registration.objects.filter(user__email=people.MENTEE_EMAIL).count() == 1

    log_in(client, people.MENTEE_EMAIL)
    page = client.get(reverse("resources:event_list")).text
    assert "You are signed up" in page
    assert "2 places left" in page
    assert "Preparatory meeting for mentors" not in page


def test_the_demo_events_are_the_same_on_every_run(seeded):
    from resources.models import Event, Registration

    def events():
        return sorted(
            (e.title, e.starts_at.astimezone(timezone.get_current_timezone()).strftime("%H:%M"))
            for e in Event.objects.all()
        )

    def sign_ups():
        rows = Registration.objects.values_list(
            "event__title", "user__email", "cancelled_at", "attended_at"
        )
        return sorted(
            (title, email, bool(cancelled), bool(came)) for title, email, cancelled, came in rows
        )

    before = (events(), sign_ups())
    seed()
    assert (events(), sign_ups()) == before  # a second run adds nothing

    _delete_everyone()
    seed()

    assert (events(), sign_ups()) == before


def _library() -> list[tuple]:
    from resources.models import Resource

    fields = ("title", "summary", "url", "category", "kind", "audience", "language")
    flags = ("for_preparation", "for_negotiation", "for_enabling", "for_closure", "is_featured")
    return sorted(Resource.objects.values_list(*fields, *flags, "file_type", "file_size"))


def test_the_library_has_the_programs_documents_and_public_resources(seeded, client):
    from resources.models import Category, Resource

    resources = Resource.objects.all()
    assert resources.count() == 4 + len(library.DEMO_LIBRARY)
    assert 24 <= len(library.DEMO_LIBRARY) <= 30
    assert set(resources.values_list("category", flat=True)) == set(Category.values)
    assert set(resources.values_list("language", flat=True)) == {"en", "sv"}
    assert resources.filter(language="sv").count() >= 6
    assert 3 <= resources.filter(is_featured=True).count() <= 4
    links = resources.exclude(url="")
    assert all(url.startswith("https://") for url in links.values_list("url", flat=True))
    assert len(set(links.values_list("url", flat=True))) == links.count()
    files = resources.filter(url="")
    assert files.count() == 4 + sum(1 for entry in library.DEMO_LIBRARY if entry.text)
    assert set(files.values_list("file_type", flat=True)) == {
        "text/plain",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    }
    assert all(resource.phases() for resource in resources)

    log_in(client, people.MENTEE_EMAIL)
    page = client.get(reverse("resources:library")).text
    assert "Featured" in page
    assert "Womengineer" in page


def test_the_library_is_the_same_on_every_run(seeded):
    from resources.models import Resource

    before = _library()
    out = seed()
    assert _library() == before  # a second run adds nothing and changes nothing
    assert f"library: 0 created, {len(before)} already there" in out

    Resource.objects.all().delete()
    seed()

    assert _library() == before
