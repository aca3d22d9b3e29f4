"""Writing the demo program, through the apps' services.

``load(password=…)`` writes everything the modules beside this one describe, in one
transaction; ``summary`` and ``logins`` give the lines the command prints. Running it again
creates nothing new: people are looked up by email and the ones already there are left alone
(only the known logins are checked and repaired, and their password reset, so they always
work); each later kind of data is written once and skipped when the demo already has it.

Each kind of data has its own small ``seed_…(demo)`` function, called in order from
``SEEDERS``. A later kind (presentations, requests, mentorships, …) adds its function at the
end of that list, draws its random numbers from ``demo.rng_for("<kind>")`` so the people stay
exactly as they are, and writes through the app's services like the others.
"""

import random
import zoneinfo
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth.hashers import check_password, is_password_usable, make_password
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.management.base import CommandError
from django.db import transaction
from django.test.utils import override_settings
from django.utils import timezone
from django.utils.text import slugify

from cycles import services as cycle_services
from cycles.models import Meeting, Mentorship, Style
from evaluations import selectors as evaluation_selectors
from evaluations import services as evaluation_services
from evaluations.models import SessionEvaluation
from matching import services as matching_services
from matching.models import ConnectionRequest, MatchRound, MentorPresentation
from matching.rounds import eligibility
from matching.rounds import services as round_services
from profiles import services
from profiles.models import ExpertiseArea, Profile, Role, SpokenLanguage, User
from resources import services as resource_services
from resources.models import Event, Registration, Resource
from westem import documents as library_documents
from westem.demo import events, presentations
from westem.demo import mentorships as plan
from westem.demo.backgrounds import FIELDS
from westem.demo.cast import make_people
from westem.demo.library import DEMO_LIBRARY, LibraryEntry
from westem.demo.people import (
    EMAIL_DOMAIN,
    KNOWN_LOGINS,
    LOGIN_LABELS,
    MENTEE_EMAIL,
    MENTOR_EMAIL,
    SEED,
    STAFF_EMAIL,
    TEAM,
    Person,
)
from westem.demo.reflections import FINAL_ANSWERS, REFLECTION_TEXTS


@dataclass
class Demo:
    """What the seed functions share: the password, the team, the people, and the tallies."""

    password: str
    password_hash: str = ""
    staff: User | None = None
    people: dict[str, User] = field(default_factory=dict)  # email -> user, every demo person
    new: set[str] = field(default_factory=set)  # emails of the users this run created
    created: Counter = field(default_factory=Counter)
    existing: Counter = field(default_factory=Counter)

    def rng_for(self, kind: str) -> random.Random:
        """A random source of one kind of data, so adding a kind never reshuffles another."""
        return random.Random(f"{SEED}:{kind}")


def seed_team(demo: Demo) -> None:
    """The staff member, the superuser and the reporter."""
    for member in TEAM:
        user, created = _get_or_create_user(demo, member.email, superuser=member.is_superuser)
        changed = {}
        if user.is_staff != member.is_staff:
            changed["is_staff"] = member.is_staff
        if member.is_superuser and not user.is_superuser:
            changed["is_superuser"] = True
        if not user.is_active:
            changed["is_active"] = True
        if changed:
            User.objects.filter(pk=user.pk).update(**changed)
            user.refresh_from_db()
        if member.group and not user.groups.filter(name=member.group).exists():
            services.add_to_group(user=user, group_name=member.group)
        demo.people[member.email] = user
        (demo.created if created else demo.existing)["team"] += 1
    demo.staff = demo.people[STAFF_EMAIL]


