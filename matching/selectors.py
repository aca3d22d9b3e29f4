"""Reads for the directory, presentations and requests."""

import re
from dataclasses import dataclass
from functools import reduce
from operator import or_

from django.core.paginator import Page, Paginator
from django.db import connection
from django.db.models import (
    BooleanField,
    Case,
    Count,
    F,
    Func,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
    Window,
)
from django.db.models.expressions import RawSQL
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from cycles.models import Mentorship, Style
from cycles.selectors import active_traditional_subquery
from profiles.models import Profile

from .models import ConnectionRequest, MentorPresentation

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


class TextContains(Func):
    """True if the presentation's offer, introduction or expertise details (and, with
    ``headline=True``, its headline) contain ``word``, ignoring case: the same test as
    ``icontains`` on each of them.

    On PostgreSQL it is one ``LIKE`` on ``match_text`` (or ``search_text``), the texts joined
    and upper-cased by the database when the presentation is saved; elsewhere one
    ``icontains`` per text. ``word`` must hold no whitespace (so it cannot span the space
    between two texts); its LIKE wildcards are escaped as ``icontains`` escapes them."""

    conditional = True
    output_field = BooleanField()

    def __init__(self, word: str, *, headline: bool = False):
        self.word = word
        self.columns = ("headline",) * headline + ("offer", "introduction", "expertise_details")
        super().__init__(F("search_text" if headline else "match_text"))

    def as_sql(self, compiler, connection, **extra_context):
        generic = reduce(
            or_, (Q(**{f"{column}__icontains": self.word}) for column in self.columns)
        ).resolve_expression(compiler.query)
        return compiler.compile(generic)

    def as_postgresql(self, compiler, connection, **extra_context):
        text, params = compiler.compile(self.source_expressions[0])
        pattern = f"%{connection.ops.prep_for_like_query(self.word)}%"
        return f"{text} LIKE UPPER(%s)", (*params, pattern)


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


def directory(*, exclude_user_ids=None) -> QuerySet[MentorPresentation]:
    """Visible presentations, to filter and rank (``by_match``); ``with_card_data`` and
    ``cards`` add what a page shows. The ranking reads none of it, so it is not built for it.

    ``exclude_user_ids`` leaves out those mentors: ids, or an unevaluated queryset of ids
    (``profiles.selectors.blocked_user_ids_query``), which becomes a subquery of the same
    query and costs no query of its own."""
    queryset = MentorPresentation.objects.visible()
    if exclude_user_ids is not None:
        queryset = queryset.exclude(mentor_id__in=exclude_user_ids)
    return queryset


def with_card_data(queryset: QuerySet[MentorPresentation]) -> QuerySet[MentorPresentation]:
    """With the mentor's profile, fields, languages and free places."""
    return (
        queryset.select_related("mentor__profile")
        .prefetch_related("expertise", "languages")
        .annotate(active_traditional=active_traditional_subquery("mentor"))
        .annotate(free_places=F("capacity") - F("active_traditional"))
    )


# What matching/_card.html reads of a presentation and its mentor's profile.
CARD_COLUMNS = (
    "public_id",
    "headline",
    "offers_traditional",
    "offers_flash",
    "accepting_requests",
    "capacity",
    "mentor__profile__display_name",
    "mentor__profile__photo",
    "mentor__profile__stage",
    "mentor__profile__country",
)


def cards(
    queryset: QuerySet[MentorPresentation], basis: MatchBasis | None
) -> QuerySet[MentorPresentation]:
    """The directory's cards: ``with_card_data``, the parts of the match score a card
    explains, and only the columns a card shows (the long texts and the account's columns
    are left in the database: about 2 ms of Python less for twelve cards)."""
    return with_card_data(explained(queryset, basis)).only(*CARD_COLUMNS)


def _explained_parts(basis: MatchBasis) -> dict:
    return {
        "same_country": Case(When(mentor__profile__country=basis.country, then=1), default=0)
        if basis.country
        else Value(0),
        "shared_goals": GoalHits(basis.keywords) if basis.keywords else Value(0),
    }


def explained(
    queryset: QuerySet[MentorPresentation], basis: MatchBasis | None
) -> QuerySet[MentorPresentation]:
    """With the parts of the match score that ``match_explanation`` reads (same country, goal
    words), for the few rows of a page: the ranking does not select them, so PostgreSQL does
    not compute them a second time for every candidate."""
    return queryset if basis is None else queryset.annotate(**_explained_parts(basis))


