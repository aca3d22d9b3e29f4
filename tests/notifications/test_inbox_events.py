"""One event, two channels (issue 17): what one person does puts exactly one item in the
other's inbox, saying it by role, opening the exact page, and nothing in her own; reminders
show for everyone whatever she chose for their email."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from cycles import services as cycles
from cycles.reminders import remind_meetings_tomorrow
from evaluations.reminders import remind_final_evaluations
from matching import services as matching
from matching.reminders import remind_pending_requests
from notifications.inbox import target_of
from notifications.models import InboxItem, NotificationOptOut
from profiles import privacy
from profiles import services as profile_services
from resources.admin_events import EventAdmin
from resources.models import Event
from tests.cycles.test_services import GOALS, agreement_data
from tests.factories import (
    ConnectionRequestFactory,
    MeetingFactory,
    MenteeFactory,
    MentorFactory,
    MentorshipFactory,
    RegistrationFactory,
    ReportFactory,
    StaffFactory,
    version_of,
)

pytestmark = pytest.mark.django_db


def only_item(user) -> InboxItem:
    (item,) = InboxItem.objects.filter(user=user)
    return item


def opens(client, user, item) -> str:
    client.force_login(user)
    response = client.get(reverse("notifications:open", args=[item.pk]))
    assert response.status_code == 302
    return response["Location"]


def nothing_for(*users) -> bool:
    return not InboxItem.objects.filter(user__in=users).exists()


def mentorship_page(mentorship, name="cycles:mentorship_detail") -> str:
    return reverse(name, args=[mentorship.public_id])


# --- matching --------------------------------------------------------------------------------


def test_a_request_received_and_accepted_reach_the_other_side(client):
    mentor, mentee = MentorFactory(), MenteeFactory()
    request = matching.send_request(mentee=mentee, mentor=mentor, style="traditional", message="Hi")

    item = only_item(mentor)
    assert item.text == "A mentee sent you a connection request."
    assert opens(client, mentor, item) == reverse(
        "matching:request_detail", args=[request.public_id]
    )
    assert nothing_for(mentee)

    mentorship = matching.accept_request(request=request, by=mentor)

    item = only_item(mentee)
    assert item.text == "A mentor accepted your request: your mentorship has started."
    assert opens(client, mentee, item) == mentorship_page(mentorship)
    assert InboxItem.objects.filter(user=mentor).count() == 1


def test_a_declined_request_opens_the_request(client):
    request = ConnectionRequestFactory()
    matching.decline_request(request=request, by=request.mentor, reason="No time")

    item = only_item(request.mentee)
    assert item.text == "A mentor declined your request."
    assert opens(client, request.mentee, item) == reverse(
        "matching:request_detail", args=[request.public_id]
    )
    assert nothing_for(request.mentor)


def test_an_expired_request_tells_both_and_the_reminder_tells_the_mentor(client, settings):
    request = ConnectionRequestFactory()
    page = reverse("matching:request_detail", args=[request.public_id])
    type(request).objects.filter(pk=request.pk).update(
        created_at=timezone.now() - timedelta(days=4)
    )
    NotificationOptOut.objects.create(user=request.mentor, kind="request_pending", delivery="site")
    remind_pending_requests()
    item = only_item(request.mentor)
    assert item.text == "Reminder: a mentee's request to you was still unanswered after 3 days."
    assert opens(client, request.mentor, item) == page

    type(request).objects.filter(pk=request.pk).update(
        created_at=timezone.now() - timedelta(days=settings.MATCHING_REQUEST_EXPIRY_DAYS + 1)
    )
    assert matching.expire_stale_requests() == 1

    assert only_item(request.mentee).text == "Your request to a mentor expired without an answer."
    lapsed = InboxItem.objects.get(user=request.mentor, kind="request_lapsed")
    assert lapsed.text == "A mentee's request to you expired without an answer."
    assert opens(client, request.mentor, lapsed) == page


# --- the cycle -------------------------------------------------------------------------------


def test_meetings_proposed_changed_and_cancelled_tell_the_other(client):
    mentorship = MentorshipFactory()
    mentor, mentee = mentorship.mentor, mentorship.mentee
    starts = (timezone.now() + timedelta(days=3)).replace(second=0, microsecond=0)
    meeting = cycles.schedule_meeting(
        mentorship=mentorship,
        by=mentee,
        data={
            "starts_at": starts,
            "time_zone": "Europe/Stockholm",
            "duration_minutes": 60,
            "location": "Library café",
            "agenda": "",
        },
    )
    item = only_item(mentor)
    assert item.text == "Your mentee proposed times for a meeting: choose one."
    assert opens(client, mentor, item) == reverse("cycles:meeting_detail", args=[meeting.public_id])

    cycles.accept_proposal(meeting=meeting, by=mentor, position=1)
    item = only_item(mentee)
    assert item.text == "Your mentor accepted a time you proposed: the meeting is agreed."
    assert opens(client, mentee, item) == reverse("cycles:meeting_detail", args=[meeting.public_id])

    cycles.update_meeting(meeting=meeting, by=mentee, data={"notes": "Bring the CV."})
    assert InboxItem.objects.filter(user=mentor).count() == 1  # shared notes are no news

    cycles.update_meeting(
        meeting=meeting, by=mentor, data={"location": "Room 4"}, note="The café is closed."
    )
    item = InboxItem.objects.get(user=mentee, kind="meeting_changed")
    assert item.text == "Your mentor changed the time, place or agenda of a meeting."
    assert opens(client, mentee, item) == reverse("cycles:meeting_detail", args=[meeting.public_id])

    cycles.cancel_meeting(meeting=meeting, by=mentor, note="I am ill.")
    item = InboxItem.objects.get(user=mentee, kind="meeting_cancelled")
    assert item.text == "Your mentor cancelled a meeting."
    assert opens(client, mentee, item) == reverse("cycles:meeting_detail", args=[meeting.public_id])
    assert InboxItem.objects.filter(user=mentor).count() == 1


def test_the_agreement_written_changed_and_accepted_each_tell_the_other(client):
    mentorship = MentorshipFactory()
    mentor, mentee = mentorship.mentor, mentorship.mentee
    agreement_page = mentorship_page(mentorship, "cycles:agreement_detail")

    def save(by, **changes):
        cycles.save_agreement(
            mentorship=mentorship, by=by, data=agreement_data(mentorship, **changes), goals=GOALS
        )

    save(mentor)
    item = only_item(mentee)
    assert item.text == "Your mentor wrote the agreement: read and accept it."
    assert opens(client, mentee, item) == agreement_page
    assert nothing_for(mentor)

    cycles.accept_agreement(mentorship=mentorship, by=mentee, version=version_of(mentorship))
    item = only_item(mentor)
    assert item.text == "Your mentee accepted the agreement."
    assert opens(client, mentor, item) == agreement_page

    save(mentor, availability="Mornings.")
    changed = InboxItem.objects.filter(user=mentee, kind="agreement_written").latest("pk")
    assert changed.text == "Your mentor changed the agreement: read it and accept it again."
    with translation.override("sv"):
        assert changed.text == "Din mentor har ändrat avtalet: läs det och acceptera det igen."
    assert InboxItem.objects.filter(user=mentor).count() == 1


def test_the_next_phase_and_the_closure_tell_the_other_then_the_end_tells_both(client):
    mentorship = MentorshipFactory(phase=1)
    mentor, mentee = mentorship.mentor, mentorship.mentee

    cycles.advance_phase(mentorship=mentorship, by=mentee)
    item = only_item(mentor)
    assert item.text == "Your mentee moved your mentorship to phase 2, Negotiation."
    with translation.override("sv"):
        assert item.text == "Din adept har flyttat ert mentorskap till fas 2, Förhandling."
    assert opens(client, mentor, item) == mentorship_page(mentorship)
    assert nothing_for(mentee)

    type(mentorship).objects.filter(pk=mentorship.pk).update(phase=4)
    cycles.confirm_closure(mentorship=mentorship, by=mentor)
    item = only_item(mentee)
    assert item.text == (
        "Your mentor confirmed the closure: your cycle is complete once you confirm it too."
    )
    assert opens(client, mentee, item) == mentorship_page(mentorship)

    cycles.confirm_closure(mentorship=mentorship, by=mentee)
    for person in (mentor, mentee):
        done = InboxItem.objects.get(user=person, kind="mentorship_completed")
        assert done.text == (
            "You have both confirmed the closure: your mentoring cycle is complete."
        )
        assert opens(client, person, done) == mentorship_page(mentorship)
    assert not InboxItem.objects.filter(user=mentor, kind="closure_confirmed").exists()


def test_an_early_end_tells_the_other_and_the_staff():
    mentorship = MentorshipFactory()
    staff = StaffFactory()

    cycles.end_mentorship(mentorship=mentorship, by=mentorship.mentee, reason="Moving abroad")

    assert only_item(mentorship.mentor).text == "Your mentee ended your mentorship."
    item = only_item(staff)
    assert item.text == "A mentee ended a mentorship early."
    assert item.link == reverse("admin:cycles_mentorship_change", args=[mentorship.pk])
    assert nothing_for(mentorship.mentee)


def test_an_erased_partner_is_an_account_closed_not_an_ending_by_choice():
    mentorship = MentorshipFactory()

    privacy.erase_user(user=mentorship.mentor, by=mentorship.mentor)

    assert only_item(mentorship.mentee).text == (
        "Your mentor's account was closed, so your mentorship has ended."
    )


def test_a_reminder_shows_to_both_even_when_she_chose_the_site_only(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    meeting = MeetingFactory(starts_at=timezone.now() + timedelta(hours=5))
    mentorship = meeting.mentorship
    NotificationOptOut.objects.create(
        user=mentorship.mentee, kind="meeting_tomorrow", delivery="site"
    )

    with django_capture_on_commit_callbacks(execute=True):
        remind_meetings_tomorrow()

    for person in (mentorship.mentor, mentorship.mentee):
        item = only_item(person)
        assert item.text == "Reminder: you have a mentoring meeting within a day of this notice."
        assert opens(client, person, item) == reverse(
            "cycles:meeting_detail", args=[meeting.public_id]
        )
    assert [message.to for message in mailoutbox] == [[mentorship.mentor.email]]


# --- evaluations -----------------------------------------------------------------------------


def test_the_final_evaluation_reminder_opens_the_form_and_is_not_for_staff(client):
    mentorship = MentorshipFactory(
        status="completed", ended_at=timezone.now() - timedelta(days=2), phase=4
    )
    staff = StaffFactory()

    remind_final_evaluations()

    item = only_item(mentorship.mentee)
    assert item.text == "Reminder: fill in the final evaluation of your mentorship."
    assert opens(client, mentorship.mentee, item) == mentorship_page(
        mentorship, "evaluations:final_evaluation"
    )
    assert nothing_for(staff)


# --- profiles and resources ------------------------------------------------------------------


def test_a_report_opens_its_admin_page():
    staff = StaffFactory()
    report = ReportFactory()

    profile_services.queue_report_digest()

    item = only_item(staff)
    assert item.text == "A report was waiting for your review."
    assert target_of(item) == reverse("admin:profiles_report_change", args=[report.pk])


def test_staff_moving_or_withdrawing_an_event_tell_those_signed_up(client, rf):
    registration = RegistrationFactory()
    event, person = registration.event, registration.user
    InboxItem.objects.all().delete()
    admin = EventAdmin(Event, None)

    def staff_saves(**changes):
        for name, value in changes.items():
            setattr(event, name, value)
        admin.save_model(rf.post("/"), event, form=None, change=True)

    staff_saves(title="A new title")  # nothing she plans by
    assert nothing_for(person)

    staff_saves(starts_at=event.starts_at + timedelta(hours=2))
    item = only_item(person)
    assert item.text == (
        "The program staff changed the time or link of an event you signed up for."
    )
    assert opens(client, person, item) == reverse("resources:event_detail", args=[event.public_id])

    staff_saves(is_published=False)
    item = InboxItem.objects.get(user=person, kind="event_cancelled")
    assert item.text == "The program staff cancelled an event you signed up for."
    assert opens(client, person, item) == reverse("resources:event_list")


def test_the_new_events_email_the_other_in_her_language(
    mailoutbox, django_capture_on_commit_callbacks
):
    mentorship = MentorshipFactory(mentee=MenteeFactory(profile__language="sv"))
    mentor, mentee = mentorship.mentor, mentorship.mentee
    meeting = MeetingFactory(mentorship=mentorship)
    with django_capture_on_commit_callbacks(execute=True):
        cycles.save_agreement(
            mentorship=mentorship, by=mentor, data=agreement_data(mentorship), goals=GOALS
        )
        cycles.accept_agreement(mentorship=mentorship, by=mentee, version=version_of(mentorship))
        cycles.update_meeting(
            meeting=meeting, by=mentee, data={"location": "Room 4"}, note="A room."
        )
        cycles.advance_phase(mentorship=mentorship, by=mentor)

    subjects = {tuple(email.to): [] for email in mailoutbox}
    for email in mailoutbox:
        subjects[tuple(email.to)].append(email.subject)
    # She accepted the agreement before its email went out: it no longer asks her anything.
    assert subjects[(mentee.email,)] == ["[WESTEM] Ert mentorskap är i fas 2, Förhandling"]
    assert subjects[(mentor.email,)] == [
        f"[WESTEM] {mentee.get_full_name()} has accepted your mentoring agreement",
        f"[WESTEM] {mentee.get_full_name()} has changed your meeting",
    ]
