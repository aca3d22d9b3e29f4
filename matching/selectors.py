"""Reads for the directory, presentations and requests."""

import functools
import re
import uuid
from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import reduce
from operator import or_

from babel import Locale
from django.conf import settings
from django.core.paginator import Page, Paginator
from django.db import connection
from django.db.models import (
    BooleanField,
    Case,
    Count,
    Exists,
    F,
    Func,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Value,
    When,
    Window,
)
from django.db.models.expressions import RawSQL
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django_countries import countries

from core.text import fold_joined
from cycles.models import Mentorship, Style
from cycles.selectors import active_traditional_subquery
from profiles import photos
from profiles import selectors as profile_selectors
from profiles.models import ExpertiseArea, Profile

from .models import ConnectionRequest, FlashBooking, FlashSlot, MentorPresentation
from .slot_times import week_of

# Words too common to say anything about shared goals.
STOPWORDS = {
    "about",
    "after",
    "also",
    "because",
    "being",
    "could",
    "would",
    "their",
    "there",
    "these",
    "things",
    "think",
    "through",
    "where",
    "which",
    "while",
    "within",
    "without",
    "want",
    "other",
    "really",
    "should",
    "skulle",
    "kunna",
    "eller",
    "inför",
    "mellan",
    "under",
    "efter",
    "genom",
    "vilka",
    "vill",
    "mitt",
    "min",
    "mina",
    "också",
    "göra",
}
GOAL_KEYWORDS = 5


@dataclass(frozen=True)
class MatchWeights:
    """What each shared trait adds to the match score: the directory's best-match sort
    (``by_match``, in SQL) and a round's mentor preferences (``matching.rounds.preferences``,
    in Python) both weigh with these, so the two orders never disagree."""

    field: int = 3
    language: int = 2
    country: int = 2
    goal: int = 1

    def score(self, *, fields: int, languages: int, same_country: bool, goals: int) -> int:
        return (
            fields * self.field
            + languages * self.language
            + int(same_country) * self.country
            + goals * self.goal
        )


MATCH_WEIGHTS = MatchWeights()


@dataclass(frozen=True)
class MatchBasis:
    """What the viewing mentee brings to the match score."""

    expertise_ids: frozenset[int]
    language_ids: frozenset[int]
    country: str
    keywords: tuple[str, ...]


def goal_keywords(text: str) -> tuple[str, ...]:
    """The mentee's most telling goal words: long, not common, first ones first."""
    words = []
    for word in re.findall(r"[^\W\d_]{5,}", text.lower()):
        if word not in STOPWORDS and word not in words:
            words.append(word)
    return tuple(sorted(words, key=len, reverse=True)[:GOAL_KEYWORDS])


def match_basis(profile: Profile) -> MatchBasis:
    """The mentee's fields and languages, read in one query."""
    pairs = Profile.objects.filter(pk=profile.pk).values_list("expertise", "languages")
    return MatchBasis(
        expertise_ids=frozenset(field for field, _language in pairs if field),
        language_ids=frozenset(language for _field, language in pairs if language),
        country=str(profile.country or ""),
        keywords=goal_keywords(profile.goals),
    )


def match_bases(user_ids) -> dict[int, MatchBasis]:
    """``match_basis`` of many mentees (ids, or a subquery of them) by user id, in three
    queries whatever their number: the profiles, their fields, their languages."""
    profiles = Profile.objects.filter(user_id__in=user_ids)
    rows = list(profiles.values_list("pk", "user_id", "country", "goals"))
    user_of = {pk: user_id for pk, user_id, _country, _goals in rows}
    linked: tuple[dict, dict] = ({}, {})
    for kind, (through, column) in enumerate(
        (
            (Profile.expertise.through, "expertisearea_id"),
            (Profile.languages.through, "spokenlanguage_id"),
        )
    ):
        links = through.objects.filter(profile_id__in=profiles.values("pk"))
        for profile_id, pk in links.values_list("profile_id", column):
            linked[kind].setdefault(profile_id, set()).add(pk)
    return {
        user_of[pk]: MatchBasis(
            expertise_ids=frozenset(linked[0].get(pk, ())),
            language_ids=frozenset(linked[1].get(pk, ())),
            country=str(country or ""),
            keywords=goal_keywords(goals),
        )
        for pk, _user_id, country, goals in rows
    }


