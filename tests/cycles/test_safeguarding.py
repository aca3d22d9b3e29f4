"""Safeguarding of a pair with a mentee under 18 (issue 20, items 3 and 4): the safeguarding
lead may read such a pair's conversation and meetings (nobody else, never a pair of adults),
each reading recorded; both of the pair are told so; their meetings are online only; and
"I feel unsafe" reaches the leads at once, then says what happens next."""

from datetime import date, timedelta

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from cycles import permissions, services, services_safeguarding
from cycles.models import SafeguardingAlert, SafeguardingReading
from notifications.models import InboxItem
from profiles.age import years_ago
from tests.factories import (
    MeetingFactory,
    MenteeFactory,
    MentorFactory,
    MentorshipFactory,
    MessageFactory,
    ProfileFactory,
    ReporterFactory,
    StaffFactory,
)

pytestmark = pytest.mark.django_db

ROOM = "https://meet.jit.si/"
CHANNEL = "https://program.example.org/meet"
NOTICE = "Because Elin is under 18, the program's safeguarding lead, Karin Lind, may read this"


def _born(age: int) -> date:
    return years_ago(age, timezone.localdate()) - timedelta(days=30)


@pytest.fixture
def lead():
    user = StaffFactory()
    ProfileFactory(user=user, display_name="Karin Lind")
    user.groups.add(Group.objects.get(name=permissions.SAFEGUARDING_LEADS))
    return user


@pytest.fixture
def minor_pair():
    return MentorshipFactory(
        mentor__profile__display_name="Ada Berg",
        mentee__profile__display_name="Elin",
        mentee__profile__birth_date=_born(15),
    )


@pytest.fixture
def adult_pair():
    return MentorshipFactory(mentee__profile__birth_date=_born(19))


# --- the policy --------------------------------------------------------------------------------


def test_a_lead_may_oversee_a_pair_with_a_minor_only(lead, minor_pair, adult_pair):
    assert permissions.may_oversee(lead, minor_pair)
    assert not permissions.may_oversee(lead, adult_pair)
    no_birth_date = MentorshipFactory()
    assert not permissions.may_oversee(lead, no_birth_date)


def test_nobody_else_may_oversee(minor_pair):
    others = [
        StaffFactory(),  # program staff without the group
        ReporterFactory(),
        minor_pair.mentor,
        minor_pair.mentee,
        MentorshipFactory().mentor,
    ]
    for user in others:
        assert not permissions.may_oversee(user, minor_pair), user
    # In the group but no longer staff: not a lead.
    former = StaffFactory()
    former.groups.add(Group.objects.get(name=permissions.SAFEGUARDING_LEADS))
    former.is_staff = False
    former.save()
    assert not permissions.may_oversee(former, minor_pair)


def test_the_lead_reads_the_conversation_and_each_reading_is_recorded(client, lead, minor_pair):
    MessageFactory(mentorship=minor_pair, author=minor_pair.mentor, body="See you on Tuesday")
    MeetingFactory(mentorship=minor_pair, location="https://meet.jit.si/westem-x")
    client.force_login(lead)
    dashboard = client.get(reverse("dashboard")).content.decode()
    assert reverse("cycles:oversight_list") in dashboard
    listing = client.get(reverse("cycles:oversight_list"))
    assert "Elin" in listing.content.decode()
    page = client.get(reverse("cycles:oversight_detail", args=[minor_pair.public_id]))
    text = page.content.decode()
    assert "See you on Tuesday" in text
    assert "https://meet.jit.si/westem-x" in text
    reading = SafeguardingReading.objects.get()
    assert (reading.reader, reading.mentorship) == (lead, minor_pair)
    client.get(reverse("cycles:oversight_detail", args=[minor_pair.public_id]))
    assert SafeguardingReading.objects.count() == 2


def test_the_lead_cannot_read_a_pair_of_adults(client, lead, adult_pair):
    MessageFactory(mentorship=adult_pair, body="Private words")
    client.force_login(lead)
    assert (
        client.get(reverse("cycles:oversight_detail", args=[adult_pair.public_id])).status_code
        == 404
    )
    assert "Private words" not in client.get(reverse("cycles:oversight_list")).content.decode()
    assert not SafeguardingReading.objects.exists()


def test_nobody_else_reaches_the_pages(client, minor_pair):
    detail = reverse("cycles:oversight_detail", args=[minor_pair.public_id])
    client.force_login(StaffFactory())
    assert reverse("cycles:oversight_list") not in client.get(reverse("dashboard")).content.decode()
    for user in [StaffFactory(), ReporterFactory(), minor_pair.mentor, minor_pair.mentee]:
        client.force_login(user)
        # 404, or 403 where the site keeps her role out of participants' pages.
        assert client.get(detail).status_code in (403, 404)
        assert client.get(reverse("cycles:oversight_list")).status_code in (403, 404)
    assert not SafeguardingReading.objects.exists()
    with pytest.raises(PermissionDenied):
        services_safeguarding.record_reading(mentorship=minor_pair, reader=minor_pair.mentor)


