"""The resource library and the program's events (SPEC §11).

Staff curate resources in the admin: articles, videos, templates, self-tests, toolkits and
networks, each for mentors, mentees or both, in one language, for the phases of the cycle it
helps with; a link or an uploaded file (kept out of the public media and served as a
download). Events are the mentors' preparatory meeting and community events, with sign-up
and attendance marked by staff.
"""

import uuid
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from profiles.validators import validate_visible_text


class Category(models.TextChoices):
    """The twelve kinds of material the manual promises (SPEC §11)."""

    MENTOR_TIPS = "mentor_tips", _("Tips for mentors")
    MENTORING_SKILLS = "mentoring_skills", _("Mentoring skills")
    SELF_TESTS = "self_tests", _("Self-tests for mentoring")
    TOPICS = "topics", _("Topics to discuss in sessions")
    TEMPLATES = "templates", _("Materials and templates")
    TOOLKITS = "toolkits", _("Toolkits")
    EQUALITY = "equality", _("Gender pay gap and equality")
    BARRIERS = "barriers", _("Overcoming barriers in STEM")
    CONFIDENCE = "confidence", _("Feeling secure in your STEM role")
    INSPIRING_WOMEN = "inspiring_women", _("Inspiring and historical women in STEM")
    UNIVERSITIES = "universities", _("For universities")
    NETWORKS = "networks", _("Networks for women in STEM")


class Kind(models.TextChoices):
    ARTICLE = "article", _("Article")
    VIDEO = "video", _("Video")
    TEMPLATE = "template", _("Template")
    SELF_TEST = "self_test", _("Self-test")
    TOOLKIT = "toolkit", _("Toolkit")
    NETWORK = "network", _("Network")
    LINK = "link", _("Link")
    FILE = "file", _("File")


class Audience(models.TextChoices):
    BOTH = "both", _("Mentors and mentees")
    MENTOR = "mentor", _("Mentors")
    MENTEE = "mentee", _("Mentees")


# The cycle's phases a resource helps with (the numbers of ``cycles.models.Phase``), each a
# flag of its own so the library filters on an index and the mentorship page on one column.
PHASE_FIELDS = {1: "for_preparation", 2: "for_negotiation", 3: "for_enabling", 4: "for_closure"}
# Their names, as the cycle calls them (``cycles.models.Phase``, a sibling app).
PHASE_LABELS = {1: _("Preparation"), 2: _("Negotiation"), 3: _("Enabling"), 4: _("Closure")}


def resources_storage():
    """Uploaded files are kept out of the public media and served only by the download view,
    as attachments."""
    from django.core.files.storage import storages

    return storages["resources"]


def upload_path(resource: "Resource", filename: str) -> str:
    return f"library/{resource.public_id}/{filename}"


class ResourceQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_published=True)

    def for_role(self, role: str):
        """What a mentor (or a mentee) is shown: hers and those for both."""
        if role in (Audience.MENTOR, Audience.MENTEE):
            return self.filter(audience__in=[role, Audience.BOTH])
        return self


class Resource(models.Model):
    public_id = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)
    title = models.CharField(_("title"), max_length=200, validators=[validate_visible_text])
    summary = models.TextField(_("summary"), max_length=2000)
    category = models.CharField(_("category"), max_length=30, choices=Category.choices)
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices)
    audience = models.CharField(
        _("audience"), max_length=10, choices=Audience.choices, default=Audience.BOTH
    )
    language = models.CharField(
        _("language"),
        max_length=10,
        help_text=_("The language the resource itself is in (ISO 639-1 code, e.g. en or sv)."),
    )
    for_preparation = models.BooleanField(_("phase 1, Preparation"), default=False)
    for_negotiation = models.BooleanField(_("phase 2, Negotiation"), default=False)
    for_enabling = models.BooleanField(_("phase 3, Enabling"), default=False)
    for_closure = models.BooleanField(_("phase 4, Closure"), default=False)
    for_traditional = models.BooleanField(_("traditional mentoring"), default=True)
    for_flash = models.BooleanField(_("flash mentoring"), default=True)
    url = models.URLField(_("link"), max_length=500, blank=True)
    file = models.FileField(
        _("file"), storage=resources_storage, upload_to=upload_path, max_length=300, blank=True
    )
    file_type = models.CharField(_("file type"), max_length=100, blank=True, editable=False)
    file_size = models.PositiveIntegerField(_("file size (bytes)"), default=0, editable=False)
    is_featured = models.BooleanField(_("featured"), default=False)
    is_published = models.BooleanField(_("published"), default=True)
    created_at = models.DateTimeField(_("added"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = ResourceQuerySet.as_manager()

    class Meta:
        verbose_name = _("resource")
        verbose_name_plural = _("resources")
        ordering = ["-is_featured", "-created_at", "-pk"]
        indexes = [
            models.Index(fields=["is_published", "category"]),
            models.Index(fields=["is_published", "-is_featured", "-created_at"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(url="") | ~models.Q(file=""),
                name="resource_has_a_link_or_a_file",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def phases(self) -> list[int]:
        return [phase for phase, name in PHASE_FIELDS.items() if getattr(self, name)]


class ResourceVisit(models.Model):
    """A participant opened the library: the first visit ticks "explore the resources"."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="resource_visit",
        verbose_name=_("participant"),
    )
    first_visited_at = models.DateTimeField(_("first visit"), default=timezone.now)

    class Meta:
        verbose_name = _("library visit")
        verbose_name_plural = _("library visits")

    def __str__(self) -> str:
        return str(self.first_visited_at)


class Event(models.Model):
    class Kind(models.TextChoices):
        PREPARATORY = "preparatory", _("Preparatory meeting for mentors")
        COMMUNITY = "community", _("Community event")

    public_id = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200, validators=[validate_visible_text])
    description = models.TextField(_("description"), max_length=5000)
    starts_at = models.DateTimeField(_("starts"))
    time_zone = models.CharField(_("time zone"), max_length=64, default="Europe/Stockholm")
    duration_minutes = models.PositiveSmallIntegerField(_("length (minutes)"), default=60)
    online_link = models.URLField(
        _("online link"),
        max_length=500,
        help_text=_("Shown to the people who signed up."),
    )
    capacity = models.PositiveIntegerField(
        _("places"), null=True, blank=True, help_text=_("Leave empty for no limit.")
    )
    audience = models.CharField(
        _("audience"), max_length=10, choices=Audience.choices, default=Audience.BOTH
    )
    is_published = models.BooleanField(_("published"), default=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["starts_at", "pk"]
        indexes = [models.Index(fields=["is_published", "starts_at"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(duration_minutes__gte=15, duration_minutes__lte=600),
                name="event_length_15_to_600",
            ),
            models.CheckConstraint(
                condition=models.Q(capacity__isnull=True) | models.Q(capacity__gte=1),
                name="event_capacity_at_least_1",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def ends_at(self):
        return self.starts_at + timedelta(minutes=self.duration_minutes)


class Registration(models.Model):
    """A person signed up for an event; cancelled or attended later."""

    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="registrations", verbose_name=_("event")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="event_registrations",
        verbose_name=_("participant"),
    )
    created_at = models.DateTimeField(_("signed up"), default=timezone.now)
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)
    attended_at = models.DateTimeField(_("attended"), null=True, blank=True)

    class Meta:
        verbose_name = _("sign-up")
        verbose_name_plural = _("sign-ups")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["event", "user"], name="one_sign_up_per_event"),
        ]

    def __str__(self) -> str:
        return str(self.event)

    @property
    def is_active(self) -> bool:
        return self.cancelled_at is None
