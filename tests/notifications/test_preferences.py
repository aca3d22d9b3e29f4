"""Her reminder emails: the settings page, the one-click link of each email (signed, no
sign-in needed, RFC 8058 one-click POST), the admin's read-only list, and her data rights."""

import re
from datetime import timedelta

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from matching.reminders import remind_pending_requests
from notifications.models import Notification, NotificationOptOut
from notifications.preferences import unsubscribe_token
from profiles import privacy
from tests.factories import ConnectionRequestFactory, MenteeFactory, StaffFactory

pytestmark = pytest.mark.django_db

SITE = settings.SITE_URL.rstrip("/")

# The reminders of SPEC §12: each one a kind she may turn off. The pause is always sent, like
# the emails answering what she or her pair did.
OPTIONAL = {
    "request_pending",
    "request_expired",
    "meeting_tomorrow",
    "reflection_due",
    "agreement_unsigned",
    "hours_below",
    "end_approaching",
    "final_evaluation_due",
    "new_message",
    # What the other of the pair did, or asked (SPEC §12, issue 17).
    "request_received",
    "request_lapsed",
    "agreement_written",
    "agreement_accepted",
    "meeting_scheduled",
    "proposal_accepted",
    "proposal_declined",
    "meeting_changed",
    "meeting_cancelled",
    "meeting_disputed",
    "phase_moved",
    "closure_confirmed",
    # A mentee booked one of the mentor's flash times (issue 19).
    "flash_booked",
    # A match round closes in two days and she has ranked no one (issue 21).
    "round_closing",
    # A health signal started: re-plan together or close gracefully (issue 22).
    "health_nudge",
}


def turned_off(user) -> set[str]:
    """The kinds she gets no email at once of."""
    return set(NotificationOptOut.objects.filter(user=user).values_list("kind", flat=True))


def chosen(user) -> dict[str, str]:
    return dict(NotificationOptOut.objects.filter(user=user).values_list("kind", "delivery"))


def radios(page: str) -> dict[str, str]:
    """The page's radio groups: kind → the delivery checked."""
    found = {}
    for tag in re.findall(r'<input type="radio"[^>]*>', page):
        name = re.search(r'name="kind_([^"]+)"', tag).group(1)
        if " checked" in tag:
            found[name] = re.search(r'value="([^"]+)"', tag).group(1)
        else:
            found.setdefault(name, None)
    return found


def every(delivery: str, **other) -> dict[str, str]:
    return {f"kind_{kind}": delivery for kind in OPTIONAL} | {
        f"kind_{k}": v for k, v in other.items()
    }


def test_the_settings_page_offers_every_kind_but_the_pause_each_by_email_at_once(client):
    client.force_login(MenteeFactory())

    page = client.get(reverse("notifications:settings")).content.decode()

    assert radios(page) == dict.fromkeys(OPTIONAL, "now")
    assert "In a daily email" in page
    assert "On the site only" in page


def test_she_chooses_a_digest_or_the_site_only_and_an_email_at_once_again(client):
    mentee = MenteeFactory()
    client.force_login(mentee)
    url = reverse("notifications:settings")

    response = client.post(url, every("now", meeting_tomorrow="digest", hours_below="site"))

    assert response.status_code == 302
    assert chosen(mentee) == {"meeting_tomorrow": "digest", "hours_below": "site"}
    page = client.get(url).content.decode()
    assert radios(page)["meeting_tomorrow"] == "digest"
    assert radios(page)["hours_below"] == "site"

    client.post(url, every("now"))
    assert chosen(mentee) == {}

    client.post(url, every("site"))
    assert turned_off(mentee) == OPTIONAL


def test_the_pause_cannot_be_chosen_and_a_made_up_delivery_is_refused(client):
    mentee = MenteeFactory()
    client.force_login(mentee)
    url = reverse("notifications:settings")

    client.post(url, every("now", mentor_paused="site"))
    assert turned_off(mentee) == set()

    response = client.post(url, every("now", hours_below="never"))
    assert response.status_code == 200
    assert response.context["form"].errors
    assert turned_off(mentee) == set()


