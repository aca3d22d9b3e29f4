"""The program staff's to-do page: what waits for them, each app's section contributed by the
app, the page drawn by the site (``westem``), which names none of them.

An app registers its section in its ``todo.py`` (imported by its ``AppConfig.ready``)::

    register_todo(
        name="matching.presentations", order=10, title=_("Presentations awaiting approval"),
        pending=presentations_awaiting, item=presentation_item,
        changelist_url=lambda: reverse("admin:matching_mentorpresentation_changelist")
        + "?approval=awaiting",
        permission="matching.change_mentorpresentation",
    )

``pending()`` is the queryset of what waits, most urgent first, with what ``item`` reads
joined in; ``item(row)`` says how one shows (a ``TodoItem``). Counting and listing cost a
fixed number of queries whatever waits: all the sections' counts in one query
(``counts``), and one query for each section's first items. A section with ``done=True`` has
no state of its own that says the staff dealt with an item (an early ending followed up, an
evaluation read): the page offers "Done" on each, which records who and when
(``profiles.StaffFollowUp``, whose ``kind`` is the section's name) and the section's
``pending`` leaves out what is recorded.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db import connections
from django.db.models import QuerySet


@dataclass(frozen=True)
class TodoItem:
    title: str
    url: str  # where the staff act on it (an admin page)
    when: datetime | None = None
    detail: str = ""
    object_id: int | None = None  # for "Done", in a section that offers it


@dataclass(frozen=True)
class Section:
    name: str
    order: int
    title: Any
    pending: Callable[[], QuerySet]
    item: Callable[[Any], TodoItem]
    changelist_url: Callable[[], str]
    permission: str
    done: bool = False
    empty: Any = ""

    @property
    def anchor(self) -> str:
        """The section's id on the page ("matching-presentations")."""
        return self.name.replace(".", "-").replace("_", "-")


SECTIONS: dict[str, Section] = {}


def register_todo(
    *,
    name: str,
    order: int,
    title,
    pending: Callable[[], QuerySet],
    item: Callable[[Any], TodoItem],
    changelist_url: Callable[[], str],
    permission: str,
    done: bool = False,
    empty="",
) -> None:
    """Add a section to the to-do page; ``permission`` (an admin permission) decides who sees
    it. Registering the same name again replaces it."""
    SECTIONS[name] = Section(
        name=name,
        order=order,
        title=title,
        pending=pending,
        item=item,
        changelist_url=changelist_url,
        permission=permission,
        done=done,
        empty=empty,
    )


def sections_for(user) -> list[Section]:
    """The sections ``user`` may act on, in order."""
    return sorted(
        (section for section in SECTIONS.values() if user.has_perm(section.permission)),
        key=lambda section: (section.order, section.name),
    )


def section(name: str) -> Section | None:
    return SECTIONS.get(name)


def counts(sections: list[Section]) -> dict[str, int]:
    """How many items wait in each section: one query for all of them (a SELECT of one
    COUNT subquery per section), or none when there is no section."""
    if not sections:
        return {}
    parts, params = [], []
    database = None
    for one in sections:
        query = one.pending().order_by().values("pk")
        database = query.db
        sql, sql_params = query.query.sql_with_params()
        parts.append(f"(SELECT COUNT(*) FROM ({sql}) AS todo_{len(parts)})")  # noqa: S608
        params.extend(sql_params)
    with connections[database].cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(parts), params)
        row = cursor.fetchone()
    return {one.name: row[index] for index, one in enumerate(sections)}


def items(one: Section, limit: int) -> list[TodoItem]:
    """The section's first ``limit`` items: one query."""
    return [one.item(row) for row in one.pending()[:limit]]
