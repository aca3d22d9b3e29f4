"""factory-boy factories: one per model, each building a valid, complete object.

``MentorFactory()`` and ``MenteeFactory()`` return *Users* whose profile is complete, whose
email is verified and who accepted the current code of conduct, ready to use the platform.
"""

from datetime import date, timedelta
from zoneinfo import ZoneInfo

import factory
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from dateutil.relativedelta import relativedelta
from django.contrib.auth.models import Group
from django.utils import timezone as dj_timezone
from factory.django import DjangoModelFactory

from cycles.models import (
    MAX_MONTHS,
    Agreement,
    AgreementVersion,
    CheckIn,
    ExitAnswer,
    Goal,
    GoalRevision,
    HealthSignal,
    Meeting,
    MeetingOption,
    Mentorship,
    MentorshipEvent,
    Message,
    Phase,
    PhaseTick,
    SafeguardingAlert,
    SafeguardingReading,
    Style,
)
from evaluations.models import ExportJob, FinalEvaluation, SessionEvaluation
from matching.models import (
    ConnectionRequest,
    FlashBooking,
    FlashSlot,
    MentorPresentation,
    RequestEvent,
)
from matching.rounds.models import MatchRound, RoundChoice, RoundDraft, RoundMentor, RoundOutcome
from profiles import access
from profiles.access import REPORTER_GROUP, STAFF_GROUP
from profiles.age import years_ago
from profiles.models import (
    Block,
    CalendarFeed,
    CodeOfConduct,
    CodeOfConductAcceptance,
    ExpertiseArea,
    GuardianConsent,
    MentorScreening,
    Profile,
    Report,
    Role,
    SpokenLanguage,
    Stage,
    User,
)
from resources.models import Event, Registration, Resource, ResourceVisit

PASSWORD = "correct-horse-battery-staple"


class ExpertiseAreaFactory(DjangoModelFactory):
    class Meta:
        model = ExpertiseArea
        django_get_or_create = ["slug"]

    slug = factory.Sequence(lambda n: f"field-{n}")
    name_en = factory.Sequence(lambda n: f"Field {n}")
    name_sv = factory.Sequence(lambda n: f"Område {n}")


class SpokenLanguageFactory(DjangoModelFactory):
    class Meta:
        model = SpokenLanguage
        django_get_or_create = ["code"]

    code = "en"
    name_en = "English"
    name_sv = "Engelska"


class CodeOfConductFactory(DjangoModelFactory):
    class Meta:
        model = CodeOfConduct

    version = factory.Sequence(lambda n: 100 + n)
    title_en = factory.LazyAttribute(lambda o: f"Code of conduct, version {o.version}")
    title_sv = factory.LazyAttribute(lambda o: f"Uppförandekod, version {o.version}")
    body_en = "Treat each other with respect. Keep what is shared in sessions confidential."
    body_sv = "Behandla varandra med respekt. Håll det som delas under sessionerna konfidentiellt."
    published_at = factory.LazyFunction(dj_timezone.now)


class UserFactory(DjangoModelFactory):
    """A user with a verified primary email address (the profile comes with its first request)."""

    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)
    is_active = True

    @factory.post_generation
    def verified_email(self, create, extracted, **kwargs):
        if create:
            self.save()
            EmailAddress.objects.get_or_create(
                user=self,
                email=self.email,
                defaults={"verified": True, "primary": True},
            )
            if access.is_program_staff(self):
                with_authenticator(self)


def version_of(mentorship) -> int:
    """The version of the pair's agreement as it is now, the one an acceptance names (1 when
    there is none yet)."""
    versions = Agreement.objects.filter(mentorship=mentorship).values_list("version", flat=True)
    return versions.first() or 1


def with_authenticator(user) -> None:
    """Staff, superusers and reporters see participants' data only with two-factor
    authentication set up (``profiles.access.needs_two_factor``)."""
    if not Authenticator.objects.filter(user=user).exists():
        TOTP.activate(user, generate_totp_secret())


