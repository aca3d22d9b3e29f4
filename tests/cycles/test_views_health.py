"""The staff's health page (issue 22): who opens it, the ranking, the filters, the check-in
that snoozes a pair, a fixed number of queries whatever the number of pairs, and check-ins in
the pair's data export and erasure."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone

from cycles.models import CheckIn, HealthSignal, Mentorship, Style
from profiles import privacy
from profiles.access import STAFF_GROUP
from tests.factories import (
    ExpertiseAreaFactory,
    MenteeFactory,
    MentorFactory,
    MentorshipFactory,
    StaffFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

Kind = HealthSignal.Kind
LIST = reverse("health:pairs")


def check_in_url(mentorship: Mentorship) -> str:
    return reverse("health:check_in", args=[mentorship.public_id])


def at_risk(*kinds, days_ago: int = 3, **pair) -> Mentorship:
    """An active pair with open signals of ``kinds``, started ``days_ago``."""
    mentorship = MentorshipFactory(**pair)
    started = timezone.localdate() - timedelta(days=days_ago)
    for kind in kinds or [Kind.FIRST_MEETING]:
        HealthSignal.objects.create(
            mentorship=mentorship,
            kind=kind,
            started_on=started,
            params=PARAMS[kind](started),
        )
    return mentorship


PARAMS = {
    Kind.FIRST_MEETING: lambda day: {"start": (day - timedelta(days=21)).isoformat()},
    Kind.MENTOR_SILENT: lambda day: {"last_active": (day - timedelta(days=21)).isoformat()},
    Kind.MENTEE_SILENT: lambda day: {"last_active": (day - timedelta(days=21)).isoformat()},
    Kind.AGREEMENT_UNACCEPTED: lambda day: {"missing": ["none"], "days": 14},
    Kind.NO_MEETING: lambda day: {"last_held": (day - timedelta(days=23)).isoformat(), "days": 22},
    Kind.HOURS_BELOW: lambda day: {
        "agreed": 120,
        "months": [["2026-03-01", 0], ["2026-04-01", 30]],
    },
    Kind.REMINDERS_UNANSWERED: lambda day: {"mentor": (day - timedelta(days=7)).isoformat()},
}


def listed(client, query: str = "") -> list[str]:
    """The pairs on the page, in order, by their mentees' names."""
    response = client.get(LIST + query)
    assert response.status_code == 200
    return [m.mentee.get_full_name() for m in response.context["page"].object_list]


@pytest.fixture
def staff(client):
    member = StaffFactory()
    client.force_login(member)
    return member


# --- who opens it --------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["mentee", "mentor", "stranger", "reporter", "staff_no_group"])
def test_only_program_staff_with_the_permission(client, who, reporter_user):
    mentorship = at_risk()
    user = {
        "mentee": mentorship.mentee,
        "mentor": mentorship.mentor,
        "stranger": MenteeFactory(),
        "reporter": reporter_user,
        "staff_no_group": UserFactory(is_staff=True),
    }[who]
    client.force_login(user)

    assert client.get(LIST).status_code == 403
    assert client.get(check_in_url(mentorship)).status_code == 403
    posted = client.post(check_in_url(mentorship), {"channel": "email", "outcome": "on_track"})
    assert posted.status_code == 403
    assert not CheckIn.objects.exists()


def test_anonymous_visitors_sign_in_first(client):
    response = client.get(LIST)
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


def test_an_unknown_or_ended_pair_is_404(client, staff):
    ended = at_risk(status=Mentorship.Status.ENDED_EARLY)
    ended.end_date = ended.start_date
    ended.save()

    assert client.get(check_in_url(ended)).status_code == 404
    unknown = reverse("health:check_in", args=["8f0c5e7e-6a39-4d43-9d55-3f4b1d0ad111"])
    assert client.get(unknown).status_code == 404


def test_the_to_do_page_links_to_it(client, staff):
    assert LIST in client.get(reverse("staff_todo")).content.decode()


# --- the list ------------------------------------------------------------------------------


