"""Emails say what happened: staff hear that a cycle ended only when it has, nobody is asked
for a final evaluation she already sent, and a partner whose account was closed is not
announced as someone who chose to end the mentorship."""

import pytest

from cycles import services as cycle_services
from cycles.models import Mentorship, Phase
from evaluations import services as evaluation_services
from evaluations.models import FINAL_EVALUATION_TEXTS
from profiles import privacy
from tests.factories import MentorshipFactory, StaffFactory

pytestmark = pytest.mark.django_db

ANSWERS = dict.fromkeys(FINAL_EVALUATION_TEXTS, "We met every other week and it helped.")
ANSWERS |= {"quality_rating": 4, "effectiveness_rating": 5, "sessions": 6}
ASK = "Please fill in the final evaluation soon"


def to(mailoutbox, address):
    return [message for message in mailoutbox if message.to == [address]]


def test_staff_hear_a_cycle_ended_only_once_it_has(mailoutbox, django_capture_on_commit_callbacks):
    mentorship = MentorshipFactory(phase=Phase.CLOSURE)
    staff = StaffFactory()

    with django_capture_on_commit_callbacks(execute=True):
        evaluation_services.submit_final_evaluation(
            mentorship=mentorship, by=mentorship.mentee, data=ANSWERS
        )
    (early,) = to(mailoutbox, staff.email)
    assert early.subject == "[WESTEM] A final evaluation came in"
    assert "still active" in early.body
    assert "has ended" not in early.body

    with django_capture_on_commit_callbacks(execute=True):
        cycle_services.confirm_closure(mentorship=mentorship, by=mentorship.mentee)
        cycle_services.confirm_closure(mentorship=mentorship, by=mentorship.mentor)
        evaluation_services.submit_final_evaluation(
            mentorship=mentorship, by=mentorship.mentor, data=ANSWERS
        )
    late = to(mailoutbox, staff.email)[-1]
    assert late.subject == "[WESTEM] A mentoring cycle has ended: a final evaluation came in"
    assert "The cycle has ended." in late.body


def test_the_closure_email_asks_for_the_evaluation_only_of_who_has_not_sent_it(
    mailoutbox, django_capture_on_commit_callbacks
):
    mentorship = MentorshipFactory(phase=Phase.CLOSURE)
    with django_capture_on_commit_callbacks(execute=True):
        evaluation_services.submit_final_evaluation(
            mentorship=mentorship, by=mentorship.mentee, data=ANSWERS
        )
        cycle_services.confirm_closure(mentorship=mentorship, by=mentorship.mentee)
        cycle_services.confirm_closure(mentorship=mentorship, by=mentorship.mentor)

    mentorship.refresh_from_db()
    assert mentorship.status == Mentorship.Status.COMPLETED
    (to_mentee,) = to(mailoutbox, mentorship.mentee.email)
    (to_mentor,) = to(mailoutbox, mentorship.mentor.email)
    assert ASK not in to_mentee.body
    assert ASK in to_mentor.body


def test_a_closed_account_is_not_announced_as_an_ending_by_choice(
    mailoutbox, django_capture_on_commit_callbacks
):
    mentorship = MentorshipFactory()
    staff = StaffFactory()
    mentor_email = mentorship.mentor.email

    with django_capture_on_commit_callbacks(execute=True):
        privacy.erase_user(user=mentorship.mentee, by=mentorship.mentee)

    (partner,) = to(mailoutbox, mentor_email)
    assert partner.subject == "[WESTEM] Your mentorship has ended: the account was closed"
    assert "termination clause" not in partner.body
    (to_staff,) = to(mailoutbox, staff.email)
    assert "closed her account" in to_staff.body
    assert "help her find another mentor" not in to_staff.body
