"""What ``evaluations`` holds about a person, for her data export and her erasure
(``core.personal_data``): her private session reflections and her final evaluations.

They go into the file inside her mentorships (``cycles.personal_data``): her reflection on
each meeting, her final evaluation of each mentorship.
"""

from django.db.models import Case, Prefetch, Value, When

from core.personal_data import REMOVED_TEXT, Contributor, Erasure, Phase, register, when
from cycles.personal_data import Part, add_to_meetings, add_to_mentorships

from . import services
from .models import FINAL_EVALUATION_TEXTS, FinalEvaluation, SessionEvaluation

PRIVATE_REFLECTIONS_LEFT_OUT = (
    "Private session reflections are not in an export made by the staff: only their author "
    "may read them. She downloads them herself from My data."
)

# --- export --------------------------------------------------------------------------------


def _my_reflections(user, by_staff: bool) -> Prefetch | None:
    if by_staff:  # only their author may read them (SPEC §10)
        return None
    return Prefetch(
        "reflections",
        queryset=SessionEvaluation.objects.filter(author=user),
        to_attr="my_reflections",
    )


def _reflection_data(meeting) -> dict | None:
    """Her private reflection on a meeting (at most one)."""
    for reflection in getattr(meeting, "my_reflections", []):
        return {
            "how_useful": reflection.useful,
            "how_prepared": reflection.prepared,
            "how_well_we_understood_each_other": reflection.understood,
            "progress_towards_my_goals": reflection.progress,
            "reflection": reflection.reflection,
            "written_at": when(reflection.created_at),
            "updated_at": when(reflection.updated_at),
        }
    return None


def _my_final_evaluations(user, by_staff: bool) -> Prefetch:
    return Prefetch(
        "final_evaluations",
        queryset=FinalEvaluation.objects.filter(author=user),
        to_attr="my_final_evaluations",
    )


def _final_evaluation_data(mentorship) -> dict | None:
    """Her final evaluation of a mentorship (at most one)."""
    for evaluation in mentorship.my_final_evaluations:
        return {
            "goals_met": evaluation.goals_met,
            "goals_not_met": evaluation.goals_not_met,
            "strengths_and_challenges": evaluation.strengths,
            "how_i_will_apply_it": evaluation.application,
            "biases": evaluation.biases,
            "impact_on_stem_intentions": evaluation.stem_impact,
            "quality_rating": evaluation.quality_rating,
            "effectiveness_rating": evaluation.effectiveness_rating,
            "sessions": evaluation.sessions,
            "submitted_at": when(evaluation.submitted_at),
        }
    return None


add_to_meetings(Part(key="my_reflection", prefetch=_my_reflections, value=_reflection_data))
add_to_mentorships(
    Part(key="my_final_evaluation", prefetch=_my_final_evaluations, value=_final_evaluation_data)
)


# --- erasure -------------------------------------------------------------------------------


def scrub_texts(erasure: Erasure) -> None:
    """The text of her private reflections is cleared and the answers in words of her final
    evaluations become "[removed]"; their ratings and session counts stay for the statistics."""
    user = erasure.user
    SessionEvaluation.objects.filter(author=user).exclude(reflection="").update(reflection="")
    FinalEvaluation.objects.filter(author=user).update(
        **{
            name: Case(When(**{name: ""}, then=Value("")), default=Value(REMOVED_TEXT))
            for name in FINAL_EVALUATION_TEXTS
        }
    )


def discard_exports(erasure: Erasure) -> None:
    """The files of the staff's finished exports name the authors of the final evaluations in
    them: when she wrote one, they are deleted (the jobs stay, marked expired)."""
    services.discard_exports_naming(author=erasure.user)


register(
    Contributor(
        name="evaluations",
        # The staff's export jobs (``ExportJob.requested_by``) hold nothing about the person
        # who asked but that link: neither exported nor changed.
        apps=("evaluations",),
        position=40,
        erasure={Phase.ANONYMISE: discard_exports, Phase.SCRUB: scrub_texts},
        left_out_by_staff=PRIVATE_REFLECTIONS_LEFT_OUT,
    )
)
