"""cycles.services: every write, every rule with the exact message a user sees, the history
rows, who may act (the pair only), and the emails each write sends after the commit."""

from datetime import date, datetime, timedelta
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest
from dateutil.relativedelta import relativedelta
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.formats import date_format

from cycles import services
from cycles.models import (
    Agreement,
    AgreementVersion,
    Goal,
    GoalRevision,
    Meeting,
    MeetingOption,
    Mentorship,
    MentorshipEvent,
    Message,
    PhaseTick,
)
from tests.factories import (
    AgreementFactory,
    GoalFactory,
    MeetingFactory,
    MeetingOptionFactory,
    MenteeFactory,
    MentorFactory,
    MentorshipFactory,
    MessageFactory,
    PhaseTickFactory,
    StaffFactory,
    version_of,
)

pytestmark = pytest.mark.django_db

Kind = MentorshipEvent.Kind
HAS_ENDED = "This mentorship has ended; its records stay available to you both."
PHASE_3_NEEDS_AGREEMENT = "Phase 3 starts once you have both accepted the mentoring agreement."
LAST_PHASE = "This is the last phase: confirm the closure when you have both finished."
THREE_GOALS = "You already have 3 goals. Mark one as dropped before adding another."
MENTEE_PROPOSES_FIRST = (
    "In the program the mentee proposes the first meeting. Your mentee has been asked to do so."
)
FUTURE_ONLY = "Choose a time in the future."
# Thursday 14 March 2030, 18:00 in Stockholm (17:00 UTC; 13:00 in New York).
THURSDAY_18 = datetime(2030, 3, 14, 18, 0, tzinfo=ZoneInfo("Europe/Stockholm"))


def running_in_march_2030(mentorship):
    """A mentorship that started on 1 March 2030, so a meeting on THURSDAY_18 lies within it."""
    mentorship.start_date = date(2030, 3, 1)
    mentorship.end_date = date(2030, 7, 1)
    mentorship.save(update_fields=["start_date", "end_date"])
    return mentorship


# --- helpers -------------------------------------------------------------------------------


@pytest.fixture
def pair():
    """An active traditional mentorship in phase 1: Ada mentors Grace."""
    return MentorshipFactory(
        mentor__profile__display_name="Ada",
        mentee__profile__display_name="Grace",
    )


@pytest.fixture
def clock(monkeypatch):
    """``timezone.now()`` as the services see it, moved by hand: ``clock.advance(minutes=5)``."""

    class Clock:
        now = timezone.now()

        def advance(self, **delta):
            self.now += timedelta(**delta)

    clock = Clock()
    monkeypatch.setattr("cycles.services.timezone.now", lambda: clock.now)
    return clock


def messages_of(error: pytest.ExceptionInfo) -> list[str]:
    return error.value.messages


def events(mentorship) -> list[tuple]:
    return list(
        MentorshipEvent.objects.filter(mentorship=mentorship)
        .order_by("pk")
        .values_list("kind", "from_value", "to_value", "actor_id")
    )


def sent(mailoutbox) -> list[tuple[list[str], str]]:
    return [(email.to, email.subject) for email in mailoutbox]


def agreement_data(mentorship, **changes) -> dict:
    data = {
        "expectations": "Honest feedback on my study choices.",
        "steps": "Meet twice a month and review one application together.",
        "boundaries": "No help with graded assignments.",
        "meetings_per_month": 2,
        "meeting_minutes": 60,
        "availability": "Weekday evenings.",
        "confidentiality": True,
        "termination_clause": True,
        "start_date": mentorship.start_date,
        "end_date": mentorship.start_date + relativedelta(months=3),
        "mentor_success_criteria": "I share my experience.",
        "mentee_success_criteria": "I have sent two applications.",
    }
    data.update(changes)
    return data


GOALS = ["Apply for a summer internship", "Present my thesis with confidence"]


def save(mentorship, by=None, goals=GOALS, **changes) -> Agreement:
    return services.save_agreement(
        mentorship=mentorship,
        by=by or mentorship.mentee,
        data=agreement_data(mentorship, **changes),
        goals=list(goals),
    )


def accepted_by_both(mentorship) -> Agreement:
    agreement = AgreementFactory(mentorship=mentorship)
    services.accept_agreement(
        mentorship=mentorship, by=mentorship.mentor, version=version_of(mentorship)
    )
    services.accept_agreement(
        mentorship=mentorship, by=mentorship.mentee, version=version_of(mentorship)
    )
    agreement.refresh_from_db()
    return agreement


def meeting_data(**changes) -> dict:
    data = {
        "starts_at": timezone.now() + timedelta(days=3),
        "time_zone": "Europe/Stockholm",
        "duration_minutes": 60,
        "location": "https://meet.example.org/ada-grace",
        "agenda": "My internship applications.",
    }
    data.update(changes)
    return data


def ended(mentorship) -> Mentorship:
    return services.end_mentorship(mentorship=mentorship, by=mentorship.mentee)


# --- start_mentorship ----------------------------------------------------------------------


def test_start_mentorship_traditional_opens_phase_1_for_four_months():
    mentor, mentee = MentorFactory(), MenteeFactory()

    mentorship = services.start_mentorship(mentor=mentor, mentee=mentee, style="traditional")

    mentorship.refresh_from_db()
    today = timezone.localdate()
    assert (mentorship.mentor, mentorship.mentee) == (mentor, mentee)
    assert (mentorship.style, mentorship.status, mentorship.phase) == ("traditional", "active", 1)
    assert mentorship.start_date == today
    assert mentorship.end_date == today + relativedelta(months=4)
    assert mentorship.public_id is not None
    assert events(mentorship) == [(Kind.STARTED, "", "traditional", None)]


def test_start_mentorship_flash_has_no_end_date():
    mentorship = services.start_mentorship(
        mentor=MentorFactory(), mentee=MenteeFactory(), style="flash"
    )

    assert (mentorship.style, mentorship.end_date) == ("flash", None)
    assert events(mentorship) == [(Kind.STARTED, "", "flash", None)]


def test_start_mentorship_refuses_an_unknown_style():
    with pytest.raises(ValidationError) as error:
        services.start_mentorship(mentor=MentorFactory(), mentee=MenteeFactory(), style="group")

    assert messages_of(error) == ["Choose traditional or flash mentoring."]
    assert not Mentorship.objects.exists()


