"""Her inbox: the bell's count on every page, the notifications page (newest first, by day,
paginated, mark all read), each item opening its page, and the daily digest for the kinds she
chose to read once a day."""

import re
from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from cycles import services as cycle_services
from notifications import inbox
from notifications.digest import queue_digests
from notifications.models import InboxItem, NotificationOptOut
from notifications.tasks import delete_old_inbox_items
from profiles import privacy
from tests.factories import MenteeFactory, MentorshipFactory

pytestmark = pytest.mark.django_db


def bell(page: str) -> str:
    """What the bell tells a screen reader."""
    link = re.search(r'<a [^>]*id="bell".*?</a>', page, re.S).group(0)
    return " ".join(re.search(r'class="visually-hidden">([^<]*)<', link).group(1).split())


def inbox_queries(queries) -> list[str]:
    return [q["sql"] for q in queries if "notifications_inboxitem" in q["sql"]]


def write(mentorship, by, body="Hello!"):
    cycle_services.post_message(mentorship=mentorship, by=by, body=body)


def test_a_message_from_her_mentor_shows_in_her_bell_and_opens_the_conversation(client):
    mentorship = MentorshipFactory()
    client.force_login(mentorship.mentee)
    assert bell(client.get(reverse("dashboard")).content.decode()) == "Notifications: none unread"

    write(mentorship, mentorship.mentor)
    write(mentorship, mentorship.mentor, "And one more thing.")

    page = client.get(reverse("dashboard")).content.decode()
    assert bell(page) == "Notifications: 1 unread"
    listed = client.get(reverse("notifications:inbox")).content.decode()
    assert "Your mentor wrote you 2 new messages." in listed
    assert "Today" in listed
    item = InboxItem.objects.get(user=mentorship.mentee)

    opened = client.get(reverse("notifications:open", args=[item.pk]))

    assert opened["Location"] == (
        reverse("cycles:mentorship_detail", args=[mentorship.public_id]) + "#conversation"
    )
    assert bell(client.get(reverse("dashboard")).content.decode()) == "Notifications: none unread"
    # Her own messages are not news to her.
    assert not InboxItem.objects.filter(user=mentorship.mentor).exists()


def test_a_message_after_she_read_the_others_starts_a_new_count(client):
    mentorship = MentorshipFactory()
    write(mentorship, mentorship.mentee)
    write(mentorship, mentorship.mentee, "Second")
    inbox.mark_all_read(user=mentorship.mentor)

    write(mentorship, mentorship.mentee, "Third")

    (item,) = InboxItem.objects.filter(user=mentorship.mentor)
    assert (item.count, item.read_at, item.text) == (
        1,
        None,
        "Your mentee wrote you a new message.",
    )


def test_the_bell_costs_one_query_per_page(client):
    mentorship = MentorshipFactory()
    write(mentorship, mentorship.mentor)
    client.force_login(mentorship.mentee)

    with CaptureQueriesContext(connection) as queries:
        client.get(reverse("dashboard"))

    assert len(inbox_queries(queries)) == 1


def test_someone_elses_item_is_neither_opened_nor_marked_read(client):
    mentorship = MentorshipFactory()
    write(mentorship, mentorship.mentor)
    hers = InboxItem.objects.get(user=mentorship.mentee)
    client.force_login(MenteeFactory())

    response = client.get(reverse("notifications:open", args=[hers.pk]))

    assert response.status_code == 404
    hers.refresh_from_db()
    assert hers.read_at is None


def test_mark_all_read_needs_a_post_and_empties_the_bell(client):
    mentorship = MentorshipFactory()
    write(mentorship, mentorship.mentor)
    client.force_login(mentorship.mentee)

    assert client.get(reverse("notifications:mark_all_read")).status_code == 405
    response = client.post(reverse("notifications:mark_all_read"), follow=True)

    page = response.content.decode()
    assert "Everything in your inbox is marked as read." in page
    assert bell(page) == "Notifications: none unread"
    assert 'id="mark-all-read"' not in page


def items_for(user, count: int, start: datetime):
    InboxItem.objects.bulk_create(
        InboxItem(
            user=user,
            kind="new_message",
            occasion=f"conversation:{n}",
            params={"from": "mentor"},
            link="/dashboard/",
            created_at=start - timedelta(hours=n),
        )
        for n in range(count)
    )


# Every signed-in page: the session, the user, her profile, the code of conduct's acceptance.
MIDDLEWARE = 4
# The inbox page's own: both counts (all and unread, for the pages and the bell) in one query,
# then the page of items.
INBOX = 2


@pytest.mark.parametrize("count", [1, 200])
def test_the_inbox_page_costs_the_same_few_queries_whatever_it_holds(
    client, count, django_assert_num_queries
):
    mentee = MenteeFactory()
    items_for(mentee, count, timezone.now())
    client.force_login(mentee)
    client.get(reverse("dashboard"))  # the session's first-request work is done

    with django_assert_num_queries(MIDDLEWARE + INBOX):
        response = client.get(reverse("notifications:inbox"))

    assert response.status_code == 200
    assert bell(response.content.decode()) == f"Notifications: {count} unread"
    assert response.context["page"].paginator.count == count


def test_the_inbox_is_newest_first_by_day_and_paginated(client):
    mentee = MenteeFactory()
    items_for(mentee, 30, timezone.now())
    client.force_login(mentee)

    first = client.get(reverse("notifications:inbox"))
    second = client.get(reverse("notifications:inbox"), {"page": 2})

    days = first.context["days"]
    shown = [item for _day, _label, items in days for item in items]
    assert len(shown) == 25
    assert shown == sorted(shown, key=lambda item: item.created_at, reverse=True)
    assert [label for _day, label, _items in days][:1] in (["Today"], ["Yesterday"])
    assert len([i for _d, _l, items in second.context["days"] for i in items]) == 5
    assert 'rel="next"' in first.content.decode()


