"""The reasons of a round's outcome (``RoundOutcome.reasons``: ids and codes) in sentences, in
the language active when called: the reader's page, her email.

Privacy holds here: a mentee reads the rank she gave, never the mentor's mark or order; a
mentor reads her own place for a mentee, never the rank the mentee gave her; only staff read
both. No sentence names another mentee, and "not a fit" is never said: a mentee reads that
the mentor could not take her."""

from django.contrib.auth import get_user_model
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from profiles.selectors import reference_lists

from .drafts import Why
from .models import RoundOutcome

MENTEE, MENTOR, STAFF = "mentee", "mentor", "staff"


def _named(kind: str, ids: list[int]) -> str:
    choices = reference_lists()[kind]
    names = {choice[0]: choice[1] for choice in choices}
    return ", ".join(names[pk] for pk in ids if pk in names)


def matched_reasons(outcome: RoundOutcome, *, reader: str | None = None) -> list[str]:
    """Why the pair of ``outcome`` was matched: what they share and, for ``reader``
    ("mentee", "mentor" or "staff"), the ranks that reader may know. Empty when unmatched."""
    if not outcome.is_matched:
        return []
    reasons = outcome.reasons
    participant = reader in (MENTEE, MENTOR)
    sentences = []
    fields = _named("expertise", reasons.get("fields", []))
    if fields:
        count = len(reasons["fields"])
        sentences.append(
            (
                ngettext(
                    "You share the field %(fields)s.", "You share the fields %(fields)s.", count
                )
                if participant
                else ngettext("Shared field: %(fields)s.", "Shared fields: %(fields)s.", count)
            )
            % {"fields": fields}
        )
    languages = _named("languages", reasons.get("languages", []))
    if languages:
        sentences.append(
            (_("You both speak %(languages)s.") if participant else _("Both speak %(languages)s."))
            % {"languages": languages}
        )
    if reasons.get("same_country"):
        sentences.append(
            _("You live in the same country.")
            if participant
            else _("Both live in the same country.")
        )
    goals = ", ".join(reasons.get("goals", []))
    if goals:
        if reader == MENTEE:
            wording = _("Her presentation mentions words from your goals: %(goals)s.")
        elif reader == MENTOR:
            wording = _("Your presentation mentions words from her goals: %(goals)s.")
        else:
            wording = _("The presentation mentions words from the mentee's goals: %(goals)s.")
        sentences.append(wording % {"goals": goals})
    if reader == MENTEE:
        sentences.append(
            _("She was number %(rank)s on your ranking.") % {"rank": outcome.mentee_rank}
        )
    elif reader == MENTOR:
        sentences.append(
            _("She was number %(rank)s on your list of the mentees who ranked you.")
            % {"rank": outcome.mentor_rank}
        )
    elif reader == STAFF:
        sentences.append(
            _("The mentee's choice %(mentee_rank)s; the mentor's place %(mentor_rank)s for her.")
            % {"mentee_rank": outcome.mentee_rank, "mentor_rank": outcome.mentor_rank}
        )
    return sentences


def _missed(why: str, name: str, places: int) -> str:
    if why == Why.PREFERRED_OTHERS:
        return ngettext(
            "%(name)s's place went to a mentee she had marked as a better fit.",
            "%(name)s's %(count)s places went to mentees she had marked as a better fit.",
            places,
        ) % {"name": name, "count": places}
    if why == Why.NOT_A_FIT:
        return _("%(name)s could not take you in this round.") % {"name": name}
    if why == Why.NO_PLACES:
        return _("%(name)s took no new mentee in this round.") % {"name": name}
    if why == Why.EXCLUDED:
        return _("The program staff did not pair you with %(name)s in this round.") % {"name": name}
    return _("%(name)s could not be matched with you when rankings closed.") % {"name": name}


def _missed_for_staff(why: str, name: str, places: int) -> str:
    if why == Why.PREFERRED_OTHERS:
        return ngettext(
            "%(name)s's place went to a mentee she placed higher.",
            "%(name)s's %(count)s places went to mentees she placed higher.",
            places,
        ) % {"name": name, "count": places}
    if why == Why.NOT_A_FIT:
        return _("%(name)s marked her not a fit.") % {"name": name}
    if why == Why.NO_PLACES:
        return _("%(name)s took no new mentee in this round.") % {"name": name}
    if why == Why.EXCLUDED:
        return _("Program staff kept her apart from %(name)s.") % {"name": name}
    return _(
        "The rules did not allow her to be matched with %(name)s (a block, screening or a "
        "guardian's consent)."
    ) % {"name": name}


def missed_reasons(outcome: RoundOutcome, *, reader: str = MENTEE) -> list[str]:
    """Why the mentee of ``outcome`` did not get the mentors she ranked above the one she got
    (every mentor she ranked, when unmatched), one sentence each, in her order: to her, or,
    for ``reader`` "staff", what staff may know (the mentor's mark). One query, for the
    mentors' names."""
    missed = outcome.reasons.get("missed", [])
    if not missed:
        return []
    ids = [entry["mentor"] for entry in missed]
    names = {
        pk: name or email
        for pk, name, email in get_user_model()
        .objects.filter(pk__in=ids)
        .values_list("pk", "profile__display_name", "email")
    }
    words = _missed_for_staff if reader == STAFF else _missed
    return [
        words(entry["why"], names.get(entry["mentor"], _("A mentor")), entry["places"])
        for entry in missed
    ]