class EmailAddressFactory(DjangoModelFactory):
    class Meta:
        model = EmailAddress

    user = factory.SubFactory(UserFactory)
    email = factory.Sequence(lambda n: f"other{n}@example.org")
    verified = True
    primary = False


class ProfileFactory(DjangoModelFactory):
    """A complete profile (every field of the completeness meter filled but the photo)."""

    class Meta:
        model = Profile
        skip_postgeneration_save = True

    user = factory.SubFactory(UserFactory)
    role = Role.MENTEE
    display_name = factory.Faker("first_name_female")
    country = "SE"
    # An adult unless a test says otherwise (``profile__birth_date=years_ago(12, today)``).
    birth_date = date(1995, 5, 17)
    stage = Stage.MASTER
    organisation = "KTH Royal Institute of Technology"
    bio = "I study engineering physics and I love programming."
    goals = "Find my way into research and build confidence in presenting my work."
    style_traditional = True
    style_flash = True
    hours_per_month = 3
    timezone = "Europe/Stockholm"
    language = "en"
    meeting_handle = factory.Sequence(lambda n: f"discord:westem_{n}")
    onboarded_at = factory.LazyFunction(dj_timezone.now)

    @factory.post_generation
    def expertise(self, create, extracted, **kwargs):
        if create:
            self.expertise.set(
                extracted
                or [ExpertiseAreaFactory(slug="computer-science", name_en="Computer science")]
            )

    @factory.post_generation
    def languages(self, create, extracted, **kwargs):
        if create:
            self.languages.set(extracted or [SpokenLanguageFactory()])


class CodeOfConductAcceptanceFactory(DjangoModelFactory):
    class Meta:
        model = CodeOfConductAcceptance

    user = factory.SubFactory(UserFactory)
    code = factory.LazyFunction(lambda: CodeOfConduct.objects.current() or CodeOfConductFactory())


class MenteeFactory(UserFactory):
    """A mentee ready to take part: complete profile, current code of conduct accepted.

    Set profile fields with ``profile__<field>``: ``MenteeFactory(profile__language="sv")``.
    """

    email = factory.Sequence(lambda n: f"mentee{n}@example.org")
    profile = factory.RelatedFactory(ProfileFactory, factory_related_name="user", role=Role.MENTEE)

    @factory.post_generation
    def conduct(self, create, extracted, **kwargs):
        code = CodeOfConduct.objects.current()
        if create and code and extracted is not False:
            CodeOfConductAcceptance.objects.get_or_create(user=self, code=code)


class MentorPresentationFactory(DjangoModelFactory):
    """A published, approved presentation accepting requests."""

    class Meta:
        model = MentorPresentation
        skip_postgeneration_save = True

    mentor = factory.SubFactory("tests.factories.MentorFactory", presentation=None)
    headline = "Software engineer happy to talk about studies and careers in computing"
    introduction = "I lead a team building network software and studied computer science."
    expertise_details = "Distributed systems, programming, leading teams."
    offer = "Study and career choices, applying for internships, confidence in technical roles."
    offers_traditional = True
    offers_flash = True
    capacity = 2
    accepting_requests = True
    is_published = True
    published_at = factory.LazyFunction(dj_timezone.now)
    approved_at = factory.LazyFunction(dj_timezone.now)

    @factory.post_generation
    def expertise(self, create, extracted, **kwargs):
        if create:
            self.expertise.set(extracted or list(self.mentor.profile.expertise.all()))

    @factory.post_generation
    def languages(self, create, extracted, **kwargs):
        if create:
            self.languages.set(extracted or list(self.mentor.profile.languages.all()))


class MentorFactory(MenteeFactory):
    """A mentor ready to take part: complete profile, current code of conduct accepted, and a
    published, approved presentation accepting requests (``capacity`` traditional mentees)."""

    class Params:
        capacity = 2

    email = factory.Sequence(lambda n: f"mentor{n}@example.org")
    profile = factory.RelatedFactory(
        ProfileFactory,
        factory_related_name="user",
        role=Role.MENTOR,
        stage=Stage.EXPERIENCED,
        organisation="Ericsson",
        bio="Engineer and team lead in telecom software for 15 years.",
        goals="Share how I found my way in engineering and help with career choices.",
    )
    presentation = factory.RelatedFactory(
        MentorPresentationFactory,
        factory_related_name="mentor",
        capacity=factory.SelfAttribute("..capacity"),
    )


