"""The staff's to-do counts (``core.todo``) for the navigation and the admin's index: one
query, and only when a page of program staff draws them."""

import functools

from core import todo
from profiles import access


def staff_todo(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not access.is_program_staff(user):
        return {}

    def counted() -> dict:
        sections = todo.sections_for(user)
        counts = todo.counts(sections)
        return {
            "total": sum(counts.values()),
            "sections": [(section, counts[section.name]) for section in sections],
        }

    # A template calls a callable it is given: this one asks the database once.
    return {"staff_todo": functools.cache(counted)}