class _Has(Func):
    """1 if the presentation has ``value`` in the ``column`` of the m2m table ``through``:
    ``pk IN (SELECT … WHERE column = value)``, a subquery that does not depend on the row, so
    PostgreSQL runs it once as a hashed set. Written out rather than built as an ``Exists``
    of a queryset, which cost a few milliseconds of Python per page to build and compile."""

    output_field = IntegerField()

    def __init__(self, through, column: str, value: int):
        self.table = through._meta.db_table
        self.column = column
        self.value = value
        super().__init__(F("pk"))

    def as_sql(self, compiler, connection, **extra_context):
        pk, params = compiler.compile(self.source_expressions[0])
        name = connection.ops.quote_name
        rows = (
            f"SELECT {name('mentorpresentation_id')} FROM {name(self.table)} "  # noqa: S608
            f"WHERE {name(self.column)} = %s"
        )
        return f"CASE WHEN {pk} IN ({rows}) THEN 1 ELSE 0 END", (*params, self.value)


def _overlap(through, column: str, ids) -> Func | Value:
    """How many of ``ids`` the presentation has: one membership test per id.

    The through table holds each (presentation, id) pair once, so the sum of the tests is the
    count of shared rows. Each test is one hashed scan of the through table for the whole
    query; a counting subquery per presentation cost PostgreSQL about three times as much
    over 10,000 presentations (bench/directory.py, bench/load.py)."""
    tests = [_Has(through, column, pk) for pk in sorted(ids)]
    return sum(tests[1:], tests[0]) if tests else Value(0)


class UpperContains(Func):
    """True if one of the ``texts`` of the row contains ``word``, ignoring case: the same
    test as ``icontains`` on each of them.

    On PostgreSQL it is one ``LIKE`` on the column ``stored``, those texts joined and
    upper-cased by the database when the row is saved (a generated column); elsewhere one
    ``icontains`` per text. ``word`` must hold no whitespace (so it cannot span the space
    between two texts); its LIKE wildcards are escaped as ``icontains`` escapes them."""

    conditional = True
    output_field = BooleanField()

    def __init__(self, word: str, *, stored: str, texts: tuple[str, ...]):
        self.word = word
        self.texts = texts
        super().__init__(F(stored))

    def as_sql(self, compiler, connection, **extra_context):
        generic = reduce(
            or_, (Q(**{f"{column}__icontains": self.word}) for column in self.texts)
        ).resolve_expression(compiler.query)
        return compiler.compile(generic)

    def as_postgresql(self, compiler, connection, **extra_context):
        text, params = compiler.compile(self.source_expressions[0])
        pattern = f"%{connection.ops.prep_for_like_query(self.word)}%"
        return f"{text} LIKE UPPER(%s)", (*params, pattern)


class TextContains(UpperContains):
    """True if the presentation's offer, introduction or expertise details contain ``word``,
    ignoring case: a ``LIKE`` on ``match_text`` on PostgreSQL (the match score's goal
    words, ``GoalHits``)."""

    def __init__(self, word: str):
        super().__init__(
            word, stored="match_text", texts=("offer", "introduction", "expertise_details")
        )


@functools.cache
def _folded_country_names() -> tuple[tuple[str, str], ...]:
    """(code, her country's names in English and Swedish, folded and joined) for every
    country a profile may name: CLDR's names (Babel) and django-countries' English one,
    which differ at times ("Türkiye", "Czechia" / "Czech Republic"). Read once per process."""
    english, swedish = Locale("en").territories, Locale("sv").territories
    with translation.override("en"):
        names = {code: str(name) for code, name in countries}
    return tuple(
        (code, fold_joined(name, english.get(code, ""), swedish.get(code, "")))
        for code, name in names.items()
    )


