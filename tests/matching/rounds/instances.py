"""Random instances of a round's matching problem, and stability written out from its
definition, for the property tests of the solver and of the stability check. Nothing here
calls ``matching.rounds``: these are the yardsticks the module is measured against."""

from dataclasses import dataclass

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

# Properties are cheap; the brute force over every matching is not, hence fewer examples.
PROPERTIES = settings(
    max_examples=400,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
    database=None,  # nothing written to .hypothesis/ in the working tree
)
BRUTE_FORCE = settings(PROPERTIES, max_examples=300)

# Ids nobody has a list for: a mentor who left the round, a mentee who never ranked.
STRANGERS = [900, 901]


@dataclass(frozen=True)
class Instance:
    mentee_prefs: dict[int, list[int]]
    mentor_prefs: dict[int, list[int]]
    capacities: dict[int, int]

    def kwargs(self) -> dict:
        return {
            "mentee_prefs": self.mentee_prefs,
            "mentor_prefs": self.mentor_prefs,
            "capacities": self.capacities,
        }

    def capacity(self, mentor: int) -> int:
        return self.capacities.get(mentor, 0)

    def acceptable(self, mentee: int, mentor: int) -> bool:
        """Each lists the other."""
        return mentor in self.mentee_prefs.get(mentee, ()) and mentee in self.mentor_prefs.get(
            mentor, ()
        )


@st.composite
def instances(draw, max_mentees: int = 8, max_mentors: int = 5) -> Instance:
    """Mentees 1.., mentors 101..; each pair listed by both or not, and each list, in an order
    of its own, names the partners listed by both and up to three more drawn from the other
    side and the strangers (some of them twice). Each mentor's capacity is 0–3, or none given
    (no place)."""
    mentees = list(range(1, draw(st.integers(0, max_mentees)) + 1))
    mentors = list(range(101, 101 + draw(st.integers(0, max_mentors))))
    mutual = {(mentee, mentor) for mentee in mentees for mentor in mentors if draw(st.booleans())}
    extra_mentors = st.lists(st.sampled_from(mentors + STRANGERS), max_size=3)
    extra_mentees = st.lists(st.sampled_from(mentees + STRANGERS), max_size=3)
    mentee_prefs = {
        mentee: draw(
            st.permutations([m for m in mentors if (mentee, m) in mutual] + draw(extra_mentors))
        )
        for mentee in mentees
    }
    mentor_prefs = {
        mentor: draw(
            st.permutations([e for e in mentees if (e, mentor) in mutual] + draw(extra_mentees))
        )
        for mentor in mentors
    }
    given = {mentor: draw(st.integers(-1, 3)) for mentor in mentors + STRANGERS}
    capacities = {mentor: places for mentor, places in given.items() if places >= 0}
    return Instance(mentee_prefs, mentor_prefs, capacities)


def prefers(listed: list[int], one: int, other: int | None) -> bool:
    """Whether whoever wrote ``listed`` would rather have ``one`` than ``other``: ``one`` is on
    the list and ``other`` is not (nobody, or someone she never listed), or is further down
    (a repeated name counts where it first appears)."""
    if one not in listed:
        return False
    return other not in listed or listed.index(one) < listed.index(other)


def blocking_pairs(instance: Instance, matching: dict[int, int]) -> set[tuple[int, int]]:
    """The definition: a mentee and a mentor who list each other, not together, where she
    would rather have him than her partner (or nobody) and the mentor has a place free or
    holds someone she would rather give up for this mentee."""
    found = set()
    for mentee, listed in instance.mentee_prefs.items():
        for mentor, ranked in instance.mentor_prefs.items():
            partner = matching.get(mentee)
            if mentor == partner or instance.capacity(mentor) == 0:
                continue
            if not instance.acceptable(mentee, mentor) or not prefers(listed, mentor, partner):
                continue
            held = [other for other, theirs in matching.items() if theirs == mentor]
            if len(held) < instance.capacity(mentor) or any(
                prefers(ranked, mentee, other) for other in held
            ):
                found.add((mentee, mentor))
    return found


def feasible(instance: Instance, matching: dict[int, int]) -> bool:
    """Every pair lists each other and no mentor holds more than her capacity."""
    taken: dict[int, int] = {}
    for mentee, mentor in matching.items():
        taken[mentor] = taken.get(mentor, 0) + 1
        if not instance.acceptable(mentee, mentor):
            return False
    return all(count <= instance.capacity(mentor) for mentor, count in taken.items())


def all_matchings(instance: Instance):
    """Every feasible matching, each mentee given nobody or one mentor she may have."""
    mentees = sorted(instance.mentee_prefs)
    options = {
        mentee: [
            mentor
            for mentor in set(instance.mentee_prefs[mentee])
            if instance.acceptable(mentee, mentor) and instance.capacity(mentor) > 0
        ]
        for mentee in mentees
    }

    def extend(index: int, matching: dict[int, int], left: dict[int, int]):
        if index == len(mentees):
            yield dict(matching)
            return
        mentee = mentees[index]
        yield from extend(index + 1, matching, left)
        for mentor in options[mentee]:
            if left[mentor] > 0:
                matching[mentee] = mentor
                left[mentor] -= 1
                yield from extend(index + 1, matching, left)
                left[mentor] += 1
                del matching[mentee]

    yield from extend(0, {}, dict.fromkeys(instance.mentor_prefs, 0) | instance.capacities)


def stable_matchings(instance: Instance) -> list[dict[int, int]]:
    return [m for m in all_matchings(instance) if not blocking_pairs(instance, m)]