def seed_participants(demo: Demo) -> None:
    """The mentors and mentees: account, role, code of conduct, profile, manual, meeting."""
    areas = {area.slug: area for area in ExpertiseArea.objects.filter(is_active=True)}
    field_slugs = [slug for slug in FIELDS if slug in areas]
    if not field_slugs:
        raise CommandError("No fields of expertise found: run `manage.py migrate` first.")
    spoken = {language.code: language for language in SpokenLanguage.objects.all()}
    code = services.current_code_of_conduct()

    people = make_people(random.Random(SEED), field_slugs=field_slugs)
    existing = {u.email: u for u in User.objects.filter(email__in=[p.email for p in people])}
    known = {MENTOR_EMAIL, MENTEE_EMAIL}
    for person in people:
        user = existing.get(person.email)
        if user is None:
            user, _created = _get_or_create_user(demo, person.email)
        elif person.email not in known:
            # Someone already there is left as she is (she may have been edited since).
            demo.people[person.email] = user
            demo.existing[person.role] += 1
            continue
        else:
            _ensure_verified_email(user)
            demo.existing[person.role] += 1
        demo.people[person.email] = user
        _set_up_participant(
            person,
            user=user,
            code=code,
            expertise=[areas[s] for s in person.expertise if s in areas],
            languages=[spoken[c] for c in person.languages if c in spoken],
        )
        if person.email in demo.new:
            demo.created[person.role] += 1

    mentors = [p for p in people if p.preparatory_meeting and _is_ours(demo, p)]
    services.mark_preparatory_meeting_attended(
        profiles=Profile.objects.filter(user__email__in=[p.email for p in mentors]),
        by=demo.staff,
    )


def _is_ours(demo: Demo, person: Person) -> bool:
    """New this run, or a known login (which is always kept in working order)."""
    return person.email in demo.new or person.email in (MENTOR_EMAIL, MENTEE_EMAIL)


def _set_up_participant(person: Person, *, user: User, code, expertise, languages) -> None:
    """Each step only fills what is missing, so a known login left half-done is repaired."""
    profile = services.ensure_profile(user=user, language=person.language)
    try:
        if profile.role != person.role:
            services.choose_role(user=user, role=person.role)
        if code is not None and not services.has_accepted_current_code(user=user):
            services.accept_code_of_conduct(user=user, code=code)
        if profile.onboarded_at is None:
            services.update_profile(
                user=user,
                data=person.profile_data(),
                expertise=expertise,
                languages=languages,
            )
    except ValidationError as error:
        raise CommandError(f"{person.email}: {'; '.join(error.messages)}") from error
    if person.manual_read:
        services.record_manual_read(user=user)


def set_passwords(demo: Demo) -> None:
    """The new users and the known logins get the demo password; the rest keep theirs.

    Hashing is slow on purpose, so one hash serves everyone, and a known login whose
    password already works is not touched (re-running logs nobody out).
    """
    logins = [demo.people[email] for email in (*KNOWN_LOGINS, *demo.new)]
    usable = [user.password for user in logins if is_password_usable(user.password)]
    for encoded in dict.fromkeys(usable):
        if check_password(demo.password, encoded):
            demo.password_hash = encoded
            break
    else:
        demo.password_hash = make_password(demo.password)
    stale = [user.pk for user in logins if user.password != demo.password_hash]
    User.objects.filter(pk__in=stale).update(password=demo.password_hash)


def _get_or_create_user(demo: Demo, email: str, *, superuser: bool = False) -> tuple[User, bool]:
    user = User.objects.filter(email=email).first()
    created = user is None
    if created:
        create = User.objects.create_superuser if superuser else User.objects.create_user
        user = create(email, password=None)
        demo.new.add(email)
        EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    else:
        _ensure_verified_email(user)
    return user, created


def _ensure_verified_email(user: User) -> None:
    """A verified primary address, so logging in works with mandatory verification."""
    address = EmailAddress.objects.filter(user=user, email__iexact=user.email).first()
    if address is None:
        EmailAddress.objects.filter(user=user, primary=True).update(primary=False)
        EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    elif not (address.verified and address.primary):
        EmailAddress.objects.filter(user=user, primary=True).exclude(pk=address.pk).update(
            primary=False
        )
        EmailAddress.objects.filter(pk=address.pk).update(verified=True, primary=True)