def countries_named(word: str) -> list[str]:
    """The codes of the countries whose English or Swedish name holds the folded ``word``
    ("sweden", "sverige", "sver" → SE), whatever the language of the page."""
    return [code for code, names in _folded_country_names() if word in names]


def mentions(word: str) -> Q:
    """The presentations that mention the folded ``word`` (``core.text.search_words``) in
    what mentees read of them: her headline, introduction, expertise details or offer (the
    approved texts), her display name, the name of one of her fields of expertise or of her
    country, in English or Swedish.

    Each is a ``LIKE`` on a text folded in Python when it was saved
    (``MentorPresentation.search_text``, ``Profile.search_name``,
    ``ExpertiseArea.search_names``) or a list of countries matched in Python, so a word
    finds the same mentors on SQLite and PostgreSQL. Names, fields and countries are
    membership tests on subqueries that do not depend on the row (``… IN (SELECT …)``):
    PostgreSQL runs each once for the whole directory query, where a join to every
    candidate's profile and fields cost more than the test."""
    people = Q(search_name__contains=word)
    codes = countries_named(word)
    if codes:
        people |= Q(country__in=codes)
    fields = MentorPresentation.expertise.through.objects.filter(
        expertisearea_id__in=ExpertiseArea.objects.filter(search_names__contains=word).values("pk")
    ).values("mentorpresentation_id")
    return (
        Q(search_text__contains=word)
        | Q(mentor_id__in=Profile.objects.filter(people).values("user_id"))
        | Q(pk__in=fields)
    )


class GoalHits(Func):
    """How many of ``words`` the presentation's offer, introduction or expertise details
    contain, ignoring case: the same count as one ``icontains`` test per word and column.

    A sum of ``TextContains``: on PostgreSQL one ``LIKE`` per word on the stored upper-cased
    ``match_text``; upper-casing the three texts of every presentation for each page was
    most of the best-match query's time (ranking 49 → 10 ms at 10,000 mentors). A word is
    letters only."""

    output_field = IntegerField()

    def __init__(self, words: tuple[str, ...]):
        self.words = tuple(words)
        super().__init__(
            *(Case(When(TextContains(word), then=1), default=0) for word in self.words)
        )

    def as_sql(self, compiler, connection, **extra_context):
        parts, params = [], []
        for expression in self.source_expressions:
            sql, part_params = compiler.compile(expression)
            parts.append(sql)
            params.extend(part_params)
        return f"({' + '.join(parts)})", params


def matchable_mentors(viewer: Profile | None, prefix: str = "mentor__") -> Q:
    """The mentors ``viewer`` (a profile) may see, request, book or be matched with, over
    ``<prefix>pk`` of the mentor: everyone for an adult; for a mentee under 18 (issue 20) only
    mentors with valid screening today (``profiles.selectors.screened_filter``).

    Every way of matching people goes through this rule: the directory and the presentation
    pages (``directory``), a request (``services.send_request``) and its acceptance
    (``services.accept_request``), a flash booking (``services.book_flash_slot``). A later
    way of matching (a staff match, a suggestion) must use it too."""
    if viewer is None or not viewer.is_minor:
        return Q()
    return profile_selectors.screened_filter(prefix)


def may_be_matched(viewer: Profile | None, mentor) -> bool:
    """``matchable_mentors`` for one mentor (a user)."""
    if viewer is None or not viewer.is_minor:
        return True
    return profile_selectors.is_screened(mentor)


def directory(
    *, exclude_user_ids=None, viewer: Profile | None = None
) -> QuerySet[MentorPresentation]:
    """Visible presentations, to filter and rank (``by_match``); ``mentor_cards`` reads what a
    page's cards show. The ranking reads none of it, so it is not built for it.

    ``exclude_user_ids`` leaves out those mentors: ids, or an unevaluated queryset of ids
    (``profiles.selectors.blocked_user_ids_query``), which becomes a subquery of the same
    query and costs no query of its own. ``viewer`` (the reader's profile) leaves out the
    mentors she may not be matched with (``matchable_mentors``), in the same query too."""
    queryset = MentorPresentation.objects.visible().filter(matchable_mentors(viewer))
    if exclude_user_ids is not None:
        queryset = queryset.exclude(mentor_id__in=exclude_user_ids)
    return queryset


