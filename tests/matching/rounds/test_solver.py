"""``matching.rounds.solve`` on random instances: its matching keeps every list and capacity,
leaves no blocking pair, and is the mentee-optimal stable matching, checked against every
matching of small instances by brute force; and on worked examples whose answer is known."""

from hypothesis import given

from matching.rounds import solve

from .instances import (
    BRUTE_FORCE,
    PROPERTIES,
    Instance,
    blocking_pairs,
    feasible,
    instances,
    stable_matchings,
)


@PROPERTIES
@given(instances())
def test_the_matching_keeps_lists_and_capacities_and_nobody_blocks_it(instance):
    matching = solve(**instance.kwargs())

    assert set(matching) <= set(instance.mentee_prefs)
    assert feasible(instance, matching)
    assert blocking_pairs(instance, matching) == set()


@PROPERTIES
@given(instances())
def test_the_order_in_which_mentees_are_given_does_not_matter(instance):
    """The mentee-optimal stable matching is one: whoever proposes first, it is the same."""
    backwards = Instance(
        dict(reversed(instance.mentee_prefs.items())),
        dict(reversed(instance.mentor_prefs.items())),
        instance.capacities,
    )

    assert solve(**backwards.kwargs()) == solve(**instance.kwargs())


def rank(instance: Instance, mentee: int, mentor: int | None) -> int:
    listed = instance.mentee_prefs[mentee]
    return listed.index(mentor) if mentor in listed else len(listed)


@BRUTE_FORCE
@given(instances(max_mentees=6, max_mentors=4))
def test_each_mentee_gets_her_best_mentor_among_all_stable_matchings(instance):
    stable = stable_matchings(instance)
    matching = solve(**instance.kwargs())

    assert matching in stable
    for mentee in instance.mentee_prefs:
        best = min(rank(instance, mentee, other.get(mentee)) for other in stable)
        assert rank(instance, mentee, matching.get(mentee)) == best, mentee


def test_nobody_and_no_places():
    assert solve(mentee_prefs={}, mentor_prefs={}, capacities={}) == {}
    assert solve(mentee_prefs={1: [101]}, mentor_prefs={101: [1]}, capacities={101: 0}) == {}
    assert solve(mentee_prefs={1: [101]}, mentor_prefs={101: [1]}, capacities={}) == {}


def test_a_pair_needs_both_lists():
    assert solve(mentee_prefs={1: [101]}, mentor_prefs={101: [2]}, capacities={101: 1}) == {}
    assert solve(mentee_prefs={1: [102]}, mentor_prefs={101: [1]}, capacities={101: 1}) == {}
    assert solve(mentee_prefs={1: [101]}, mentor_prefs={101: [1]}, capacities={101: 1}) == {1: 101}


def test_hospital_residents_worked_example():
    """Three mentors with two places each and five mentees (the hospital–residents example
    worked by hand: A, S, D, J, L propose; C, M, G hold). C keeps D and A and turns away S
    (after D came) and J; S goes on to M, J to G; L is held by M, her first choice."""
    a, s, d, j, l_ = 1, 2, 3, 4, 5
    m, c, g = 101, 102, 103
    matching = solve(
        mentee_prefs={a: [c], s: [c, m], d: [c, m, g], j: [c, g, m], l_: [m, c, g]},
        mentor_prefs={m: [d, l_, s, j], c: [d, a, s, l_, j], g: [d, j, l_]},
        capacities={m: 2, c: 2, g: 2},
    )

    assert matching == {a: c, d: c, s: m, l_: m, j: g}


def test_cyclic_marriage_gives_each_mentee_her_first_choice():
    """The textbook instance with three stable matchings (each side's first choices, and the
    cyclic one between): each mentee's first choice ranks her last, yet proposing first she
    keeps it, since no mentor is asked by anyone else."""
    prefs = {1: [101, 102, 103], 2: [102, 103, 101], 3: [103, 101, 102]}
    mentor_prefs = {101: [2, 3, 1], 102: [3, 1, 2], 103: [1, 2, 3]}
    instance = Instance(prefs, mentor_prefs, dict.fromkeys(mentor_prefs, 1))

    assert solve(**instance.kwargs()) == {1: 101, 2: 102, 3: 103}
    assert len(stable_matchings(instance)) == 3


def test_a_mentor_lets_the_worst_go_when_a_better_one_asks():
    """Mentor 101 holds 1 and 2 at capacity 2; 3, whom she ranks first, asks: she lets 2 go
    (ranked last), who goes on to her second choice."""
    matching = solve(
        mentee_prefs={1: [101], 2: [101, 102], 3: [101]},
        mentor_prefs={101: [3, 1, 2], 102: [2]},
        capacities={101: 2, 102: 1},
    )

    assert matching == {1: 101, 3: 101, 2: 102}


def test_repeated_names_count_where_they_first_appear():
    matching = solve(
        mentee_prefs={1: [102, 101, 102], 2: [101, 101]},
        mentor_prefs={101: [2, 1, 2], 102: [1, 1]},
        capacities={101: 1, 102: 1},
    )

    assert matching == {1: 102, 2: 101}