def seed_matching(demo: Demo) -> None:
    """Presentations (published, awaiting approval, draft, paused) and requests in every
    state, through the matching services. Runs once: skipped when demo requests exist."""
    people = list(demo.people.values())
    if ConnectionRequest.objects.filter(mentee__in=people).exists():
        demo.existing["matching"] += 1
        return
    rng = demo.rng_for("matching")
    profiles = {
        p.user.email: p
        for p in Profile.objects.filter(user__in=people)
        .select_related("user")
        .prefetch_related("expertise", "languages")
    }
    mentors = sorted(
        (p for p in profiles.values() if p.role == Role.MENTOR),
        key=lambda p: p.user.email != MENTOR_EMAIL,
    )
    mentees = sorted(
        (p for p in profiles.values() if p.role == Role.MENTEE),
        key=lambda p: p.user.email != MENTEE_EMAIL,
    )
    visible = []
    for index, profile in enumerate(mentors):
        mentor = profile.user
        if MentorPresentation.objects.filter(mentor=mentor).exists():
            continue
        area = profile.expertise.all()[0]
        presentation = matching_services.save_presentation(
            mentor=mentor,
            data={
                "headline": rng.choice(presentations.HEADLINES).format(field=area.name_en),
                "introduction": profile.bio,
                "expertise_details": "",
                "offer": profile.goals or presentations.DEFAULT_OFFER,
                "offers_traditional": profile.style_traditional or not profile.style_flash,
                "offers_flash": profile.style_flash,
                "capacity": rng.choice(presentations.CAPACITIES),
                "accepting_requests": True,
            },
            expertise=list(profile.expertise.all()),
            languages=list(profile.languages.all()),
        )
        if index in presentations.DRAFTS:
            continue
        presentation = matching_services.publish_presentation(presentation=presentation, by=mentor)
        if index in presentations.AWAITING_APPROVAL:
            continue
        visible.append(presentation)
        if index in presentations.PAUSED:
            matching_services.set_accepting_requests(
                presentation=presentation, by=mentor, accepting=False
            )
    matching_services.approve_presentations(presentations=visible, by=demo.staff)
    demo.created["presentations"] += len(visible)

    open_mentors = [p.mentor for p in visible][:20]
    the_mentor, the_mentee = demo.people[MENTOR_EMAIL], demo.people[MENTEE_EMAIL]

    def ask(mentee, mentor, style="traditional"):
        stage = profiles[mentee.email].get_stage_display().lower()
        message = rng.choice(presentations.REQUEST_MESSAGES).format(stage=stage)
        return matching_services.send_request(
            mentee=mentee, mentor=mentor, style=style, message=message
        )

    # The two demo logins are a pair, so both see a mentorship.
    matching_services.accept_request(request=ask(the_mentee, the_mentor), by=the_mentor)
    others = [p.user for p in mentees if p.user != the_mentee]
    # Waiting in the demo mentor's inbox.
    ask(others[0], the_mentor, "flash")
    ask(others[1], the_mentor, "flash")
    for offset, mentee in enumerate(others[2:40]):
        mentor = open_mentors[1 + offset % (len(open_mentors) - 1)]
        presentation = mentor.presentation
        if not presentation.accepting_requests:
            continue
        style = (
            "flash"
            if presentation.offers_flash
            and (offset % 3 == 0 or not presentation.offers_traditional)
            else "traditional"
        )
        try:
            request = ask(mentee, mentor, style)
        except ValidationError:
            continue  # a full mentor: the rules hold in the demo too
        outcome = offset % 5
        try:
            if outcome in (0, 1):
                matching_services.accept_request(request=request, by=mentor)
            elif outcome == 2:
                matching_services.decline_request(
                    request=request, by=mentor, reason=rng.choice(presentations.DECLINE_REASONS)
                )
            elif outcome == 3 and offset % 2:
                matching_services.withdraw_request(request=request, by=mentee)
        except ValidationError:
            continue
        demo.created["requests"] += 1
    # Two old requests nobody answered: the daily job expires them.
    stale = [ask(others[40], open_mentors[2], "flash"), ask(others[41], open_mentors[3], "flash")]
    ConnectionRequest.objects.filter(pk__in=[r.pk for r in stale]).update(
        created_at=timezone.now() - timedelta(days=settings.MATCHING_REQUEST_EXPIRY_DAYS + 2)
    )
    matching_services.expire_stale_requests()