def with_card_data(queryset: QuerySet[MentorPresentation]) -> QuerySet[MentorPresentation]:
    """With the mentor's profile, fields, languages and free places (her page in the
    directory)."""
    return (
        queryset.select_related("mentor__profile")
        .prefetch_related("expertise", "languages")
        .annotate(active_traditional=active_traditional_subquery("mentor"))
        .annotate(free_places=F("capacity") - F("active_traditional"))
    )


def mentors_in_country(country: str) -> QuerySet[Profile]:
    """The ids of the people living in ``country``, for a membership test (``mentor_id IN
    …``) evaluated once for the whole directory query on the indexed profiles of that
    country, not a join to every candidate's account and profile."""
    return Profile.objects.filter(country=country).values("user_id")


def _same_country(country: str) -> Case | Value:
    """1 if the mentor lives in ``country`` (``mentors_in_country``)."""
    if not country:
        return Value(0)
    return Case(When(mentor_id__in=mentors_in_country(country), then=1), default=0)


def by_match(
    queryset: QuerySet[MentorPresentation], basis: MatchBasis
) -> QuerySet[MentorPresentation]:
    """Ordered by the match score for the mentee of ``basis``, best first, then newest.

    The score is only sorted on (aliases, not selected columns): each shared field, shared
    language, the same country and each goal word found counts as ``MATCH_WEIGHTS`` says."""
    weights = MATCH_WEIGHTS
    return (
        queryset.alias(
            shared_fields=_overlap(
                MentorPresentation.expertise.through, "expertisearea_id", basis.expertise_ids
            ),
            shared_languages=_overlap(
                MentorPresentation.languages.through, "spokenlanguage_id", basis.language_ids
            ),
            same_country=_same_country(basis.country),
            shared_goals=GoalHits(basis.keywords) if basis.keywords else Value(0),
        )
        .alias(
            score=F("shared_fields") * weights.field
            + F("shared_languages") * weights.language
            + F("same_country") * weights.country
            + F("shared_goals") * weights.goal,
        )
        .order_by("-score", "-published_at", "-pk")
    )


def has_free_place_of_few() -> Q:
    """``capacity`` above the count of the mentor's active traditional mentorships, counted
    for each candidate (an index lookup per row): the cheaper form when other filters leave
    few candidates, where ``full_mentor_ids`` groups every active mentorship first."""
    return Q(capacity__gt=active_traditional_subquery("mentor"))


def full_mentor_ids() -> RawSQL:
    """The mentors whose active traditional mentorships fill their presentation's capacity.

    The directory's free-place filter leaves them out (``mentor_id NOT IN``, with
    ``accepting_requests``): the same presentations as ``free_places > 0``, but the subquery
    does not depend on the row, so PostgreSQL groups the active mentorships once and hashes
    the result, where ``free_places`` counted each candidate's mentorships in a subquery per
    row (free place filter: 37 → 14 ms of PostgreSQL at 10,000 mentors). Written out to join
    the mentorships to the presentations directly: the ORM's path (``mentor__presentation``)
    goes through the users table, which doubled the subquery's time."""
    name = connection.ops.quote_name
    sql = (
        f"SELECT m.{name('mentor_id')} FROM {name(Mentorship._meta.db_table)} m "  # noqa: S608
        f"JOIN {name(MentorPresentation._meta.db_table)} p "
        f"ON p.{name('mentor_id')} = m.{name('mentor_id')} "
        f"WHERE m.{name('status')} = %s AND m.{name('style')} = %s "
        f"GROUP BY m.{name('mentor_id')}, p.{name('capacity')} "
        f"HAVING COUNT(*) >= p.{name('capacity')}"
    )
    # Only quoted table and column names are joined in; the values are parameters.
    return RawSQL(sql, (Mentorship.Status.ACTIVE.value, Style.TRADITIONAL.value))  # noqa: S611