class MentorshipFactory(DjangoModelFactory):
    """An active mentorship; ``MentorshipFactory(style="flash", phase=2)``."""

    class Meta:
        model = Mentorship

    mentor = factory.SubFactory(MentorFactory)
    mentee = factory.SubFactory(MenteeFactory)
    style = Style.TRADITIONAL
    phase = Phase.PREPARATION
    status = Mentorship.Status.ACTIVE
    start_date = factory.LazyFunction(dj_timezone.localdate)
    # Like ``cycles.services.start_mentorship``: a traditional cycle lasts at most 4 months.
    end_date = factory.LazyAttribute(
        lambda o: (
            o.start_date + relativedelta(months=MAX_MONTHS)
            if o.style == Style.TRADITIONAL
            else None
        )
    )


class MentorshipEventFactory(DjangoModelFactory):
    """The "started" entry every mentorship's history begins with."""

    class Meta:
        model = MentorshipEvent

    mentorship = factory.SubFactory(MentorshipFactory)
    actor = None
    kind = MentorshipEvent.Kind.STARTED
    to_value = factory.SelfAttribute("mentorship.style")


class PhaseTickFactory(DjangoModelFactory):
    """The mentee ticked "Set the date of the first meeting" (phase 1)."""

    class Meta:
        model = PhaseTick

    mentorship = factory.SubFactory(MentorshipFactory)
    user = factory.SelfAttribute("mentorship.mentee")
    item = "first_meeting_date"


class AgreementFactory(DjangoModelFactory):
    """A complete agreement that passes every rule of ``cycles.services.save_agreement``:
    3 months from the mentorship's start, 2 meetings of 60 minutes a month, confidentiality
    and the termination clause acknowledged; accepted by neither yet."""

    class Meta:
        model = Agreement

    mentorship = factory.SubFactory(MentorshipFactory)
    version = 1
    expectations = "Honest feedback on my study choices and help preparing internship applications."
    steps = "Meet twice a month, review one application together, practise a presentation."
    boundaries = "No help with graded assignments; no contact outside the agreed channels."
    meetings_per_month = 2
    meeting_minutes = 60
    availability = "Weekday evenings after 18:00, Stockholm time."
    confidentiality = True
    termination_clause = True
    start_date = factory.SelfAttribute("mentorship.start_date")
    end_date = factory.LazyAttribute(lambda o: o.start_date + relativedelta(months=3))
    mentor_success_criteria = "I share my experience and my mentee knows her next steps."
    mentee_success_criteria = "I have sent two internship applications and presented my work."
    updated_by = factory.SelfAttribute("mentorship.mentee")


class AgreementVersionFactory(DjangoModelFactory):
    """An earlier, accepted text of an agreement (the agreement's current version is one more)."""

    class Meta:
        model = AgreementVersion

    agreement = factory.SubFactory(AgreementFactory, version=2)
    version = factory.LazyAttribute(lambda o: o.agreement.version - 1)
    content = factory.LazyAttribute(
        lambda o: {
            "expectations": o.agreement.expectations,
            "steps": o.agreement.steps,
            "boundaries": o.agreement.boundaries,
            "meetings_per_month": o.agreement.meetings_per_month,
            "meeting_minutes": o.agreement.meeting_minutes,
            "availability": o.agreement.availability,
            "confidentiality": True,
            "termination_clause": True,
            "start_date": o.agreement.start_date.isoformat(),
            "end_date": o.agreement.end_date.isoformat(),
            "mentor_success_criteria": o.agreement.mentor_success_criteria,
            "mentee_success_criteria": o.agreement.mentee_success_criteria,
            "goals": ["Apply for a summer internship"],
        }
    )
    mentor_accepted_at = factory.LazyFunction(dj_timezone.now)
    mentee_accepted_at = factory.LazyFunction(dj_timezone.now)