def seed_cycles(demo: Demo) -> None:
    """Mentorships in every phase, style and status, through the cycles services: agreements,
    meetings (past ones are moved back in time after they are proposed, as demo data only),
    goals, ticks and messages. Runs once: skipped when any demo mentorship has meetings."""
    mentorships = list(
        Mentorship.objects.filter(mentee__in=list(demo.people.values()))
        .select_related("mentor", "mentee")
        .order_by("pk")
    )
    if not mentorships or Meeting.objects.filter(mentorship__in=mentorships).exists():
        return
    now = timezone.now()
    the_pair = next(m for m in mentorships if m.mentee.email == MENTEE_EMAIL)
    others = [m for m in mentorships if m is not the_pair]

    def meet(mentorship, days: int, *, by=None, agenda=plan.FIRST_AGENDA):
        meeting = cycle_services.schedule_meeting(
            mentorship=mentorship,
            by=by or mentorship.mentee,
            data={
                **plan.MEETING,
                "starts_at": now + timedelta(days=abs(days), hours=2),
                "agenda": agenda,
            },
        )
        # The partner accepts the proposed time: the meeting is agreed.
        meeting = cycle_services.accept_proposal(
            meeting=meeting, by=mentorship.other(meeting.proposed_by), position=1
        )
        if days < 0:  # a meeting that has taken place
            Meeting.objects.filter(pk=meeting.pk).update(
                starts_at=now + timedelta(days=days), notes=plan.MEETING_NOTES
            )
        return meeting

    def agree(mentorship, *, accept=("mentor", "mentee")):
        data = {
            **plan.AGREEMENT_TEXT,
            "start_date": mentorship.start_date,
            "end_date": mentorship.start_date + timedelta(days=plan.AGREEMENT_DAYS),
        }
        goals = plan.DEMO_GOALS[: plan.GOALS_AGREED]
        agreement = cycle_services.save_agreement(
            mentorship=mentorship, by=mentorship.mentee, data=data, goals=goals
        )
        for role in accept:
            cycle_services.accept_agreement(
                mentorship=mentorship, by=getattr(mentorship, role), version=agreement.version
            )

    def advance(mentorship, to_phase: int):
        while mentorship.phase < to_phase:
            mentorship = cycle_services.advance_phase(mentorship=mentorship, by=mentorship.mentor)
        return mentorship

    # The demo pair: phase 2, one meeting held and one ahead, the agreement waiting for the
    # mentor's acceptance, a few messages and ticks.
    held, ahead = plan.PAIR_MEETING_DAYS
    meet(the_pair, held)
    meet(the_pair, ahead, agenda=plan.NEXT_AGENDA)
    advance(the_pair, 2)
    agree(the_pair, accept=("mentee",))
    for item in plan.PAIR_MENTEE_TICKS:
        cycle_services.set_tick(mentorship=the_pair, by=the_pair.mentee, item=item, done=True)
    for item in plan.PAIR_MENTOR_TICKS:
        cycle_services.set_tick(mentorship=the_pair, by=the_pair.mentor, item=item, done=True)
    for index, body in enumerate(plan.DEMO_MESSAGES):
        author = the_pair.mentee if index % 2 == 0 else the_pair.mentor
        cycle_services.post_message(mentorship=the_pair, by=author, body=body)

    # The others spread over the cycle, each style on its own: every phase and every ending.
    for style in (Style.TRADITIONAL, Style.FLASH):
        of_style = [m for m in others if m.style == style]
        for index, mentorship in enumerate(of_style):
            step = plan.PLANS[index % len(plan.PLANS)]
            meet(mentorship, -20 + index)
            if step == "phase 1":
                continue
            if mentorship.is_traditional:
                agree(mentorship)
            mentorship = advance(mentorship, 2)
            if step == "phase 2":
                meet(mentorship, 7 + index, by=mentorship.mentor, agenda=plan.GOALS_AGENDA)
                continue
            mentorship = advance(mentorship, 3 if mentorship.is_traditional else 4)
            if step == "phase 3":
                continue
            mentorship = advance(mentorship, 4)
            if step == "completed":
                for person in (mentorship.mentor, mentorship.mentee):
                    cycle_services.confirm_closure(mentorship=mentorship, by=person)
            elif step == "ended":
                cycle_services.end_mentorship(
                    mentorship=mentorship,
                    by=mentorship.mentee,
                    reason=plan.END_REASON,
                )
    demo.created["mentorships"] += len(mentorships)


