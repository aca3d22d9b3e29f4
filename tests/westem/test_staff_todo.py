"""The program staff's to-do page (``core.todo``, ``westem.views.staff_todo``): what waits
for them, section by section; acting on an item takes it off; only program staff open it."""

import html
from datetime import timedelta

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from cycles.models import Mentorship
from profiles.models import Report, StaffFollowUp
from tests.factories import (
    ConnectionRequestFactory,
    FinalEvaluationFactory,
    MenteeFactory,
    MentorFactory,
    MentorshipFactory,
    ReportFactory,
    StaffFactory,
)

pytestmark = pytest.mark.django_db

TODO = reverse("staff_todo")
DONE = reverse("staff_todo_done")


def page(client) -> str:
    response = client.get(TODO)
    assert response.status_code == 200
    return html.unescape(response.content.decode())


def section_of(text: str, name: str) -> str:
    """The part of the page that is the section ``name`` (``data-section``)."""
    start = text.index(f'data-section="{name}"')
    end = text.find("data-section=", start + 1)
    return text[start : end if end != -1 else len(text)]


def awaiting(headline: str):
    """A presentation published and never approved."""
    mentor = MentorFactory(presentation__approved_at=None, presentation__headline=headline)
    return mentor.presentation


def ended_early(days_ago: float = 1, **kwargs) -> Mentorship:
    mentorship = MentorshipFactory(**kwargs)
    mentorship.status = Mentorship.Status.ENDED_EARLY
    mentorship.ended_at = timezone.now() - timedelta(days=days_ago)
    mentorship.ended_by = mentorship.mentee
    mentorship.save()
    return mentorship


def request_sent(days_ago: float):
    request = ConnectionRequestFactory()
    request.created_at = timezone.now() - timedelta(days=days_ago)
    request.save()
    return request


@pytest.fixture
def staff(client):
    member = StaffFactory()
    client.force_login(member)
    return member


def test_presentations_new_and_revised_are_listed_not_approved_or_drafts(client, staff):
    awaiting("A new presentation waiting for approval")
    revised = MentorFactory().presentation
    revised.revision = revised.revised() | {"headline": "Her changed headline"}
    revised.revised_at = timezone.now()
    revised.save()
    MentorFactory(presentation__headline="Approved long ago")
    MentorFactory(
        presentation__approved_at=None,
        presentation__is_published=False,
        presentation__headline="Still a draft",
    )

    part = section_of(page(client), "matching.presentations")

    assert "A new presentation waiting for approval" in part
    assert "Her changed headline" in part
    assert "Approved long ago" not in part
    assert "Still a draft" not in part
    assert 'data-count="2"' in part
    assert reverse("admin:matching_mentorpresentation_changelist") + "?approval=awaiting" in part


def test_approving_or_returning_takes_a_presentation_off(client, staff):
    first = awaiting("First to approve")
    second = awaiting("Second to return")
    admin_url = reverse("admin:matching_mentorpresentation_change", args=[first.pk])
    assert admin_url in section_of(page(client), "matching.presentations")

    client.post(admin_url, {"_approve": "1"})
    client.post(
        reverse("admin:matching_mentorpresentation_change", args=[second.pk]),
        {"_return": "1", "note": "Please say which fields you studied."},
    )

    part = section_of(page(client), "matching.presentations")
    assert "First to approve" not in part
    assert "Second to return" not in part
    assert "No presentation waits for approval." in part


def test_open_reports_are_listed_until_reviewed(client, staff):
    report = ReportFactory()
    ReportFactory(status=Report.Status.CLOSED, reason=Report.Reason.SPAM)
    change = reverse("admin:profiles_report_change", args=[report.pk])

    part = section_of(page(client), "profiles.reports")
    assert change in part
    assert "Harassment" in part
    assert "Spam" not in part
    # The page says there is a report, not who or what.
    assert report.details not in part
    assert report.reporter.profile.display_name not in part

    client.post(change, {"status": Report.Status.REVIEWED, "staff_note": "Called her."})

    part = section_of(page(client), "profiles.reports")
    assert change not in part
    assert "No report waits for a review." in part


def test_early_endings_of_the_last_two_weeks_until_marked_done(client, staff):
    recent = ended_early(days_ago=1)
    old = ended_early(days_ago=20)
    MentorshipFactory()  # active
    recent_url = reverse("admin:cycles_mentorship_change", args=[recent.pk])

    part = section_of(page(client), "cycles.ended_early")
    assert recent_url in part
    assert reverse("admin:cycles_mentorship_change", args=[old.pk]) not in part
    assert "Ended by the mentee" in part
    assert recent.mentee.profile.display_name not in part

    response = client.post(DONE, {"section": "cycles.ended_early", "object_id": recent.pk})
    assert response.status_code == 302

    assert recent_url not in section_of(page(client), "cycles.ended_early")
    follow_up = StaffFollowUp.objects.get(kind="cycles.ended_early", object_id=recent.pk)
    assert follow_up.by == staff
    assert follow_up.at is not None