class GoalFactory(DjangoModelFactory):
    class Meta:
        model = Goal

    mentorship = factory.SubFactory(MentorshipFactory)
    title = factory.Sequence(lambda n: f"Goal {n}: apply for a summer internship")
    description = "Find three companies, tailor my CV, send the applications."
    status = Goal.Status.OPEN
    progress_note = ""
    position = 0


class GoalRevisionFactory(DjangoModelFactory):
    """The goal as it was before a change by the mentee."""

    class Meta:
        model = GoalRevision

    goal = factory.SubFactory(GoalFactory)
    actor = factory.SelfAttribute("goal.mentorship.mentee")
    title = factory.LazyAttribute(lambda o: f"{o.goal.title} (first draft)")
    description = factory.SelfAttribute("goal.description")
    status = Goal.Status.OPEN
    progress_note = ""


class HealthSignalFactory(DjangoModelFactory):
    """An open signal: no first meeting three weeks after the start."""

    class Meta:
        model = HealthSignal

    mentorship = factory.SubFactory(MentorshipFactory)
    kind = HealthSignal.Kind.FIRST_MEETING
    started_on = factory.LazyFunction(dj_timezone.localdate)


class CheckInFactory(DjangoModelFactory):
    """Staff emailed the pair; no answer yet."""

    class Meta:
        model = CheckIn

    mentorship = factory.SubFactory(MentorshipFactory)
    staff = factory.SubFactory("tests.factories.StaffFactory")
    channel = CheckIn.Channel.EMAIL
    outcome = CheckIn.Outcome.NO_ANSWER


class ExitAnswerFactory(DjangoModelFactory):
    """The mentee ended it for lack of time, and may join again."""

    class Meta:
        model = ExitAnswer

    mentorship = factory.SubFactory(
        MentorshipFactory,
        status=Mentorship.Status.ENDED_EARLY,
        ended_at=factory.LazyFunction(dj_timezone.now),
    )
    person = factory.SelfAttribute("mentorship.mentee")
    reason = ExitAnswer.Reason.TIME
    would_join_again = ExitAnswer.Again.MAYBE


class MeetingFactory(DjangoModelFactory):
    """A meeting a week from now, proposed by the mentee and agreed, on a video-call link
    (cancelled when given ``cancelled_at``)."""

    class Meta:
        model = Meeting

    mentorship = factory.SubFactory(MentorshipFactory)
    starts_at = factory.LazyFunction(
        lambda: (dj_timezone.now() + timedelta(days=7)).replace(second=0, microsecond=0)
    )
    time_zone = "Europe/Stockholm"
    duration_minutes = 60
    location = factory.Sequence(lambda n: f"https://meet.example.org/westem-{n}")
    agenda = "Talk about my internship applications."
    proposed_by = factory.SelfAttribute("mentorship.mentee")
    cancelled_at = None
    status = factory.LazyAttribute(
        lambda meeting: (
            Meeting.Status.CANCELLED if meeting.cancelled_at else Meeting.Status.CONFIRMED
        )
    )
    # Agreed when it was made (a proposal accepted at once); None for a proposal.
    agreed_at = factory.LazyAttribute(
        lambda meeting: None if meeting.status == Meeting.Status.PROPOSED else dj_timezone.now()
    )


class MeetingOptionFactory(DjangoModelFactory):
    """A time offered by a proposal (a proposed meeting of its own, unless given one)."""

    class Meta:
        model = MeetingOption

    meeting = factory.SubFactory(MeetingFactory, status=Meeting.Status.PROPOSED)
    starts_at = factory.SelfAttribute("meeting.starts_at")
    position = 1


class SafeguardingReadingFactory(DjangoModelFactory):
    """A safeguarding lead's reading of a pair's pages."""

    class Meta:
        model = SafeguardingReading

    mentorship = factory.SubFactory(MentorshipFactory)
    reader = factory.SubFactory("tests.factories.StaffFactory")