# --- advance_phase -------------------------------------------------------------------------


def test_advance_phase_traditional_goes_1_2_3_4(pair):
    accepted_by_both(pair)
    phases = []
    for by in (pair.mentee, pair.mentor, pair.mentee):
        phases.append(services.advance_phase(mentorship=pair, by=by).phase)

    assert phases == [2, 3, 4]
    pair.refresh_from_db()
    assert pair.phase == 4
    phase_events = [e for e in events(pair) if e[0] == Kind.PHASE]
    assert phase_events == [
        (Kind.PHASE, "1", "2", pair.mentee_id),
        (Kind.PHASE, "2", "3", pair.mentor_id),
        (Kind.PHASE, "3", "4", pair.mentee_id),
    ]


def test_advance_phase_flash_skips_phase_3_without_an_agreement():
    flash = MentorshipFactory(style="flash")

    assert services.advance_phase(mentorship=flash, by=flash.mentor).phase == 2
    assert services.advance_phase(mentorship=flash, by=flash.mentee).phase == 4

    flash.refresh_from_db()
    assert flash.phase == 4
    assert not Agreement.objects.filter(mentorship=flash).exists()


@pytest.mark.parametrize("accepted", ["no agreement", "nobody", "mentor only", "mentee only"])
def test_traditional_enters_phase_3_only_once_both_accepted_the_agreement(accepted):
    mentorship = MentorshipFactory(phase=2)
    if accepted != "no agreement":
        AgreementFactory(mentorship=mentorship)
    if accepted in ("mentor only", "mentee only"):
        services.accept_agreement(
            mentorship=mentorship,
            by=getattr(mentorship, accepted.split()[0]),
            version=version_of(mentorship),
        )

    with pytest.raises(ValidationError) as error:
        services.advance_phase(mentorship=mentorship, by=mentorship.mentee)

    assert messages_of(error) == [PHASE_3_NEEDS_AGREEMENT]
    mentorship.refresh_from_db()
    assert mentorship.phase == 2
    assert not MentorshipEvent.objects.filter(mentorship=mentorship, kind=Kind.PHASE).exists()


@pytest.mark.parametrize("style", ["traditional", "flash"])
def test_advance_phase_from_the_last_phase_is_refused(style):
    mentorship = MentorshipFactory(style=style, phase=4)

    with pytest.raises(ValidationError) as error:
        services.advance_phase(mentorship=mentorship, by=mentorship.mentor)

    assert messages_of(error) == [LAST_PHASE]
    mentorship.refresh_from_db()
    assert mentorship.phase == 4


def test_advance_phase_of_an_ended_mentorship_is_refused(pair):
    ended(pair)

    with pytest.raises(ValidationError) as error:
        services.advance_phase(mentorship=pair, by=pair.mentor)

    assert messages_of(error) == [HAS_ENDED]
    pair.refresh_from_db()
    assert pair.phase == 1


# --- confirm_closure -----------------------------------------------------------------------


@pytest.mark.parametrize("phase", [1, 2, 3])
def test_confirm_closure_only_in_phase_4(phase):
    mentorship = MentorshipFactory(phase=phase)

    with pytest.raises(ValidationError) as error:
        services.confirm_closure(mentorship=mentorship, by=mentorship.mentee)

    assert messages_of(error) == ["The closure is confirmed in phase 4, Closure."]
    mentorship.refresh_from_db()
    assert mentorship.mentee_confirmed_closure_at is None


def test_one_confirmation_keeps_the_mentorship_active(
    mailoutbox, django_capture_on_commit_callbacks
):
    mentorship = MentorshipFactory(phase=4)

    with django_capture_on_commit_callbacks(execute=True):
        services.confirm_closure(mentorship=mentorship, by=mentorship.mentor)
        services.confirm_closure(mentorship=mentorship, by=mentorship.mentor)  # twice: once

    mentorship.refresh_from_db()
    assert mentorship.status == "active"
    assert mentorship.mentor_confirmed_closure_at is not None
    assert mentorship.mentee_confirmed_closure_at is None
    assert mentorship.ended_at is None
    assert [e[0] for e in events(mentorship)] == [Kind.CLOSURE_CONFIRMED]
    # Her mentee is told, once, that the closure waits for her.
    assert [message.to for message in mailoutbox] == [[mentorship.mentee.email]]


@pytest.mark.parametrize("style", ["traditional", "flash"])
def test_both_confirmations_complete_the_mentorship_and_email_both(
    style, mailoutbox, django_capture_on_commit_callbacks
):
    mentorship = MentorshipFactory(
        style=style,
        phase=4,
        mentor__profile__display_name="Ada",
        mentee__profile__display_name="Grace",
    )
    services.confirm_closure(mentorship=mentorship, by=mentorship.mentee)

    with django_capture_on_commit_callbacks(execute=True):
        services.confirm_closure(mentorship=mentorship, by=mentorship.mentor)

    mentorship.refresh_from_db()
    assert mentorship.status == "completed"
    assert mentorship.ended_at is not None
    assert mentorship.ended_by is None
    assert [e[0] for e in events(mentorship)] == [
        Kind.CLOSURE_CONFIRMED,
        Kind.CLOSURE_CONFIRMED,
        Kind.COMPLETED,
    ]
    assert sent(mailoutbox) == [
        ([mentorship.mentor.email], "[WESTEM] Your mentoring cycle with Grace is complete"),
        ([mentorship.mentee.email], "[WESTEM] Your mentoring cycle with Ada is complete"),
    ]
    assert mailoutbox[0].body.startswith("Hello Ada,")
    assert mailoutbox[1].body.startswith("Hello Grace,")


def test_confirm_closure_of_a_completed_mentorship_is_refused():
    mentorship = MentorshipFactory(phase=4)
    services.confirm_closure(mentorship=mentorship, by=mentorship.mentee)
    services.confirm_closure(mentorship=mentorship, by=mentorship.mentor)

    with pytest.raises(ValidationError) as error:
        services.confirm_closure(mentorship=mentorship, by=mentorship.mentee)

    assert messages_of(error) == [HAS_ENDED]


