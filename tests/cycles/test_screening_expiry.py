"""Issue 20, item 2: staff learn when the screening of a mentor of a mentee under 18 expires
(or ends within 30 days) during their mentorship: a daily email, once per mentorship and
expiry, and a section of the to-do page."""

import html
from datetime import timedelta

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation

from cycles import services, tasks
from cycles.models import Mentorship
from notifications.models import InboxItem
from profiles.age import years_ago
from profiles.services import ensure_profile
from tests.factories import (
    MenteeFactory,
    MentorFactory,
    MentorScreeningFactory,
    MentorshipFactory,
    StaffFactory,
)

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def minors_mentorship(mentor_name="Ada Lovelace", **kwargs) -> Mentorship:
    mentee = MenteeFactory(profile__birth_date=years_ago(15, TODAY))
    mentor = MentorFactory(profile__display_name=mentor_name)
    return MentorshipFactory(mentor=mentor, mentee=mentee, **kwargs)


def screening_until(mentor, days: int):
    return MentorScreeningFactory(
        mentor=mentor,
        checked_on=TODAY - timedelta(days=300),
        valid_until=TODAY + timedelta(days=days),
    )


def alert(mailoutbox, capture, day=None) -> list:
    before = len(mailoutbox)
    with capture(execute=True):
        services.alert_screening_expiry(day=day)
    return mailoutbox[before:]


def test_an_expired_screening_alerts_every_staff_member_once(
    mailoutbox, django_capture_on_commit_callbacks
):
    first, second = StaffFactory(), StaffFactory()
    mentorship = minors_mentorship()
    screening_until(mentorship.mentor, days=-1)

    sent = alert(mailoutbox, django_capture_on_commit_callbacks)

    assert sorted(message.to[0] for message in sent) == sorted([first.email, second.email])
    assert sent[0].subject == "[WESTEM] A mentor's screening is no longer valid"
    assert "The screening of Ada Lovelace ended on" in sent[0].body
    assert "she mentors a mentee under 18" in sent[0].body
    assert reverse("admin:cycles_mentorship_change", args=[mentorship.pk]) in sent[0].body
    item = InboxItem.objects.get(user=first)
    assert item.text.startswith("A mentor's screening is no longer valid")
    # The next day's sweep says nothing new.
    assert alert(mailoutbox, django_capture_on_commit_callbacks) == []
    assert tasks.alert_screening_expiry() == 0


def test_a_screening_ending_within_30_days_warns_then_alerts_when_it_expires(
    mailoutbox, django_capture_on_commit_callbacks
):
    StaffFactory()
    mentorship = minors_mentorship()
    screening = screening_until(mentorship.mentor, days=10)

    warning = alert(mailoutbox, django_capture_on_commit_callbacks)
    again = alert(mailoutbox, django_capture_on_commit_callbacks)
    expired = alert(
        mailoutbox, django_capture_on_commit_callbacks, day=screening.valid_until + timedelta(1)
    )

    assert [message.subject for message in warning] == ["[WESTEM] A mentor's screening ends soon"]
    assert "Ask her for a new extract in time" in warning[0].body
    assert again == []
    assert [message.subject for message in expired] == [
        "[WESTEM] A mentor's screening is no longer valid"
    ]


def test_a_mentor_without_any_screening_is_alerted(mailoutbox, django_capture_on_commit_callbacks):
    StaffFactory()
    minors_mentorship()

    sent = alert(mailoutbox, django_capture_on_commit_callbacks)

    assert "Ada Lovelace has no valid screening recorded" in sent[0].body


def test_no_alert_for_adults_valid_screening_or_ended_mentorships(
    mailoutbox, django_capture_on_commit_callbacks
):
    StaffFactory()
    valid = minors_mentorship()
    screening_until(valid.mentor, days=200)
    MentorshipFactory(mentee=MenteeFactory(profile__birth_date=years_ago(25, TODAY)))
    minors_mentorship(status=Mentorship.Status.COMPLETED)
    renewed = minors_mentorship()
    screening_until(renewed.mentor, days=-5)
    screening_until(renewed.mentor, days=365)

    assert alert(mailoutbox, django_capture_on_commit_callbacks) == []


def test_the_alert_is_in_the_staff_members_language(mailoutbox, django_capture_on_commit_callbacks):
    ensure_profile(user=StaffFactory(), language="sv")
    screening_until(minors_mentorship().mentor, days=-1)

    sent = alert(mailoutbox, django_capture_on_commit_callbacks)

    with translation.override("sv"):
        subject = translation.gettext("A mentor's screening is no longer valid")
    assert subject != "A mentor's screening is no longer valid"
    assert sent[0].subject == f"[WESTEM] {subject}"


def test_the_task_is_scheduled_daily():
    schedules = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert "cycles.alert_screening_expiry" in schedules


# --- the to-do page --------------------------------------------------------------------------


def section(client) -> str:
    response = client.get(reverse("staff_todo"))
    assert response.status_code == 200
    text = html.unescape(response.content.decode())
    start = text.index('data-section="cycles.screening"')
    end = text.find("data-section=", start + 1)
    return text[start : end if end != -1 else len(text)]


def test_the_staff_to_do_lists_them_until_a_new_screening_is_recorded(client):
    client.force_login(StaffFactory())
    expired = minors_mentorship()
    screening_until(expired.mentor, days=-3)
    ending = minors_mentorship(mentor_name="Grace Hopper")
    screening_until(ending.mentor, days=12)
    fine = minors_mentorship(mentor_name="Hedy Lamarr")
    screening_until(fine.mentor, days=200)

    part = section(client)

    assert reverse("admin:cycles_mentorship_change", args=[expired.pk]) in part
    assert reverse("admin:cycles_mentorship_change", args=[ending.pk]) in part
    assert reverse("admin:cycles_mentorship_change", args=[fine.pk]) not in part
    assert "Screening expired" in part
    assert "Screening ends" in part
    assert 'data-count="2"' in part
    # The item names no one.
    assert "Ada Lovelace" not in part
    assert "Grace Hopper" not in part

    screening_until(expired.mentor, days=365)
    screening_until(ending.mentor, days=365)

    part = section(client)
    assert "Every mentor of a mentee under 18 has screening valid for at least 30 days." in part