class SafeguardingAlertFactory(DjangoModelFactory):
    """The mentee of a pair pressed "I feel unsafe"."""

    class Meta:
        model = SafeguardingAlert

    mentorship = factory.SubFactory(MentorshipFactory)
    raised_by = factory.SelfAttribute("mentorship.mentee")
    text = "He asked me to add him on Snapchat."


class MessageFactory(DjangoModelFactory):
    class Meta:
        model = Message

    mentorship = factory.SubFactory(MentorshipFactory)
    author = factory.SelfAttribute("mentorship.mentee")
    body = "Hi! Could we move Thursday's meeting to 18:00?"


class ConnectionRequestFactory(DjangoModelFactory):
    """A pending request from a new mentee to a new mentor."""

    class Meta:
        model = ConnectionRequest

    mentee = factory.SubFactory(MenteeFactory)
    mentor = factory.SubFactory(MentorFactory)
    style = Style.TRADITIONAL
    message = "Hello! I study computer science and would love advice on internships."
    status = ConnectionRequest.Status.PENDING


class FlashSlotFactory(DjangoModelFactory):
    """A one-off flash time of a new mentor, three days ahead at 18:00 in Stockholm
    (``repeat_weekly_until=`` a date for a weekly one)."""

    class Meta:
        model = FlashSlot

    mentor = factory.SubFactory(MentorFactory)
    starts_at = factory.LazyFunction(
        lambda: (
            (dj_timezone.now() + timedelta(days=3))
            .astimezone(ZoneInfo("Europe/Stockholm"))
            .replace(hour=18, minute=0, second=0, microsecond=0)
        )
    )
    time_zone = "Europe/Stockholm"
    duration_minutes = 45
    location = factory.Sequence(lambda n: f"https://meet.example.org/flash-{n}")
    repeat_weekly_until = None


class FlashBookingFactory(DjangoModelFactory):
    """A mentee's booking of a slot's first time, its flash mentorship and agreed meeting."""

    class Meta:
        model = FlashBooking

    slot = factory.SubFactory(FlashSlotFactory)
    mentor = factory.SelfAttribute("slot.mentor")
    mentee = factory.SubFactory(MenteeFactory)
    starts_at = factory.SelfAttribute("slot.starts_at")
    question = "How did you choose between a PhD and a job in industry?"
    status = FlashBooking.Status.BOOKED
    mentorship = factory.SubFactory(
        MentorshipFactory,
        mentor=factory.SelfAttribute("..mentor"),
        mentee=factory.SelfAttribute("..mentee"),
        style=Style.FLASH,
    )
    meeting = factory.SubFactory(
        MeetingFactory,
        mentorship=factory.SelfAttribute("..mentorship"),
        starts_at=factory.SelfAttribute("..starts_at"),
        duration_minutes=45,
    )


class RequestEventFactory(DjangoModelFactory):
    class Meta:
        model = RequestEvent

    request = factory.SubFactory(ConnectionRequestFactory)
    actor = factory.SelfAttribute("request.mentee")
    from_status = ""
    to_status = ConnectionRequest.Status.PENDING


class StaffFactory(UserFactory):
    email = factory.Sequence(lambda n: f"staff{n}@westem.example")
    is_staff = True

    @factory.post_generation
    def staff_group(self, create, extracted, **kwargs):
        if create:
            self.groups.add(Group.objects.get(name=STAFF_GROUP))


class ReporterFactory(UserFactory):
    email = factory.Sequence(lambda n: f"reporter{n}@westem.example")

    @factory.post_generation
    def reporter_group(self, create, extracted, **kwargs):
        if create:
            self.groups.add(Group.objects.get(name=REPORTER_GROUP))
            with_authenticator(self)


class BlockFactory(DjangoModelFactory):
    """A mentee blocked a mentor."""

    class Meta:
        model = Block

    blocker = factory.SubFactory(MenteeFactory)
    blocked = factory.SubFactory(MentorFactory)


