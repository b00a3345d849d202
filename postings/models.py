from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from accounts.models import Membership, Organization
from config.validators import validate_single_line
from postings.emailtemplates import validate_placeholders
from postings.markdown import render_markdown

DEFAULT_STAGE_NAMES = (
    "Applied",
    "Screen",
    "Technical interview",
    "Team interview",
    "Offer",
    "Hired",
)


class Workplace(models.TextChoices):
    ONSITE = "onsite", _("On-site")
    HYBRID = "hybrid", _("Hybrid")
    REMOTE = "remote", _("Remote")


class EmploymentType(models.TextChoices):
    # Values follow schema.org / Google's JobPosting employmentType.
    FULL_TIME = "FULL_TIME", _("Full-time")
    PART_TIME = "PART_TIME", _("Part-time")
    CONTRACTOR = "CONTRACTOR", _("Contract")
    TEMPORARY = "TEMPORARY", _("Temporary")
    INTERN = "INTERN", _("Internship")


class SalaryPeriod(models.TextChoices):
    HOUR = "HOUR", _("per hour")
    MONTH = "MONTH", _("per month")
    YEAR = "YEAR", _("per year")


class PostingStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


class EmailTemplate(models.Model):
    """A stage email (subject and body with placeholders); the stage-email issue fills this in."""

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="email_templates"
    )
    name = models.CharField(_("name"), max_length=120, validators=[validate_single_line])
    subject = models.CharField(
        _("subject"),
        max_length=200,
        validators=[validate_single_line, validate_placeholders],
        help_text=_(
            "Placeholders: {{ first_name }}, {{ posting_title }}, {{ organization_name }}, "
            "{{ stage_name }}."
        ),
    )
    body = models.TextField(_("body"), validators=[validate_placeholders])

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "name"], name="email_template_name_per_org"
            )
        ]

    def __str__(self) -> str:
        return self.name


