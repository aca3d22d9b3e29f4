"""Her reflections count as her doing something in the mentorship: a pair whose mentee only
writes reflections is not silent (``cycles.health``)."""

from django.db.models import OuterRef

from cycles.health import latest, register_activity

from .models import SessionEvaluation

register_activity(
    "reflections",
    lambda person: latest(
        SessionEvaluation.objects.filter(
            meeting__mentorship=OuterRef("pk"), author=OuterRef(person)
        ),
        "created_at",
    ),
)