# --- end_mentorship ------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["mentor", "mentee"])
def test_either_participant_ends_the_mentorship_and_the_other_and_staff_are_told(
    who, mailoutbox, django_capture_on_commit_callbacks
):
    mentorship = MentorshipFactory(
        phase=2,
        mentor__profile__display_name="Ada",
        mentee__profile__display_name="Grace",
    )
    by = getattr(mentorship, who)
    other = mentorship.other(by)
    staff = StaffFactory()
    StaffFactory(is_active=False)  # a former staff member is not told
    agreement = AgreementFactory(mentorship=mentorship)
    goal = GoalFactory(mentorship=mentorship)
    meeting = MeetingFactory(mentorship=mentorship)
    message = MessageFactory(mentorship=mentorship)

    with django_capture_on_commit_callbacks(execute=True):
        result = services.end_mentorship(
            mentorship=mentorship, by=by, reason="  We could not find time to meet.  "
        )

    assert result.pk == mentorship.pk
    mentorship.refresh_from_db()
    assert mentorship.status == "ended_early"
    assert mentorship.ended_by == by
    assert mentorship.ended_at is not None
    assert mentorship.end_reason == "We could not find time to meet."
    assert mentorship.phase == 2
    assert events(mentorship)[-1] == (Kind.ENDED, "", "", by.pk)
    assert MentorshipEvent.objects.get(kind=Kind.ENDED).note == "We could not find time to meet."
    # Everything stays recorded.
    for kept in (agreement, goal, meeting, message):
        assert type(kept).objects.filter(pk=kept.pk).exists()
    # Its agreed meeting ahead is called off: each of the pair is told, then the ending.
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.CANCELLED
    called_off = "[WESTEM] Your mentorship has ended: a meeting is cancelled"
    assert sent(mailoutbox) == [
        ([mentorship.mentor.email], called_off),
        ([mentorship.mentee.email], called_off),
        ([other.email], f"[WESTEM] {by.get_full_name()} has ended your mentorship"),
        ([staff.email], "[WESTEM] A mentorship has ended early"),
    ]
    assert "We could not find time to meet." in mailoutbox[2].body


