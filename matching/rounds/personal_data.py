"""What the match rounds hold about a person, for her data export and her erasure
(``core.personal_data``; ``matching.personal_data`` imports this module).

- Export: as a mentee, her choices (round, rank, note, mentor's name); as a mentor, her
  places in each round and the marks she gave (the mentee's name, her mark and order, never
  the rank the mentee gave her); and the published result of each round for her.
- Erasure: she leaves every round. Her choices and her places are deleted and the marks she
  gave cleared; drafts not published lose her (a mentee's outcome goes; a mentee drafted
  with her as mentor is left unmatched, so a new draft is needed). A published result stays,
  so that the round's counts stay true, but the reasons kept with her own result (her
  fields, languages, the words of her goals) are cleared."""

from django.db.models import Exists, OuterRef, Q
from django.utils.translation import ngettext

from core.personal_data import Contributor, Erasure, Phase, register, when
from profiles.personal_data import name_of

from .models import MatchRound, RoundChoice, RoundMentor, RoundOutcome


def _published() -> Q:
    """An outcome of the draft its round published."""
    return Q(Exists(MatchRound.objects.filter(published_draft=OuterRef("draft"))))


def export_rounds(user, by_staff: bool) -> dict:
    choices = (
        RoundChoice.objects.filter(mentee=user)
        .select_related("round", "mentor__profile")
        .order_by("round__opens_at", "round_id", "rank")
    )
    marks = (
        RoundChoice.objects.filter(mentor=user)
        .select_related("round", "mentee__profile")
        .order_by("round__opens_at", "round_id", "mentor_order", "pk")
    )
    places = RoundMentor.objects.filter(mentor=user).select_related("round").order_by("pk")
    results = (
        RoundOutcome.objects.filter(_published())
        .filter(Q(mentee=user) | Q(mentor=user))
        .select_related("draft__round", "mentee__profile", "mentor__profile")
        .order_by("draft__round__published_at", "pk")
    )
    return {
        "match_round_choices": [
            {
                "round": choice.round.name,
                "rank": choice.rank,
                "mentor": name_of(choice.mentor),
                "note": choice.note,
                "added_at": when(choice.created_at),
            }
            for choice in choices
        ],
        "match_round_places": [
            {
                "round": row.round.name,
                "mentees_in_round": row.capacity,
                "set_at": when(row.updated_at),
            }
            for row in places
        ],
        "match_round_marks": [
            {
                "round": choice.round.name,
                "mentee": name_of(choice.mentee),
                "mark": choice.fit,
                "my_order": choice.mentor_order,
                "marked_at": when(choice.marked_at),
            }
            for choice in marks
        ],
        "match_round_results": [
            {
                "round": outcome.draft.round.name,
                "published_at": when(outcome.draft.round.published_at),
                "my_role": "mentee" if outcome.mentee_id == user.pk else "mentor",
                **(
                    {"mentor": name_of(outcome.mentor), "my_choice": outcome.mentee_rank}
                    if outcome.mentee_id == user.pk
                    else {
                        "mentee": name_of(outcome.mentee),
                        "my_place_for_her": outcome.mentor_rank,
                    }
                ),
            }
            for outcome in results
        ],
    }


def preview_rounds(user) -> list[str]:
    rounds = (
        MatchRound.objects.filter(published_at__isnull=True)
        .filter(Q(choices__mentee=user) | Q(mentors__mentor=user))
        .distinct()
        .count()
    )
    if not rounds:
        return []
    return [
        ngettext(
            "You leave the match round you take part in.",
            "You leave the %(counter)s match rounds you take part in.",
            rounds,
        )
        % {"counter": rounds}
    ]


def leave_rounds(erasure: Erasure) -> None:
    user = erasure.user
    RoundChoice.objects.filter(mentee=user).delete()
    RoundMentor.objects.filter(mentor=user).delete()
    RoundChoice.objects.filter(mentor=user).exclude(fit="", mentor_order=None).update(
        fit="", mentor_order=None, marked_at=None
    )
    unpublished = RoundOutcome.objects.exclude(_published())
    unpublished.filter(mentee=user).delete()
    unpublished.filter(mentor=user).update(
        mentor=None, mentee_rank=None, mentor_rank=None, reasons={}
    )


def scrub_reasons(erasure: Erasure) -> None:
    """What her published results say about why (her fields, languages, the words of her
    goals) goes; the pair and the ranks stay, for the round's counts. A mentee's result with
    her as the mentor keeps its reasons: they are the mentee's explanation."""
    RoundOutcome.objects.filter(mentee=erasure.user).exclude(reasons={}).update(reasons={})


register(
    Contributor(
        name="matching.rounds",
        apps=("matching",),
        position=31,
        export=export_rounds,
        preview=preview_rounds,
        erasure={Phase.END: leave_rounds, Phase.SCRUB: scrub_reasons},
    )
)
