"""What a match round holds about a person, for her data export and her erasure
(``core.personal_data``): her rankings and the notes she wrote with them, as a mentee; her
marks, her order and her places, as a mentor (never the rank a mentee gave her)."""

from django.utils.translation import ngettext

from core.personal_data import Contributor, Erasure, Phase, register, when
from profiles.personal_data import name_of

from .models import RoundChoice, RoundMentor


def export_rankings(user, by_staff: bool) -> dict:
    ranked = (
        RoundChoice.objects.filter(mentee=user)
        .select_related("round", "mentor__profile")
        .order_by("round__opens_at", "round_id", "rank")
    )
    marked = (
        RoundChoice.objects.filter(mentor=user)
        .select_related("round", "mentee__profile")
        .order_by("round__opens_at", "round_id", "created_at", "pk")
    )
    places = RoundMentor.objects.filter(mentor=user).select_related("round").order_by("pk")
    return {
        "match_round_rankings": [
            {
                "round": choice.round.name,
                "rank": choice.rank,
                "mentor": name_of(choice.mentor),
                "note": choice.note,
                "added_at": when(choice.created_at),
            }
            for choice in ranked
        ],
        "match_round_mentees_who_ranked_me": [
            {
                "round": choice.round.name,
                "mentee": name_of(choice.mentee),
                "my_mark": choice.fit,
                "my_order": choice.mentor_order,
                "marked_at": when(choice.marked_at),
            }
            for choice in marked
        ],
        "match_round_places": [
            {"round": setting.round.name, "mentees": setting.capacity} for setting in places
        ],
    }


def _open_rankings(user):
    return RoundChoice.objects.filter(mentee=user, round__published_at__isnull=True)


def preview_rankings(user) -> list[str]:
    rounds = _open_rankings(user).values("round").distinct().count()
    if not rounds:
        return []
    return [
        ngettext(
            "Your ranking in a match round not yet published is removed.",
            "Your rankings in %(counter)s match rounds not yet published are removed.",
            rounds,
        )
        % {"counter": rounds}
    ]


def remove_open_rankings(erasure: Erasure) -> None:
    """Her rankings in rounds not yet published go: she takes part in no matching any more.
    Those of published rounds stay with their results, their notes cleared (``scrub``)."""
    _open_rankings(erasure.user).delete()


def scrub_notes(erasure: Erasure) -> None:
    RoundChoice.objects.filter(mentee=erasure.user).exclude(note="").update(note="")


register(
    Contributor(
        name="matching.round_rankings",
        apps=("matching",),
        position=31,
        export=export_rankings,
        preview=preview_rankings,
        erasure={Phase.END: remove_open_rankings, Phase.SCRUB: scrub_notes},
    )
)
