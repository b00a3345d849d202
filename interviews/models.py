"""The interview loop: scorecard templates (focus areas of attributes, each with guidance), the
interview kinds a posting's stages carry, the interviews scheduled on an application with their
interviewers, and the scorecards those interviewers fill in.

An interview kind owns its own copy of a scorecard template (`ScorecardTemplate.reusable` is
False), so editing an organization's reusable template never rewrites a posting's plan, and a
submitted scorecard keeps pointing at the attributes it rated."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Organization
from candidates.models import Application
from config.validators import validate_single_line
from postings.models import DefaultStage, Stage

# An interview lasts at least a minute and at most a working day.
MAX_DURATION_MINUTES = 8 * 60


class ScorecardTemplateQuerySet(models.QuerySet["ScorecardTemplate"]):
    def reusable(self) -> ScorecardTemplateQuerySet:
        """The organization's library, offered when a posting's interview plan adds a kind."""
        return self.filter(reusable=True)

    def for_organization(self, organization: Organization | int) -> ScorecardTemplateQuerySet:
        return self.filter(organization=organization)


class ScorecardTemplate(models.Model):
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="scorecard_templates"
    )
    name = models.CharField(_("name"), max_length=120, validators=[validate_single_line])
    # True: one of the organization's reusable templates. False: the copy an interview kind owns.
    reusable = models.BooleanField(_("reusable"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ScorecardTemplateQuerySet.as_manager()

    class Meta:
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "name"],
                condition=Q(reusable=True),
                name="reusable_scorecard_name_per_org",
            )
        ]

    def __str__(self) -> str:
        return self.name


class FocusArea(models.Model):
    """A group of attributes on a scorecard ("System design", "Leads a team")."""

    template = models.ForeignKey(
        ScorecardTemplate, on_delete=models.CASCADE, related_name="focus_areas"
    )
    name = models.CharField(_("focus area"), max_length=120, validators=[validate_single_line])
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.name


class Attribute(models.Model):
    """One thing an interviewer rates, with guidance on what a good answer shows."""

    focus_area = models.ForeignKey(FocusArea, on_delete=models.CASCADE, related_name="attributes")
    name = models.CharField(_("attribute"), max_length=160, validators=[validate_single_line])
    guidance = models.TextField(_("guidance for the interviewer"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.name


def validate_duration(minutes: int) -> None:
    if not 0 < minutes <= MAX_DURATION_MINUTES:
        raise ValidationError(
            _("An interview lasts between 1 minute and 8 hours."), code="duration"
        )


class DefaultInterviewKind(models.Model):
    """The organization's default plan: a kind on one of its default stages, copied (with its
    template) into each new posting's stage made from that default stage."""

    default_stage = models.ForeignKey(
        DefaultStage, on_delete=models.CASCADE, related_name="default_interview_kinds"
    )
    name = models.CharField(_("name"), max_length=120, validators=[validate_single_line])
    duration_minutes = models.PositiveSmallIntegerField(
        _("duration (minutes)"), default=60, validators=[validate_duration]
    )
    scorecard_template = models.ForeignKey(
        ScorecardTemplate,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        limit_choices_to={"reusable": True},
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(duration_minutes__gt=0, duration_minutes__lte=MAX_DURATION_MINUTES),
                name="default_kind_duration_in_range",
            )
        ]

    def __str__(self) -> str:
        return self.name


class InterviewKindQuerySet(models.QuerySet["InterviewKind"]):
    def for_posting(self, posting: Any) -> InterviewKindQuerySet:
        return self.filter(stage__posting=posting)


class InterviewKind(models.Model):
    """A kind of interview on a posting's stage ("Technical interview", 60 min), rated on its
    own copy of a scorecard template."""

    stage = models.ForeignKey(Stage, on_delete=models.CASCADE, related_name="interview_kinds")
    name = models.CharField(_("name"), max_length=120, validators=[validate_single_line])
    duration_minutes = models.PositiveSmallIntegerField(
        _("duration (minutes)"), default=60, validators=[validate_duration]
    )
    # The kind's own copy; PROTECT so a template is removed only with its kind (the service).
    scorecard_template = models.OneToOneField(
        ScorecardTemplate, on_delete=models.PROTECT, related_name="interview_kind"
    )
    # The reusable template the copy was made from, if any (for the editor's label only).
    based_on = models.ForeignKey(
        ScorecardTemplate, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    objects = InterviewKindQuerySet.as_manager()

    class Meta:
        ordering = ["stage__order", "order", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(duration_minutes__gt=0, duration_minutes__lte=MAX_DURATION_MINUTES),
                name="kind_duration_in_range",
            )
        ]

    def __str__(self) -> str:
        return self.name


