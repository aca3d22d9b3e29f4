"""Who may see which mentorships: the pair only (staff use the admin). One rule, used as a
predicate and as the queryset every page fetches through, so another pair's objects are 404."""

from django.db.models import Q, QuerySet

from .models import Meeting, Mentorship


def mentorships_visible_to(user) -> QuerySet[Mentorship]:
    if not user.is_authenticated:
        return Mentorship.objects.none()
    return Mentorship.objects.filter(Q(mentor=user) | Q(mentee=user))


def can_view_mentorship(user, mentorship: Mentorship) -> bool:
    return user.is_authenticated and user.pk in (mentorship.mentor_id, mentorship.mentee_id)


def meetings_visible_to(user) -> QuerySet[Meeting]:
    if not user.is_authenticated:
        return Meeting.objects.none()
    return Meeting.objects.filter(Q(mentorship__mentor=user) | Q(mentorship__mentee=user))