# Beyond any real directory; a larger page number in the URL shows the last page as well,
# rather than overflowing the database's integers in OFFSET.
MAX_PAGE = 100_000


def directory_page(ordered: QuerySet[MentorPresentation], number, per_page: int) -> Page:
    """Page ``number`` of ``ordered`` (from ``directory``, filtered and sorted) as
    ``Paginator.get_page`` gives it, holding the page's presentation ids (``mentor_cards``
    reads what their cards show).

    One query ranks every matching presentation and keeps the page's ids, with the number of
    matches counted in the same pass (a window count): the filters and the match score run
    once, where a count query and a page query ran them twice. It reads ids only, so the sort
    does not carry the full rows. A page number past the end (or below 1) shows the last
    page, as ``get_page`` does: past the end, a second ranking reads every id before where
    that page would start (fewer than that, or it would not be past the end), which gives
    both the count and the last page's ids; below 1, a count and a second ranking."""
    paginator = Paginator(ordered, per_page)
    try:
        wanted = min(int(number), MAX_PAGE)
    except (TypeError, ValueError):
        wanted = 1
    ranked = []
    if wanted >= 1:
        ranked = list(
            ordered.annotate(matches=Window(Count("pk"))).values_list("pk", "matches")[
                (wanted - 1) * per_page : wanted * per_page
            ]
        )
    if ranked or wanted == 1:
        paginator.count = ranked[0][1] if ranked else 0
    elif wanted > 1:  # past the end: every id before where the page would start
        every = list(ordered.values_list("pk", flat=True)[: (wanted - 1) * per_page])
        paginator.count = len(every)
        wanted = paginator.num_pages
        ranked = [(pk, None) for pk in every[(wanted - 1) * per_page :]]
    else:  # below 1: a count, then the last page
        wanted = paginator.num_pages
        ranked = [
            (pk, None)
            for pk in ordered.values_list("pk", flat=True)[
                (wanted - 1) * per_page : wanted * per_page
            ]
        ]
    return Page([pk for pk, _matches in ranked], wanted, paginator)


@dataclass(frozen=True)
class MentorCard:
    """What a directory card shows of one mentor (``matching/_card.html``)."""

    public_id: uuid.UUID
    name: str
    photo_url: str
    stage: str
    country: str
    headline: str
    fields: tuple[str, ...]
    languages: tuple[str, ...]
    offers_traditional: bool
    offers_flash: bool
    accepting_requests: bool
    free_places: int
    explanation: str
    next_flash: datetime | None = None  # her next free flash time (``free_flash_times``)

    @property
    def initial(self) -> str:
        return self.name[:1].upper()


CARD_COLUMNS = (
    "pk",
    "public_id",
    "headline",
    "offers_traditional",
    "offers_flash",
    "accepting_requests",
    "free_places",
    "shared_goals",
    "mentor__profile__display_name",
    "mentor__profile__photo",
    "mentor__profile__stage",
    "mentor__profile__country",
    "has_flash_times",
)


def _reference_lists_naming(linked: tuple[dict, dict]) -> dict:
    """The cached reference lists, read again from the database if they lack one of the
    fields or languages ``linked`` (a field added since they were cached): a card never
    leaves out what the mentor chose."""
    lists = profile_selectors.reference_lists()
    for kind, ids_of in zip(("expertise", "languages"), linked, strict=True):
        known = {choice[0] for choice in lists[kind]}
        if any(not ids <= known for ids in ids_of.values()):
            profile_selectors.forget_reference_choices()
            return profile_selectors.reference_lists()
    return lists