def test_both_of_the_pair_are_told_on_the_page(client, lead, minor_pair, adult_pair):
    for user in (minor_pair.mentor, minor_pair.mentee):
        client.force_login(user)
        text = client.get(reverse("cycles:mentorship_detail", args=[minor_pair.public_id]))
        text = text.content.decode().replace("&#x27;", "'")
        assert NOTICE in text
        assert "I feel unsafe" in text
        assert "The rules when the mentee is under 18" in text
        # No private meeting handle: the pair meets in its room or the program's channel.
        assert minor_pair.other(user).profile.meeting_handle not in text
    client.force_login(adult_pair.mentee)
    text = client.get(reverse("cycles:mentorship_detail", args=[adult_pair.public_id]))
    assert "safeguarding lead" not in text.content.decode()
    assert "I feel unsafe" not in text.content.decode()


def test_the_notice_in_swedish(client, lead, minor_pair):
    minor_pair.mentee.profile.language = "sv"
    minor_pair.mentee.profile.save()
    client.force_login(minor_pair.mentee)
    page = client.get(
        reverse("cycles:mentorship_detail", args=[minor_pair.public_id]),
        headers={"accept-language": "sv"},
    )
    text = page.content.decode()
    assert "Eftersom Elin är under 18 år" in text
    assert "Jag känner mig otrygg" in text


# --- where a pair with a minor meets ----------------------------------------------------------


def _propose(mentorship, location):
    start = timezone.now() + timedelta(days=3)
    return services.schedule_meeting(
        mentorship=mentorship,
        by=mentorship.mentee,
        data={
            "times": [start],
            "time_zone": "Europe/Stockholm",
            "duration_minutes": 60,
            "location": location,
            "agenda": "",
        },
    )


def test_a_minor_pair_meets_in_its_room_or_the_channel_only(settings, minor_pair):
    settings.MEETING_ROOM_BASE_URL = ROOM
    settings.PROGRAM_MEETING_CHANNEL_URL = CHANNEL
    room = f"https://meet.jit.si/westem-{minor_pair.room_token}"
    with pytest.raises(ValidationError) as refused:
        _propose(minor_pair, "Café Lund, Storgatan 1")
    assert refused.value.message_dict == {
        "location": [
            "Because the mentee is under 18, meetings are held online in the program's "
            f"meeting room: use {room} or {CHANNEL} as the place, not another address."
        ]
    }
    assert _propose(minor_pair, room).location == room
    meeting = _propose(minor_pair, CHANNEL)
    assert meeting.location == CHANNEL


def test_without_a_room_or_channel_a_minor_pair_is_sent_to_staff(settings, minor_pair):
    settings.MEETING_ROOM_BASE_URL = ""
    settings.PROGRAM_MEETING_CHANNEL_URL = ""
    with pytest.raises(ValidationError) as refused:
        _propose(minor_pair, "https://zoom.example.org/private")
    assert "none is set up yet. Ask the program staff." in refused.value.message_dict["location"][0]


def test_an_adult_pair_meets_anywhere(settings, adult_pair):
    settings.PROGRAM_MEETING_CHANNEL_URL = CHANNEL
    assert _propose(adult_pair, "Café Lund").location == "Café Lund"


def test_an_agreed_meeting_cannot_move_to_a_private_place(settings, minor_pair):
    settings.PROGRAM_MEETING_CHANNEL_URL = CHANNEL
    meeting = MeetingFactory(
        mentorship=minor_pair, location=CHANNEL, starts_at=timezone.now() + timedelta(days=2)
    )
    with pytest.raises(ValidationError) as refused:
        services.update_meeting(
            meeting=meeting, by=minor_pair.mentor, data={"location": "My flat"}, note="Easier"
        )
    assert "location" in refused.value.message_dict


def test_the_form_offers_the_channel_and_reminds_of_the_rules(client, settings, minor_pair):
    settings.MEETING_ROOM_BASE_URL = ""
    settings.PROGRAM_MEETING_CHANNEL_URL = CHANNEL
    client.force_login(minor_pair.mentee)
    page = client.get(reverse("cycles:meeting_new", args=[minor_pair.public_id]))
    text = page.content.decode()
    assert f'value="{CHANNEL}"' in text
    assert "meetings with a mentee under 18 are online only" in text
    assert "The rules when the mentee is under 18" in text
    assert reverse("code_of_conduct") in text
    response = client.post(
        reverse("cycles:meeting_new", args=[minor_pair.public_id]),
        {
            "time_zone": "Europe/Stockholm",
            "date": (timezone.localdate() + timedelta(days=3)).isoformat(),
            "time": "18:00",
            "duration_minutes": 60,
            "location": "Storgatan 1, Lund",
        },
    )
    assert "meetings are held online in the program" in response.content.decode().replace(
        "&#x27;", "'"
    )


# --- "I feel unsafe" ----------------------------------------------------------------------------


