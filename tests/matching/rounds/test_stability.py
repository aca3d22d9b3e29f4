"""``matching.rounds.stability`` against the definitions, on any matching: stable or not,
over capacity, pairing people who never listed each other, naming strangers."""

from collections import Counter

from hypothesis import given
from hypothesis import strategies as st

from matching.rounds import stability

from .instances import PROPERTIES, STRANGERS, Instance, blocking_pairs, instances


@st.composite
def instances_and_matchings(draw):
    """An instance and any matching of its mentees: each to nobody, a mentor of the round or
    a stranger, whatever the lists and capacities say."""
    instance = draw(instances())
    mentors = st.sampled_from(sorted(instance.mentor_prefs) + STRANGERS)
    matching = {mentee: draw(mentors) for mentee in instance.mentee_prefs if draw(st.booleans())}
    return instance, matching


def broken(instance: Instance, matching: dict[int, int]) -> bool:
    """A pair one side did not list, or a mentor holding more than her capacity."""
    held = Counter(matching.values())
    return any(not instance.acceptable(e, m) for e, m in matching.items()) or any(
        count > instance.capacity(mentor) for mentor, count in held.items()
    )


@PROPERTIES
@given(instances_and_matchings())
def test_blocking_pairs_are_those_of_the_definition(drawn):
    instance, matching = drawn

    found = stability.blocking_pairs(matching=matching, **instance.kwargs())

    assert len(found) == len(set(found))
    assert set(found) == blocking_pairs(instance, matching)


@PROPERTIES
@given(instances_and_matchings())
def test_broken_rules_are_reported_exactly_when_a_rule_is_broken(drawn):
    instance, matching = drawn

    problems = stability.broken_rules(matching=matching, **instance.kwargs())

    assert bool(problems) == broken(instance, matching)


KWARGS = {
    "mentee_prefs": {1: [101, 102], 2: [101], 3: [102, 101]},
    "mentor_prefs": {101: [3, 1, 2], 102: [1, 3]},
    "capacities": {101: 1, 102: 0},
}


def test_a_mentee_and_a_mentor_who_would_rather_have_each_other_block():
    # 101 holds 2 (her last); 1 and 3 would rather have 101, and 101 would rather have them.
    assert sorted(stability.blocking_pairs(matching={2: 101}, **KWARGS)) == [(1, 101), (3, 101)]
    # Holding 3, her first, nobody blocks; 102 has no place to offer.
    assert stability.blocking_pairs(matching={3: 101}, **KWARGS) == []


def test_a_free_place_blocks_with_any_mentee_who_would_rather_have_it():
    kwargs = {**KWARGS, "capacities": {101: 2, 102: 0}}

    assert sorted(stability.blocking_pairs(matching={3: 101}, **kwargs)) == [(1, 101), (2, 101)]


def test_broken_rules_say_what_is_wrong():
    problems = stability.broken_rules(matching={1: 101, 2: 101, 3: 102, 4: 900}, **KWARGS)

    assert problems == [
        "mentee 4 did not list mentor 900",
        "mentor 900 did not list mentee 4",
        "mentor 101 holds 2, capacity 1",
        "mentor 102 holds 1, capacity 0",
        "mentor 900 holds 1, capacity 0",
    ]
    assert stability.broken_rules(matching={3: 101}, **KWARGS) == []


def test_a_mentee_held_but_never_listed_is_below_everyone_listed_even_after_a_repeat():
    # 101 lists 1 twice, then 6: four places on her list but three people.
    kwargs = {
        "mentee_prefs": {5: [], 6: [101]},
        "mentor_prefs": {101: [1, 3, 1, 6]},
        "capacities": {101: 1},
    }

    assert stability.blocking_pairs(matching={5: 101}, **kwargs) == [(6, 101)]


def test_a_matching_naming_a_mentor_without_a_list_is_reported_not_a_crash():
    kwargs = {"mentee_prefs": {1: [101]}, "mentor_prefs": {}, "capacities": {101: 1}}

    assert stability.blocking_pairs(matching={1: 101}, **kwargs) == []
    assert stability.broken_rules(matching={1: 101}, **kwargs) == [
        "mentor 101 did not list mentee 1"
    ]