def seed_evaluations(demo: Demo) -> None:
    """Reflections on the meetings held (some by one person, most by both) and final
    evaluations of the cycles that reached their end, through the evaluations services. The
    demo pair's meeting is left for the demo mentee to reflect on. Runs once."""
    mentorships = list(
        Mentorship.objects.filter(mentee__in=list(demo.people.values()))
        .exclude(mentee__email=MENTEE_EMAIL)
        .select_related("mentor", "mentee")
        .order_by("pk")
    )
    if SessionEvaluation.objects.filter(meeting__mentorship__in=mentorships).exists():
        return
    rng = demo.rng_for("evaluations")
    meetings = (
        Meeting.objects.counting()
        .filter(mentorship__in=mentorships, starts_at__lte=timezone.now())
        .select_related("mentorship__mentor", "mentorship__mentee")
    )
    for index, meeting in enumerate(meetings.order_by("pk")):
        people = (meeting.mentorship.mentee, meeting.mentorship.mentor)
        for person in people[: 1 if index % 4 == 3 else 2]:
            evaluation_services.submit_reflection(
                meeting=meeting,
                by=person,
                data={
                    "useful": rng.choice((3, 4, 4, 5, 5)),
                    "prepared": rng.choice((2, 3, 4, 4, 5)),
                    "understood": rng.choice((3, 4, 5, 5, 5)),
                    "progress": rng.choice((2, 3, 3, 4, 5)),
                    "reflection": rng.choice(REFLECTION_TEXTS),
                },
            )
            demo.created["reflections"] += 1
    for index, mentorship in enumerate(mentorships):
        if not evaluation_selectors.final_evaluation_is_open(mentorship):
            continue
        # Completed cycles by both; others (phase 4, ended early) by one, as happens.
        both = mentorship.status == Mentorship.Status.COMPLETED
        for person in (mentorship.mentee, mentorship.mentor)[: 2 if both else 1]:
            answers = FINAL_ANSWERS[(index + (person == mentorship.mentor)) % len(FINAL_ANSWERS)]
            initial = evaluation_selectors.final_evaluation_initial(mentorship)
            evaluation_services.submit_final_evaluation(
                mentorship=mentorship,
                by=person,
                data={
                    **initial,
                    **answers,
                    "quality_rating": rng.choice((3, 4, 5, 5)),
                    "effectiveness_rating": rng.choice((3, 4, 4, 5)),
                },
            )
            demo.created["final evaluations"] += 1


# --- Events: the mentors' preparatory meetings and community events ---------------------------

STOCKHOLM = zoneinfo.ZoneInfo(events.TIME_ZONE)


def _at(now, *, days: int, weekday: int, hour: int, minute: int = 0) -> datetime:
    """18:00 (say) in Stockholm on the first given weekday at least ``days`` from now."""
    day = timezone.localtime(now, STOCKHOLM).date() + timedelta(days=days)
    day += timedelta(days=(weekday - day.weekday()) % 7)
    return datetime.combine(day, time(hour, minute), tzinfo=STOCKHOLM)


def _create_event(key: str, starts_at: datetime) -> Event:
    """An event as staff create it in the admin."""
    event = Event(**events.DEMO_EVENTS[key], starts_at=starts_at, time_zone=events.TIME_ZONE)
    event.full_clean()
    event.save()
    return event