class GuardianConsentFactory(DjangoModelFactory):
    """A guardian asked for a 12-year-old in Sweden, not yet consented (``consented=True``:
    given, with the text)."""

    class Meta:
        model = GuardianConsent

    user = factory.SubFactory(
        MenteeFactory,
        profile__birth_date=factory.LazyFunction(lambda: years_ago(12, dj_timezone.localdate())),
    )
    guardian_name = "Karin Lind"
    guardian_email = factory.Sequence(lambda n: f"guardian{n}@example.com")
    token_hash = factory.Sequence(lambda n: f"{n:064x}")

    class Params:
        consented = factory.Trait(
            consented_at=factory.LazyFunction(dj_timezone.now),
            token_hash="",
            text_version="2026-12-07",
            consented_text="I consent.",
        )


class ReportFactory(DjangoModelFactory):
    """An open report from a mentee about a mentor, outside any mentorship."""

    class Meta:
        model = Report

    reporter = factory.SubFactory(MenteeFactory)
    reported = factory.SubFactory(MentorFactory)
    reason = Report.Reason.HARASSMENT
    details = "She kept messaging me after I said no, on channels we had not agreed."
    status = Report.Status.OPEN


class SessionEvaluationFactory(DjangoModelFactory):
    """The mentee's reflection on a meeting held yesterday."""

    class Meta:
        model = SessionEvaluation

    meeting = factory.SubFactory(
        MeetingFactory,
        starts_at=factory.LazyFunction(
            lambda: (dj_timezone.now() - timedelta(days=1)).replace(second=0, microsecond=0)
        ),
    )
    author = factory.SelfAttribute("meeting.mentorship.mentee")
    useful = 4
    prepared = 3
    understood = 5
    progress = 4
    reflection = "I felt listened to. Next time I want to practise my interview answers."


class FinalEvaluationFactory(DjangoModelFactory):
    """The mentee's final evaluation of a completed traditional mentorship."""

    class Meta:
        model = FinalEvaluation

    mentorship = factory.SubFactory(
        MentorshipFactory,
        phase=Phase.CLOSURE,
        status=Mentorship.Status.COMPLETED,
        ended_at=factory.LazyFunction(dj_timezone.now),
    )
    author = factory.SelfAttribute("mentorship.mentee")
    goals_met = "Apply for a summer internship in materials science."
    goals_not_met = "Give a talk at the student union: the event was cancelled."
    strengths = "I explain complex things clearly; I still doubt myself in group work."
    application = "I will ask for feedback early instead of waiting until I feel ready."
    biases = "People assumed I was the note-taker in lab meetings. I now say so, calmly."
    stem_impact = "I am now sure I want to do a PhD in physics."
    quality_rating = 5
    effectiveness_rating = 4
    sessions = 6


class ExportJobFactory(DjangoModelFactory):
    """A CSV export asked for by a reporter, waiting to start."""

    class Meta:
        model = ExportJob

    requested_by = factory.SubFactory(ReporterFactory)
    format = ExportJob.Format.CSV
    filters = factory.LazyFunction(dict)
    language = "en"


class ResourceFactory(DjangoModelFactory):
    """A published English article with a link, for mentors and mentees, in phases 1 and 2."""

    class Meta:
        model = Resource

    title = factory.Sequence(lambda n: f"Finding your voice in the lab, part {n}")
    summary = "How to speak up in group meetings, with exercises to try before your next one."
    category = "confidence"
    kind = "article"
    audience = "both"
    language = "en"
    for_preparation = True
    for_negotiation = True
    url = factory.Sequence(lambda n: f"https://library.example.org/articles/{n}")


class ResourceVisitFactory(DjangoModelFactory):
    class Meta:
        model = ResourceVisit

    user = factory.SubFactory(MenteeFactory)


class EventFactory(DjangoModelFactory):
    """The mentors' online preparatory meeting, two weeks from now, 20 places."""

    class Meta:
        model = Event

    kind = Event.Kind.PREPARATORY
    title = "Preparatory meeting for mentors"
    description = "We go through the manual, the cycle and the agreement, and answer questions."
    starts_at = factory.LazyFunction(
        lambda: (dj_timezone.now() + timedelta(days=14)).replace(second=0, microsecond=0)
    )
    time_zone = "Europe/Stockholm"
    duration_minutes = 90
    online_link = factory.Sequence(lambda n: f"https://meet.example.org/westem-event-{n}")
    capacity = 20
    audience = "mentor"