def _fields_and_languages(presentation_ids) -> tuple[dict, dict]:
    """({presentation id: [(field id, name), …]}, {… languages …}) in the order of the cached
    reference lists (``profiles.selectors.reference_lists``): the ids in one query of both
    m2m tables, the names from the cache, where two prefetches built a model instance and a
    manager per row."""
    kind = IntegerField()
    links = (
        MentorPresentation.expertise.through.objects.filter(
            mentorpresentation_id__in=presentation_ids
        )
        .order_by()
        .values_list("mentorpresentation_id", "expertisearea_id", Value(0, kind))
        .union(
            MentorPresentation.languages.through.objects.filter(
                mentorpresentation_id__in=presentation_ids
            )
            .order_by()
            .values_list("mentorpresentation_id", "spokenlanguage_id", Value(1, kind)),
            all=True,
        )
    )
    linked = ({}, {})
    for presentation_id, pk, is_language in links:
        linked[is_language].setdefault(presentation_id, set()).add(pk)
    lists = _reference_lists_naming(linked)
    named = ({}, {})
    for is_language, choices in enumerate(
        ([(pk, name) for pk, name, _active in lists["expertise"]], lists["languages"])
    ):
        for presentation_id, ids in linked[is_language].items():
            named[is_language][presentation_id] = [(pk, n) for pk, n in choices if pk in ids]
    return named


def mentor_cards(ids: list[int], basis: MatchBasis | None) -> list[MentorCard]:
    """The cards of the presentations ``ids`` (ranked by ``directory_page``), in that order,
    in two queries: the rows, then their fields and languages. Plain tuples and one dataclass
    per card, not model instances with prefetched managers: a third of the page's Python.
    The rows are read by id alone: the ranking has just applied the directory's filters
    (visibility, blocks), so only a presentation unpublished in the milliseconds between
    the two queries would still show, for that one page."""
    if not ids:
        return []
    rows = (
        MentorPresentation.objects.filter(pk__in=ids)
        .annotate(
            free_places=F("capacity") - active_traditional_subquery("mentor"),
            shared_goals=GoalHits(basis.keywords) if basis and basis.keywords else Value(0),
            has_flash_times=_has_flash_times(),
        )
        .values_list(*CARD_COLUMNS)
    )
    found = {row[0]: row for row in rows}
    if not found:
        return []
    fields, languages = _fields_and_languages(list(found))
    # Her free times are read only for the cards of mentors with times ahead (the last
    # column): a directory without flash times costs no query more.
    next_flash = next_free_flash_times([pk for pk, row in found.items() if row[-1]])
    stages = {value: str(label) for value, label in Profile._meta.get_field("stage").flatchoices}
    cards = []
    for pk in ids:
        if pk not in found:
            continue
        (_pk, public_id, headline, traditional, flash, accepting, free_places, shared_goals,
         name, photo, stage, country, _has_flash) = found[pk]  # fmt: skip
        card_fields = fields.get(pk, [])
        card_languages = languages.get(pk, [])
        cards.append(
            MentorCard(
                public_id=public_id,
                name=name or "",
                photo_url=photos.url_of(photo) if photo else "",
                stage=stages.get(stage, stage),
                country=countries.name(country) if country else "",
                headline=headline,
                fields=tuple(area for _id, area in card_fields),
                languages=tuple(language for _id, language in card_languages),
                offers_traditional=traditional,
                offers_flash=flash,
                accepting_requests=accepting,
                free_places=free_places,
                explanation=match_explanation(
                    basis,
                    fields=card_fields,
                    languages=card_languages,
                    same_country=bool(basis and basis.country and country == basis.country),
                    shared_goals=shared_goals,
                ),
                next_flash=next_flash.get(pk),
            )
        )
    return cards


