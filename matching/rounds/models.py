"""The tables of a match round. ``matching.models`` imports them, so they belong to the
``matching`` app (migrations, admin, the ``matching_`` table names)."""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Stage(models.TextChoices):
    UPCOMING = "upcoming", _("Not open yet")
    RANKING = "ranking", _("Open for rankings")
    REVIEW = "review", _("Being reviewed by program staff")
    PUBLISHED = "published", _("Published")


class MatchRound(models.Model):
    """A cohort's matching: mentees rank mentors between ``opens_at`` and ``closes_at``,
    mentors mark who fits, staff draft and review the matching, then publish one draft (its
    mentorships start at once) around ``publishes_on``."""

    public_id = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(_("name"), max_length=120)
    opens_at = models.DateTimeField(_("rankings open"))
    closes_at = models.DateTimeField(_("rankings close"))
    publishes_on = models.DateField(
        _("results published on"),
        help_text=_("The date participants are told to expect their result."),
    )
    open_to_all = models.BooleanField(
        _("open to every eligible participant"),
        default=True,
        help_text=_(
            "Every mentee without an active traditional mentorship and every mentor with a "
            "visible presentation taking requests. Untick to open the round only to the people "
            "listed below."
        ),
    )
    invited = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="match_rounds_invited",
        verbose_name=_("invited participants"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    announced_at = models.DateTimeField(_("participants told"), null=True, blank=True)
    published_draft = models.ForeignKey(
        "matching.RoundDraft",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("published draft"),
    )
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("published by"),
    )

    class Meta:
        verbose_name = _("match round")
        verbose_name_plural = _("match rounds")
        ordering = ["-opens_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(closes_at__gt=models.F("opens_at")),
                name="match_round_closes_after_opening",
            ),
            models.CheckConstraint(
                condition=models.Q(published_at__isnull=True, published_draft__isnull=True)
                | models.Q(published_at__isnull=False, published_draft__isnull=False),
                name="match_round_published_with_its_draft",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def stage(self, now=None) -> str:
        now = now or timezone.now()
        if self.published_at is not None:
            return Stage.PUBLISHED
        if now < self.opens_at:
            return Stage.UPCOMING
        if now < self.closes_at:
            return Stage.RANKING
        return Stage.REVIEW

    def get_stage_display(self) -> str:
        return str(Stage(self.stage()).label)

    @property
    def is_open_for_rankings(self) -> bool:
        return self.stage() == Stage.RANKING


class Fit(models.TextChoices):
    UNMARKED = "", _("Not marked")
    GOOD = "good", _("A good fit")
    NOT = "not", _("Not a fit")


class RoundChoice(models.Model):
    """A mentor on a mentee's ranking in a round (``rank`` 1 is her first choice), and the
    mentor's answer about that mentee: her mark and, if she orders them, her place. The
    mentee never sees the mark; the mentor never sees the rank."""

    round = models.ForeignKey(
        MatchRound, on_delete=models.CASCADE, related_name="choices", verbose_name=_("round")
    )
    mentee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="round_choices",
        verbose_name=_("mentee"),
    )
    mentor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="round_choices_received",
        verbose_name=_("mentor"),
    )
    rank = models.PositiveSmallIntegerField(_("rank"))
    note = models.TextField(_("note"), max_length=500, blank=True)
    fit = models.CharField(_("mentor's mark"), max_length=4, choices=Fit.choices, blank=True)
    mentor_order = models.PositiveSmallIntegerField(_("mentor's order"), null=True, blank=True)
    created_at = models.DateTimeField(_("added"), default=timezone.now)
    marked_at = models.DateTimeField(_("marked"), null=True, blank=True)

    class Meta:
        verbose_name = _("round choice")
        verbose_name_plural = _("round choices")
        ordering = ["round", "mentee", "rank"]
        indexes = [models.Index(fields=["round", "mentor"])]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "mentee", "mentor"], name="round_choice_once_per_pair"
            ),
            models.CheckConstraint(condition=models.Q(rank__gte=1), name="round_choice_rank"),
            models.CheckConstraint(
                condition=~models.Q(mentor=models.F("mentee")), name="round_choice_two_people"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.round} · {self.mentee_id} → {self.mentor_id} ({self.rank})"


