import functools
import zoneinfo

from django.conf import settings
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.core.validators import MaxLengthValidator
from django.db import models
from django.utils import timezone as django_timezone
from django.utils.translation import get_language_info
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from core.cldr import language_name
from core.text import fold, fold_joined, with_folded
from core.translation import TranslatedField

from . import photos
from .validators import validate_birth_date, validate_photo, validate_visible_text


class UserManager(BaseUserManager):
    """Users log in by email; there is no username."""

    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra):
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra):
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra):
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra)


class User(AbstractUser):
    username = None
    first_name = None
    last_name = None
    email = models.EmailField(_("email address"), unique=True)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    objects = UserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["email"]
        indexes = [
            # The few deactivated accounts, which the directory leaves out.
            models.Index(
                fields=["id"], condition=models.Q(is_active=False), name="profiles_user_inactive"
            ),
        ]

    def __str__(self) -> str:
        return self.email

    def get_full_name(self) -> str:
        profile = getattr(self, "profile", None)
        return (profile and profile.display_name) or self.email

    def get_short_name(self) -> str:
        return self.get_full_name()


class ExpertiseArea(models.Model):
    """A field of expertise or interest, managed by staff (natural sciences, mathematics, …)."""

    slug = models.SlugField(_("slug"), unique=True)
    name_en = models.CharField(_("name (English)"), max_length=100)
    name_sv = models.CharField(_("name (Swedish)"), max_length=100, blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    is_active = models.BooleanField(_("active"), default=True)
    # Both names folded (core.text.fold) when the field is saved: the directory's search
    # finds her fields in either language, "fysik" as well as "Physics", whatever the
    # language of the page (matching.selectors.mentions).
    search_names = models.TextField(_("names searched"), blank=True, default="", editable=False)

    name = TranslatedField("name")

    class Meta:
        verbose_name = _("field of expertise")
        verbose_name_plural = _("fields of expertise")
        ordering = ["position", "name_en"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        """Saved with its names folded: staff renaming a field in the admin renames it for
        the search too."""
        self.search_names = fold_joined(self.name_en, self.name_sv)
        kwargs["update_fields"] = with_folded(
            kwargs.get("update_fields"), ("name_en", "name_sv"), "search_names"
        )
        super().save(*args, **kwargs)


class SpokenLanguage(models.Model):
    """A language people can hold a mentoring conversation in (ISO 639-1 code). Its name is the
    one staff gave it in the reader's language, else CLDR's for the code: a language added
    with its English name only is still named in Swedish."""

    code = models.CharField(_("code"), max_length=10, unique=True)
    name_en = models.CharField(_("name (English)"), max_length=60)
    name_sv = models.CharField(_("name (Swedish)"), max_length=60, blank=True)

    name = TranslatedField("name", fallback=lambda row, language: language_name(row.code, language))

    class Meta:
        verbose_name = _("spoken language")
        verbose_name_plural = _("spoken languages")
        ordering = ["name_en"]

    def __str__(self) -> str:
        return self.name


class Role(models.TextChoices):
    MENTOR = "mentor", _("Mentor")
    MENTEE = "mentee", _("Mentee")


class Stage(models.TextChoices):
    SCHOOL = "school", _("School student")
    BACHELOR = "bachelor", _("Bachelor's student")
    MASTER = "master", _("Master's student")
    PHD = "phd", _("PhD candidate")
    EARLY_CAREER = "early_career", _("Early career")
    EXPERIENCED = "experienced", _("Experienced professional")
    OTHER = "other", _("Other")


def _photo_path(instance: "Profile", filename: str) -> str:
    # A random name: the URL of a photo says nothing about whose it is; the extension is the
    # one of the format the photo was written in (profiles.photos.normalise).
    return photos.stored_name(filename)


@functools.cache
def time_zone_choices() -> list[tuple[str, str]]:
    """IANA zones, read from the system once per process: a tzdata update needs no migration
    (a restart picks it up), and validating a profile does not scan the zone files again."""
    return [
        (name, name.replace("_", " "))
        for name in sorted(zoneinfo.available_timezones())
        if "/" in name and not name.startswith(("Etc/", "SystemV/", "US/"))
    ]


def site_language_choices() -> list[tuple[str, str]]:
    return list(settings.LANGUAGES)


class Profile(models.Model):
    """What a person tells the program about herself; one per user."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="profile",
        verbose_name=_("user"),
    )
    role = models.CharField(_("role"), max_length=10, choices=Role.choices, blank=True)
    display_name = models.CharField(
        _("display name"), max_length=80, blank=True, validators=[validate_visible_text]
    )
    # The display name folded (core.text.fold: no case, no accents) when the profile is
    # saved, for the directory's search by name (matching.selectors.mentions): the same on
    # SQLite and PostgreSQL, where the databases' own upper-casing differed. Text, not 80
    # characters: folding may lengthen a name (ß → ss).
    search_name = models.TextField(_("name searched"), blank=True, default="", editable=False)
    expertise = models.ManyToManyField(
        ExpertiseArea,
        blank=True,
        related_name="profiles",
        verbose_name=_("fields of expertise or interest"),
    )
    country = CountryField(_("country"), blank=True)
    languages = models.ManyToManyField(
        SpokenLanguage,
        blank=True,
        related_name="profiles",
        verbose_name=_("languages spoken"),
    )
    stage = models.CharField(_("current stage"), max_length=20, choices=Stage.choices, blank=True)
    organisation = models.CharField(_("organisation"), max_length=120, blank=True)
    bio = models.TextField(_("short bio"), max_length=2000, blank=True)
    goals = models.TextField(_("goals and interests"), max_length=2000, blank=True)
    style_traditional = models.BooleanField(
        _("traditional mentoring"),
        default=False,
        help_text=_("A mentoring cycle of a few weeks up to 4 months, with an agreement."),
    )
    style_flash = models.BooleanField(
        _("flash mentoring"),
        default=False,
        help_text=_("A single session on a specific topic."),
    )
    hours_per_month = models.PositiveSmallIntegerField(
        _("availability (hours per month)"),
        null=True,
        blank=True,
    )
    timezone = models.CharField(
        _("time zone"),
        max_length=64,
        choices=time_zone_choices,
        default=settings.TIME_ZONE,
    )
    language = models.CharField(
        _("preferred language"),
        max_length=10,
        choices=site_language_choices,
        default=settings.LANGUAGE_CODE,
    )
    meeting_handle = models.CharField(
        _("contact for meetings"),
        max_length=200,
        blank=True,
        help_text=_(
            "For example your Discord name or a video-call link. "
            "Shown only to the people you are matched with."
        ),
    )
    photo = photos.PhotoField(
        _("photo"),
        upload_to=_photo_path,
        storage=photos.photo_storage,
        blank=True,
        db_index=True,  # the photo view finds its profile by the photo's name
        validators=[validate_photo],
    )
    birth_date = models.DateField(
        _("date of birth"),
        null=True,
        blank=True,
        help_text=_("Kept private: others see only whether she is under 18."),
        validators=[validate_birth_date],
    )
    onboarded_at = models.DateTimeField(
        _("profile completed"),
        null=True,
        blank=True,
        help_text=_("When the required profile fields were first filled in."),
    )
    manual_read_at = models.DateTimeField(_("manual opened"), null=True, blank=True)
    preparatory_meeting_attended_at = models.DateTimeField(
        _("preparatory meeting attended"),
        null=True,
        blank=True,
        help_text=_("Marked by staff when a mentor has attended the online preparatory meeting."),
    )
    created_at = models.DateTimeField(_("created"), default=django_timezone.now, editable=False)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("profile")
        verbose_name_plural = _("profiles")
        ordering = ["display_name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(hours_per_month__isnull=True)
                | models.Q(hours_per_month__gte=1, hours_per_month__lte=40),
                name="profile_hours_per_month_range",
            ),
        ]
        indexes = [
            # The directory's country filter and "lives in your country" score.
            models.Index(fields=["country", "user"], name="profiles_profile_country"),
        ]

    def __str__(self) -> str:
        return self.display_name or self.user.email

    def save(self, *args, **kwargs):
        """Saved with her name folded for the search, whatever path renames her (her profile
        form, the admin, the erasure of her account)."""
        self.search_name = fold(self.display_name)
        kwargs["update_fields"] = with_folded(
            kwargs.get("update_fields"), ("display_name",), "search_name"
        )
        super().save(*args, **kwargs)

    @property
    def photo_url(self) -> str:
        """Where the photo is served, to those who may see her (``profiles.photos``)."""
        if not self.photo:
            return ""
        return self.photo.url

    @property
    def is_mentor(self) -> bool:
        return self.role == Role.MENTOR

    @property
    def is_minor(self) -> bool:
        """Under 18 today (``profiles.age``); a profile without a date of birth is not."""
        from .age import is_minor  # it reads this model's field only

        return is_minor(self.birth_date)

    @property
    def is_mentee(self) -> bool:
        return self.role == Role.MENTEE

    @property
    def language_name(self) -> str:
        return get_language_info(self.language)["name_translated"]


class CodeOfConductQuerySet(models.QuerySet):
    def published(self):
        return self.filter(published_at__isnull=False, published_at__lte=django_timezone.now())

    def current(self) -> "CodeOfConduct | None":
        return self.published().order_by("-version").first()


class CodeOfConduct(models.Model):
    """One version of the program's code of conduct. The newest published version is current."""

    version = models.PositiveIntegerField(_("version"), unique=True)
    title_en = models.CharField(_("title (English)"), max_length=200)
    title_sv = models.CharField(_("title (Swedish)"), max_length=200, blank=True)
    body_en = models.TextField(_("text (English)"))
    body_sv = models.TextField(_("text (Swedish)"), blank=True)
    published_at = models.DateTimeField(
        _("published"),
        null=True,
        blank=True,
        help_text=_(
            "Leave empty while drafting. Publishing a new version asks everyone to accept it again."
        ),
    )
    created_at = models.DateTimeField(_("created"), default=django_timezone.now, editable=False)

    title = TranslatedField("title")
    body = TranslatedField("body")

    objects = CodeOfConductQuerySet.as_manager()

    class Meta:
        verbose_name = _("code of conduct")
        verbose_name_plural = _("code of conduct versions")
        ordering = ["-version"]

    def __str__(self) -> str:
        return f"{self.title_en} (v{self.version})"


class CodeOfConductAcceptance(models.Model):
    """A user's recorded acceptance of one version of the code of conduct."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="conduct_acceptances",
        verbose_name=_("user"),
    )
    code = models.ForeignKey(
        CodeOfConduct,
        on_delete=models.PROTECT,
        related_name="acceptances",
        verbose_name=_("code of conduct"),
    )
    accepted_at = models.DateTimeField(_("accepted"), default=django_timezone.now)

    class Meta:
        verbose_name = _("code of conduct acceptance")
        verbose_name_plural = _("code of conduct acceptances")
        ordering = ["-accepted_at"]
        constraints = [
            models.UniqueConstraint(fields=["user", "code"], name="one_acceptance_per_version"),
        ]

    def __str__(self) -> str:
        return f"{self.user} – v{self.code.version}"


class Block(models.Model):
    """One person blocked another: each is hidden from the other and no new request passes
    between them. Either direction counts (``selectors.blocked_user_ids``)."""

    blocker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="blocks_made",
        verbose_name=_("blocked by"),
    )
    blocked = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="blocks_received",
        verbose_name=_("blocked person"),
    )
    created_at = models.DateTimeField(_("created"), default=django_timezone.now, editable=False)

    class Meta:
        verbose_name = _("block")
        verbose_name_plural = _("blocks")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["blocker", "blocked"], name="one_block_per_pair"),
            models.CheckConstraint(
                condition=~models.Q(blocker=models.F("blocked")),
                name="block_not_yourself",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.blocker} → {self.blocked}"


class Report(models.Model):
    """A participant tells the program staff about another participant. Staff read the details
    in the admin only; the email they get says that there is a report, not what it says."""

    class Reason(models.TextChoices):
        HARASSMENT = "harassment", _("Harassment")
        INAPPROPRIATE = "inappropriate", _("Inappropriate behaviour")
        SPAM = "spam", _("Spam or advertising")
        SAFETY = "safety", _("I am worried about someone's safety")
        OTHER = "other", _("Something else")

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        REVIEWED = "reviewed", _("Reviewed")
        CLOSED = "closed", _("Closed")

    # The moves staff can make; keeping the status (to change the note) is always allowed.
    TRANSITIONS = {
        Status.OPEN: {Status.REVIEWED, Status.CLOSED},
        Status.REVIEWED: {Status.OPEN, Status.CLOSED},
        Status.CLOSED: {Status.OPEN},
    }

    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="reports_made",
        verbose_name=_("reported by"),
    )
    reported = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="reports_received",
        verbose_name=_("reported person"),
    )
    reason = models.CharField(_("reason"), max_length=20, choices=Reason.choices)
    details = models.TextField(
        _("what happened"),
        max_length=3000,  # a TextField's max_length binds only forms: the validator binds all
        blank=True,
        validators=[MaxLengthValidator(3000)],
    )
    mentorship = models.ForeignKey(
        "cycles.Mentorship",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="safety_reports",
        verbose_name=_("mentorship"),
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=Status.choices,
        default=Status.OPEN,
    )
    staff_note = models.TextField(_("staff note"), blank=True)
    created_at = models.DateTimeField(_("created"), default=django_timezone.now, editable=False)
    reviewed_at = models.DateTimeField(_("reviewed"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reviewed by"),
    )

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "created_at"])]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(reporter=models.F("reported")),
                name="report_not_yourself",
            ),
        ]

    def __str__(self) -> str:
        return _("Report on %(reported)s (%(reason)s)") % {
            "reported": self.reported,
            "reason": self.get_reason_display(),
        }

    def can_move_to(self, status: str) -> bool:
        return status == self.status or status in self.TRANSITIONS.get(self.status, set())


class Consent(models.Model):
    """A person's recorded consent: what she agreed to, which version, and when."""

    class Kind(models.TextChoices):
        PRIVACY_NOTICE = "privacy_notice", _("Privacy notice")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="consents",
        verbose_name=_("user"),
    )
    kind = models.CharField(_("consent to"), max_length=30, choices=Kind.choices)
    version = models.CharField(_("version"), max_length=30)
    given_at = models.DateTimeField(_("given"), default=django_timezone.now)

    class Meta:
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        ordering = ["-given_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "kind", "version"], name="one_consent_per_version"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.version}"


class SignedInSession(models.Model):
    """The key of a session a person signed in with (``profiles.sessions``): her erasure ends
    her sessions by their keys instead of reading every session of the site. A key is a
    credential: it is never shown or exported."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("user"),
    )
    session_key = models.CharField(_("session key"), max_length=40, unique=True)
    created_at = models.DateTimeField(_("signed in"), default=django_timezone.now)

    class Meta:
        verbose_name = _("signed-in session")
        verbose_name_plural = _("signed-in sessions")

    def __str__(self) -> str:
        return str(self.created_at)


class StaffFollowUp(models.Model):
    """A to-do item of the program staff marked done (``core.todo``): an early ending followed
    up, a final evaluation read, an expiring request looked at. These have no state of their
    own that says so; the row says who did it and when, and the item leaves the to-do page.
    ``kind`` is the to-do section's name, ``object_id`` the primary key of its row."""

    kind = models.CharField(_("kind"), max_length=50)
    object_id = models.PositiveBigIntegerField(_("object id"))
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    at = models.DateTimeField(_("done"), default=django_timezone.now)

    class Meta:
        verbose_name = _("staff follow-up")
        verbose_name_plural = _("staff follow-ups")
        constraints = [
            models.UniqueConstraint(fields=["kind", "object_id"], name="one_follow_up_per_item"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.object_id}"


class CalendarFeedQuerySet(models.QuerySet):
    def active(self):
        return self.filter(revoked_at__isnull=True)


class CalendarFeed(models.Model):
    """A person's secret calendar address (``/calendar/<token>.ics``): her agreed meetings and
    event sign-ups, read by her calendar app without signing in (``core.calendar_feed``).

    Like an API key, the token is shown once, when it is made; only its SHA-256 is kept, so
    the table cannot open anyone's calendar. Making a new address revokes the old one; at most
    one address of hers works at a time."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="calendar_feeds",
        verbose_name=_("user"),
    )
    token_hash = models.CharField(_("token hash"), max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("made"), default=django_timezone.now)
    revoked_at = models.DateTimeField(_("turned off"), null=True, blank=True)

    objects = CalendarFeedQuerySet.as_manager()

    class Meta:
        verbose_name = _("calendar address")
        verbose_name_plural = _("calendar addresses")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["user"],
                condition=models.Q(revoked_at__isnull=True),
                name="one_calendar_feed_per_person",
            ),
        ]

    def __str__(self) -> str:
        return str(self.created_at)

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None


class MentorScreeningQuerySet(models.QuerySet):
    def valid_on(self, day):
        return self.filter(checked_on__lte=day, valid_until__gte=day)


class MentorScreening(models.Model):
    """A mentor's screening checked by program staff (issue 20), e.g. an extract from the
    police record: valid from ``checked_on`` to ``valid_until``, both days included. Only a
    mentor with valid screening is shown to, requested or booked by a mentee under 18
    (``profiles.selectors.screened_filter``, ``matching.selectors.mentors_for``). Only the
    dates and who checked are kept, never the extract itself."""

    mentor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="screenings",
        verbose_name=_("mentor"),
    )
    kind = models.CharField(
        _("kind"),
        max_length=100,
        default=_("police record extract"),
        help_text=_("What was checked, e.g. an extract from the police record."),
    )
    checked_on = models.DateField(_("checked on"))
    valid_until = models.DateField(_("valid until"))
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("checked by"),
    )
    note = models.TextField(
        _("note"),
        blank=True,
        help_text=_("For staff only. Do not copy the content of the extract here."),
    )
    created_at = models.DateTimeField(_("recorded"), default=django_timezone.now)

    objects = MentorScreeningQuerySet.as_manager()

    class Meta:
        verbose_name = _("mentor screening")
        verbose_name_plural = _("mentor screenings")
        ordering = ["-valid_until"]
        indexes = [models.Index(fields=["mentor", "valid_until"], name="screening_mentor_until")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(valid_until__gte=models.F("checked_on")),
                name="screening_valid_after_checked",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} ({self.checked_on} – {self.valid_until})"

    def is_valid_on(self, day) -> bool:
        return self.checked_on <= day <= self.valid_until


class GuardianConsent(models.Model):
    """A guardian's consent for a girl below her country's age of digital consent (GDPR
    Art. 8): asked by her (the guardian's name and address), given by the guardian through a
    one-time emailed link (kept hashed), with the exact text consented to; the guardian may
    withdraw it later through a second link. Her latest row is the one that counts."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="guardian_consents",
        verbose_name=_("participant"),
    )
    guardian_name = models.CharField(_("guardian's name"), max_length=120)
    guardian_email = models.EmailField(_("guardian's email address"))
    token_hash = models.CharField(_("consent link (hashed)"), max_length=64, blank=True)
    withdraw_token_hash = models.CharField(_("withdrawal link (hashed)"), max_length=64, blank=True)
    requested_at = models.DateTimeField(_("asked"), default=django_timezone.now)
    consented_at = models.DateTimeField(_("consented"), null=True, blank=True)
    text_version = models.CharField(_("text version"), max_length=30, blank=True)
    consented_text = models.TextField(_("text consented to"), blank=True)
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)

    class Meta:
        verbose_name = _("guardian's consent")
        verbose_name_plural = _("guardians' consents")
        ordering = ["-requested_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(withdrawn_at__isnull=True)
                | models.Q(consented_at__isnull=False),
                name="guardian_withdrawn_after_consent",
            ),
        ]

    def __str__(self) -> str:
        return self.guardian_name

    @property
    def is_valid(self) -> bool:
        return self.consented_at is not None and self.withdrawn_at is None