def match_explanation(
    basis: MatchBasis | None,
    *,
    fields: list[tuple[int, str]],
    languages: list[tuple[int, str]],
    same_country: bool,
    shared_goals: int,
) -> str:
    """One line on a card: why this mentor is suggested to the mentee of ``basis``."""
    if basis is None:
        return ""
    parts = []
    shared = [name for pk, name in fields if pk in basis.expertise_ids]
    if shared:
        parts.append(
            ngettext("shares your field %(fields)s", "shares your fields %(fields)s", len(shared))
            % {"fields": ", ".join(shared)}
        )
    spoken = [name for pk, name in languages if pk in basis.language_ids]
    if spoken:
        parts.append(_("speaks %(languages)s") % {"languages": ", ".join(spoken)})
    if same_country:
        parts.append(_("lives in your country"))
    if shared_goals:
        parts.append(_("offers help with what your goals mention"))
    if not parts:
        return ""
    return _("Suggested because she %(reasons)s.") % {"reasons": "; ".join(parts)}


def presentation_for_mentor(mentor) -> MentorPresentation | None:
    return (
        MentorPresentation.objects.filter(mentor=mentor)
        .select_related("mentor__profile")
        .prefetch_related("expertise", "languages")
        .annotate(active_traditional=active_traditional_subquery("mentor"))
        .annotate(free_places=F("capacity") - F("active_traditional"))
        .first()
    )


def requests_sent(mentee) -> QuerySet[ConnectionRequest]:
    return (
        ConnectionRequest.objects.filter(mentee=mentee)
        .select_related("mentor__profile", "mentor__presentation")
        .order_by("-created_at")
    )


def requests_received(mentor) -> QuerySet[ConnectionRequest]:
    return (
        ConnectionRequest.objects.filter(mentor=mentor)
        .select_related("mentee__profile")
        .prefetch_related("mentee__profile__expertise")
        .order_by(
            Case(When(status=ConnectionRequest.Status.PENDING, then=0), default=1),
            "-created_at",
        )
    )


def has_accepted_request(mentee) -> bool:
    return ConnectionRequest.objects.filter(
        mentee=mentee,
        status=ConnectionRequest.Status.ACCEPTED,
    ).exists()


def pending_count_for_mentor(mentor) -> int:
    return ConnectionRequest.objects.filter(
        mentor=mentor,
        status=ConnectionRequest.Status.PENDING,
    ).count()


# --- bookable flash sessions ---------------------------------------------------------------


@dataclass(frozen=True)
class FreeTime:
    """One free time of a mentor's flash slot, as a card and her page show it."""

    slot_public_id: uuid.UUID
    starts_at: datetime
    duration_minutes: int

    @property
    def stamp(self) -> int:
        """The time in the booking page's address (seconds since 1970, UTC)."""
        return int(self.starts_at.timestamp())


def flash_window(now: datetime | None = None) -> tuple[datetime, datetime]:
    """From now to the horizon: the times mentees may book."""
    now = now or timezone.now()
    return now, now + timedelta(weeks=settings.MATCHING_FLASH_HORIZON_WEEKS)


def free_flash_times(
    presentation_ids, *, limit: int | None = None, now: datetime | None = None
) -> dict[int, list[FreeTime]]:
    """{presentation id: its mentor's free flash times, soonest first} for the presentations
    ``presentation_ids`` that offer flash and take requests: times of her slots not removed,
    ahead and within the horizon, not booked (a cancelled booking keeps its time), in weeks
    where her bookings are fewer than her ``flash_per_week``. Two queries whatever the number
    of presentations (the slots, then the bookings of their mentors in the window), one when
    none has a slot: the directory's cards cost the same at one mentor and at many."""
    start, end = flash_window(now)
    slots = list(
        FlashSlot.objects.offered()
        .filter(
            # In the directory (a subquery of the same statement), offering flash, open.
            mentor__presentation__in=MentorPresentation.objects.visible().filter(
                pk__in=list(presentation_ids), offers_flash=True, accepting_requests=True
            ),
            starts_at__lt=end,
        )
        .filter(
            Q(repeat_weekly_until__isnull=True, starts_at__gt=start)
            | Q(repeat_weekly_until__gte=(start - timedelta(days=1)).date())
        )
        .values_list(
            "pk",
            "public_id",
            "mentor_id",
            "mentor__presentation__id",
            "mentor__presentation__flash_per_week",
            "starts_at",
            "time_zone",
            "duration_minutes",
            "repeat_weekly_until",
        )
    )
    if not slots:
        return {}
    taken, booked = _bookings_in_window({row[2] for row in slots}, start, end)
    found: dict[int, list[FreeTime]] = {}
    for pk, public_id, mentor_id, presentation_id, per_week, first, zone, minutes, until in slots:
        slot = FlashSlot(starts_at=first, time_zone=zone, repeat_weekly_until=until)
        for moment in slot.occurrences(start=start, end=end):
            if (pk, moment) in taken or booked[mentor_id, week_of(moment, zone)] >= per_week:
                continue
            found.setdefault(presentation_id, []).append(FreeTime(public_id, moment, minutes))
    for times in found.values():
        times.sort(key=lambda free: free.starts_at)
        if limit is not None:
            del times[limit:]
    return found