def test_ranked_by_the_number_then_the_age_of_signals_with_the_reasons(client, staff):
    at_risk(Kind.FIRST_MEETING, days_ago=2, mentee=MenteeFactory(profile__display_name="One"))
    at_risk(
        Kind.MENTOR_SILENT,
        Kind.MENTEE_SILENT,
        Kind.AGREEMENT_UNACCEPTED,
        mentee=MenteeFactory(profile__display_name="Three"),
    )
    at_risk(Kind.FIRST_MEETING, days_ago=9, mentee=MenteeFactory(profile__display_name="Older"))
    MentorshipFactory(mentee=MenteeFactory(profile__display_name="Healthy"))
    cleared = at_risk(mentee=MenteeFactory(profile__display_name="Cleared"))
    cleared.health_signals.update(cleared_on=timezone.localdate())

    names = [name.split()[0] for name in listed(client)]
    text = client.get(LIST).content.decode()

    assert names == ["Three", "Older", "One"]
    assert "3 pairs at risk." in text
    assert "No agreement written 14 days after the start." in text
    assert "The mentor has not written, ticked, met or reflected since" in text


def test_empty_states(client, staff):
    assert "No pair shows a sign of drifting right now." in client.get(LIST).content.decode()
    at_risk(style=Style.TRADITIONAL)
    empty = client.get(LIST + "?style=flash").content.decode()
    assert "No pair at risk matches these filters." in empty


def test_filters_by_style_country_and_field(client, staff):
    """A country or a field of either of the pair."""
    physics = ExpertiseAreaFactory(slug="physics", name_en="Physics")

    def risky(name, country, **pair):
        mentor = MentorFactory(profile__country="FI")
        mentee = MenteeFactory(profile__display_name=name, profile__country=country)
        return at_risk(mentor=mentor, mentee=mentee, **pair)

    risky("Swede", "SE")
    flash = risky("Flash", "NO", style=Style.FLASH)
    flash.mentor.profile.expertise.add(physics)
    risky("Dane", "DK")

    def names(query):
        return sorted(listed(client, query))

    assert names("?style=flash") == ["Flash"]
    assert names("?country=SE") == ["Swede"]
    assert names("?country=FI") == ["Dane", "Flash", "Swede"]
    assert names(f"?field={physics.pk}") == ["Flash"]
    assert names(f"?style=traditional&field={physics.pk}") == []
    assert names("?country=XX&field=nope") == ["Dane", "Flash", "Swede"]  # ignored
    assert names("?country=XX&style=flash") == ["Flash"]


def test_paginated_and_the_filters_stay_across_pages(client, staff, settings):
    settings.HEALTH_PAGE_SIZE = 2
    for index in range(5):
        at_risk(days_ago=10 + index, style=Style.FLASH)
    at_risk(style=Style.TRADITIONAL)

    first = client.get(LIST + "?style=flash")
    third = client.get(LIST + "?style=flash&page=3")

    assert len(first.context["page"].object_list) == 2
    assert "style=flash&amp;page=2" in first.content.decode()
    assert len(third.context["page"].object_list) == 1
    assert "5 pairs at risk." in third.content.decode()


@pytest.mark.parametrize("pairs", [2, 30])
def test_the_page_costs_under_10_queries_at_any_size(
    client, staff, pairs, django_assert_max_num_queries
):
    physics = ExpertiseAreaFactory()
    for index in range(pairs):
        mentorship = at_risk(Kind.FIRST_MEETING, Kind.MENTEE_SILENT, days_ago=index + 1)
        mentorship.mentee.profile.expertise.add(physics)
        CheckIn.objects.create(
            mentorship=mentorship, staff=staff, channel="email", outcome="no_answer"
        )
    client.get(LIST)  # the first page of a session reads what later pages find cached

    with django_assert_max_num_queries(9):
        response = client.get(LIST + f"?field={physics.pk}")

    assert len(response.context["page"].object_list) == min(pairs, 25)
    assert "Last check-in" in response.content.decode()


