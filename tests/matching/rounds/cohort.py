"""Builders for the engine's tests: a round whose rankings have closed, the choices of its
mentees and the mentors' marks, written as the participant pages write them."""

from datetime import timedelta

from django.utils import timezone

from matching.rounds.models import Fit, MatchRound, RoundChoice, RoundMentor


def round_in_review(**fields) -> MatchRound:
    now = timezone.now()
    values = {
        "name": "Spring cohort",
        "opens_at": now - timedelta(days=14),
        "closes_at": now - timedelta(hours=1),
        "publishes_on": timezone.localdate() + timedelta(days=2),
    } | fields
    return MatchRound.objects.create(**values)


def rank(round_: MatchRound, mentee, *mentors) -> list[RoundChoice]:
    """``mentee`` ranks ``mentors``, first choice first."""
    return [
        RoundChoice.objects.create(round=round_, mentee=mentee, mentor=mentor, rank=position)
        for position, mentor in enumerate(mentors, start=1)
    ]


def mark(round_: MatchRound, mentor, mentee, *, fit: str = Fit.GOOD, order: int | None = None):
    RoundChoice.objects.filter(round=round_, mentor=mentor, mentee=mentee).update(
        fit=fit, mentor_order=order, marked_at=timezone.now()
    )


def take(round_: MatchRound, mentor, capacity: int) -> RoundMentor:
    """``mentor`` takes ``capacity`` mentees in the round."""
    return RoundMentor.objects.create(round=round_, mentor=mentor, capacity=capacity)