def seed_events(demo: Demo) -> None:
    """The last preparatory meeting, held, with the attendance marked for the mentors whose
    profile says they attended; the next one, open, with a few mentors signed up; a career
    evening for everyone (the demo mentee signed up) and a CV clinic for mentees, nearly full.
    Sign-ups and attendance go through the services. Runs once: skipped when the demo's
    events exist."""
    titles = {event["title"] for event in events.DEMO_EVENTS.values()}
    if Event.objects.filter(title__in=titles).exists():
        demo.existing["events"] += 1
        return
    rng = demo.rng_for("events")
    now = timezone.now()
    profiles = Profile.objects.filter(user__in=list(demo.people.values())).select_related("user")
    mentors = sorted(
        (p for p in profiles if p.role == Role.MENTOR), key=lambda profile: profile.user.email
    )
    mentees = sorted(
        (p for p in profiles if p.role == Role.MENTEE), key=lambda profile: profile.user.email
    )

    # The last meeting: signed up before it, then moved back in time (demo data only), and
    # marked by staff; it changes nobody's profile, which says so already.
    held = _create_event("last_preparatory", now + timedelta(days=1))
    attended = [p.user for p in mentors if p.preparatory_meeting_attended_at is not None]
    absent = [p.user for p in mentors if p.preparatory_meeting_attended_at is None]
    for user in attended:
        resource_services.sign_up(event=held, by=user)
    no_show = rng.choice(absent)
    resource_services.sign_up(event=held, by=no_show)
    held_at = now - timedelta(days=events.LAST_HELD_DAYS_AGO)
    Event.objects.filter(pk=held.pk).update(
        starts_at=_at(held_at, **events.SCHEDULE["last_preparatory"])
    )
    resource_services.mark_attended(
        registrations=Registration.objects.filter(event=held, user__in=attended), by=demo.staff
    )

    upcoming = _create_event("next_preparatory", _at(now, **events.SCHEDULE["next_preparatory"]))
    for user in rng.sample(
        [u for u in absent if u != no_show], events.SIGN_UPS["next_preparatory"]
    ):
        resource_services.sign_up(event=upcoming, by=user)

    evening = _create_event("career_evening", _at(now, **events.SCHEDULE["career_evening"]))
    known_mentee = next(p.user for p in mentees if p.user.email == MENTEE_EMAIL)
    others = [p.user for p in (*mentors, *mentees) if p.user.email not in KNOWN_LOGINS]
    for user in [known_mentee, *rng.sample(others, events.SIGN_UPS["career_evening"])]:
        resource_services.sign_up(event=evening, by=user)

    clinic = _create_event("cv_clinic", _at(now, **events.SCHEDULE["cv_clinic"]))
    candidates = [p.user for p in mentees if p.user.email != MENTEE_EMAIL]
    for user in rng.sample(candidates, events.SIGN_UPS["cv_clinic"]):
        resource_services.sign_up(event=clinic, by=user)
    demo.created["events"] += len(events.DEMO_EVENTS)


# --- The resource library ----------------------------------------------------------------------


def _library_file_name(entry: LibraryEntry) -> str:
    return f"westem-{slugify(entry.title)}.txt"


def seed_library(demo: Demo) -> None:
    """The library: the program's documents (the agreement template and the code of conduct,
    in English and Swedish) and ``library.DEMO_LIBRARY``, through the library's services. A
    resource already there (the same link, or the same file) is left as it is."""
    for _resource, created in library_documents.ensure_library_documents():
        (demo.created if created else demo.existing)["library"] += 1
    for entry in DEMO_LIBRARY:
        if entry.url:
            existing = Resource.objects.filter(url=entry.url)
        else:
            stem = _library_file_name(entry).removesuffix(".txt")
            existing = Resource.objects.filter(file__contains=f"/{stem}")
        if existing.exists():
            demo.existing["library"] += 1
            continue
        upload = None
        if entry.text:
            upload = ContentFile(entry.text.encode(), name=_library_file_name(entry))
        resource_services.create_resource(
            data={
                "title": entry.title,
                "summary": entry.summary,
                "category": entry.category,
                "kind": entry.kind,
                "audience": entry.audience,
                "language": entry.language,
                "phases": list(entry.phases),
                "url": entry.url,
                "is_featured": entry.featured,
            },
            upload=upload,
        )
        demo.created["library"] += 1