def test_requests_about_to_expire_until_marked_done(client, staff):
    days = settings.MATCHING_REQUEST_EXPIRY_DAYS
    expiring = request_sent(days_ago=days - 1)
    fresh = request_sent(days_ago=1)
    answered = request_sent(days_ago=days - 1)
    answered.status = "declined"
    answered.save()
    url = reverse("admin:matching_connectionrequest_change", args=[expiring.pk])

    part = section_of(page(client), "matching.expiring_requests")
    assert url in part
    assert reverse("admin:matching_connectionrequest_change", args=[fresh.pk]) not in part
    assert reverse("admin:matching_connectionrequest_change", args=[answered.pk]) not in part
    assert expiring.mentee.profile.display_name not in part

    client.post(DONE, {"section": "matching.expiring_requests", "object_id": expiring.pk})
    assert url not in section_of(page(client), "matching.expiring_requests")


def test_final_evaluations_until_marked_read(client, staff):
    evaluation = FinalEvaluationFactory()
    url = reverse("admin:evaluations_finalevaluation_change", args=[evaluation.pk])

    part = section_of(page(client), "evaluations.final_evaluations")
    assert url in part
    assert "From the mentee" in part

    client.post(DONE, {"section": "evaluations.final_evaluations", "object_id": evaluation.pk})
    part = section_of(page(client), "evaluations.final_evaluations")
    assert url not in part
    assert "No final evaluation waits to be read." in part


def test_final_evaluations_of_more_than_a_month_ago_are_not_a_to_do(client, staff):
    old = FinalEvaluationFactory(submitted_at=timezone.now() - timedelta(days=31))
    recent = FinalEvaluationFactory(submitted_at=timezone.now() - timedelta(days=29))

    part = section_of(page(client), "evaluations.final_evaluations")

    assert reverse("admin:evaluations_finalevaluation_change", args=[recent.pk]) in part
    assert reverse("admin:evaluations_finalevaluation_change", args=[old.pk]) not in part


def test_done_only_for_what_a_section_lists(client, staff):
    mentorship = ended_early(days_ago=30)  # too old: not listed
    report = ReportFactory()
    for data in [
        {"section": "cycles.ended_early", "object_id": mentorship.pk},
        {"section": "profiles.reports", "object_id": report.pk},  # reviewed, not "done"
        {"section": "nothing.such", "object_id": 1},
        {"section": "cycles.ended_early", "object_id": "x"},
    ]:
        assert client.post(DONE, data).status_code == 404
    assert not StaffFollowUp.objects.exists()


def test_the_counts_show_in_the_navigation_the_dashboard_and_the_admin(client, staff):
    awaiting("Waiting")
    ReportFactory()

    dashboard = client.get(reverse("dashboard")).content.decode()
    admin_index = html.unescape(client.get(reverse("admin:index")).content.decode())

    assert f'href="{TODO}" id="nav-todo"' in dashboard
    assert ": 2 waiting" in dashboard
    assert 'id="dashboard-todo"' in dashboard
    assert "To do: 2 waiting" in admin_index
    assert "Presentations awaiting approval" in admin_index


@pytest.mark.parametrize("who", ["anonymous", "mentee", "mentor", "reporter"])
def test_only_program_staff_open_it_or_mark_done(client, who, reporter_user):
    mentorship = ended_early()
    user = {
        "anonymous": None,
        "mentee": MenteeFactory(),
        "mentor": MentorFactory(),
        "reporter": reporter_user,
    }[who]
    if user is not None:
        client.force_login(user)

    shown = client.get(TODO)
    done = client.post(DONE, {"section": "cycles.ended_early", "object_id": mentorship.pk})

    if user is None:
        assert shown.status_code == done.status_code == 302
        assert reverse("account_login") in shown["Location"]
    else:
        assert shown.status_code == done.status_code == 403
        assert 'id="nav-todo"' not in client.get(reverse("dashboard")).content.decode()
    assert not StaffFollowUp.objects.exists()


def _fill(count: int) -> None:
    for index in range(count):
        awaiting(f"Presentation {index}")
        ReportFactory()
        ended_early()
        request_sent(days_ago=settings.MATCHING_REQUEST_EXPIRY_DAYS - 1)
        FinalEvaluationFactory()


def _queries(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(TODO).status_code == 200
    return len(queries)


def test_the_page_costs_the_same_queries_for_1_or_20_items_a_section(client, staff):
    _fill(1)
    client.get(TODO)  # the first page of a session reads what later pages find cached
    one = _queries(client)
    _fill(19)
    twenty = _queries(client)
    text = page(client)

    assert one == twenty
    assert 'data-count="20"' in section_of(text, "matching.presentations")
    assert "See all 20" in text