def test_an_empty_inbox_says_so(client):
    client.force_login(MenteeFactory())

    page = client.get(reverse("notifications:inbox")).content.decode()

    assert "Nothing here yet" in page


def test_the_inbox_needs_a_sign_in(client):
    response = client.get(reverse("notifications:inbox"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_items_older_than_six_months_are_deleted(settings):
    mentee = MenteeFactory()
    items_for(
        mentee, 1, timezone.now() - timedelta(days=settings.NOTIFICATIONS_INBOX_KEEP_DAYS + 1)
    )
    items_for(MenteeFactory(), 1, timezone.now() - timedelta(days=10))

    assert delete_old_inbox_items() == 1
    assert InboxItem.objects.count() == 1


def test_her_items_are_in_her_export_and_erased_with_her():
    mentorship = MentorshipFactory()
    write(mentorship, mentorship.mentor)
    mentee = mentorship.mentee

    data = privacy.export_user_data(user=mentee)
    assert [item["says"] for item in data["my_notifications_on_the_site"]] == [
        "Your mentor wrote you a new message."
    ]

    privacy.erase_user(user=mentee, by=mentee)
    assert not InboxItem.objects.filter(user=mentee).exists()


# --- how she hears of each kind -------------------------------------------------------------


def test_site_only_shows_it_in_the_inbox_and_sends_no_email(
    mailoutbox, django_capture_on_commit_callbacks
):
    mentorship = MentorshipFactory()
    NotificationOptOut.objects.create(user=mentorship.mentee, kind="new_message", delivery="site")

    with django_capture_on_commit_callbacks(execute=True):
        write(mentorship, mentorship.mentor)

    assert mailoutbox == []
    assert InboxItem.objects.filter(user=mentorship.mentee, kind="new_message").exists()


def at(hour: int, day: int = 8) -> datetime:
    """A time in Stockholm (UTC+1 in December), as UTC."""
    return datetime(2026, 12, day, hour - 1, 5, tzinfo=UTC)


def test_the_digest_comes_once_in_her_morning_with_what_she_has_not_read(
    mailoutbox, django_capture_on_commit_callbacks
):
    mentorship = MentorshipFactory()
    mentee = mentorship.mentee
    NotificationOptOut.objects.create(user=mentee, kind="new_message", delivery="digest")
    with django_capture_on_commit_callbacks(execute=True):
        write(mentorship, mentorship.mentor)
    assert mailoutbox == []  # not at once
    InboxItem.objects.filter(user=mentee).update(created_at=at(5))

    with django_capture_on_commit_callbacks(execute=True):
        assert queue_digests(now=at(6)) == 0  # before her morning
        assert queue_digests(now=at(7)) == 1
        assert queue_digests(now=at(9)) == 0  # once a day

    (digest,) = mailoutbox
    assert digest.to == [mentee.email]
    assert "Your mentor wrote you a new message." in digest.body
    link = re.search(r"http\S+/notifications/(\d+)/", digest.body)
    assert int(link[1]) == InboxItem.objects.get(user=mentee).pk
    html = digest.alternatives[0][0]
    assert f'href="{link[0]}"' in html


def test_no_digest_when_she_read_everything_on_the_site(
    mailoutbox, django_capture_on_commit_callbacks
):
    mentorship = MentorshipFactory()
    mentee = mentorship.mentee
    NotificationOptOut.objects.create(user=mentee, kind="new_message", delivery="digest")
    write(mentorship, mentorship.mentor)
    InboxItem.objects.filter(user=mentee).update(created_at=at(5))
    inbox.mark_all_read(user=mentee)

    with django_capture_on_commit_callbacks(execute=True):
        assert queue_digests(now=at(8)) == 0
    assert mailoutbox == []


def test_the_digest_follows_her_time_zone(mailoutbox, django_capture_on_commit_callbacks):
    mentorship = MentorshipFactory()
    mentee = mentorship.mentee
    mentee.profile.timezone = "America/New_York"  # UTC-5
    mentee.profile.save(update_fields=["timezone"])
    NotificationOptOut.objects.create(user=mentee, kind="new_message", delivery="digest")
    write(mentorship, mentorship.mentor)
    InboxItem.objects.filter(user=mentee).update(created_at=at(5))

    with django_capture_on_commit_callbacks(execute=True):
        assert queue_digests(now=at(8)) == 0  # 02:05 in New York
        assert queue_digests(now=at(13)) == 1  # 07:05 there
    assert len(mailoutbox) == 1


def test_program_staff_read_the_inbox_items_and_the_follow_ups_in_the_admin(client):
    from django.contrib.auth.models import Group

    from tests.factories import StaffFactory

    staff = StaffFactory()
    staff.groups.add(Group.objects.get(name="Program staff"))
    mentorship = MentorshipFactory()
    write(mentorship, mentorship.mentor)
    client.force_login(staff)

    items = client.get(reverse("admin:notifications_inboxitem_changelist"))
    follow_ups = client.get(reverse("admin:profiles_stafffollowup_changelist"))

    assert items.status_code == 200
    assert "Your mentor wrote you a new message." in items.content.decode()
    assert follow_ups.status_code == 200
    assert client.get(reverse("admin:notifications_inboxitem_add")).status_code == 403
