"""Who may see which requests: the request's mentee and mentor. Pages fetch through this
queryset, so another pair's request is a 404."""

from django.db.models import Q, QuerySet

from .models import ConnectionRequest


def requests_visible_to(user) -> QuerySet[ConnectionRequest]:
    if not user.is_authenticated:
        return ConnectionRequest.objects.none()
    return ConnectionRequest.objects.filter(Q(mentee=user) | Q(mentor=user))
