"""Mentee-proposing deferred acceptance with capacities (the hospital–residents problem).

Each mentee proposes to the mentors on her list in her order; a mentor holds the best of
those who proposed, up to her capacity, by her own order, and lets the worst go when a better
one proposes. The result is the mentee-optimal stable matching: no mentee and mentor would
both rather have each other than what they got, and no stable matching gives any mentee a
mentor she ranked higher (Gale and Shapley 1962; Roth 1984 for capacities).

A pair is possible only when each lists the other; a list may name people the other side
does not list, and those entries are skipped. Ids are integers; nothing here reads the
database."""

import heapq


def solve(
    *,
    mentee_prefs: dict[int, list[int]],
    mentor_prefs: dict[int, list[int]],
    capacities: dict[int, int],
) -> dict[int, int]:
    """Mentee id → mentor id for the matched mentees (the unmatched are absent).

    ``mentee_prefs`` and ``mentor_prefs`` are each side's acceptable partners, best first;
    ``capacities`` the number of mentees each mentor may take (missing or 0: none)."""
    # Where each mentee stands in each mentor's list; only mutual pairs are kept.
    standing: dict[int, dict[int, int]] = {}
    for mentor, listed in mentor_prefs.items():
        places: dict[int, int] = {}
        for position, mentee in enumerate(listed):
            places.setdefault(mentee, position)
        standing[mentor] = places
    lists = {
        mentee: [
            mentor
            for mentor in dict.fromkeys(mentors)
            if capacities.get(mentor, 0) > 0 and mentee in standing.get(mentor, ())
        ]
        for mentee, mentors in mentee_prefs.items()
    }
    # Each mentor's held mentees as a heap of (-position, mentee): the worst held on top.
    held: dict[int, list[tuple[int, int]]] = {}
    next_choice = dict.fromkeys(lists, 0)
    free = [mentee for mentee in lists if lists[mentee]]
    while free:
        mentee = free.pop()
        choices = lists[mentee]
        while next_choice[mentee] < len(choices):
            mentor = choices[next_choice[mentee]]
            next_choice[mentee] += 1
            position = standing[mentor][mentee]
            heap = held.setdefault(mentor, [])
            if len(heap) < capacities[mentor]:
                heapq.heappush(heap, (-position, mentee))
                break
            worst_position, worst = -heap[0][0], heap[0][1]
            if position < worst_position:
                heapq.heapreplace(heap, (-position, mentee))
                if next_choice[worst] < len(lists[worst]):
                    free.append(worst)
                break
    return {mentee: mentor for mentor, heap in held.items() for _, mentee in heap}
