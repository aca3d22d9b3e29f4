"""Who may see which requests: one rule, used as a predicate and as a queryset."""

from django.db.models import Q, QuerySet

from .models import ConnectionRequest


def requests_visible_to(user) -> QuerySet[ConnectionRequest]:
    if not user.is_authenticated:
        return ConnectionRequest.objects.none()
    return ConnectionRequest.objects.filter(Q(mentee=user) | Q(mentor=user))


def can_view_request(user, request: ConnectionRequest) -> bool:
    return user.is_authenticated and user.pk in (request.mentee_id, request.mentor_id)
