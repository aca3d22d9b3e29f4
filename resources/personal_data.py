"""What ``resources`` holds about a person, for her data export and her erasure
(``core.personal_data``): her sign-ups for events and her first visit to the library."""

from django.utils import timezone

from core.personal_data import Contributor, Erasure, Phase, local_time, register, when

from .models import Registration, ResourceVisit
from .services import cancel_sign_up


def export_resources(user, by_staff: bool) -> dict:
    return {
        "event_sign_ups": [
            {
                "event": registration.event.title,
                "starts_at": local_time(registration.event.starts_at, registration.event.time_zone),
                "signed_up_at": when(registration.created_at),
                "cancelled_at": when(registration.cancelled_at),
                "attended_at": when(registration.attended_at),
            }
            for registration in Registration.objects.filter(user=user)
            .select_related("event")
            .order_by("created_at", "pk")
        ],
        "resource_library_first_visit": when(
            ResourceVisit.objects.filter(user=user)
            .values_list("first_visited_at", flat=True)
            .first()
        ),
    }


def give_back_places(erasure: Erasure) -> None:
    """Her sign-ups for events to come are cancelled, so others can have the places; those of
    past events stay as they are."""
    for registration in Registration.objects.filter(
        user=erasure.user, cancelled_at__isnull=True, event__starts_at__gt=timezone.now()
    ).select_related("event"):
        cancel_sign_up(event=registration.event, by=erasure.user)


register(
    Contributor(
        name="resources",
        apps=("resources",),
        position=50,
        export=export_resources,
        erasure={Phase.END: give_back_places},
    )
)
