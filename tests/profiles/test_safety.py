"""Trust and safety: reporting someone to the staff, blocking and unblocking, and what a block
changes elsewhere (the directory, the mentor's page, requests), through the services, the
pages and the admin."""

import html

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from matching import services as matching_services
from matching.models import ConnectionRequest
from profiles import selectors, services
from profiles.models import Block, Report
from tests.factories import (
    BlockFactory,
    ConnectionRequestFactory,
    MenteeFactory,
    MentorFactory,
    MentorshipFactory,
    ReportFactory,
    StaffFactory,
    UserFactory,
)
from tests.matching.test_queries import DIRECTORY, MATCH_BASIS, MIDDLEWARE

pytestmark = pytest.mark.django_db

BLOCK_TEXT = (
    "She will no longer see you and cannot send you requests; you will no longer see her in "
    "the directory. Blocking does not end a mentorship — you can end it from the mentorship page."
)
SECRET_DETAILS = "She sent me photos at 2 a.m. and wrote to my university address."


def text(response) -> str:
    return html.unescape(response.content.decode())


def mentor_url(mentor) -> str:
    return reverse("matching:mentor_detail", args=[mentor.presentation.public_id])


def safety_url(kind: str, public_id, action: str = "") -> str:
    name = "safety:safety_block" if action == "block" else "safety:safety_person"
    return reverse(name, args=[kind, public_id])


def in_directory(client, mentor) -> bool:
    return mentor_url(mentor) in client.get(reverse("matching:directory")).content.decode()


# --- services: block -----------------------------------------------------------------------


def test_block_user_blocks_one_way_and_hides_both_ways():
    mentee, mentor = MenteeFactory(), MentorFactory()

    block = services.block_user(blocker=mentee, blocked=mentor)

    assert (block.blocker, block.blocked) == (mentee, mentor)
    assert selectors.blocked_user_ids(mentee) == {mentor.pk}
    assert selectors.blocked_user_ids(mentor) == {mentee.pk}
    assert selectors.is_blocked_between(mentor, mentee)
    assert selectors.is_blocked_between(mentee, mentor)
    assert selectors.blocked_user_ids(MenteeFactory()) == set()


def test_blocking_twice_keeps_one_block():
    mentee, mentor = MenteeFactory(), MentorFactory()

    first = services.block_user(blocker=mentee, blocked=mentor)
    second = services.block_user(blocker=mentee, blocked=mentor)

    assert first.pk == second.pk
    assert Block.objects.count() == 1


def test_blocking_back_is_a_second_block():
    mentee, mentor = MenteeFactory(), MentorFactory()

    services.block_user(blocker=mentee, blocked=mentor)
    services.block_user(blocker=mentor, blocked=mentee)

    assert Block.objects.count() == 2
    assert selectors.blocked_user_ids(mentee) == {mentor.pk}


def test_nobody_blocks_herself():
    mentee = MenteeFactory()

    with pytest.raises(ValidationError) as error:
        services.block_user(blocker=mentee, blocked=mentee)

    assert error.value.messages == ["You cannot block yourself."]
    assert not Block.objects.exists()


def test_unblock_user_lifts_only_her_own_block():
    mentee, mentor = MenteeFactory(), MentorFactory()
    BlockFactory(blocker=mentee, blocked=mentor)
    BlockFactory(blocker=mentor, blocked=mentee)

    assert services.unblock_user(blocker=mentee, blocked=mentor) is True
    assert services.unblock_user(blocker=mentee, blocked=mentor) is False  # nothing left

    # The mentor's block of her still stands: they stay hidden from each other.
    assert selectors.blocked_user_ids(mentee) == {mentor.pk}


# --- services: report ----------------------------------------------------------------------


