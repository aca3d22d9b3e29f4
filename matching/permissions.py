"""Who may see which requests: the request's mentee and mentor. Pages fetch through this
queryset, so another pair's request is a 404."""

from django.db.models import Q, QuerySet

from .models import ConnectionRequest, MentorPresentation
from .selectors import matchable_mentors


def requests_visible_to(user) -> QuerySet[ConnectionRequest]:
    if not user.is_authenticated:
        return ConnectionRequest.objects.none()
    return ConnectionRequest.objects.filter(Q(mentee=user) | Q(mentor=user))


def presented_in_directory(user, person) -> bool:
    """Whether ``person`` is a mentor whose presentation the directory shows: everyone who
    may open the directory may see her photo (``profiles.photos``, which decides blocks), as
    long as the directory shows her to that reader (a mentee under 18 sees only screened
    mentors: ``selectors.matchable_mentors``)."""
    viewer = getattr(user, "profile", None)
    return (
        MentorPresentation.objects.visible()
        .filter(matchable_mentors(viewer))
        .filter(mentor=person)
        .exists()
    )
