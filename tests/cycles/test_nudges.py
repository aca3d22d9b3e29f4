"""The pair is helped first (issue 22): a health signal that starts sends both of the pair one
kind message, in the site and by email, in her language, once per signal row; its two ways
forward open (re-planning saves a new agreement version; closing asks the exit question);
the exit answer is validated, kept once, in her data and cleared of her words by her erasure."""

import re
from datetime import date, datetime, timedelta

import pytest
from django.conf import settings
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from cycles import tasks
from cycles.health import refresh_signals
from cycles.models import (
    Agreement,
    ExitAnswer,
    HealthSignal,
    Mentorship,
    Style,
)
from cycles.nudges import HEALTH_NUDGE, nudge_pairs
from cycles.reminders import program_zone
from notifications.models import InboxItem, Notification, NotificationOptOut
from profiles import privacy
from tests.cycles.test_views import agreement_post
from tests.factories import (
    AgreementFactory,
    MenteeFactory,
    MentorshipFactory,
    MessageFactory,
    StaffFactory,
)

pytestmark = pytest.mark.django_db

Kind = HealthSignal.Kind
START = date(2026, 3, 2)
SITE = settings.SITE_URL.rstrip("/")


def noon(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 12, tzinfo=program_zone())


def quiet_pair(start: date = START, **kwargs) -> Mentorship:
    """A traditional pair with an accepted agreement, who wrote each other the day after the
    start and never met: on the 21st day only "first meeting not held" starts."""
    mentorship = MentorshipFactory(style=Style.TRADITIONAL, start_date=start, **kwargs)
    AgreementFactory(
        mentorship=mentorship, mentor_accepted_at=noon(start), mentee_accepted_at=noon(start)
    )
    for author in (mentorship.mentor, mentorship.mentee):
        MessageFactory(mentorship=mentorship, author=author, created_at=noon(start) + timedelta(1))
    return mentorship


def first_meeting_day(start: date = START) -> date:
    return start + timedelta(days=settings.HEALTH_FIRST_MEETING_DAYS)


@pytest.fixture
def daily(django_capture_on_commit_callbacks):
    """The daily task on ``day``: the refresh, then the nudges (emails sent after commit)."""

    def run(day: date) -> list[HealthSignal]:
        with django_capture_on_commit_callbacks(execute=True):
            started = refresh_signals(now=noon(day)).started
            nudge_pairs(started)
        return started

    return run


def sent_to(user) -> list:
    return [message for message in mail.outbox if message.to == [user.email]]


def links(message) -> list[str]:
    return re.findall(re.escape(SITE) + r"(/\S*)", message.body)


def test_a_signal_starting_nudges_both_once_by_email_and_in_the_site(daily):
    mentorship = quiet_pair()

    started = daily(first_meeting_day())
    daily(first_meeting_day())
    nudge_pairs(started)  # the same rows again: their occasions are written

    assert [signal.kind for signal in started] == [Kind.FIRST_MEETING]
    for person in (mentorship.mentor, mentorship.mentee):
        [email] = sent_to(person)
        assert email.subject == "[WESTEM] How is your mentorship going?"
        assert "You have not had your first meeting yet." in email.body
        assert "Nobody is to blame." in email.body
        [item] = InboxItem.objects.filter(user=person, kind=HEALTH_NUDGE)
        assert item.occasion == f"health:{started[0].pk}"
    assert len(mail.outbox) == 2


def test_the_inbox_item_says_it_kindly_and_opens_the_mentorship(client, daily):
    mentorship = quiet_pair()
    daily(first_meeting_day())
    client.force_login(mentorship.mentee)

    page = client.get(reverse("notifications:inbox")).content.decode()

    assert (
        "You have not had your first meeting yet. That happens. Re-plan together, or close "
        "gracefully."
    ) in page
    item = InboxItem.objects.get(user=mentorship.mentee, kind=HEALTH_NUDGE)
    response = client.get(reverse("notifications:open", args=[item.pk]))
    assert response["Location"] == reverse("cycles:mentorship_detail", args=[mentorship.public_id])


def test_each_of_the_pair_reads_it_in_her_language(daily):
    mentorship = quiet_pair(mentee=MenteeFactory(profile__language="sv"))

    daily(first_meeting_day())

    [swedish] = sent_to(mentorship.mentee)
    assert swedish.subject == "[WESTEM] Hur går ert mentorskap?"
    assert "Ni har inte haft ert första möte än." in swedish.body
    assert "Avsluta varsamt" in swedish.body
    [english] = sent_to(mentorship.mentor)
    assert "Close gracefully" in english.body