class InterviewStatus(models.TextChoices):
    SCHEDULED = "scheduled", _("Scheduled")
    CANCELLED = "cancelled", _("Cancelled")


class InterviewQuerySet(models.QuerySet["Interview"]):
    def scheduled(self) -> InterviewQuerySet:
        return self.filter(status=InterviewStatus.SCHEDULED)

    def upcoming(self, now: datetime | None = None) -> InterviewQuerySet:
        """Scheduled and not yet started, soonest first."""
        return self.scheduled().filter(starts_at__gt=now or timezone.now()).order_by("starts_at")

    def started(self, now: datetime | None = None) -> InterviewQuerySet:
        """Scheduled and already begun (feedback may be written)."""
        return self.scheduled().filter(starts_at__lte=now or timezone.now())

    def for_application(self, application: Application | int) -> InterviewQuerySet:
        return self.filter(application=application)

    def for_interviewer(self, user: Any) -> InterviewQuerySet:
        """The interviews a person is on the panel of."""
        return self.filter(participants__user=user)

    def feedback_due_from(self, user: Any, now: datetime | None = None) -> InterviewQuerySet:
        """Begun interviews on `user`'s panel without their submitted scorecard: feedback they
        owe (as "My interviews" counts it)."""
        submitted = Scorecard.objects.submitted().by(user).filter(interview=OuterRef("pk"))
        return self.started(now).for_interviewer(user).filter(~Exists(submitted))

    def overlapping(self, starts_at: datetime, ends_at: datetime) -> InterviewQuerySet:
        """Scheduled interviews sharing some time with [starts_at, ends_at)."""
        return self.scheduled().filter(starts_at__lt=ends_at, ends_at__gt=starts_at)