def test_report_user_records_the_report_and_the_digest_tells_every_active_staff_member(
    mailoutbox, django_capture_on_commit_callbacks
):
    mentee, mentor = MenteeFactory(), MentorFactory()
    staff = [StaffFactory(), StaffFactory()]
    StaffFactory(is_active=False)
    UserFactory()  # not staff

    with django_capture_on_commit_callbacks(execute=True):
        report = services.report_user(
            reporter=mentee,
            reported=mentor,
            reason=Report.Reason.HARASSMENT,
            details=f"  {SECRET_DETAILS}  ",
        )

    report.refresh_from_db()
    assert (report.reporter, report.reported, report.reason) == (mentee, mentor, "harassment")
    assert report.details == SECRET_DETAILS
    assert report.status == Report.Status.OPEN
    assert report.mentorship is None
    assert mailoutbox == []  # the hourly digest tells the staff
    with django_capture_on_commit_callbacks(execute=True):
        services.queue_report_digest()
    assert sorted(email.to[0] for email in mailoutbox) == sorted(s.email for s in staff)
    email = mailoutbox[0]
    assert email.subject.endswith("Reports wait for the program staff")
    assert reverse("admin:profiles_report_changelist") in email.body
    assert "1 report waits for review." in email.body


def test_the_staff_email_leaves_out_the_details_and_the_names(
    mailoutbox, django_capture_on_commit_callbacks
):
    mentee, mentor = MenteeFactory(), MentorFactory()
    StaffFactory()

    with django_capture_on_commit_callbacks(execute=True):
        services.report_user(
            reporter=mentee, reported=mentor, reason="other", details=SECRET_DETAILS
        )
        services.queue_report_digest()

    (email,) = mailoutbox
    html_part = email.alternatives[0][0]
    for part in (email.subject, email.body, html_part):
        assert "2 a.m." not in part
        assert "university address" not in part
        assert mentee.email not in part
        assert mentor.email not in part


def test_a_staff_member_who_is_reported_is_not_emailed_about_it(
    mailoutbox, django_capture_on_commit_callbacks
):
    reported_staff, other_staff = StaffFactory(), StaffFactory()

    with django_capture_on_commit_callbacks(execute=True):
        services.report_user(
            reporter=MenteeFactory(), reported=reported_staff, reason="spam", details=""
        )
        services.queue_report_digest()

    assert [email.to for email in mailoutbox] == [[other_staff.email]]


def test_a_report_within_a_mentorship_is_linked_to_it():
    mentorship = MentorshipFactory()

    report = services.report_user(
        reporter=mentorship.mentor,
        reported=mentorship.mentee,
        reason="inappropriate",
        details="",
        mentorship=mentorship,
    )

    assert report.mentorship == mentorship


def test_nobody_reports_herself():
    mentee = MenteeFactory()

    with pytest.raises(ValidationError) as error:
        services.report_user(reporter=mentee, reported=mentee, reason="spam", details="")

    assert error.value.messages == ["You cannot report yourself."]


def test_something_else_needs_details():
    with pytest.raises(ValidationError) as error:
        services.report_user(
            reporter=MenteeFactory(), reported=MentorFactory(), reason="other", details="   "
        )

    assert error.value.message_dict == {
        "details": ["Tell the program staff what happened, in a few words."]
    }
    assert not Report.objects.exists()


def test_an_unknown_reason_is_refused():
    with pytest.raises(ValidationError) as error:
        services.report_user(
            reporter=MenteeFactory(), reported=MentorFactory(), reason="rude", details="x"
        )

    assert error.value.message_dict == {"reason": ["Choose what the report is about."]}


def test_details_are_at_most_3000_characters():
    with pytest.raises(ValidationError) as error:
        services.report_user(
            reporter=MenteeFactory(), reported=MentorFactory(), reason="other", details="x" * 3001
        )

    assert error.value.message_dict == {
        "details": ["Ensure this value has at most 3000 characters (it has 3001)."]
    }


def test_a_report_names_only_a_mentorship_of_the_two():
    mentee, mentor = MenteeFactory(), MentorFactory()

    with pytest.raises(ValidationError) as error:
        services.report_user(
            reporter=mentee,
            reported=mentor,
            reason="safety",
            details="",
            mentorship=MentorshipFactory(mentee=mentee),  # with another mentor
        )

    assert error.value.messages == ["This mentorship is not between you and the person reported."]


# --- services: review ----------------------------------------------------------------------


def test_program_staff_review_a_report():
    staff = StaffFactory()
    report = ReportFactory()

    report = services.review_report(
        report=report, by=staff, status=Report.Status.REVIEWED, note="Called her; warned him."
    )

    report.refresh_from_db()
    assert report.status == Report.Status.REVIEWED
    assert report.reviewed_by == staff
    assert report.reviewed_at is not None
    assert report.staff_note == "Called her; warned him."


