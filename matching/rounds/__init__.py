"""Match rounds (issue 21): a cohort's mentees rank mentors, mentors mark who fits, and one
stable matching is drafted, reviewed by staff and published at once.

``solve`` is the pure solver that tests and tools call; the rest of the package reads and
writes the database (``services``, ``selectors``, ``drafts``, ``publication``)."""

from .solver import solve

__all__ = ["solve"]