class RegistrationFactory(DjangoModelFactory):
    class Meta:
        model = Registration

    event = factory.SubFactory(EventFactory)
    user = factory.SubFactory(MentorFactory)


class CalendarFeedFactory(DjangoModelFactory):
    """A working calendar address of a mentee's. Its token is not kept (only its hash): to
    open the feed, make one with ``profiles.services.make_calendar_feed``."""

    class Meta:
        model = CalendarFeed

    user = factory.SubFactory(MenteeFactory)
    token_hash = factory.Sequence(lambda n: f"{n:064x}")


class MentorScreeningFactory(DjangoModelFactory):
    """A mentor's screening checked a month ago, valid for a year from then."""

    class Meta:
        model = MentorScreening

    mentor = factory.SubFactory(MentorFactory)
    kind = "police record extract"
    checked_on = factory.LazyFunction(lambda: dj_timezone.localdate() - timedelta(days=30))
    valid_until = factory.LazyFunction(lambda: dj_timezone.localdate() + timedelta(days=335))


class MatchRoundFactory(DjangoModelFactory):
    """A round open to all whose rankings closed yesterday: in review, not published."""

    class Meta:
        model = MatchRound
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Autumn cohort {n}")
    opens_at = factory.LazyFunction(lambda: dj_timezone.now() - timedelta(days=14))
    closes_at = factory.LazyFunction(lambda: dj_timezone.now() - timedelta(days=1))
    publishes_on = factory.LazyFunction(lambda: dj_timezone.localdate() + timedelta(days=3))


class OpenMatchRoundFactory(MatchRoundFactory):
    """A match round open for rankings since yesterday, for a week; results a fortnight from
    today."""

    name = factory.Sequence(lambda n: f"Spring cohort {n}")
    opens_at = factory.LazyFunction(lambda: dj_timezone.now() - timedelta(days=1))
    closes_at = factory.LazyFunction(lambda: dj_timezone.now() + timedelta(days=7))
    publishes_on = factory.LazyFunction(lambda: dj_timezone.localdate() + timedelta(days=14))


class RoundChoiceFactory(DjangoModelFactory):
    class Meta:
        model = RoundChoice

    round = factory.SubFactory(MatchRoundFactory)
    mentee = factory.SubFactory(MenteeFactory)
    mentor = factory.SubFactory(MentorFactory)
    rank = 1


class RoundMentorFactory(DjangoModelFactory):
    class Meta:
        model = RoundMentor

    round = factory.SubFactory(MatchRoundFactory)
    mentor = factory.SubFactory(MentorFactory)
    capacity = 1


class RoundDraftFactory(DjangoModelFactory):
    """A draft with the figures of one mentee matched with her first choice."""

    class Meta:
        model = RoundDraft

    round = factory.SubFactory(MatchRoundFactory)
    number = factory.Sequence(lambda n: n + 1)
    figures = factory.LazyFunction(
        lambda: {
            "mentees": 1,
            "matched": 1,
            "unmatched": 0,
            "by_choice": {"1": 1},
            "mentors": 1,
            "places": 2,
            "places_left": 1,
            "blocking_pairs": 0,
            "broken_rules": 0,
            "fairness": {"country": [], "field": [], "language": []},
            "seconds": {"read": 0.0, "solve": 0.0, "check": 0.0, "explain": 0.0},
        }
    )


class RoundOutcomeFactory(DjangoModelFactory):
    """A mentee matched with her first choice, the mentor's first too."""

    class Meta:
        model = RoundOutcome

    draft = factory.SubFactory(RoundDraftFactory)
    mentee = factory.SubFactory(MenteeFactory)
    mentor = factory.SubFactory(MentorFactory)
    mentee_rank = 1
    mentor_rank = 1
    reasons = factory.LazyFunction(
        lambda: {"fields": [], "languages": [], "goals": [], "same_country": False, "missed": []}
    )