def test_a_review_without_a_note_keeps_the_note():
    staff = StaffFactory()
    report = ReportFactory(status=Report.Status.REVIEWED, staff_note="Spoke to both.")

    services.review_report(report=report, by=staff, status=Report.Status.CLOSED)

    report.refresh_from_db()
    assert (report.status, report.staff_note) == ("closed", "Spoke to both.")


def test_a_closed_report_is_reopened_before_it_is_reviewed_again():
    report = ReportFactory(status=Report.Status.CLOSED)

    with pytest.raises(ValidationError) as error:
        services.review_report(report=report, by=StaffFactory(), status=Report.Status.REVIEWED)

    assert error.value.messages == ["This report is closed; it cannot be marked reviewed."]


@pytest.mark.parametrize(
    "make_user",
    [MenteeFactory, lambda: UserFactory(is_staff=True)],
    ids=["participant", "staff-without-the-group"],
)
def test_only_program_staff_review_reports(make_user):
    report = ReportFactory()

    with pytest.raises(PermissionDenied):
        services.review_report(report=report, by=make_user(), status=Report.Status.REVIEWED)

    report.refresh_from_db()
    assert report.status == Report.Status.OPEN


# --- what a block changes elsewhere --------------------------------------------------------


@pytest.mark.parametrize("who_blocks", ["mentee", "mentor"])
def test_a_blocked_pair_do_not_see_each_other(client, who_blocks):
    mentee, mentor, other_mentor = MenteeFactory(), MentorFactory(), MentorFactory()
    client.force_login(mentee)
    assert in_directory(client, mentor)

    if who_blocks == "mentee":
        services.block_user(blocker=mentee, blocked=mentor)
    else:
        services.block_user(blocker=mentor, blocked=mentee)

    assert not in_directory(client, mentor)
    assert in_directory(client, other_mentor)
    assert client.get(mentor_url(mentor)).status_code == 404
    assert client.get(mentor_url(other_mentor)).status_code == 200
    # Another mentee still finds her.
    client.force_login(MenteeFactory())
    assert in_directory(client, mentor)


def test_blocked_mentors_are_left_out_of_the_directory_without_a_query_more(
    client, django_assert_num_queries
):
    mentee = MenteeFactory()
    mentors = [MentorFactory() for _ in range(3)]
    BlockFactory(blocker=mentee, blocked=mentors[0])
    BlockFactory(blocker=mentors[1], blocked=mentee)
    client.force_login(mentee)
    client.get(reverse("matching:directory"))  # fills the cache of fields and languages

    with django_assert_num_queries(MIDDLEWARE + MATCH_BASIS + DIRECTORY):
        response = client.get(reverse("matching:directory"))

    page = response.content.decode()
    assert [mentor_url(m) in page for m in mentors] == [False, False, True]
    assert page.count("mentor-card") == 1


def test_mentors_who_blocked_each_other_do_not_see_each_other_either(client):
    first, second = MentorFactory(), MentorFactory()
    BlockFactory(blocker=first, blocked=second)
    client.force_login(second)

    assert not in_directory(client, first)
    assert in_directory(client, second)  # her own card


def test_unblocking_brings_her_back(client):
    mentee, mentor = MenteeFactory(), MentorFactory()
    BlockFactory(blocker=mentee, blocked=mentor)
    client.force_login(mentee)

    services.unblock_user(blocker=mentee, blocked=mentor)

    assert in_directory(client, mentor)
    assert client.get(mentor_url(mentor)).status_code == 200


@pytest.mark.parametrize("who_blocks", ["mentee", "mentor"])
def test_no_request_passes_between_a_blocked_pair(who_blocks):
    mentee, mentor = MenteeFactory(), MentorFactory()
    if who_blocks == "mentee":
        BlockFactory(blocker=mentee, blocked=mentor)
    else:
        BlockFactory(blocker=mentor, blocked=mentee)

    with pytest.raises(ValidationError) as error:
        matching_services.send_request(
            mentee=mentee, mentor=mentor, style="flash", message="Could we talk about my thesis?"
        )

    assert error.value.messages == ["You cannot send a request to this person."]
    assert not ConnectionRequest.objects.exists()