def seed_rounds(demo: Demo) -> None:
    """Two match rounds: one open for rankings (mentees have ranked mentors, among them the
    demo mentor, who has mentees to mark) and one whose rankings have closed, waiting for the
    staff to draft and publish it. Rankings go through the rounds' services. Runs once."""
    if MatchRound.objects.exists():
        demo.existing["rounds"] += 1
        return
    rng = demo.rng_for("rounds")
    now = timezone.now()
    the_mentor = demo.people[MENTOR_EMAIL]
    made = []
    for name, taking in (("Spring cohort", slice(0, 12)), ("Autumn cohort", slice(12, 30))):
        round_ = MatchRound.objects.create(
            name=name,
            opens_at=now - timedelta(days=2),
            closes_at=now + timedelta(days=12),
            publishes_on=timezone.localdate() + timedelta(days=19),
            created_by=demo.staff,
        )
        mentees = eligibility.mentees(round_).filter(email__in=list(demo.people))
        for index, mentee in enumerate(mentees.order_by("email")[taking]):
            mentors = [p.mentor for p in eligibility.rankable(round_, mentee).order_by("pk")]
            # Four of the open round's mentees put the demo mentor first: she has marks to give.
            first = [the_mentor] if not made and index < 4 and the_mentor in mentors else []
            others = [mentor for mentor in mentors if mentor not in first]
            for mentor in first + rng.sample(others, k=min(3, len(others))):
                round_services.add_choice(round=round_, mentee=mentee, mentor=mentor)
        made.append(round_)
    # The second round's rankings have closed: staff review it.
    MatchRound.objects.filter(pk=made[1].pk).update(
        opens_at=now - timedelta(days=16), closes_at=now - timedelta(days=2)
    )
    demo.created["rounds"] += len(made)


# Run in this order; a later kind of data appends its function here.
SEEDERS = (
    seed_team,
    seed_participants,
    seed_matching,
    seed_cycles,
    seed_rounds,
    seed_evaluations,
    seed_events,
    seed_library,
    set_passwords,
)


def load(*, password: str) -> Demo:
    """Write the demo, or what it lacks, in one transaction; its notifications go nowhere."""
    demo = Demo(password=password)
    locmem = "django.core.mail.backends.locmem.EmailBackend"
    with override_settings(EMAIL_BACKEND=locmem), transaction.atomic():
        for seeder in SEEDERS:
            seeder(demo)
    return demo


def summary(demo: Demo) -> list[str]:
    """What this run created and found, and what the demo holds now."""
    lines = [
        f"{label:>8}: {demo.created[kind]} created, {demo.existing[kind]} already there"
        for kind, label in (
            ("mentor", "mentors"),
            ("mentee", "mentees"),
            ("team", "team"),
            ("library", "library"),
        )
    ]
    total = Profile.objects.filter(user__email__in=list(demo.people))
    return [
        *lines,
        f"The demo has {total.filter(role=Role.MENTOR).count()} mentors and "
        f"{total.filter(role=Role.MENTEE).count()} mentees.",
        f"Matching: {MentorPresentation.objects.visible().count()} presentations in the "
        f"directory, {ConnectionRequest.objects.count()} connection requests, "
        f"{MatchRound.objects.count()} match rounds.",
    ]


def logins(demo: Demo) -> list[str]:
    """The known logins and the password they use."""
    width = max(len(email) for email in KNOWN_LOGINS)
    return [
        "",
        f"Demo logins (password: {demo.password}):",
        *(f"  {email:<{width}}  {LOGIN_LABELS[email]}" for email in KNOWN_LOGINS),
        f"The other demo participants this command created (…@{EMAIL_DOMAIN}) use it too.",
        # Where the site is served: `make run` sets SITE_URL from its HOST and PORT.
        f"Open {settings.SITE_URL.rstrip('/')}/",
    ]
