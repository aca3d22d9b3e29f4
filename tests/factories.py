"""factory-boy factories: one per model, each building a valid, complete object.

``MentorFactory()`` and ``MenteeFactory()`` return *Users* whose profile is complete, whose
email is verified and who accepted the current code of conduct, ready to use the platform.
"""

import factory
from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group
from django.utils import timezone as dj_timezone
from factory.django import DjangoModelFactory

from cycles.models import Mentorship, Phase, Style
from matching.models import ConnectionRequest, MentorPresentation, RequestEvent
from profiles.models import (
    CodeOfConduct,
    CodeOfConductAcceptance,
    ExpertiseArea,
    Profile,
    Role,
    SpokenLanguage,
    Stage,
    User,
)
from profiles.services import REPORTER_GROUP, STAFF_GROUP

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


class ConnectionRequestFactory(DjangoModelFactory):
    """A pending request from a new mentee to a new mentor."""

    class Meta:
        model = ConnectionRequest

    mentee = factory.SubFactory(MenteeFactory)
    mentor = factory.SubFactory(MentorFactory)
    style = Style.TRADITIONAL
    message = "Hello! I study computer science and would love advice on internships."
    status = ConnectionRequest.Status.PENDING


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