def test_a_signal_that_clears_and_comes_back_nudges_again(daily):
    mentorship = quiet_pair()
    day = first_meeting_day()
    daily(day)
    Mentorship.objects.filter(pk=mentorship.pk).update(paused_at=timezone.now())
    daily(day)  # paused: the signal clears
    Mentorship.objects.filter(pk=mentorship.pk).update(paused_at=None)

    again = daily(day)

    assert [signal.kind for signal in again] == [Kind.FIRST_MEETING]
    assert len(sent_to(mentorship.mentor)) == 2
    assert Notification.objects.filter(kind=HEALTH_NUDGE).count() == 4


def test_a_pair_that_recovered_before_the_email_went_out_gets_none(
    django_capture_on_commit_callbacks,
):
    mentorship = quiet_pair()
    started = refresh_signals(now=noon(first_meeting_day())).started
    HealthSignal.objects.filter(mentorship=mentorship).update(cleared_on=first_meeting_day())

    with django_capture_on_commit_callbacks(execute=True):
        nudge_pairs(started)

    assert mail.outbox == []


def test_the_daily_task_sends_the_nudges(django_capture_on_commit_callbacks):
    today = timezone.localdate(timezone.now(), program_zone())
    mentorship = quiet_pair(start=today - timedelta(days=settings.HEALTH_FIRST_MEETING_DAYS))

    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.refresh_health_signals() == 1

    assert len(sent_to(mentorship.mentor)) == len(sent_to(mentorship.mentee)) == 1


def test_she_turns_the_email_off_and_still_finds_it_in_her_inbox(client, daily):
    mentorship = quiet_pair()
    client.force_login(mentorship.mentor)
    settings_page = client.get(reverse("notifications:settings")).content.decode()
    assert "A mentorship that has slowed down: re-plan or close" in settings_page
    NotificationOptOut.objects.create(user=mentorship.mentor, kind=HEALTH_NUDGE)

    daily(first_meeting_day())

    assert sent_to(mentorship.mentor) == []
    assert InboxItem.objects.filter(user=mentorship.mentor, kind=HEALTH_NUDGE).exists()
    assert len(sent_to(mentorship.mentee)) == 1


# --- the two ways forward ------------------------------------------------------------------


def test_re_plan_together_opens_the_rhythm_and_saves_a_new_version(client, daily):
    mentorship = quiet_pair()
    daily(first_meeting_day())
    [email] = sent_to(mentorship.mentee)
    replan = links(email)[0]
    assert replan.endswith("#div_id_meetings_per_month")
    client.force_login(mentorship.mentee)
    path = replan.split("#")[0]

    form = client.get(path).content.decode()
    assert 'id="div_id_meetings_per_month"' in form
    version = Agreement.objects.get(mentorship=mentorship).version
    response = client.post(
        path, agreement_post(mentorship, meetings_per_month="1", meeting_minutes="90")
    )

    assert response.status_code == 302
    agreement = Agreement.objects.get(mentorship=mentorship)
    assert (agreement.version, agreement.meetings_per_month) == (version + 1, 1)
    assert agreement.versions.filter(version=version).exists()


def test_a_flash_pair_re_plans_its_meeting(client, daily):
    mentorship = MentorshipFactory(style=Style.FLASH, start_date=START)
    for author in (mentorship.mentor, mentorship.mentee):
        MessageFactory(mentorship=mentorship, author=author, created_at=noon(START) + timedelta(1))
    daily(first_meeting_day())
    [email] = sent_to(mentorship.mentor)
    client.force_login(mentorship.mentor)

    assert links(email)[0] == reverse("cycles:meeting_new", args=[mentorship.public_id])
    assert client.get(links(email)[0]).status_code == 200


def test_close_gracefully_ends_it_with_the_exit_answer(client, daily):
    mentorship = quiet_pair()
    daily(first_meeting_day())
    [email] = sent_to(mentorship.mentor)
    close = links(email)[1]
    client.force_login(mentorship.mentor)

    page = client.get(close).content.decode()
    assert "Why are you ending it?" in page
    response = client.post(
        close, {"reason": "Thank you!", "why": "goals_met", "would_join_again": "yes"}
    )

    assert response.status_code == 302, response.context["form"].errors
    mentorship.refresh_from_db()
    assert mentorship.status == Mentorship.Status.ENDED_EARLY
    answer = ExitAnswer.objects.get()
    assert (answer.person, answer.reason, answer.would_join_again) == (
        mentorship.mentor,
        "goals_met",
        "yes",
    )


