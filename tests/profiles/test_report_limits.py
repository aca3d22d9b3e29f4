"""Safety reports a day, and the staff's email about them: one digest of how many wait, not one
email per staff member per report."""

import html
from datetime import timedelta

import pytest
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from profiles.models import Report
from tests.factories import MenteeFactory, MentorFactory, ReportFactory, StaffFactory

pytestmark = pytest.mark.django_db

LIMIT = (
    "You have sent %d reports in the last 24 hours, the most for one day. The program staff "
    "will read them; if someone is in danger, call the emergency services."
)
DETAILS = "He wrote to me at night, from his address mentor@private.example."


def text(response) -> str:
    return html.unescape(response.content.decode())


def send_report_digest():
    from profiles import tasks  # noqa: PLC0415 - the hourly task under test

    return tasks.send_report_digest()


def report(client, mentor):
    return client.post(
        reverse("safety:safety_person", args=["mentor", mentor.presentation.public_id]),
        {"reason": "other", "details": DETAILS},
    )


def test_fifteen_reports_from_one_person_stop_at_the_daily_limit_and_email_nobody(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    StaffFactory(), StaffFactory()
    mentee = MenteeFactory()
    client.force_login(mentee)

    statuses = []
    for _ in range(15):
        with django_capture_on_commit_callbacks(execute=True):
            response = report(client, MentorFactory())
        statuses.append(response.status_code)

    assert statuses == [302] * 5 + [200] * 10
    assert LIMIT % 5 in text(response)
    assert Report.objects.filter(reporter=mentee).count() == 5
    assert mailoutbox == []


@override_settings(SAFETY_REPORTS_PER_DAY=1)
def test_reports_older_than_a_day_do_not_count(client):
    mentee = MenteeFactory()
    ReportFactory(reporter=mentee, created_at=timezone.now() - timedelta(hours=25))
    client.force_login(mentee)

    assert report(client, MentorFactory()).status_code == 302


def test_staff_get_one_digest_of_how_many_reports_wait(
    mailoutbox, django_capture_on_commit_callbacks
):
    first, second = StaffFactory(), StaffFactory()
    for _ in range(3):
        ReportFactory(details=DETAILS)
    ReportFactory(status=Report.Status.CLOSED)

    with django_capture_on_commit_callbacks(execute=True):
        send_report_digest()

    assert sorted(email.to[0] for email in mailoutbox) == sorted([first.email, second.email])
    email = mailoutbox[0]
    assert email.subject == "[WESTEM] Reports wait for the program staff"
    assert "3 reports wait for review." in email.body
    changelist = reverse("admin:profiles_report_changelist") + "?status__exact=open"
    assert changelist in email.body
    html_part = email.alternatives[0][0]
    for part in (email.subject, email.body, html_part):
        assert "private.example" not in part
        assert "night" not in part
        assert "Harassment" not in part

    # Nothing new: the next hour writes nothing.
    with django_capture_on_commit_callbacks(execute=True):
        send_report_digest()
    assert len(mailoutbox) == 2

    # A new report: the next digest counts it.
    ReportFactory()
    with django_capture_on_commit_callbacks(execute=True):
        send_report_digest()
    assert len(mailoutbox) == 4
    assert "4 reports wait for review." in mailoutbox[-1].body


def test_a_staff_member_is_not_told_of_reports_about_her(
    mailoutbox, django_capture_on_commit_callbacks
):
    reported_staff, other_staff = StaffFactory(), StaffFactory()
    ReportFactory(reported=reported_staff)

    with django_capture_on_commit_callbacks(execute=True):
        send_report_digest()

    assert [email.to for email in mailoutbox] == [[other_staff.email]]
    assert "1 report waits for review." in mailoutbox[0].body