# --- check-ins -----------------------------------------------------------------------------


def test_a_check_in_snoozes_the_pair_for_the_chosen_time(client, staff):
    mentorship = at_risk(mentee=MenteeFactory(profile__display_name="Snoozy"))
    page = client.get(check_in_url(mentorship)).content.decode()
    assert "No meeting held since the start" in page

    response = client.post(
        check_in_url(mentorship),
        {
            "channel": CheckIn.Channel.PHONE,
            "outcome": CheckIn.Outcome.REPLAN,
            "note": "Both busy with exams; they will re-plan in June.",
            "snooze_days": "14",
        },
        follow=True,
    )

    check_in = CheckIn.objects.get()
    assert check_in.staff == staff
    assert check_in.snoozed_until == timezone.localdate() + timedelta(days=14)
    assert "The pair is off the list until" in response.content.decode()
    assert listed(client) == []

    check_in.snoozed_until = timezone.localdate()
    check_in.save()
    assert [name.split()[0] for name in listed(client)] == ["Snoozy"]
    assert "Both busy with exams" in client.get(check_in_url(mentorship)).content.decode()


def test_a_check_in_without_a_snooze_keeps_the_pair_on_the_list(client, staff):
    mentorship = at_risk()
    client.post(
        check_in_url(mentorship),
        {"channel": "email", "outcome": "no_answer", "note": "", "snooze_days": "0"},
    )

    assert CheckIn.objects.get().snoozed_until is None
    assert len(listed(client)) == 1
    assert "Last check-in" in client.get(LIST).content.decode()


def test_a_wrong_check_in_shows_errors_and_keeps_what_was_typed(client, staff):
    mentorship = at_risk()
    response = client.post(
        check_in_url(mentorship),
        {"channel": "", "outcome": "on_track", "note": "Left a voicemail.", "snooze_days": "5"},
    )

    assert response.status_code == 200
    assert response.context["form"].errors.keys() == {"channel", "snooze_days"}
    assert "Left a voicemail." in response.content.decode()
    assert not CheckIn.objects.exists()


def test_staff_without_the_add_permission_cannot_log(client):
    viewer = StaffFactory()
    group = Group.objects.create(name="Health readers")
    group.permissions.set(
        Group.objects.get(name=STAFF_GROUP).permissions.exclude(codename="add_checkin")
    )
    viewer.groups.set([group])
    client.force_login(viewer)
    mentorship = at_risk()

    assert client.get(LIST).status_code == 200
    response = client.post(
        check_in_url(mentorship), {"channel": "email", "outcome": "on_track", "snooze_days": "0"}
    )
    assert response.status_code == 403
    assert not CheckIn.objects.exists()


def test_check_ins_are_in_her_data_and_their_notes_go_with_her_erasure(client, staff):
    mentorship = at_risk(style=Style.FLASH, mentor=MentorFactory())
    CheckIn.objects.create(
        mentorship=mentorship,
        staff=staff,
        channel="video",
        outcome="on_track",
        note="She found a new internship.",
    )

    data = privacy.export_user_data(user=mentorship.mentee)
    exported = data["mentorships"][0]
    assert exported["staff_check_ins"][0]["note"] == "She found a new internship."
    assert exported["staff_check_ins"][0]["outcome"] == "on_track"
    assert exported["health_signals"][0]["signal"] == Kind.FIRST_MEETING
    assert "She found" not in str(privacy.export_user_data(user=MenteeFactory()))

    privacy.erase_user(user=mentorship.mentee, by=mentorship.mentee)
    assert CheckIn.objects.get().note == ""


def test_the_admin_lists_check_ins_and_signals(client, staff):
    mentorship = at_risk()
    CheckIn.objects.create(mentorship=mentorship, staff=staff, channel="email", outcome="other")

    for name in ("checkin", "healthsignal"):
        response = client.get(reverse(f"admin:cycles_{name}_changelist"))
        assert response.status_code == 200
        assert client.get(reverse(f"admin:cycles_{name}_add")).status_code == 403