# --- the exit question ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "field", "error"),
    [
        ({"why": "other", "would_join_again": "no"}, "other_text", "Tell us in a few words"),
        ({"why": "time"}, "would_join_again", "Answer both questions, or leave both empty."),
        ({"would_join_again": "maybe"}, "why", "Answer both questions, or leave both empty."),
    ],
)
def test_the_end_form_keeps_her_words_and_asks_again(client, data, field, error):
    mentorship = quiet_pair()
    client.force_login(mentorship.mentee)
    url = reverse("cycles:mentorship_end", args=[mentorship.public_id])

    response = client.post(url, {"reason": "I am moving abroad.", **data})

    assert response.status_code == 200
    assert error in response.context["form"].errors[field][0]
    assert "I am moving abroad." in response.content.decode()
    mentorship.refresh_from_db()
    assert mentorship.status == Mentorship.Status.ACTIVE
    assert not ExitAnswer.objects.exists()


def test_other_with_her_words_is_kept_and_ending_without_answering_still_works(client):
    first, second = quiet_pair(), quiet_pair()
    client.force_login(first.mentee)
    client.post(
        reverse("cycles:mentorship_end", args=[first.public_id]),
        {"why": "other", "other_text": "I changed fields", "would_join_again": "maybe"},
    )
    client.force_login(second.mentee)
    client.post(reverse("cycles:mentorship_end", args=[second.public_id]), {"reason": ""})

    answer = ExitAnswer.objects.get()
    assert (answer.mentorship, answer.other_text) == (first, "I changed fields")
    second.refresh_from_db()
    assert second.status == Mentorship.Status.ENDED_EARLY


def test_confirming_the_closure_after_a_nudge_asks_the_exit_question_once(client):
    mentorship = quiet_pair(phase=4)
    HealthSignal.objects.create(
        mentorship=mentorship, kind=Kind.NO_MEETING, started_on=START, cleared_on=START
    )
    client.force_login(mentorship.mentee)
    question = reverse("cycles:exit_question", args=[mentorship.public_id])

    response = client.post(reverse("cycles:mentorship_closure", args=[mentorship.public_id]))
    assert response["Location"] == question
    refused = client.post(question, {"why": "other", "would_join_again": "yes"})
    assert "Tell us in a few words what it was." in refused.content.decode()
    response = client.post(
        question, {"why": "other", "other_text": "Exams", "would_join_again": "yes"}
    )

    assert response.status_code == 302
    assert ExitAnswer.objects.get().other_text == "Exams"
    assert client.get(question)["Location"] == reverse(
        "cycles:mentorship_detail", args=[mentorship.public_id]
    )
    closure = client.post(reverse("cycles:mentorship_closure", args=[mentorship.public_id]))
    assert closure["Location"].endswith("#cycle")


def test_the_question_waits_until_she_closes_it(client):
    mentorship = quiet_pair()
    client.force_login(mentorship.mentor)
    question = reverse("cycles:exit_question", args=[mentorship.public_id])

    client.post(question, {"why": "time", "would_join_again": "no"})

    assert client.get(question)["Location"] == reverse(
        "cycles:mentorship_detail", args=[mentorship.public_id]
    )
    assert not ExitAnswer.objects.exists()


def test_her_answer_is_in_her_data_only_and_her_words_go_with_her_erasure(client):
    mentorship = quiet_pair(status=Mentorship.Status.ENDED_EARLY, ended_at=timezone.now())
    ExitAnswer.objects.create(
        mentorship=mentorship,
        person=mentorship.mentee,
        reason="other",
        other_text="My family moved",
        would_join_again="maybe",
    )

    mine = privacy.export_user_data(user=mentorship.mentee)["mentorships"][0]
    assert mine["why_i_closed_it"][0]["in_my_words"] == "My family moved"
    partner = privacy.export_user_data(user=mentorship.mentor)["mentorships"][0]
    assert partner["why_i_closed_it"] == []

    privacy.erase_user(user=mentorship.mentee, by=mentorship.mentee)
    answer = ExitAnswer.objects.get()
    assert (answer.reason, answer.other_text) == ("other", "")


def test_the_admin_lists_exit_answers_read_only(client):
    client.force_login(StaffFactory())
    mentorship = quiet_pair(status=Mentorship.Status.ENDED_EARLY, ended_at=timezone.now())
    ExitAnswer.objects.create(
        mentorship=mentorship, person=mentorship.mentor, reason="time", would_join_again="yes"
    )

    page = client.get(reverse("admin:cycles_exitanswer_changelist"))
    assert page.status_code == 200
    assert "Not enough time" in page.content.decode()
    assert client.get(reverse("admin:cycles_exitanswer_add")).status_code == 403
