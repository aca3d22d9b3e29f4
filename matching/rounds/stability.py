"""An independent check of a matching, computed apart from the solver: the pairs that would
both rather have each other (blocking pairs), and whether capacities and lists are kept.
Staff see its figures on each draft; tests compare it with the solver."""

import math


def _rank(listed: list[int]) -> dict[int, int]:
    ranks: dict[int, int] = {}
    for position, person in enumerate(listed):
        ranks.setdefault(person, position)
    return ranks


def blocking_pairs(
    *,
    matching: dict[int, int],
    mentee_prefs: dict[int, list[int]],
    mentor_prefs: dict[int, list[int]],
    capacities: dict[int, int],
) -> list[tuple[int, int]]:
    """The (mentee, mentor) pairs, listed by both, not matched together, where the mentee
    prefers the mentor to what she got (or is unmatched) and the mentor has a free place or
    holds someone she ranks lower."""
    mentor_ranks = {mentor: _rank(listed) for mentor, listed in mentor_prefs.items()}
    held: dict[int, list[int]] = {}
    for mentee, mentor in matching.items():
        held.setdefault(mentor, []).append(mentee)
    # A mentor without a list (a wrong matching may name one) blocks with nobody; a mentee
    # she holds but did not list is below everyone she listed.
    worst_held = {
        mentor: max(mentor_ranks[mentor].get(mentee, math.inf) for mentee in ms)
        for mentor, ms in held.items()
        if mentor in mentor_ranks
    }
    found = []
    for mentee, listed in mentee_prefs.items():
        current = matching.get(mentee)
        for mentor in dict.fromkeys(listed):
            if mentor == current:
                break  # every mentor after this one she likes less
            ranks = mentor_ranks.get(mentor)
            if ranks is None or mentee not in ranks or capacities.get(mentor, 0) <= 0:
                continue
            if len(held.get(mentor, ())) < capacities[mentor] or ranks[mentee] < worst_held[mentor]:
                found.append((mentee, mentor))
    return found


def broken_rules(
    *,
    matching: dict[int, int],
    mentee_prefs: dict[int, list[int]],
    mentor_prefs: dict[int, list[int]],
    capacities: dict[int, int],
) -> list[str]:
    """What the matching breaks besides stability: a pair that one side does not list, a
    mentor over her capacity. Empty when it keeps every rule."""
    problems = []
    taken: dict[int, int] = {}
    for mentee, mentor in matching.items():
        if mentor not in mentee_prefs.get(mentee, ()):
            problems.append(f"mentee {mentee} did not list mentor {mentor}")
        if mentee not in mentor_prefs.get(mentor, ()):
            problems.append(f"mentor {mentor} did not list mentee {mentee}")
        taken[mentor] = taken.get(mentor, 0) + 1
    for mentor, count in taken.items():
        if count > capacities.get(mentor, 0):
            problems.append(f"mentor {mentor} holds {count}, capacity {capacities.get(mentor, 0)}")
    return problems