class DefaultStage(models.Model):
    """The organization's stage template, copied into every new posting."""

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="default_stages"
    )
    name = models.CharField(_("name"), max_length=80, validators=[validate_single_line])
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    email_template = models.ForeignKey(
        EmailTemplate, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.name


class PostingQuerySet(models.QuerySet["Posting"]):
    def for_user(self, user: Any) -> PostingQuerySet:
        """Postings of the organizations the user belongs to (tenancy, not role)."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        return self.filter(organization__memberships__user=user)

    def visible_to(self, membership: Membership) -> PostingQuerySet:
        """What a member works on: everything for admins and recruiters, their teams' otherwise."""
        postings = self.filter(organization_id=membership.organization_id)
        if membership.can_manage_postings():
            return postings
        return postings.filter(hiring_team=membership.user_id)

    def open(self) -> PostingQuerySet:
        return self.filter(status=PostingStatus.OPEN)

    def workable_by(self, *memberships: Membership) -> PostingQuerySet:
        """The postings whose applicants these members may work, by the rule of
        postings.access.can_work_posting, in one query over every organization given: all of
        an organization's for its admins and recruiters, their hiring teams' for its hiring
        managers, none for interviewers."""
        allowed = Q(pk__in=[])
        for membership in memberships:
            here = Q(organization_id=membership.organization_id)
            if membership.can_manage_postings():
                allowed |= here
            elif membership.works_team_postings():
                on_team = Posting.hiring_team.through.objects.filter(
                    posting_id=OuterRef("pk"), user_id=membership.user_id
                )
                allowed |= here & Q(Exists(on_team))
        return self.filter(allowed)


class Posting(models.Model):
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="postings"
    )
    title = models.CharField(_("title"), max_length=200, validators=[validate_single_line])
    slug = models.SlugField(_("slug"), max_length=80)
    department = models.CharField(
        _("department"), max_length=100, blank=True, validators=[validate_single_line]
    )
    location = models.CharField(
        _("location"),
        max_length=200,
        blank=True,
        validators=[validate_single_line],
        help_text=_("City and country, e.g. Lagos, Nigeria."),
    )
    workplace = models.CharField(
        _("workplace"), max_length=10, choices=Workplace.choices, default=Workplace.ONSITE
    )
    employment_type = models.CharField(
        _("employment type"),
        max_length=12,
        choices=EmploymentType.choices,
        default=EmploymentType.FULL_TIME,
    )
    salary_min = models.PositiveIntegerField(_("salary from"), null=True, blank=True)
    salary_max = models.PositiveIntegerField(_("salary to"), null=True, blank=True)
    salary_currency = models.CharField(
        _("currency"),
        max_length=3,
        blank=True,
        validators=[validate_single_line],
        help_text=_("ISO 4217, e.g. NGN"),
    )
    salary_period = models.CharField(
        _("salary period"), max_length=5, choices=SalaryPeriod.choices, default=SalaryPeriod.YEAR
    )
    description = models.TextField(_("description"), blank=True, help_text=_("Markdown."))
    status = models.CharField(
        _("status"), max_length=6, choices=PostingStatus.choices, default=PostingStatus.DRAFT
    )
    opened_at = models.DateTimeField(_("opened"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    valid_through = models.DateField(_("apply by"), null=True, blank=True)
    hiring_team = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="hiring_postings",
        verbose_name=_("hiring team"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # Keys of requirement suggestions the recruiter dropped (or added in an edited form), so the
    # editor doesn't offer them again; see postings.services.suggestion_key.
    dropped_suggestions = models.JSONField(default=list, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = PostingQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "slug"], name="posting_slug_per_org"),
            models.CheckConstraint(
                condition=Q(salary_min__isnull=True)
                | Q(salary_max__isnull=True)
                | Q(salary_min__lte=models.F("salary_max")),
                name="posting_salary_min_le_max",
            ),
        ]
        indexes = [models.Index(fields=["organization", "status"], name="posting_org_status")]

    def __str__(self) -> str:
        return self.title

    @property
    def description_html(self) -> str:
        return render_markdown(self.description)

    def is_accepting_applications(self) -> bool:
        return self.status == PostingStatus.OPEN

    def publish_problems(self, stage_count: int) -> list[str]:
        """What stops this posting from going live; empty when it may be published."""
        problems = []
        if not self.title.strip():
            problems.append(str(_("Add a title.")))
        if not self.description.strip():
            problems.append(str(_("Add a description.")))
        if stage_count == 0:
            problems.append(str(_("Add at least one stage.")))
        return problems

    def salary_display(self) -> str:
        if self.salary_min is None and self.salary_max is None:
            return ""
        low, high = self.salary_min, self.salary_max
        amount = (
            f"{low:,} to {high:,}"
            if low is not None and high is not None and low != high
            else f"{(low if low is not None else high):,}"
        )
        return f"{amount} {self.salary_currency} {self.get_salary_period_display()}".strip()


# An application's status while it is on the board: candidates.models.ApplicationStatus.ACTIVE,
# named here because postings reads applications through the relation and never imports them.
ACTIVE_APPLICATION = "active"


class StageQuerySet(models.QuerySet["Stage"]):
    def with_active_counts(self) -> StageQuerySet:
        """Each stage with `active_applications`, how many active applications are in it."""
        return self.annotate(
            active_applications=models.Count(
                "applications", filter=Q(applications__status=ACTIVE_APPLICATION)
            )
        )


class Stage(models.Model):
    posting = models.ForeignKey(Posting, on_delete=models.CASCADE, related_name="stages")
    name = models.CharField(_("name"), max_length=80, validators=[validate_single_line])
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    email_template = models.ForeignKey(
        EmailTemplate, on_delete=models.SET_NULL, null=True, blank=True, related_name="stages"
    )

    objects = StageQuerySet.as_manager()

    class Meta:
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.name


class RequirementKind(models.TextChoices):
    SKILL = "skill", _("Skill")
    YEARS = "years", _("Years of experience")
    LEADERSHIP = "leadership", _("Leadership")
    OTHER = "other", _("Other")


class Importance(models.TextChoices):
    MUST = "must", _("Must have")
    NICE = "nice", _("Nice to have")


class Requirement(models.Model):
    # What the editor, admin and an accepted suggestion set; the rest is the posting's and order.
    EDITABLE_FIELDS = ("kind", "skills", "min_years", "importance", "weight", "text")

    posting = models.ForeignKey(Posting, on_delete=models.CASCADE, related_name="requirements")
    kind = models.CharField(
        _("kind"), max_length=12, choices=RequirementKind.choices, default=RequirementKind.SKILL
    )
    # Alternatives: any one of these satisfies the requirement ("Django, FastAPI or Flask").
    skills = ArrayField(
        models.CharField(max_length=60, validators=[validate_single_line]),
        default=list,
        blank=True,
        verbose_name=_("skills"),
    )
    min_years = models.PositiveSmallIntegerField(
        _("minimum years"), null=True, blank=True, validators=[MaxValueValidator(50)]
    )
    importance = models.CharField(
        _("importance"), max_length=4, choices=Importance.choices, default=Importance.MUST
    )
    weight = models.PositiveSmallIntegerField(
        _("weight"), default=3, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    text = models.CharField(
        _("description"), max_length=300, blank=True, validators=[validate_single_line]
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.label

    @property
    def ask(self) -> str:
        """What the requirement asks for, as the editor names it everywhere (a requirement and
        a suggestion alike): its skills and years, "Django / Flask · 3+ years", or its kind."""
        parts = []
        if self.skills:
            parts.append(" / ".join(self.skills))
        if self.min_years is not None:
            parts.append(
                ngettext("%(years)s+ year", "%(years)s+ years", self.min_years)
                % {"years": self.min_years}
            )
        return " · ".join(parts) or str(self.get_kind_display())

    @property
    def label(self) -> str:
        """The recruiter's own words for it when they gave some, else what it asks for."""
        return self.text or self.ask


class QuestionKind(models.TextChoices):
    YES_NO = "yes_no", _("Yes / no")
    NUMBER = "number", _("Number")
    SHORT_TEXT = "short_text", _("Short text")
    CHOICE = "choice", _("Single choice")


class Question(models.Model):
    EDITABLE_FIELDS = ("text", "kind", "choices", "required", "knockout_answer")

    posting = models.ForeignKey(Posting, on_delete=models.CASCADE, related_name="questions")
    text = models.CharField(_("question"), max_length=300, validators=[validate_single_line])
    kind = models.CharField(
        _("kind"), max_length=10, choices=QuestionKind.choices, default=QuestionKind.YES_NO
    )
    choices = ArrayField(
        models.CharField(max_length=120, validators=[validate_single_line]),
        default=list,
        blank=True,
        verbose_name=_("choices"),
    )
    required = models.BooleanField(_("required"), default=True)
    # An answer equal to this flags the application for a person to review; it never rejects.
    knockout_answer = models.CharField(
        _("knockout answer"), max_length=120, blank=True, validators=[validate_single_line]
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.text

    def allowed_answers(self) -> list[str]:
        if self.kind == QuestionKind.YES_NO:
            return ["yes", "no"]
        if self.kind == QuestionKind.CHOICE:
            return list(self.choices)
        return []


class PostingEventKind(models.TextChoices):
    CREATED = "created", _("Created")
    PUBLISHED = "published", _("Published")
    CLOSED = "closed", _("Closed")
    REOPENED = "reopened", _("Reopened")
    DUPLICATED = "duplicated", _("Duplicated")
    ITEM_ADDED = "item_added", _("Added")
    ITEM_CHANGED = "item_changed", _("Changed")
    ITEM_REMOVED = "item_removed", _("Removed")
    ITEM_MOVED = "item_moved", _("Moved")
    SUGGESTION_DROPPED = "suggestion_dropped", _("Dropped")


# What an item event's data calls the collection, as the editor names it to people.
ITEM_NAMES = {
    "requirements": _("requirement"),
    "questions": _("question"),
    "stages": _("stage"),
    "suggestions": _("suggestion"),
}


class PostingEvent(models.Model):
    """Who did what to a posting, written by the postings services in the transaction of the
    change. `data` holds what the change was about (an item's collection and label), never
    anything about a person beyond the actor."""

    posting = models.ForeignKey(Posting, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("kind"), max_length=20, choices=PostingEventKind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("when"), default=timezone.now)
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["posting", "-created_at"], name="posting_event_recent")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.posting_id}"

    def describe(self) -> str:
        """One line for the editor's history: the kind, and for an item which one it was."""
        if self.kind in ITEM_KINDS or self.kind == PostingEventKind.SUGGESTION_DROPPED:
            return gettext("%(done)s %(item)s “%(label)s”") % {
                "done": self.get_kind_display(),
                "item": ITEM_NAMES.get(str(self.data.get("collection", "")), ""),
                "label": self.data.get("label", ""),
            }
        if self.kind == PostingEventKind.CREATED and self.data.get("copied_from"):
            return gettext("Created as a copy")
        if self.kind == PostingEventKind.DUPLICATED:
            return gettext("Duplicated as a new draft")
        return str(self.get_kind_display())


ITEM_KINDS = frozenset(
    {
        PostingEventKind.ITEM_ADDED,
        PostingEventKind.ITEM_CHANGED,
        PostingEventKind.ITEM_REMOVED,
        PostingEventKind.ITEM_MOVED,
    }
)