def test_end_mentorship_without_a_reason(pair, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.end_mentorship(mentorship=pair, by=pair.mentor)

    pair.refresh_from_db()
    assert (pair.status, pair.end_reason) == ("ended_early", "")
    assert [email.to for email in mailoutbox] == [[pair.mentee.email]]


@pytest.mark.parametrize("status", ["ended_early", "completed"])
def test_ending_a_mentorship_that_has_ended_is_refused(status, mailoutbox):
    ended_at = timezone.now() - timedelta(days=3)
    mentorship = MentorshipFactory(phase=4, status=status, ended_at=ended_at)

    with pytest.raises(ValidationError) as error:
        services.end_mentorship(mentorship=mentorship, by=mentorship.mentee, reason="Again")

    assert messages_of(error) == [HAS_ENDED]
    mentorship.refresh_from_db()
    assert (mentorship.status, mentorship.ended_at, mentorship.end_reason) == (status, ended_at, "")
    assert mailoutbox == []


# --- set_tick ------------------------------------------------------------------------------


def ticks(mentorship) -> set[tuple[int, str]]:
    return set(PhaseTick.objects.filter(mentorship=mentorship).values_list("user_id", "item"))


def test_set_tick_ticks_and_unticks_only_her_own_item(pair):
    PhaseTickFactory(mentorship=pair, user=pair.mentee, item="get_to_know")

    services.set_tick(mentorship=pair, by=pair.mentor, item="get_to_know", done=True)
    services.set_tick(mentorship=pair, by=pair.mentor, item="get_to_know", done=True)  # once
    services.set_tick(mentorship=pair, by=pair.mentor, item="build_trust", done=True)

    assert ticks(pair) == {
        (pair.mentee_id, "get_to_know"),
        (pair.mentor_id, "get_to_know"),
        (pair.mentor_id, "build_trust"),
    }

    services.set_tick(mentorship=pair, by=pair.mentor, item="get_to_know", done=False)

    assert ticks(pair) == {(pair.mentee_id, "get_to_know"), (pair.mentor_id, "build_trust")}


def test_set_tick_refuses_an_unknown_item(pair):
    with pytest.raises(ValidationError) as error:
        services.set_tick(mentorship=pair, by=pair.mentee, item="bake_a_cake", done=True)

    assert messages_of(error) == ["This checklist item does not exist."]
    assert ticks(pair) == set()


def test_set_tick_on_an_ended_mentorship_is_refused(pair):
    ended(pair)

    with pytest.raises(ValidationError) as error:
        services.set_tick(mentorship=pair, by=pair.mentee, item="get_to_know", done=True)

    assert messages_of(error) == [HAS_ENDED]
    assert ticks(pair) == set()


# --- save_agreement ------------------------------------------------------------------------


def goal_rows(mentorship) -> list[tuple[str, str]]:
    return list(
        Goal.objects.filter(mentorship=mentorship).order_by("pk").values_list("title", "status")
    )


def test_save_agreement_writes_the_agreement_and_its_goals(pair):
    agreement = save(pair, by=pair.mentee, goals=["  Apply for an internship ", "", "Present"])

    agreement.refresh_from_db()
    data = agreement_data(pair)
    for name, value in data.items():
        assert getattr(agreement, name) == value, name
    assert agreement.version == 1
    assert agreement.updated_by == pair.mentee
    assert (agreement.mentor_accepted_at, agreement.mentee_accepted_at) == (None, None)
    assert goal_rows(pair) == [("Apply for an internship", "open"), ("Present", "open")]
    assert list(Goal.objects.filter(mentorship=pair).values_list("position", flat=True)) == [0, 1]
    assert not AgreementVersion.objects.exists()


@pytest.mark.parametrize(
    ("goals", "message"),
    [
        ([], "Write at least one goal."),
        (["", "   "], "Write at least one goal."),
        (["One", "Two", "Three", "Four"], "An agreement has at most 3 goals."),
    ],
)
def test_save_agreement_goal_count(pair, goals, message):
    with pytest.raises(ValidationError) as error:
        save(pair, goals=goals)

    assert error.value.message_dict == {"goals": [message]}
    assert not Agreement.objects.exists()
    assert not Goal.objects.exists()


def test_save_agreement_accepts_three_goals(pair):
    save(pair, goals=["One", "Two", "Three"])

    assert [title for title, _status in goal_rows(pair)] == ["One", "Two", "Three"]


@pytest.mark.parametrize(
    ("start", "latest"),
    [
        (date(2025, 3, 10), date(2025, 7, 10)),
        (date(2025, 10, 31), date(2026, 2, 28)),  # no 31 February: the month's last day
    ],
)
def test_save_agreement_end_date_at_most_four_months_after_the_start(start, latest):
    mentorship = MentorshipFactory(start_date=start)

    agreement = save(mentorship, start_date=start, end_date=latest)
    assert agreement.end_date == latest

    with pytest.raises(ValidationError) as error:
        save(mentorship, start_date=start, end_date=latest + timedelta(days=1))

    assert error.value.message_dict == {
        "end_date": [
            "A mentoring cycle lasts at most 4 months: end on "
            f"{date_format(latest, 'DATE_FORMAT')} at the latest."
        ]
    }
    agreement.refresh_from_db()
    assert agreement.end_date == latest


def test_save_agreement_end_before_start(pair):
    with pytest.raises(ValidationError) as error:
        save(pair, end_date=pair.start_date - timedelta(days=1))

    assert error.value.message_dict == {"end_date": ["Choose an end date after the start date."]}
    assert not Agreement.objects.exists()


def test_save_agreement_accepts_exactly_one_hour_a_month(pair):
    agreement = save(pair, meetings_per_month=1, meeting_minutes=60)

    assert agreement.minutes_per_month == 60


@pytest.mark.parametrize(("meetings", "minutes"), [(1, 45), (2, 25)])
def test_save_agreement_asks_for_at_least_an_hour_a_month(pair, meetings, minutes):
    with pytest.raises(ValidationError) as error:
        save(pair, meetings_per_month=meetings, meeting_minutes=minutes)

    assert error.value.message_dict == {
        "meeting_minutes": ["The program asks for at least 1 hour of meetings a month."]
    }
    assert not Agreement.objects.exists()


@pytest.mark.parametrize(
    ("field", "message"),
    [
        ("confidentiality", "Both of you commit to confidentiality."),
        ("termination_clause", "Both of you acknowledge the termination clause."),
    ],
)
def test_save_agreement_requires_confidentiality_and_the_termination_clause(pair, field, message):
    with pytest.raises(ValidationError) as error:
        save(pair, **{field: False})

    assert error.value.message_dict == {field: [message]}
    assert not Agreement.objects.exists()


@pytest.mark.parametrize("accepted_by", [["mentee"], ["mentor"], ["mentor", "mentee"]])
def test_editing_after_an_acceptance_keeps_the_old_version_and_clears_both_acceptances(
    pair, accepted_by
):
    agreement = save(pair, goals=["Apply for an internship"])
    for who in accepted_by:
        services.accept_agreement(mentorship=pair, by=getattr(pair, who), version=version_of(pair))
    agreement.refresh_from_db()
    acceptances = (agreement.mentor_accepted_at, agreement.mentee_accepted_at)
    assert {who for who, at in zip(["mentor", "mentee"], acceptances, strict=True) if at} == set(
        accepted_by
    )
    old_end = agreement.end_date

    save(
        pair,
        by=pair.mentor,
        goals=["Apply for an internship"],
        expectations="Weekly check-ins by chat.",
        end_date=pair.start_date + relativedelta(months=2),
    )

    agreement.refresh_from_db()
    assert agreement.version == 2
    assert agreement.expectations == "Weekly check-ins by chat."
    assert (agreement.mentor_accepted_at, agreement.mentee_accepted_at) == (None, None)
    assert not agreement.accepted_by_both
    assert agreement.updated_by == pair.mentor
    kept = AgreementVersion.objects.get(agreement=agreement)
    assert kept.version == 1
    assert (kept.mentor_accepted_at, kept.mentee_accepted_at) == acceptances
    assert kept.content == {
        **{
            name: value
            for name, value in agreement_data(pair).items()
            if name not in ("start_date", "end_date")
        },
        "start_date": pair.start_date.isoformat(),
        "end_date": old_end.isoformat(),
        "goals": ["Apply for an internship"],
    }
    assert events(pair)[-1] == (Kind.AGREEMENT_CHANGED, "", "2", pair.mentor_id)


def test_each_change_after_an_acceptance_keeps_one_more_version(pair):
    save(pair)
    services.accept_agreement(mentorship=pair, by=pair.mentee, version=version_of(pair))
    save(pair, expectations="Second text.")
    services.accept_agreement(mentorship=pair, by=pair.mentor, version=version_of(pair))

    agreement = save(pair, expectations="Third text.")

    assert agreement.version == 3
    kept = list(AgreementVersion.objects.values_list("version", "content__expectations"))
    assert kept == [(2, "Second text."), (1, "Honest feedback on my study choices.")]


def test_editing_before_any_acceptance_makes_a_new_version_too(pair):
    """Before: the text changed under the same version number, so an acceptance of version 1
    could land on a text she never saw."""
    save(pair)

    agreement = save(pair, by=pair.mentor, expectations="Something else.")

    assert agreement.version == 2
    kept = AgreementVersion.objects.get(agreement=agreement)
    assert (kept.version, kept.content["expectations"]) == (
        1,
        "Honest feedback on my study choices.",
    )
    assert (kept.mentor_accepted_at, kept.mentee_accepted_at) == (None, None)
    assert events(pair)[-1] == (Kind.AGREEMENT_CHANGED, "", "2", pair.mentor_id)


def test_saving_identical_content_changes_nothing(pair):
    agreement = save(pair)
    services.accept_agreement(mentorship=pair, by=pair.mentor, version=version_of(pair))
    services.accept_agreement(mentorship=pair, by=pair.mentee, version=version_of(pair))
    agreement.refresh_from_db()
    before = {
        field.name: getattr(agreement, field.name) for field in Agreement._meta.concrete_fields
    }
    goals_before = list(Goal.objects.values_list("pk", "title", "status", "updated_at"))

    save(pair, by=pair.mentor, goals=[f" {title} " for title in GOALS])

    agreement.refresh_from_db()
    after = {
        field.name: getattr(agreement, field.name) for field in Agreement._meta.concrete_fields
    }
    assert after == before
    assert agreement.accepted_by_both
    assert list(Goal.objects.values_list("pk", "title", "status", "updated_at")) == goals_before
    assert not AgreementVersion.objects.exists()
    assert not GoalRevision.objects.exists()


def test_saving_the_agreement_syncs_the_goals(pair):
    save(pair, goals=["Apply for an internship", "Present my thesis", "Learn Python"])
    first, second, third = Goal.objects.order_by("pk")

    save(pair, by=pair.mentor, goals=["Apply for two internships", "Present my thesis"])

    assert goal_rows(pair) == [
        ("Apply for two internships", "open"),
        ("Present my thesis", "open"),
        ("Learn Python", "dropped"),
    ]
    renamed = GoalRevision.objects.get(goal=first)
    assert (renamed.title, renamed.status, renamed.actor) == (
        "Apply for an internship",
        "open",
        pair.mentor,
    )
    dropped = GoalRevision.objects.get(goal=third)
    assert (dropped.title, dropped.status) == ("Learn Python", "open")
    assert not GoalRevision.objects.filter(goal=second).exists()

    save(pair, goals=["Apply for two internships", "Present my thesis", "Build a portfolio"])

    assert goal_rows(pair)[-1] == ("Build a portfolio", "open")
    assert Goal.objects.exclude(status="dropped").count() == 3


def test_save_agreement_on_an_ended_mentorship_is_refused(pair):
    ended(pair)

    with pytest.raises(ValidationError) as error:
        save(pair)

    assert messages_of(error) == [HAS_ENDED]
    assert not Agreement.objects.exists()


# --- accept_agreement ----------------------------------------------------------------------


def test_accept_agreement_needs_an_agreement(pair):
    with pytest.raises(ValidationError) as error:
        services.accept_agreement(mentorship=pair, by=pair.mentee, version=version_of(pair))

    assert messages_of(error) == ["Write the agreement together first."]


def test_accept_agreement_records_each_side(pair):
    agreement = AgreementFactory(
        mentorship=pair, end_date=pair.start_date + relativedelta(months=2)
    )

    services.accept_agreement(mentorship=pair, by=pair.mentor, version=version_of(pair))
    services.accept_agreement(
        mentorship=pair, by=pair.mentor, version=version_of(pair)
    )  # a second click: once

    agreement.refresh_from_db()
    assert agreement.mentor_accepted_at is not None
    assert agreement.mentee_accepted_at is None
    assert not agreement.accepted_by_both
    pair.refresh_from_db()
    assert pair.end_date == pair.start_date + relativedelta(months=4)  # not yet agreed
    assert [e for e in events(pair) if e[0] == Kind.AGREEMENT_ACCEPTED] == [
        (Kind.AGREEMENT_ACCEPTED, "", "1", pair.mentor_id)
    ]


def test_accepted_by_both_the_mentorship_ends_on_the_agreed_date(pair):
    agreed_end = pair.start_date + relativedelta(months=2, days=5)
    agreement = AgreementFactory(mentorship=pair, end_date=agreed_end)

    services.accept_agreement(mentorship=pair, by=pair.mentee, version=version_of(pair))
    services.accept_agreement(mentorship=pair, by=pair.mentor, version=version_of(pair))

    agreement.refresh_from_db()
    assert agreement.accepted_by_both
    pair.refresh_from_db()
    assert pair.end_date == agreed_end
    assert [e for e in events(pair) if e[0] == Kind.AGREEMENT_ACCEPTED] == [
        (Kind.AGREEMENT_ACCEPTED, "", "1", pair.mentee_id),
        (Kind.AGREEMENT_ACCEPTED, "", "1", pair.mentor_id),
    ]


def test_accept_agreement_on_an_ended_mentorship_is_refused(pair):
    agreement = AgreementFactory(mentorship=pair)
    ended(pair)

    with pytest.raises(ValidationError) as error:
        services.accept_agreement(mentorship=pair, by=pair.mentor, version=version_of(pair))

    assert messages_of(error) == [HAS_ENDED]
    agreement.refresh_from_db()
    assert agreement.mentor_accepted_at is None


# --- add_goal and update_goal --------------------------------------------------------------


def test_add_goal(pair):
    GoalFactory(mentorship=pair, position=0)

    goal = services.add_goal(
        mentorship=pair, by=pair.mentor, title="  Speak at a meetup ", description=" In May. "
    )

    goal.refresh_from_db()
    assert (goal.mentorship, goal.title, goal.description) == (pair, "Speak at a meetup", "In May.")
    assert (goal.status, goal.position) == ("open", 1)


def test_add_goal_needs_a_title(pair):
    with pytest.raises(ValidationError) as error:
        services.add_goal(mentorship=pair, by=pair.mentee, title="   ")

    assert error.value.message_dict == {"title": ["This field cannot be blank."]}
    assert not Goal.objects.exists()


def test_add_goal_keeps_at_most_three(pair):
    GoalFactory.create_batch(2, mentorship=pair)
    GoalFactory(mentorship=pair, status="achieved")  # finished goals still count

    with pytest.raises(ValidationError) as error:
        services.add_goal(mentorship=pair, by=pair.mentee, title="A fourth goal")

    assert messages_of(error) == [THREE_GOALS]
    assert Goal.objects.count() == 3


def test_a_dropped_goal_frees_its_place(pair):
    GoalFactory.create_batch(2, mentorship=pair)
    GoalFactory(mentorship=pair, status="dropped")

    services.add_goal(mentorship=pair, by=pair.mentee, title="A new third goal")

    assert Goal.objects.exclude(status="dropped").count() == 3


def test_add_goal_on_an_ended_mentorship_is_refused(pair):
    ended(pair)

    with pytest.raises(ValidationError) as error:
        services.add_goal(mentorship=pair, by=pair.mentee, title="Too late")

    assert messages_of(error) == [HAS_ENDED]


def test_update_goal_keeps_each_earlier_text(pair):
    goal = GoalFactory(mentorship=pair, title="Apply for an internship", progress_note="")

    services.update_goal(goal=goal, by=pair.mentee, data={"progress_note": "Sent one application."})
    services.update_goal(
        goal=goal,
        by=pair.mentor,
        data={"status": "achieved", "title": "Apply for two internships"},
    )

    goal.refresh_from_db()
    assert (goal.title, goal.status, goal.progress_note) == (
        "Apply for two internships",
        "achieved",
        "Sent one application.",
    )
    history = list(
        GoalRevision.objects.filter(goal=goal)
        .order_by("pk")
        .values_list("title", "status", "progress_note", "actor_id")
    )
    assert history == [
        ("Apply for an internship", "open", "", pair.mentee_id),
        ("Apply for an internship", "open", "Sent one application.", pair.mentor_id),
    ]


def test_update_goal_without_a_change_keeps_no_revision(pair):
    goal = GoalFactory(mentorship=pair)

    services.update_goal(goal=goal, by=pair.mentee, data={"title": goal.title, "status": "open"})

    assert not GoalRevision.objects.exists()


def test_reopening_a_dropped_goal_when_three_are_active_is_refused(pair):
    GoalFactory.create_batch(3, mentorship=pair)
    dropped = GoalFactory(mentorship=pair, status="dropped")

    with pytest.raises(ValidationError) as error:
        services.update_goal(goal=dropped, by=pair.mentee, data={"status": "open"})

    assert error.value.message_dict == {"status": ["You already have 3 goals."]}
    dropped.refresh_from_db()
    assert dropped.status == "dropped"
    assert not GoalRevision.objects.exists()


def test_reopening_a_dropped_goal_with_a_free_place(pair):
    GoalFactory.create_batch(2, mentorship=pair)
    dropped = GoalFactory(mentorship=pair, status="dropped")

    services.update_goal(goal=dropped, by=pair.mentee, data={"status": "open"})

    dropped.refresh_from_db()
    assert dropped.status == "open"
    assert GoalRevision.objects.get(goal=dropped).status == "dropped"


def test_editing_a_dropped_goal_without_reopening_it_is_allowed_with_three_active(pair):
    GoalFactory.create_batch(3, mentorship=pair)
    dropped = GoalFactory(mentorship=pair, status="dropped")

    services.update_goal(goal=dropped, by=pair.mentee, data={"progress_note": "Not for now."})

    dropped.refresh_from_db()
    assert (dropped.status, dropped.progress_note) == ("dropped", "Not for now.")


def test_update_goal_on_an_ended_mentorship_is_refused(pair):
    goal = GoalFactory(mentorship=pair)
    ended(pair)

    with pytest.raises(ValidationError) as error:
        services.update_goal(goal=goal, by=pair.mentee, data={"status": "achieved"})

    assert messages_of(error) == [HAS_ENDED]


# --- schedule_meeting ----------------------------------------------------------------------


def test_the_mentor_cannot_propose_the_first_meeting(pair, mailoutbox):
    with pytest.raises(ValidationError) as error:
        services.schedule_meeting(mentorship=pair, by=pair.mentor, data=meeting_data())

    assert messages_of(error) == [MENTEE_PROPOSES_FIRST]
    assert not Meeting.objects.exists()
    assert mailoutbox == []


def test_the_mentee_proposes_the_first_meeting_and_the_mentor_is_emailed(
    pair, mailoutbox, django_capture_on_commit_callbacks
):
    running_in_march_2030(pair)
    data = meeting_data(starts_at=THURSDAY_18)

    with django_capture_on_commit_callbacks(execute=True):
        meeting = services.schedule_meeting(mentorship=pair, by=pair.mentee, data=data)

    meeting.refresh_from_db()
    for name, value in data.items():
        assert getattr(meeting, name) == value, name
    assert (meeting.mentorship, meeting.proposed_by, meeting.cancelled_at) == (
        pair,
        pair.mentee,
        None,
    )
    assert meeting.status == Meeting.Status.PROPOSED
    assert list(meeting.options.values_list("position", "starts_at")) == [(1, THURSDAY_18)]
    assert sent(mailoutbox) == [
        ([pair.mentor.email], "[WESTEM] Grace has proposed a meeting: choose a time")
    ]
    assert "- Thursday 14 March 2030, 18:00–19:00" in mailoutbox[0].body
    assert mailoutbox[0].attachments == []  # a proposal is in no calendar yet


def test_after_the_first_meeting_the_mentor_may_propose_one(
    pair, mailoutbox, django_capture_on_commit_callbacks
):
    running_in_march_2030(pair)
    MeetingFactory(mentorship=pair)
    pair.mentee.profile.timezone = "America/New_York"
    pair.mentee.profile.save()

    with django_capture_on_commit_callbacks(execute=True):
        meeting = services.schedule_meeting(
            mentorship=pair, by=pair.mentor, data=meeting_data(starts_at=THURSDAY_18)
        )

    assert meeting.proposed_by == pair.mentor
    assert sent(mailoutbox) == [
        ([pair.mentee.email], "[WESTEM] Ada has proposed a meeting: choose a time")
    ]
    # The time as the mentee sees it, in her own time zone.
    assert "- Thursday 14 March 2030, 13:00–14:00\n" in mailoutbox[0].body
    assert "Thu 14 Mar 13:00 (your time) — 18:00 for Ada in Stockholm" in mailoutbox[0].body
    assert "(America/New_York)" in mailoutbox[0].body


def test_schedule_meeting_in_the_past_is_refused(pair, mailoutbox):
    with pytest.raises(ValidationError) as error:
        services.schedule_meeting(
            mentorship=pair,
            by=pair.mentee,
            data=meeting_data(starts_at=timezone.now() - timedelta(minutes=5)),
        )

    assert error.value.message_dict == {"starts_at": [FUTURE_ONLY]}
    assert not Meeting.objects.exists()
    assert mailoutbox == []


def test_schedule_meeting_on_an_ended_mentorship_is_refused(pair):
    ended(pair)

    with pytest.raises(ValidationError) as error:
        services.schedule_meeting(mentorship=pair, by=pair.mentee, data=meeting_data())

    assert messages_of(error) == [HAS_ENDED]
    assert not Meeting.objects.exists()


# --- update_meeting ------------------------------------------------------------------------


def test_update_meeting_records_notes_and_tasks_after_it_took_place(pair):
    meeting = MeetingFactory(mentorship=pair, starts_at=timezone.now() - timedelta(days=1))

    services.update_meeting(
        meeting=meeting,
        by=pair.mentor,
        data={"notes": "We went through her CV.", "tasks_next_time": "Draft a cover letter."},
    )

    meeting.refresh_from_db()
    assert (meeting.notes, meeting.tasks_next_time) == (
        "We went through her CV.",
        "Draft a cover letter.",
    )


def test_update_meeting_moves_it_to_another_future_time(pair):
    meeting = MeetingFactory(mentorship=pair)
    later = meeting.starts_at + timedelta(days=2)

    services.update_meeting(
        meeting=meeting,
        by=pair.mentee,
        data={"starts_at": later, "location": "Room 4"},
        note="My lecture moved.",
    )

    meeting.refresh_from_db()
    assert (meeting.starts_at, meeting.location) == (later, "Room 4")
    assert (meeting.status, meeting.change_note) == (Meeting.Status.CONFIRMED, "My lecture moved.")


def test_update_meeting_refuses_a_new_time_in_the_past(pair):
    meeting = MeetingFactory(mentorship=pair)
    original = meeting.starts_at

    with pytest.raises(ValidationError) as error:
        services.update_meeting(
            meeting=meeting,
            by=pair.mentee,
            data={"starts_at": timezone.now() - timedelta(hours=1)},
        )

    assert error.value.message_dict == {"starts_at": [FUTURE_ONLY]}
    meeting.refresh_from_db()
    assert meeting.starts_at == original


def test_a_past_meetings_agenda_may_be_corrected_when_its_time_is_unchanged(pair):
    meeting = MeetingFactory(mentorship=pair, starts_at=timezone.now() - timedelta(days=1))

    services.update_meeting(
        meeting=meeting,
        by=pair.mentee,
        data={"starts_at": meeting.starts_at, "agenda": "Her CV, in the end."},
    )

    meeting.refresh_from_db()
    assert meeting.agenda == "Her CV, in the end."


def test_notes_stay_editable_after_the_end_but_the_plan_does_not(pair):
    meeting = MeetingFactory(mentorship=pair, starts_at=timezone.now() - timedelta(days=1))
    ended(pair)

    services.update_meeting(meeting=meeting, by=pair.mentee, data={"notes": "Last notes."})
    with pytest.raises(ValidationError) as error:
        services.update_meeting(meeting=meeting, by=pair.mentee, data={"location": "Room 5"})

    assert messages_of(error) == [HAS_ENDED]
    meeting.refresh_from_db()
    assert meeting.notes == "Last notes."
    assert meeting.location != "Room 5"


def test_update_meeting_refuses_a_cancelled_meeting(pair):
    meeting = MeetingFactory(mentorship=pair, cancelled_at=timezone.now())

    with pytest.raises(ValidationError) as error:
        services.update_meeting(meeting=meeting, by=pair.mentee, data={"notes": "Hello"})

    assert messages_of(error) == ["This meeting was cancelled."]
    meeting.refresh_from_db()
    assert meeting.notes == ""


# --- cancel_meeting ------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["mentor", "mentee"])
def test_cancel_a_future_meeting_and_the_other_is_emailed(
    pair, who, mailoutbox, django_capture_on_commit_callbacks
):
    meeting = MeetingFactory(mentorship=pair, starts_at=THURSDAY_18)
    by = getattr(pair, who)

    with django_capture_on_commit_callbacks(execute=True):
        services.cancel_meeting(meeting=meeting, by=by, note="I am ill.")
        services.cancel_meeting(meeting=meeting, by=by, note="I am ill.")  # a second click

    meeting.refresh_from_db()
    assert meeting.is_cancelled
    name = by.get_full_name()
    assert sent(mailoutbox) == [
        ([pair.other(by).email], f"[WESTEM] {name} has cancelled your meeting on 14 March 2030")
    ]


def test_a_meeting_that_took_place_cannot_be_cancelled(pair, mailoutbox):
    meeting = MeetingFactory(mentorship=pair, starts_at=timezone.now() - timedelta(minutes=1))

    with pytest.raises(ValidationError) as error:
        services.cancel_meeting(meeting=meeting, by=pair.mentee, note="Too late.")

    assert messages_of(error) == ["A meeting that has taken place cannot be cancelled."]
    meeting.refresh_from_db()
    assert meeting.cancelled_at is None
    assert mailoutbox == []


# --- post_message --------------------------------------------------------------------------


@pytest.mark.parametrize("body", ["", "   \n  "])
def test_post_message_refuses_an_empty_message(pair, body):
    with pytest.raises(ValidationError) as error:
        services.post_message(mentorship=pair, by=pair.mentee, body=body)

    assert error.value.message_dict == {"body": ["Write a message first."]}
    assert not Message.objects.exists()


def test_post_message_emails_the_other_at_most_once_an_hour(
    pair, clock, mailoutbox, django_capture_on_commit_callbacks
):
    def post(body, by=pair.mentee):
        with django_capture_on_commit_callbacks(execute=True):
            return services.post_message(mentorship=pair, by=by, body=body)

    first = post("  Hi Ada! Thursday at 18:00?  ")
    assert (first.body, first.author, first.created_at) == (
        "Hi Ada! Thursday at 18:00?",
        pair.mentee,
        clock.now,
    )
    assert first.emailed_at == clock.now
    assert sent(mailoutbox) == [([pair.mentor.email], "[WESTEM] Grace wrote you a message")]
    assert "Hi Ada! Thursday at 18:00?" in mailoutbox[0].body

    clock.advance(minutes=59)
    second = post("Or Friday.")
    assert second.emailed_at is None
    assert len(mailoutbox) == 1

    clock.advance(minutes=2)  # 61 minutes after the first email
    third = post("Any news?")
    assert third.emailed_at == clock.now
    assert sent(mailoutbox)[1:] == [([pair.mentor.email], "[WESTEM] Grace wrote you a message")]

    # Her emails do not hold back the mentor's reply to her.
    reply = post("Thursday works.", by=pair.mentor)
    assert reply.emailed_at == clock.now
    assert sent(mailoutbox)[2:] == [([pair.mentee.email], "[WESTEM] Ada wrote you a message")]
    assert Message.objects.filter(mentorship=pair).count() == 4


def test_the_same_message_sent_twice_at_once_is_one_message_and_one_email(
    pair, clock, mailoutbox, django_capture_on_commit_callbacks
):
    def post(body):
        with django_capture_on_commit_callbacks(execute=True):
            return services.post_message(mentorship=pair, by=pair.mentee, body=body)

    first = post("See you on Thursday!")
    clock.advance(seconds=30)
    again = post("  See you on Thursday!  ")  # the browser sent the form again

    assert again == first
    assert Message.objects.filter(mentorship=pair).count() == 1
    assert len(mailoutbox) == 1

    clock.advance(minutes=2)  # said again later: a message of its own
    later = post("See you on Thursday!")
    assert later != first
    assert Message.objects.filter(mentorship=pair).count() == 2


def test_post_message_on_an_ended_mentorship_is_refused(pair):
    ended(pair)

    with pytest.raises(ValidationError) as error:
        services.post_message(mentorship=pair, by=pair.mentee, body="Hello?")

    assert messages_of(error) == [HAS_ENDED]
    assert not Message.objects.exists()


# --- only the pair acts on its mentorship --------------------------------------------------


def _outsider_calls():
    def agreement(ctx, by):
        return services.save_agreement(
            mentorship=ctx.mentorship,
            by=by,
            data=agreement_data(ctx.mentorship, expectations="Changed by someone else."),
            goals=["Another goal"],
        )

    return {
        "advance_phase": lambda ctx, by: services.advance_phase(mentorship=ctx.mentorship, by=by),
        "confirm_closure": lambda ctx, by: services.confirm_closure(
            mentorship=ctx.mentorship, by=by
        ),
        "end_mentorship": lambda ctx, by: services.end_mentorship(
            mentorship=ctx.mentorship, by=by, reason="Not mine to end."
        ),
        "set_tick": lambda ctx, by: services.set_tick(
            mentorship=ctx.mentorship, by=by, item="get_to_know", done=True
        ),
        "save_agreement": agreement,
        "accept_agreement": lambda ctx, by: services.accept_agreement(
            mentorship=ctx.mentorship, by=by, version=version_of(ctx.mentorship)
        ),
        "add_goal": lambda ctx, by: services.add_goal(
            mentorship=ctx.mentorship, by=by, title="Someone else's goal"
        ),
        "update_goal": lambda ctx, by: services.update_goal(
            goal=ctx.goal, by=by, data={"status": "achieved"}
        ),
        "schedule_meeting": lambda ctx, by: services.schedule_meeting(
            mentorship=ctx.mentorship, by=by, data=meeting_data()
        ),
        "update_meeting": lambda ctx, by: services.update_meeting(
            meeting=ctx.meeting, by=by, data={"notes": "Read by a stranger."}
        ),
        "cancel_meeting": lambda ctx, by: services.cancel_meeting(
            meeting=ctx.meeting, by=by, note="Not mine to cancel."
        ),
        "accept_proposal": lambda ctx, by: services.accept_proposal(
            meeting=ctx.proposal, by=by, position=1
        ),
        "decline_proposal": lambda ctx, by: services.decline_proposal(
            meeting=ctx.proposal, by=by, times=[timezone.now() + timedelta(days=9)]
        ),
        "withdraw_proposal": lambda ctx, by: services.withdraw_proposal(
            meeting=ctx.own_proposal, by=by
        ),
        "post_message": lambda ctx, by: services.post_message(
            mentorship=ctx.mentorship, by=by, body="Hello from outside."
        ),
    }


OUTSIDER_CALLS = _outsider_calls()


def _state(mentorship) -> dict:
    mentorship.refresh_from_db()
    return {
        "mentorship": {f.name: getattr(mentorship, f.name) for f in Mentorship._meta.fields},
        "agreement": list(Agreement.objects.values()),
        "events": list(MentorshipEvent.objects.values()),
        "ticks": list(PhaseTick.objects.values()),
        "goals": list(Goal.objects.values()),
        "meetings": list(Meeting.objects.values()),
        "options": list(MeetingOption.objects.values()),
        "messages": list(Message.objects.values()),
    }


def _context(service) -> SimpleNamespace:
    """A mentorship where a participant could make ``service``'s call: phase 3 to advance,
    phase 4 (the closure) for the rest, with an agreement, a goal and a future meeting."""
    mentorship = MentorshipFactory(phase=3 if service == "advance_phase" else 4)
    return SimpleNamespace(
        mentorship=mentorship,
        agreement=AgreementFactory(mentorship=mentorship),
        goal=GoalFactory(mentorship=mentorship),
        meeting=MeetingFactory(mentorship=mentorship),
        # The mentor's proposal, for the mentee to answer; the mentee's own.
        proposal=MeetingOptionFactory(
            meeting__mentorship=mentorship, meeting__proposed_by=mentorship.mentor
        ).meeting,
        own_proposal=MeetingOptionFactory(meeting__mentorship=mentorship).meeting,
    )


@pytest.mark.parametrize("outsider", ["another mentor", "another mentee", "staff", "anonymous"])
@pytest.mark.parametrize("service", sorted(OUTSIDER_CALLS))
def test_a_third_person_cannot_act_on_the_mentorship(
    service, outsider, mailoutbox, django_capture_on_commit_callbacks
):
    ctx = _context(service)
    other_pair = MentorshipFactory()  # the outsiders have a mentorship of their own
    by = {
        "another mentor": other_pair.mentor,
        "another mentee": other_pair.mentee,
        "staff": StaffFactory(),
        "anonymous": None,
    }[outsider]
    before = _state(ctx.mentorship)

    with django_capture_on_commit_callbacks(execute=True), pytest.raises(PermissionDenied):
        OUTSIDER_CALLS[service](ctx, by)

    assert _state(ctx.mentorship) == before
    assert mailoutbox == []


@pytest.mark.parametrize("service", sorted(OUTSIDER_CALLS))
def test_the_participants_can_make_every_call_the_outsiders_cannot(
    service, django_capture_on_commit_callbacks
):
    """The counterpart of the test above, so that one cannot pass for another reason."""
    ctx = _context(service)
    before = _state(ctx.mentorship)

    with django_capture_on_commit_callbacks(execute=True):
        OUTSIDER_CALLS[service](ctx, ctx.mentorship.mentee)

    assert _state(ctx.mentorship) != before