class RoundMentor(models.Model):
    """A mentor's settings for a round: how many mentees she takes in it. Without a row her
    capacity in the round is her free places (capacity on her presentation less her active
    traditional mentorships)."""

    round = models.ForeignKey(
        MatchRound, on_delete=models.CASCADE, related_name="mentors", verbose_name=_("round")
    )
    mentor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="round_settings",
        verbose_name=_("mentor"),
    )
    capacity = models.PositiveSmallIntegerField(_("mentees in this round"))
    updated_at = models.DateTimeField(_("updated"), default=timezone.now)

    class Meta:
        verbose_name = _("round mentor")
        verbose_name_plural = _("round mentors")
        constraints = [
            models.UniqueConstraint(fields=["round", "mentor"], name="round_mentor_once"),
        ]

    def __str__(self) -> str:
        return f"{self.round} · {self.mentor_id}: {self.capacity}"


class RoundDraft(models.Model):
    """One solve of a round, kept for review: what-if changes (``capacity_changes``: mentor id
    → capacity; ``excluded_pairs``: [mentee id, mentor id]), the figures staff read (counts,
    ranks obtained, stability, fairness; ``figures``) and one ``RoundOutcome`` per mentee."""

    round = models.ForeignKey(
        MatchRound, on_delete=models.CASCADE, related_name="drafts", verbose_name=_("round")
    )
    number = models.PositiveSmallIntegerField(_("number"))
    based_on = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("compared with"),
    )
    capacity_changes = models.JSONField(_("capacity changes"), default=dict, blank=True)
    excluded_pairs = models.JSONField(_("excluded pairs"), default=list, blank=True)
    figures = models.JSONField(_("figures"), default=dict, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("drafted by"),
    )
    created_at = models.DateTimeField(_("drafted"), default=timezone.now)

    class Meta:
        verbose_name = _("round draft")
        verbose_name_plural = _("round drafts")
        ordering = ["round", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["round", "number"], name="round_draft_number_once"),
        ]

    def __str__(self) -> str:
        return _("%(round)s, draft %(number)s") % {"round": self.round, "number": self.number}


class RoundOutcome(models.Model):
    """What a draft gives one mentee who ranked someone: a mentor (or none), the rank she gave
    that mentor and the place the mentor gave her, and the reasons, stored as ids and codes
    and put in words in the reader's language when shown (``matching.rounds.explain``).
    ``mentorship`` is set when the draft is published."""

    draft = models.ForeignKey(
        RoundDraft, on_delete=models.CASCADE, related_name="outcomes", verbose_name=_("draft")
    )
    mentee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="round_outcomes",
        verbose_name=_("mentee"),
    )
    mentor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="round_outcomes_as_mentor",
        verbose_name=_("mentor"),
    )
    mentee_rank = models.PositiveSmallIntegerField(_("her choice"), null=True, blank=True)
    mentor_rank = models.PositiveSmallIntegerField(
        _("mentor's place for her"), null=True, blank=True
    )
    reasons = models.JSONField(_("reasons"), default=dict, blank=True)
    mentorship = models.OneToOneField(
        "cycles.Mentorship",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="round_outcome",
        verbose_name=_("mentorship"),
    )

    class Meta:
        verbose_name = _("round outcome")
        verbose_name_plural = _("round outcomes")
        indexes = [models.Index(fields=["draft", "mentor"])]
        constraints = [
            models.UniqueConstraint(fields=["draft", "mentee"], name="round_outcome_once"),
        ]

    def __str__(self) -> str:
        return f"{self.draft} · {self.mentee_id} → {self.mentor_id or '-'}"

    @property
    def is_matched(self) -> bool:
        return self.mentor_id is not None
