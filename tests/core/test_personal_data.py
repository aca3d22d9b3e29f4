"""The registry of personal data (core.personal_data): every app that keeps rows about a person
contributes to her export and her erasure, and what an app registers is run, in its phase,
by the privacy services (profiles.privacy) and the "Delete my account" page."""

import html

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse

from core import personal_data
from core.personal_data import Contributor, Phase
from cycles.models import Mentorship
from profiles import privacy
from profiles.models import Profile
from tests.factories import MenteeFactory, MentorFactory, MentorshipFactory, StaffFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def registry(monkeypatch):
    """The registry as the apps filled it, with what a test adds removed afterwards."""
    monkeypatch.setattr(personal_data, "CONTRIBUTORS", dict(personal_data.CONTRIBUTORS))


def _apps_linked_to_the_user_model() -> set[str]:
    user_model = get_user_model()
    return {
        model._meta.app_label
        for model in apps.get_models(include_auto_created=True)
        for field in model._meta.get_fields(include_hidden=True)
        if field.concrete and field.is_relation and field.related_model is user_model
    }


def test_the_registry_answers_for_exactly_the_apps_that_hold_personal_data():
    """A model linked to a person in an app no contributor answers for fails here: its app
    must export and erase it (``<app>/personal_data.py``, registered from its ready())."""
    linked = _apps_linked_to_the_user_model()

    assert linked - personal_data.covered_apps() == set(), "apps without a contributor"
    assert personal_data.covered_apps() - linked == set(), "contributors of apps without data"


def test_the_erasure_runs_its_phases_in_order():
    assert [
        (phase, contributor.name) for phase, contributor, _step in personal_data.erasure_steps()
    ] == [
        (Phase.END, "cycles"),
        (Phase.END, "matching"),
        (Phase.END, "matching.rounds"),
        (Phase.END, "resources"),
        (Phase.ANONYMISE, "account"),
        (Phase.ANONYMISE, "evaluations"),
        (Phase.ANONYMISE, "notifications"),
        (Phase.SCRUB, "cycles"),
        (Phase.SCRUB, "matching"),
        (Phase.SCRUB, "matching.rounds"),
        (Phase.SCRUB, "evaluations"),
    ]


def test_a_registered_contributor_is_exported_previewed_and_erased_in_its_phases(registry, client):
    mentee = MenteeFactory(profile__display_name="Åsa")
    mentorship = MentorshipFactory(mentee=mentee, mentor=MentorFactory())
    address = mentee.email
    seen = {}

    def end(erasure):
        profile = Profile.objects.get(user=erasure.user)
        seen[Phase.END] = (erasure.user.email, profile.display_name, erasure.reason)

    def scrub(erasure):
        mentorship.refresh_from_db()
        profile = Profile.objects.get(user=erasure.user)
        seen[Phase.SCRUB] = (erasure.user.email, profile.display_name, mentorship.status)

    personal_data.register(
        Contributor(
            name="journal",
            apps=("journal",),
            position=25,  # after the mentorships, before the requests
            export=lambda user, by_staff: {"my_journal": {"entries": 2, "by_staff": by_staff}},
            preview=lambda user: ["Your journal is emptied."],
            erasure={Phase.SCRUB: scrub, Phase.END: end},
        )
    )

    data = privacy.export_user_data(user=mentee)
    keys = list(data)
    assert data["my_journal"] == {"entries": 2, "by_staff": False}
    assert keys.index("my_journal") == keys.index("mentorships") + 1
    assert privacy.export_user_data(user=mentee, by_staff=True)["my_journal"]["by_staff"]

    client.force_login(mentee)
    page = " ".join(html.unescape(client.get(reverse("profiles:account_delete")).text).split())
    assert "Your active mentorship with" in page
    assert page.index("Your active mentorship with") < page.index("Your journal is emptied.")

    privacy.erase_user(user=mentee, by=StaffFactory(), reason="She asked us by email.")

    # Before the account is anonymised, while the mentorships are ending: she has her name.
    assert seen[Phase.END] == (address, "Åsa", "She asked us by email.")
    # After: the account is anonymised and the mentorship has ended as her act.
    email, name, status = seen[Phase.SCRUB]
    assert email.endswith("@invalid.westem")
    assert name == "Former participant"
    assert status == Mentorship.Status.ENDED_EARLY


def test_two_contributors_cannot_export_the_same_section(registry):
    personal_data.register(
        Contributor(
            name="copycat", apps=("copycat",), position=99, export=lambda u, s: {"mentorships": []}
        )
    )

    with pytest.raises(ImproperlyConfigured, match="'copycat' exports sections that another"):
        privacy.export_user_data(user=MenteeFactory())


def test_a_name_is_registered_once(registry):
    with pytest.raises(ValueError, match="'cycles' is registered twice"):
        personal_data.register(Contributor(name="cycles", apps=("cycles",), position=1))