def test_the_request_form_of_a_blocked_pair_is_not_found(client):
    mentee, mentor = MenteeFactory(), MentorFactory()
    BlockFactory(blocker=mentor, blocked=mentee)
    client.force_login(mentee)

    response = client.post(
        reverse("matching:send_request", args=[mentor.presentation.public_id]),
        {"style": "flash", "message": "Could we talk about my thesis?"},
    )

    assert response.status_code == 404
    assert not ConnectionRequest.objects.exists()


def test_a_block_does_not_end_a_mentorship(client):
    mentorship = MentorshipFactory()
    BlockFactory(blocker=mentorship.mentee, blocked=mentorship.mentor)
    client.force_login(mentorship.mentor)

    response = client.get(reverse("cycles:mentorship_detail", args=[mentorship.public_id]))

    assert response.status_code == 200
    mentorship.refresh_from_db()
    assert mentorship.is_active


# --- the pages -----------------------------------------------------------------------------


def test_the_mentor_page_and_the_mentorship_page_link_to_the_safety_page(client):
    mentorship = MentorshipFactory()
    client.force_login(mentorship.mentee)

    mentor_page = client.get(mentor_url(mentorship.mentor)).content.decode()
    workspace = client.get(reverse("cycles:mentorship_detail", args=[mentorship.public_id]))

    assert safety_url("mentor", mentorship.mentor.presentation.public_id) in mentor_page
    assert safety_url("mentorship", mentorship.public_id) in workspace.content.decode()


def test_a_mentor_sees_no_report_link_on_her_own_page(client):
    mentor = MentorFactory()
    client.force_login(mentor)

    page = client.get(mentor_url(mentor)).content.decode()

    assert "/safety/" not in page
    assert client.get(safety_url("mentor", mentor.presentation.public_id)).status_code == 404


def test_the_safety_page_of_a_mentor(client):
    mentee, mentor = MenteeFactory(), MentorFactory()
    client.force_login(mentee)

    response = client.get(safety_url("mentor", mentor.presentation.public_id))

    assert response.status_code == 200
    page = text(response)
    assert f"Report or block {mentor.profile.display_name}" in page
    assert BLOCK_TEXT in page
    assert page.count('name="reason"') == len(Report.Reason.choices)
    assert reverse("safety:safety_block", args=["mentor", mentor.presentation.public_id]) in page


def test_reporting_a_mentor_from_her_page(client, mailoutbox, django_capture_on_commit_callbacks):
    mentee, mentor = MenteeFactory(), MentorFactory()
    StaffFactory()
    client.force_login(mentee)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            safety_url("mentor", mentor.presentation.public_id),
            {"reason": "spam", "details": "She sells courses in every message."},
        )

    assert response.status_code == 302
    assert response["Location"] == mentor_url(mentor)
    report = Report.objects.get()
    assert (report.reporter, report.reported, report.reason) == (mentee, mentor, "spam")
    assert report.mentorship is None
    assert mailoutbox == []  # staff learn of it from the hourly digest
    assert "Thank you for telling us." in text(client.get(response["Location"]))


def test_reporting_the_other_participant_from_the_mentorship_page(client):
    mentorship = MentorshipFactory()
    client.force_login(mentorship.mentor)

    page = client.get(safety_url("mentorship", mentorship.public_id))
    response = client.post(
        safety_url("mentorship", mentorship.public_id),
        {"reason": "inappropriate", "details": ""},
    )

    assert f"Report or block {mentorship.mentee.profile.display_name}" in text(page)
    assert response["Location"] == reverse("cycles:mentorship_detail", args=[mentorship.public_id])
    report = Report.objects.get()
    assert (report.reporter, report.reported) == (mentorship.mentor, mentorship.mentee)
    assert report.mentorship == mentorship


def test_the_report_form_shows_the_service_message(client):
    mentee, mentor = MenteeFactory(), MentorFactory()
    client.force_login(mentee)

    response = client.post(
        safety_url("mentor", mentor.presentation.public_id), {"reason": "other", "details": ""}
    )

    assert response.status_code == 200
    assert "Tell the program staff what happened, in a few words." in text(response)
    assert not Report.objects.exists()


@pytest.mark.parametrize("method", ["get", "post"])
def test_a_third_person_cannot_open_another_pairs_safety_page(client, method):
    mentorship = MentorshipFactory()
    outsider = MenteeFactory()
    client.force_login(outsider)
    data = {"reason": "spam", "details": "x"} if method == "post" else None

    page = getattr(client, method)(safety_url("mentorship", mentorship.public_id), data)
    block = client.post(safety_url("mentorship", mentorship.public_id, "block"))

    assert page.status_code == 404
    assert block.status_code == 404
    assert not Report.objects.exists()
    assert not Block.objects.exists()