class Interview(models.Model):
    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="interviews"
    )
    kind = models.ForeignKey(InterviewKind, on_delete=models.PROTECT, related_name="interviews")
    # Stored in UTC like every datetime; shown in the viewer's zone.
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    location = models.CharField(
        _("location"), max_length=200, blank=True, validators=[validate_single_line]
    )
    video_link = models.URLField(_("video link"), max_length=500, blank=True)
    candidate_note = models.TextField(_("note for the candidate"), blank=True)
    internal_note = models.TextField(_("note for the interviewers"), blank=True)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=InterviewStatus.choices,
        default=InterviewStatus.SCHEDULED,
    )
    # The iCalendar UID (stable for the interview's life) and SEQUENCE (bumped on every change
    # the invitees hear about), so calendars update one event instead of adding another.
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    sequence = models.PositiveIntegerField(default=0)
    # Optimistic lock: a reschedule names the version it read; a stale one is refused.
    version = models.PositiveIntegerField(_("version"), default=1)
    interviewers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        through="InterviewParticipant",
        related_name="interviews",
        verbose_name=_("interviewers"),
    )
    scheduled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = InterviewQuerySet.as_manager()

    class Meta:
        ordering = ["starts_at", "id"]
        indexes = [
            models.Index(fields=["application", "starts_at"], name="interview_application"),
            models.Index(
                fields=["starts_at"],
                condition=Q(status="scheduled"),
                name="interview_scheduled_start",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="interview_ends_after_start"
            ),
            models.CheckConstraint(
                condition=Q(status="scheduled", cancelled_at__isnull=True)
                | Q(status="cancelled", cancelled_at__isnull=False),
                name="interview_cancelled_has_time",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} · {self.starts_at:%Y-%m-%d %H:%M} UTC"

    @property
    def duration(self) -> timedelta:
        return self.ends_at - self.starts_at

    @property
    def duration_minutes(self) -> int:
        return int(self.duration.total_seconds() // 60)

    @property
    def is_cancelled(self) -> bool:
        return self.status == InterviewStatus.CANCELLED

    @property
    def ical_uid(self) -> str:
        return f"{self.uid}@shortlist"

    def is_upcoming(self, now: datetime | None = None) -> bool:
        return not self.is_cancelled and self.starts_at > (now or timezone.now())

    def has_started(self, now: datetime | None = None) -> bool:
        return self.starts_at <= (now or timezone.now())


class InterviewParticipant(models.Model):
    """An interviewer on an interview's panel."""

    interview = models.ForeignKey(Interview, on_delete=models.CASCADE, related_name="participants")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="interview_participations",
    )
    added_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["added_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["interview", "user"], name="one_seat_per_interviewer")
        ]
        indexes = [models.Index(fields=["user", "interview"], name="participant_user")]

    def __str__(self) -> str:
        return f"{self.user} on {self.interview_id}"


class ScorecardStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")


class Recommendation(models.TextChoices):
    STRONG_NO = "strong_no", _("Strong no")
    NO = "no", _("No")
    YES = "yes", _("Yes")
    STRONG_YES = "strong_yes", _("Strong yes")


class ScorecardQuerySet(models.QuerySet["Scorecard"]):
    def submitted(self) -> ScorecardQuerySet:
        return self.filter(status=ScorecardStatus.SUBMITTED)

    def drafts(self) -> ScorecardQuerySet:
        return self.filter(status=ScorecardStatus.DRAFT)

    def by(self, user: Any) -> ScorecardQuerySet:
        return self.filter(author=user)

    def for_application(self, application: Application | int) -> ScorecardQuerySet:
        return self.filter(interview__application=application)


class Scorecard(models.Model):
    """One interviewer's feedback on one interview. Blind: colleagues' scorecards on the same
    application are shown to an interviewer only once their own is submitted."""

    interview = models.ForeignKey(Interview, on_delete=models.CASCADE, related_name="scorecards")
    # SET_NULL: feedback outlives the account that wrote it.
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="scorecards",
    )
    status = models.CharField(
        _("status"), max_length=10, choices=ScorecardStatus.choices, default=ScorecardStatus.DRAFT
    )
    recommendation = models.CharField(
        _("overall recommendation"), max_length=10, choices=Recommendation.choices, blank=True
    )
    summary = models.TextField(_("overall notes"), blank=True)
    version = models.PositiveIntegerField(_("version"), default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    amended_at = models.DateTimeField(_("amended"), null=True, blank=True)

    objects = ScorecardQuerySet.as_manager()

    class Meta:
        ordering = ["interview", "submitted_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["interview", "author"], name="one_scorecard_each"),
            models.CheckConstraint(
                condition=Q(status="draft")
                | (Q(submitted_at__isnull=False) & ~Q(recommendation="")),
                name="submitted_scorecard_is_complete",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.author} on {self.interview_id} ({self.get_status_display()})"

    @property
    def is_submitted(self) -> bool:
        return self.status == ScorecardStatus.SUBMITTED


class ScorecardRating(models.Model):
    scorecard = models.ForeignKey(Scorecard, on_delete=models.CASCADE, related_name="ratings")
    # PROTECT: an attribute someone rated can't vanish from under their feedback.
    attribute = models.ForeignKey(Attribute, on_delete=models.PROTECT, related_name="ratings")
    # 1 (strong no) to 4 (strong yes); null is "no opinion".
    rating = models.PositiveSmallIntegerField(
        _("rating"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(4)]
    )

    class Meta:
        ordering = ["attribute__focus_area__order", "attribute__order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["scorecard", "attribute"], name="one_rating_each"),
            models.CheckConstraint(
                condition=Q(rating__isnull=True) | Q(rating__gte=1, rating__lte=4),
                name="rating_one_to_four",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.attribute}: {self.rating if self.rating is not None else '-'}"


class FocusAreaNote(models.Model):
    scorecard = models.ForeignKey(Scorecard, on_delete=models.CASCADE, related_name="notes")
    focus_area = models.ForeignKey(FocusArea, on_delete=models.PROTECT, related_name="notes")
    text = models.TextField(_("notes"), blank=True)

    class Meta:
        ordering = ["focus_area__order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["scorecard", "focus_area"], name="one_note_per_area")
        ]

    def __str__(self) -> str:
        return f"{self.focus_area} notes"
