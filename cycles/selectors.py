"""Reads about mentorships that other apps rely on (matching's capacity rule among them)."""

from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce

from .models import Mentorship, Style


def active_traditional_count(*, mentor) -> int:
    return Mentorship.objects.active().filter(mentor=mentor, style=Style.TRADITIONAL).count()


def has_active_traditional(*, mentee) -> bool:
    return Mentorship.objects.active().filter(mentee=mentee, style=Style.TRADITIONAL).exists()


def active_traditional_subquery(mentor_ref: str = "mentor"):
    """An expression counting the active traditional mentorships of ``OuterRef(mentor_ref)``."""
    counts = (
        Mentorship.objects.filter(
            mentor=OuterRef(mentor_ref),
            status=Mentorship.Status.ACTIVE,
            style=Style.TRADITIONAL,
        )
        .order_by()
        .values("mentor")
        .annotate(total=Count("pk"))
        .values("total")
    )
    return Coalesce(Subquery(counts), 0)


def mentorships_of(user):
    return (
        Mentorship.objects.involving(user)
        .select_related("mentor__profile", "mentee__profile")
        .order_by("-created_at")
    )


def active_mentorship_between(*, mentor, mentee) -> Mentorship | None:
    return Mentorship.objects.active().filter(mentor=mentor, mentee=mentee).first()


def active_mentorships_of(user):
    """The user's active mentorships with both people's profiles and the accepted request."""
    return list(
        Mentorship.objects.active()
        .involving(user)
        .select_related("mentor__profile", "mentee__profile", "request")
        .order_by("-created_at")
    )