def test_unknown_kinds_and_addresses_are_not_found(client):
    mentor = MentorFactory()
    client.force_login(MenteeFactory())
    public_id = mentor.presentation.public_id

    assert client.get(safety_url("mentee", public_id)).status_code == 404
    assert client.get(safety_url("mentorship", public_id)).status_code == 404
    assert client.get(safety_url("mentor", "00000000-0000-4000-8000-000000000000")).status_code == (
        404
    )


def test_someone_who_blocked_her_cannot_be_reached_through_the_safety_page(client):
    mentee, mentor = MenteeFactory(), MentorFactory()
    BlockFactory(blocker=mentor, blocked=mentee)
    client.force_login(mentee)

    assert client.get(safety_url("mentor", mentor.presentation.public_id)).status_code == 404


def test_she_can_still_report_someone_she_blocked(client):
    mentee, mentor = MenteeFactory(), MentorFactory()
    BlockFactory(blocker=mentee, blocked=mentor)
    client.force_login(mentee)

    page = client.get(safety_url("mentor", mentor.presentation.public_id))
    response = client.post(
        safety_url("mentor", mentor.presentation.public_id), {"reason": "harassment"}
    )

    assert "You have blocked her." in text(page)
    assert BLOCK_TEXT not in text(page)
    assert response["Location"] == reverse("safety:safety_blocked")  # her page is hidden now
    assert Report.objects.filter(reporter=mentee, reported=mentor).exists()


def test_blocking_from_the_safety_page(client):
    mentee, mentor = MenteeFactory(), MentorFactory()
    client.force_login(mentee)

    response = client.post(safety_url("mentor", mentor.presentation.public_id, "block"))

    assert response["Location"] == reverse("safety:safety_blocked")
    assert Block.objects.filter(blocker=mentee, blocked=mentor).exists()
    listing = text(client.get(response["Location"]))
    assert f"You have blocked {mentor.profile.display_name}." in listing
    assert mentor.profile.display_name in listing


def test_blocking_is_post_only(client):
    mentor = MentorFactory()
    client.force_login(MenteeFactory())

    response = client.get(safety_url("mentor", mentor.presentation.public_id, "block"))

    assert response.status_code == 405
    assert not Block.objects.exists()


def test_blocking_the_other_participant_keeps_the_mentorship_page(client):
    mentorship = MentorshipFactory()
    client.force_login(mentorship.mentee)

    client.post(safety_url("mentorship", mentorship.public_id, "block"))

    assert Block.objects.filter(blocker=mentorship.mentee, blocked=mentorship.mentor).exists()
    workspace = client.get(reverse("cycles:mentorship_detail", args=[mentorship.public_id]))
    assert workspace.status_code == 200


def test_the_blocked_list_shows_only_whom_she_blocked(client):
    mentee = MenteeFactory()
    mine = BlockFactory(blocker=mentee)
    theirs = BlockFactory(blocked=mentee)  # someone blocked her: she is not told
    client.force_login(mentee)

    page = text(client.get(reverse("safety:safety_blocked")))

    assert page.count('class="blocked-name"') == 1
    assert mine.blocked.profile.display_name in page
    assert f'value="{mine.pk}"' in page
    assert f'value="{theirs.pk}"' not in page


def test_the_blocked_list_when_she_blocked_nobody(client):
    client.force_login(MenteeFactory())

    assert "You have not blocked anyone." in text(client.get(reverse("safety:safety_blocked")))


def test_unblocking_from_the_list(client):
    mentee, mentor = MenteeFactory(), MentorFactory()
    block = BlockFactory(blocker=mentee, blocked=mentor)
    client.force_login(mentee)

    response = client.post(reverse("safety:safety_unblock"), {"block": block.pk}, follow=True)

    assert f"You have unblocked {mentor.profile.display_name}." in text(response)
    assert not Block.objects.exists()
    assert in_directory(client, mentor)


@pytest.mark.parametrize("value", ["other", "", "abc"])
def test_nobody_lifts_another_persons_block(client, value):
    block = BlockFactory()
    client.force_login(block.blocked)  # the one blocked, or anyone else
    pk = block.pk if value == "other" else value

    response = client.post(reverse("safety:safety_unblock"), {"block": pk})

    assert response.status_code == 404
    assert Block.objects.filter(pk=block.pk).exists()


