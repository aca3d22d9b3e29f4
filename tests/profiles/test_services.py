"""Every service of profiles/services.py: the happy path and each rule it guards."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from profiles import access, services
from profiles.models import CodeOfConduct, CodeOfConductAcceptance, Profile, Role
from tests.factories import (
    CodeOfConductFactory,
    ExpertiseAreaFactory,
    MenteeFactory,
    MentorFactory,
    ProfileFactory,
    ReporterFactory,
    SpokenLanguageFactory,
    StaffFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def _messages(error: ValidationError) -> dict[str, list[str]] | list[str]:
    return error.message_dict if hasattr(error, "error_dict") else error.messages


def _profile_data(**overrides) -> dict:
    data = {
        "display_name": "Ada",
        "country": "SE",
        "stage": "master",
        "organisation": "",
        "bio": "I study computer science.",
        "goals": "Find a path into research.",
        "style_traditional": True,
        "style_flash": False,
        "hours_per_month": 3,
        "timezone": "Europe/Stockholm",
        "language": "en",
        "meeting_handle": "discord:ada",
        "photo": None,
    }
    data.update(overrides)
    return data


@pytest.fixture
def newcomer():
    """A verified user with an empty profile and a role, as after the first onboarding step."""
    user = UserFactory()
    services.ensure_profile(user=user)
    services.choose_role(user=user, role=Role.MENTEE)
    return user


@pytest.fixture
def areas():
    return [ExpertiseAreaFactory(slug="mathematics"), ExpertiseAreaFactory(slug="physics")]


@pytest.fixture
def langs():
    return [SpokenLanguageFactory(code="sv"), SpokenLanguageFactory(code="en")]


# ensure_profile ------------------------------------------------------------------------------


def test_ensure_profile_creates_an_empty_profile_in_the_browser_language():
    user = UserFactory()

    profile = services.ensure_profile(user=user, language="sv-SE")

    assert profile.user == user
    assert profile.language == "sv"
    assert profile.role == ""
    assert profile.onboarded_at is None


def test_ensure_profile_falls_back_to_english_for_a_language_the_site_lacks():
    profile = services.ensure_profile(user=UserFactory(), language="de")

    assert profile.language == "en"


def test_ensure_profile_returns_the_existing_profile_unchanged():
    user = UserFactory()
    first = services.ensure_profile(user=user, language="sv")

    again = services.ensure_profile(user=user, language="en")

    assert again.pk == first.pk
    assert again.language == "sv"
    assert Profile.objects.filter(user=user).count() == 1


# choose_role ---------------------------------------------------------------------------------


def test_choose_role_stores_the_role():
    user = UserFactory()
    services.ensure_profile(user=user)

    services.choose_role(user=user, role="mentor")

    assert Profile.objects.get(user=user).role == "mentor"


def test_choose_role_again_with_the_same_role_is_harmless():
    user = UserFactory()
    services.ensure_profile(user=user)
    services.choose_role(user=user, role="mentee")

    services.choose_role(user=user, role="mentee")

    assert Profile.objects.get(user=user).role == "mentee"


def test_choose_role_twice_with_another_role_is_refused():
    user = UserFactory()
    services.ensure_profile(user=user)
    services.choose_role(user=user, role="mentor")

    with pytest.raises(ValidationError) as error:
        services.choose_role(user=user, role="mentee")

    assert _messages(error.value) == [
        "You have already joined as mentor. Ask the program staff if this should change."
    ]
    assert Profile.objects.get(user=user).role == "mentor"


def test_choose_role_refuses_an_unknown_role():
    user = UserFactory()
    services.ensure_profile(user=user)

    with pytest.raises(ValidationError) as error:
        services.choose_role(user=user, role="staff")

    assert _messages(error.value) == ["Choose whether you join as a mentor or as a mentee."]
    assert Profile.objects.get(user=user).role == ""


# code of conduct -----------------------------------------------------------------------------


def test_the_current_code_is_the_newest_published_version():
    first = CodeOfConduct.objects.get(version=1)
    assert services.current_code_of_conduct() == first

    newer = CodeOfConductFactory(version=2)
    CodeOfConductFactory(version=3, published_at=None)  # a draft
    CodeOfConductFactory(version=4, published_at=timezone.now() + timedelta(days=1))

    assert services.current_code_of_conduct() == newer


def test_accept_code_of_conduct_records_version_and_time():
    user = UserFactory()
    code = services.current_code_of_conduct()
    before = timezone.now()

    acceptance = services.accept_code_of_conduct(user=user, code=code)

    stored = CodeOfConductAcceptance.objects.get(user=user)
    assert stored == acceptance
    assert stored.code.version == code.version
    assert before <= stored.accepted_at <= timezone.now()
    assert services.has_accepted_current_code(user=user)


def test_accept_code_of_conduct_twice_keeps_the_first_acceptance():
    user = UserFactory()
    code = services.current_code_of_conduct()
    first = services.accept_code_of_conduct(user=user, code=code)

    again = services.accept_code_of_conduct(user=user, code=code)

    assert again.pk == first.pk
    assert again.accepted_at == first.accepted_at
    assert CodeOfConductAcceptance.objects.filter(user=user).count() == 1


def test_accept_code_of_conduct_refuses_an_old_version():
    user = UserFactory()
    old = services.current_code_of_conduct()
    CodeOfConductFactory(version=old.version + 1)

    with pytest.raises(ValidationError) as error:
        services.accept_code_of_conduct(user=user, code=old)

    assert _messages(error.value) == [
        "A newer version of the code of conduct has been published. "
        "Please read it and accept that one."
    ]
    assert not CodeOfConductAcceptance.objects.filter(user=user).exists()


def test_accept_code_of_conduct_refuses_a_draft():
    user = UserFactory()
    draft = CodeOfConductFactory(version=50, published_at=None)

    with pytest.raises(ValidationError) as error:
        services.accept_code_of_conduct(user=user, code=draft)

    assert _messages(error.value) == [
        "A newer version of the code of conduct has been published. "
        "Please read it and accept that one."
    ]


def test_a_new_version_asks_everyone_again():
    mentee = MenteeFactory()
    assert services.has_accepted_current_code(user=mentee)

    CodeOfConductFactory(version=services.current_code_of_conduct().version + 1)

    assert not services.has_accepted_current_code(user=mentee)


def test_without_a_published_code_there_is_nothing_to_accept():
    user = UserFactory()
    CodeOfConduct.objects.update(published_at=None)

    assert services.current_code_of_conduct() is None
    assert services.has_accepted_current_code(user=user)


# update_profile ------------------------------------------------------------------------------


def test_update_profile_saves_fields_and_lists_and_marks_onboarding(newcomer, areas, langs):
    before = timezone.now()

    profile = services.update_profile(
        user=newcomer,
        data=_profile_data(style_flash=True),
        expertise=areas,
        languages=langs,
    )

    profile = Profile.objects.get(pk=profile.pk)
    assert profile.display_name == "Ada"
    assert profile.country.code == "SE"
    assert profile.stage == "master"
    assert profile.hours_per_month == 3
    assert profile.style_traditional
    assert profile.style_flash
    assert profile.meeting_handle == "discord:ada"
    assert set(profile.expertise.all()) == set(areas)
    assert set(profile.languages.all()) == set(langs)
    assert before <= profile.onboarded_at <= timezone.now()


def test_update_profile_keeps_the_first_onboarding_time(newcomer, areas, langs):
    services.update_profile(user=newcomer, data=_profile_data(), expertise=areas, languages=langs)
    first = Profile.objects.get(user=newcomer).onboarded_at

    services.update_profile(
        user=newcomer,
        data=_profile_data(display_name="Ada L."),
        expertise=areas[:1],
        languages=langs[:1],
    )

    profile = Profile.objects.get(user=newcomer)
    assert profile.display_name == "Ada L."
    assert profile.onboarded_at == first
    assert list(profile.expertise.all()) == areas[:1]


@pytest.mark.parametrize(
    ("expertise", "languages", "overrides", "field", "message"),
    [
        (False, True, {}, "expertise", "Choose at least one field."),
        (True, False, {}, "languages", "Choose at least one language."),
        (
            True,
            True,
            {"style_traditional": False, "style_flash": False},
            "style_traditional",
            "Choose at least one mentoring style.",
        ),
        (True, True, {"display_name": ""}, "display_name", "This field is required."),
        (True, True, {"bio": ""}, "bio", "This field is required."),
        (True, True, {"country": ""}, "country", "This field is required."),
        (True, True, {"hours_per_month": None}, "hours_per_month", "This field is required."),
        (
            True,
            True,
            {"hours_per_month": 41},
            "hours_per_month",
            "Give between 1 and 40 hours a month.",
        ),
    ],
    ids=[
        "no-expertise",
        "no-language",
        "no-style",
        "no-name",
        "no-bio",
        "no-country",
        "no-hours",
        "too-many-hours",
    ],
)
def test_update_profile_refuses_incomplete_data_and_saves_nothing(
    newcomer, areas, langs, expertise, languages, overrides, field, message
):
    with pytest.raises(ValidationError) as error:
        services.update_profile(
            user=newcomer,
            data=_profile_data(**overrides),
            expertise=areas if expertise else [],
            languages=langs if languages else [],
        )

    assert _messages(error.value) == {field: [message]}
    profile = Profile.objects.get(user=newcomer)
    assert profile.display_name == ""
    assert profile.onboarded_at is None
    assert not profile.expertise.exists()
    assert not profile.languages.exists()


def test_update_profile_lists_every_missing_required_field(newcomer, areas, langs):
    with pytest.raises(ValidationError) as error:
        services.update_profile(
            user=newcomer,
            data=_profile_data(display_name="", stage="", bio=""),
            expertise=areas,
            languages=langs,
        )

    assert _messages(error.value) == {
        "display_name": ["This field is required."],
        "stage": ["This field is required."],
        "bio": ["This field is required."],
    }


# preferred language --------------------------------------------------------------------------


def test_set_preferred_language_stores_the_choice():
    mentee = MenteeFactory()

    services.set_preferred_language(user=mentee, language="sv")

    assert Profile.objects.get(user=mentee).language == "sv"


def test_set_preferred_language_refuses_a_language_the_site_lacks():
    mentee = MenteeFactory()

    with pytest.raises(ValidationError) as error:
        services.set_preferred_language(user=mentee, language="de")

    assert _messages(error.value) == ["That language is not available."]
    assert Profile.objects.get(user=mentee).language == "en"


# manual and preparatory meeting ------------------------------------------------------------


def test_record_manual_read_counts_only_the_first_time():
    mentee = MenteeFactory()

    services.record_manual_read(user=mentee)
    first = Profile.objects.get(user=mentee).manual_read_at
    services.record_manual_read(user=mentee)

    assert first is not None
    assert Profile.objects.get(user=mentee).manual_read_at == first


def test_staff_mark_preparatory_meeting_for_mentors_only():
    staff = StaffFactory()
    mentor, other_mentor, mentee = MentorFactory(), MentorFactory(), MenteeFactory()

    count = services.mark_preparatory_meeting_attended(
        profiles=[mentor.profile, mentee.profile], by=staff
    )

    assert count == 1
    assert Profile.objects.get(user=mentor).preparatory_meeting_attended_at is not None
    assert Profile.objects.get(user=mentee).preparatory_meeting_attended_at is None
    assert Profile.objects.get(user=other_mentor).preparatory_meeting_attended_at is None


def test_marking_the_preparatory_meeting_again_keeps_the_first_time():
    staff = StaffFactory()
    mentor = MentorFactory()
    services.mark_preparatory_meeting_attended(profiles=[mentor.profile], by=staff)
    first = Profile.objects.get(user=mentor).preparatory_meeting_attended_at

    count = services.mark_preparatory_meeting_attended(profiles=[mentor.profile], by=staff)

    assert count == 0
    assert Profile.objects.get(user=mentor).preparatory_meeting_attended_at == first


@pytest.mark.parametrize("factory", [MentorFactory, MenteeFactory, ReporterFactory])
def test_only_staff_mark_the_preparatory_meeting(factory):
    mentor = MentorFactory()

    with pytest.raises(PermissionDenied):
        services.mark_preparatory_meeting_attended(profiles=[mentor.profile], by=factory())

    assert Profile.objects.get(user=mentor).preparatory_meeting_attended_at is None


# roles and groups ----------------------------------------------------------------------------


def test_add_to_group_puts_the_user_in_the_named_group():
    user = ProfileFactory().user

    services.add_to_group(user=user, group_name=access.REPORTER_GROUP)

    assert access.is_reporter(user)
    assert list(user.groups.all()) == [Group.objects.get(name="Reporters")]