def _bookings_in_window(mentor_ids, start: datetime, end: datetime) -> tuple[set, Counter]:
    """The times booked of these mentors' slots around the window ({(slot id, time)}, every
    booking: a cancelled one keeps its time) and their bookings per week (not cancelled ones:
    Counter of (mentor id, ISO week in the slot's zone)), in one query."""
    rows = FlashBooking.objects.filter(
        mentor_id__in=mentor_ids,
        starts_at__gte=start - timedelta(weeks=1),
        starts_at__lt=end + timedelta(weeks=1),
    ).values_list("slot_id", "starts_at", "status", "mentor_id", "slot__time_zone")
    taken = set()
    booked = Counter()
    for slot_id, moment, status, mentor_id, zone in rows:
        taken.add((slot_id, moment))
        if status == FlashBooking.Status.BOOKED:
            booked[mentor_id, week_of(moment, zone)] += 1
    return taken, booked


def _has_flash_times() -> Exists:
    """Whether the presentation's mentor, offering flash and taking requests, has a slot not
    removed with times ahead (a column of the cards' query, ``mentor_cards``)."""
    now = timezone.now()
    slots = FlashSlot.objects.offered().filter(
        Q(repeat_weekly_until__isnull=True, starts_at__gt=now)
        | Q(repeat_weekly_until__gte=(now - timedelta(days=1)).date()),
        mentor=OuterRef("mentor_id"),
    )
    return Exists(slots) & Q(offers_flash=True, accepting_requests=True)


def next_free_flash_times(presentation_ids) -> dict[int, datetime]:
    """{presentation id: her next free flash time}: the directory's cards."""
    if not presentation_ids:
        return {}
    return {
        pk: times[0].starts_at for pk, times in free_flash_times(presentation_ids, limit=1).items()
    }


def flash_slots_of(mentor) -> list[FlashSlot]:
    """Her slots not removed whose times are not all past, first time first."""
    now = timezone.now()
    return list(
        FlashSlot.objects.offered()
        .filter(mentor=mentor)
        .filter(
            Q(repeat_weekly_until__isnull=True, starts_at__gt=now)
            | Q(repeat_weekly_until__gte=(now - timedelta(days=1)).date())
        )
        .order_by("starts_at", "pk")
    )


def upcoming_flash_bookings(mentor) -> list[FlashBooking]:
    """Her bookings from a day ago on, with the mentee and the mentorship, soonest first."""
    return list(
        FlashBooking.objects.filter(
            mentor=mentor, starts_at__gte=timezone.now() - timedelta(days=1)
        )
        .select_related("mentee__profile", "mentorship", "slot")
        .order_by("starts_at", "pk")
    )


def flash_booking_of_mentor(mentor, public_id) -> FlashBooking:
    """Her booking, with the mentee; 404 for anyone else's."""
    from django.shortcuts import get_object_or_404

    return get_object_or_404(
        FlashBooking.objects.select_related("mentee__profile", "slot", "mentorship", "meeting"),
        mentor=mentor,
        public_id=public_id,
    )