# --- the admin -----------------------------------------------------------------------------


def report_admin(view: str = "changelist", *args) -> str:
    return reverse(f"admin:profiles_report_{view}", args=args)


def test_program_staff_have_the_safety_permissions():
    permissions = set(
        Group.objects.get(name="Program staff").permissions.values_list("codename", flat=True)
    )

    assert {"view_report", "change_report", "view_block"} <= permissions
    assert not {"add_report", "delete_report", "add_block", "change_block"} & permissions


def test_program_staff_list_and_search_reports(client):
    first = ReportFactory(reporter=MenteeFactory(email="ada@example.org"))
    second = ReportFactory(reported=MentorFactory(email="grace@example.org"), reason="spam")
    client.force_login(StaffFactory())

    listing = client.get(report_admin())
    by_reporter = client.get(report_admin(), {"q": "ada@"})
    by_reported = client.get(report_admin(), {"q": "grace@"})
    spam = client.get(report_admin(), {"reason__exact": "spam"})
    open_ones = client.get(report_admin(), {"status__exact": "open"})

    assert listing.status_code == 200
    assert list(by_reporter.context["cl"].result_list) == [first]
    assert list(by_reported.context["cl"].result_list) == [second]
    assert list(spam.context["cl"].result_list) == [second]
    assert open_ones.context["cl"].result_count == 2
    assert client.get(report_admin("add")).status_code == 403


def test_program_staff_mark_reports_as_reviewed(client):
    staff = StaffFactory()
    waiting, closed = ReportFactory(), ReportFactory(status=Report.Status.CLOSED)
    client.force_login(staff)

    response = client.post(
        report_admin(),
        {"action": "mark_reviewed", "_selected_action": [waiting.pk, closed.pk]},
        follow=True,
    )

    assert "1 report marked as reviewed." in text(response)
    waiting.refresh_from_db()
    closed.refresh_from_db()
    assert (waiting.status, waiting.reviewed_by) == ("reviewed", staff)
    assert closed.status == "closed"


def test_program_staff_read_the_details_and_close_a_report(client):
    staff = StaffFactory()
    report = ReportFactory(details=SECRET_DETAILS)
    client.force_login(staff)

    page = client.get(report_admin("change", report.pk))
    response = client.post(
        report_admin("change", report.pk),
        {"status": "closed", "staff_note": "Talked to both; the mentor apologised."},
    )

    assert SECRET_DETAILS in text(page)
    assert response.status_code == 302
    report.refresh_from_db()
    assert (report.status, report.reviewed_by) == ("closed", staff)
    assert report.staff_note == "Talked to both; the mentor apologised."
    assert report.details == SECRET_DETAILS  # read-only


def test_the_admin_refuses_a_move_the_service_refuses(client):
    report = ReportFactory(status=Report.Status.CLOSED)
    client.force_login(StaffFactory())

    response = client.post(
        report_admin("change", report.pk), {"status": "reviewed", "staff_note": ""}
    )

    assert response.status_code == 200
    assert "This report is closed; it cannot be marked reviewed." in text(response)
    report.refresh_from_db()
    assert report.status == "closed"


def test_program_staff_read_blocks_but_do_not_change_them(client):
    block = BlockFactory(blocker=MenteeFactory(email="ada@example.org"))
    client.force_login(StaffFactory())

    listing = client.get(reverse("admin:profiles_block_changelist"), {"q": "ada@"})

    assert list(listing.context["cl"].result_list) == [block]
    assert client.get(reverse("admin:profiles_block_add")).status_code == 403
    change = client.get(reverse("admin:profiles_block_change", args=[block.pk]))
    assert change.status_code == 200
    assert 'name="_save"' not in change.content.decode()


def test_a_pending_request_cannot_be_accepted_once_either_blocked_the_other():
    request = ConnectionRequestFactory()
    services.block_user(blocker=request.mentee, blocked=request.mentor)

    with pytest.raises(ValidationError) as error:
        matching_services.accept_request(request=request, by=request.mentor)

    assert error.value.messages == ["You cannot accept a request from this person."]
    request.refresh_from_db()
    assert request.status == "pending"