def test_feeling_unsafe_reaches_the_leads_at_once(
    client, lead, minor_pair, mailoutbox, django_capture_on_commit_callbacks
):
    other_staff = StaffFactory()
    client.force_login(minor_pair.mentee)
    form = client.get(reverse("cycles:unsafe", args=[minor_pair.public_id]))
    assert "Karin Lind" in form.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("cycles:unsafe", args=[minor_pair.public_id]),
            {"text": "He asked for my phone number."},
        )
    assert response.url == reverse("cycles:unsafe_sent", args=[minor_pair.public_id])
    alert = SafeguardingAlert.objects.get()
    assert (alert.raised_by, alert.mentorship, alert.text) == (
        minor_pair.mentee,
        minor_pair,
        "He asked for my phone number.",
    )
    assert [email.to for email in mailoutbox] == [[lead.email]]
    assert "He asked for my phone number" not in mailoutbox[0].body  # only in the admin
    assert "feels unsafe" in mailoutbox[0].subject
    oversight = reverse("cycles:oversight_detail", args=[minor_pair.public_id])
    assert oversight in mailoutbox[0].body
    item = InboxItem.objects.get(user=lead)
    assert item.link == reverse("admin:cycles_safeguardingalert_change", args=[alert.pk])
    assert not InboxItem.objects.filter(user__in=[other_staff, minor_pair.mentor]).exists()
    page = client.get(response.url).content.decode()
    assert "What happens next" in page
    assert "112" in page
    assert "116 111" in page
    assert "You did nothing wrong" in page


def test_without_a_lead_the_staff_are_told(
    minor_pair, mailoutbox, django_capture_on_commit_callbacks
):
    staff = StaffFactory()
    with django_capture_on_commit_callbacks(execute=True):
        services_safeguarding.raise_alert(mentorship=minor_pair, by=minor_pair.mentor, text="")
    assert [email.to for email in mailoutbox] == [[staff.email]]


def test_only_the_pair_of_a_minor_has_the_button(client, minor_pair, adult_pair):
    client.force_login(adult_pair.mentee)
    assert client.get(reverse("cycles:unsafe", args=[adult_pair.public_id])).status_code == 404
    client.force_login(MenteeFactory())
    assert client.get(reverse("cycles:unsafe", args=[minor_pair.public_id])).status_code == 404
    with pytest.raises(PermissionDenied):
        services_safeguarding.raise_alert(mentorship=adult_pair, by=adult_pair.mentee)
    with pytest.raises(PermissionDenied):
        services_safeguarding.raise_alert(mentorship=minor_pair, by=MentorFactory())


def test_alerts_are_limited_gently(minor_pair):
    for number in range(services_safeguarding.ALERTS_PER_DAY):
        services_safeguarding.raise_alert(
            mentorship=minor_pair, by=minor_pair.mentee, text=f"Again {number}"
        )
    # The same form sent twice is one alert.
    services_safeguarding.raise_alert(mentorship=minor_pair, by=minor_pair.mentee, text="Again 4")
    assert SafeguardingAlert.objects.count() == services_safeguarding.ALERTS_PER_DAY
    with pytest.raises(ValidationError) as refused:
        services_safeguarding.raise_alert(mentorship=minor_pair, by=minor_pair.mentee, text="More")
    assert refused.value.message_dict == {
        "text": [
            "The safeguarding lead already has your messages from today and will contact "
            "you. If you are in danger now, call 112."
        ]
    }


def test_the_lead_records_handling_in_the_admin(client, lead, minor_pair):
    alert = services_safeguarding.raise_alert(
        mentorship=minor_pair, by=minor_pair.mentee, text="Scared"
    )
    client.force_login(lead)
    url = reverse("admin:cycles_safeguardingalert_change", args=[alert.pk])
    assert "Scared" in client.get(url).content.decode()
    client.post(url, {"handling_note": "Called Elin; mentorship paused."})
    alert.refresh_from_db()
    assert alert.handled_by == lead
    assert alert.handled_at is not None
    readings = reverse("admin:cycles_safeguardingreading_changelist")
    assert client.get(readings).status_code == 200


def test_a_booked_session_of_a_minor_is_held_in_the_room(settings, minor_pair):
    """The flash slot's place is the mentor's: a minor's booked session takes the pair's room
    (or the channel); with neither set up, the booking is refused."""
    settings.MEETING_ROOM_BASE_URL = ""
    settings.PROGRAM_MEETING_CHANNEL_URL = CHANNEL
    booking = {
        "starts_at": timezone.now() + timedelta(days=2),
        "time_zone": "Europe/Stockholm",
        "duration_minutes": 30,
        "location": "My office, Storgatan 1",
    }
    meeting = services.book_agreed_meeting(mentorship=minor_pair, by=minor_pair.mentee, **booking)
    assert meeting.location == CHANNEL
    settings.PROGRAM_MEETING_CHANNEL_URL = ""
    with pytest.raises(ValidationError) as refused:
        services.book_agreed_meeting(
            mentorship=minor_pair,
            by=minor_pair.mentee,
            **{**booking, "starts_at": booking["starts_at"] + timedelta(days=1)},
        )
    assert "none is set up yet" in refused.value.message_dict["location"][0]