def by_match(
    queryset: QuerySet[MentorPresentation], basis: MatchBasis
) -> QuerySet[MentorPresentation]:
    """Ordered by the match score for the mentee of ``basis``, best first, then newest.

    The score is only sorted on (aliases, not selected columns): shared fields count 3,
    shared languages 2, the same country 2, each goal word found 1."""
    return (
        queryset.alias(
            shared_fields=_overlap(
                MentorPresentation.expertise.through, "expertisearea_id", basis.expertise_ids
            ),
            shared_languages=_overlap(
                MentorPresentation.languages.through, "spokenlanguage_id", basis.language_ids
            ),
            **_explained_parts(basis),
        )
        .alias(
            score=F("shared_fields") * 3
            + F("shared_languages") * 2
            + F("same_country") * 2
            + F("shared_goals"),
        )
        .order_by("-score", "-published_at", "-pk")
    )


def has_free_place_of_few() -> Q:
    """``capacity`` above the count of the mentor's active traditional mentorships, counted
    for each candidate (an index lookup per row): the cheaper form when other filters leave
    few candidates, where ``full_mentor_ids`` groups every active mentorship first."""
    taken = (
        Mentorship.objects.filter(
            mentor=OuterRef("mentor"),
            status=Mentorship.Status.ACTIVE,
            style=Style.TRADITIONAL,
        )
        .order_by()
        .annotate(taken=Func(F("pk"), function="COUNT"))  # no GROUP BY: 0 when none
        .values("taken")
    )
    return Q(capacity__gt=Subquery(taken))


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


def directory_page(
    presentations: QuerySet[MentorPresentation],
    ordered: QuerySet[MentorPresentation],
    number,
    per_page: int,
) -> tuple[Page, list[MentorPresentation]]:
    """Page ``number`` of ``ordered`` (from ``directory``, filtered and sorted) as
    ``Paginator.get_page`` gives it, and its rows read from ``presentations`` with all their
    cards show, in two queries.

    The first ranks every matching presentation and keeps the page's ids, with the number of
    matches counted in the same pass (a window count): the filters and the match score run
    once, where a count query and a page query ran them twice. It reads ids only, so the sort
    does not carry the full rows. The second reads the page's rows by id; ``presentations``
    need not carry the match score (computing it again for twelve rows built the same hashed
    sets of fields and languages as the ranking did: 16 → 1 ms of PostgreSQL). A page number
    past the end (or below 1) costs a count and a second ranking, and shows the last page."""
    paginator = Paginator(ordered, per_page)
    try:
        wanted = int(number)
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
    else:
        wanted = paginator.num_pages  # counts; as get_page does, the last page
        ranked = [
            (pk, None)
            for pk in ordered.values_list("pk", flat=True)[
                (wanted - 1) * per_page : wanted * per_page
            ]
        ]
    ids = [pk for pk, _matches in ranked]
    found = {row.pk: row for row in presentations.filter(pk__in=ids).order_by()} if ids else {}
    rows = [found[pk] for pk in ids if pk in found]  # one unpublished in between: left out
    return Page(rows, wanted, paginator), rows


def label_stages(presentations: list[MentorPresentation]) -> None:
    """Set ``stage_label``, the mentor's career stage as ``get_stage_display`` words it, on
    each card's presentation. ``get_stage_display`` builds and hashes the whole list of
    translated stages on every call: a fifth of the time of drawing twelve cards."""
    labels = {value: str(label) for value, label in Profile._meta.get_field("stage").flatchoices}
    for presentation in presentations:
        stage = presentation.mentor.profile.stage
        presentation.stage_label = labels.get(stage, stage)


def match_explanation(presentation: MentorPresentation, basis: MatchBasis | None) -> str:
    """One line on a card: why this mentor is suggested. Uses only prefetched data."""
    if basis is None:
        return ""
    parts = []
    fields = [area.name for area in presentation.expertise.all() if area.pk in basis.expertise_ids]
    if fields:
        parts.append(
            ngettext("shares your field %(fields)s", "shares your fields %(fields)s", len(fields))
            % {"fields": ", ".join(fields)}
        )
    languages = [
        lang.name for lang in presentation.languages.all() if lang.pk in basis.language_ids
    ]
    if languages:
        parts.append(_("speaks %(languages)s") % {"languages": ", ".join(languages)})
    if basis.country and getattr(presentation, "same_country", 0):
        parts.append(_("lives in your country"))
    if getattr(presentation, "shared_goals", 0):
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