def test_the_settings_page_needs_a_sign_in(client):
    response = client.get(reverse("notifications:settings"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_the_link_in_an_email_turns_that_kind_off_without_signing_in(
    client, django_capture_on_commit_callbacks
):
    request = ConnectionRequestFactory(created_at=timezone.now() - timedelta(days=3))
    with django_capture_on_commit_callbacks(execute=True):
        remind_pending_requests()
    (message,) = mail.outbox
    link = re.search(re.escape(SITE) + r"(/notifications/unsubscribe/\S+)", message.body)[1]

    page = client.get(link)
    assert page.status_code == 200
    assert "A request waiting for your answer" in page.content.decode()
    assert turned_off(request.mentor) == set()  # a GET (a link checker, a preview) changes nothing

    done = client.post(link)
    assert done.status_code == 200
    assert turned_off(request.mentor) == {"request_pending"}


def test_the_one_click_post_of_a_mail_program_turns_the_kind_off(client):
    mentee = MenteeFactory()
    url = reverse(
        "notifications:unsubscribe", args=[unsubscribe_token(user=mentee, kind="hours_below")]
    )
    client = client.__class__(enforce_csrf_checks=True)

    response = client.post(
        url, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded"
    )

    assert response.status_code == 200
    assert turned_off(mentee) == {"hours_below"}


@pytest.mark.parametrize("token", ["nonsense", "a:b:c", "x" * 300])
def test_a_bad_link_is_a_friendly_page(client, token):
    response = client.get(reverse("notifications:unsubscribe", args=[token]))

    assert response.status_code == 400
    assert "notification settings" in response.content.decode()
    assert client.post(reverse("notifications:unsubscribe", args=[token])).status_code == 400
    assert not NotificationOptOut.objects.exists()


def test_a_link_for_the_pause_is_refused(client):
    mentee = MenteeFactory()
    token = unsubscribe_token(user=mentee, kind="mentor_paused")

    assert client.post(reverse("notifications:unsubscribe", args=[token])).status_code == 400
    assert turned_off(mentee) == set()


def test_the_menu_links_to_the_settings(client):
    client.force_login(MenteeFactory())

    page = client.get(reverse("profiles:profile")).content.decode()

    assert f'href="{reverse("notifications:settings")}"' in page


# --- the admin -----------------------------------------------------------------------------


def test_program_staff_see_the_notifications_sent_read_only(client):
    staff = StaffFactory()
    staff.groups.add(Group.objects.get(name="Program staff"))
    client.force_login(staff)
    mentee = MenteeFactory(email="ada@example.org")
    Notification.objects.create(
        user=mentee, kind="meeting_tomorrow", occasion="meeting:1", template="x", status="sent"
    )
    Notification.objects.create(
        user=MenteeFactory(), kind="hours_below", occasion="mentorship:1:2026-11", template="x"
    )
    url = reverse("admin:notifications_notification_changelist")

    response = client.get(url, {"q": "ada@"})

    assert response.status_code == 200
    assert [n.occasion for n in response.context["cl"].result_list] == ["meeting:1"]
    assert client.get(url, {"kind__exact": "hours_below"}).context["cl"].result_count == 1
    assert client.get(reverse("admin:notifications_notification_add")).status_code == 403
    assert (
        client.get(reverse("admin:notifications_notificationoptout_changelist")).status_code == 200
    )


# --- her data ------------------------------------------------------------------------------


def test_her_export_holds_her_choices_and_the_reminders_sent_to_her():
    mentee = MenteeFactory()
    NotificationOptOut.objects.create(user=mentee, kind="hours_below")
    Notification.objects.create(
        user=mentee, kind="meeting_tomorrow", occasion="meeting:1", template="x", status="sent"
    )

    data = privacy.export_user_data(user=mentee)

    assert [(o["kind"], o["delivery"]) for o in data["email_notifications_turned_off"]] == [
        ("hours_below", "site")
    ]
    assert [(n["kind"], n["status"]) for n in data["reminders_sent_to_me"]] == [
        ("meeting_tomorrow", "sent")
    ]


def test_erasing_her_deletes_her_reminders_and_choices():
    mentee = MenteeFactory()
    NotificationOptOut.objects.create(user=mentee, kind="hours_below")
    Notification.objects.create(user=mentee, kind="meeting_tomorrow", occasion="m", template="x")

    privacy.erase_user(user=mentee, by=mentee)

    assert not Notification.objects.filter(user=mentee).exists()
    assert not NotificationOptOut.objects.filter(user=mentee).exists()
