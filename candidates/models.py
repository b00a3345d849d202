from __future__ import annotations

import uuid
from dataclasses import dataclass
from pathlib import PurePath
from typing import Any

from django.conf import settings
from django.db import connection, models
from django.db.models import Exists, F, OrderBy, OuterRef, Q
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from accounts.models import Membership, Organization, normalize_email
from candidates import keyset
from candidates.extensions import timeline_label, timeline_renderer
from candidates.filters import Filters
from candidates.links import validate_links
from config.validators import validate_single_line
from outbox.models import OPEN_STATES, Message, State
from postings.models import Posting, Stage


class Candidate(models.Model):
    """A person, once per organization and normalized email.

    Each application keeps the details as they were sent with it."""

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="candidates"
    )
    name = models.CharField(_("name"), max_length=200, validators=[validate_single_line])
    email = models.EmailField(_("email"))
    phone = models.CharField(
        _("phone"), max_length=40, blank=True, validators=[validate_single_line]
    )
    location = models.CharField(
        _("location"), max_length=200, blank=True, validators=[validate_single_line]
    )
    links = models.JSONField(  # {"linkedin": url, ...}
        _("links"), default=dict, blank=True, validators=[validate_links]
    )
    consent_at = models.DateTimeField(_("consent given"), null=True, blank=True)
    consent_version = models.CharField(
        _("consent text version"), max_length=40, blank=True, validators=[validate_single_line]
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "email"], name="candidate_email_per_org"
            )
        ]
        # The filters' search has trigram indexes where PostgreSQL has pg_trgm: made by
        # migration 0013 outside the model's state, since the embedded server has no pg_trgm.

    def __str__(self) -> str:
        return self.name

    def save(self, *args: Any, **kwargs: Any) -> None:
        # An invariant of the row, not business logic: one spelling per address.
        self.email = normalize_email(self.email)
        super().save(*args, **kwargs)


class Tag(models.Model):
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="tags")
    name = models.CharField(_("name"), max_length=40, validators=[validate_single_line])

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "name"], name="tag_name_per_org")
        ]

    def __str__(self) -> str:
        return self.name


class ApplicationStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    REJECTED = "rejected", _("Rejected")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    HIRED = "hired", _("Hired")


SORT_ORDER: dict[str, tuple[str, ...]] = {
    "manual": ("position", "applied_at", "id"),
    # Unscored (pending, failed, no requirements) sort last, not first.
    "score": ("-sort_score", "applied_at", "id"),
    # Every field the same way, so one index read backwards serves it as well as "oldest".
    "newest": ("-applied_at", "-id"),
    "oldest": ("applied_at", "id"),
    "name": ("sort_name", "id"),
    "waiting": ("stage_entered_at", "id"),
}


# The sort fields that may be NULL (an application not scored, or scored against nothing).
NULLABLE_SORT_FIELDS = frozenset({"sort_score"})


def sort_expressions(sort: str) -> list[OrderBy]:
    """A sort's ORDER BY, nulls last on the way down (applications not scored yet at the end)."""
    order = []
    for name in SORT_ORDER.get(sort, SORT_ORDER["manual"]):
        field = F(name.lstrip("-"))
        order.append(field.desc(nulls_last=True) if name.startswith("-") else field.asc())
    return order


def resume_path(instance: Application, filename: str) -> str:
    # Random names: the stored path reveals nothing and can't be guessed.
    suffix = PurePath(filename).suffix.lower()[:8]
    return f"resumes/{instance.posting.organization_id}/{uuid.uuid4().hex}{suffix}"


class ApplicationQuerySet(models.QuerySet["Application"]):
    def active(self) -> ApplicationQuerySet:
        return self.filter(status=ApplicationStatus.ACTIVE)

    def for_posting(self, posting: Posting) -> ApplicationQuerySet:
        return self.filter(posting=posting)

    def for_user(self, user: Any) -> ApplicationQuerySet:
        """Applications of the organizations the user belongs to (tenancy, not role)."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        return self.filter(posting__organization__memberships__user=user)

    def workable_by(self, membership: Membership) -> ApplicationQuerySet:
        """Applications on postings the member may work, by the rule of
        postings.access.can_work_posting: every posting for admins and recruiters, their hiring
        teams' for hiring managers, none for interviewers."""
        mine = self.filter(posting__organization_id=membership.organization_id)
        if membership.can_manage_postings():
            return mine
        if membership.works_team_postings():
            return mine.filter(posting__hiring_team=membership.user_id)
        return mine.none()

    def filtered(self, filters: Filters) -> ApplicationQuerySet:
        """The board's and the list's filters, shared so both show the same people."""
        qs = self if filters.closed else self.active()
        if filters.q:
            qs = qs.filter(
                Q(candidate__name__icontains=filters.q) | Q(candidate__email__icontains=filters.q)
            )
        if filters.source:
            qs = qs.filter(source=filters.source)
        if filters.knockout:
            qs = qs.filter(knockout=filters.knockout == "yes")
        if filters.tag:
            qs = qs.filter(tags__name=filters.tag)
        if filters.min_score is not None:
            qs = qs.filter(sort_score__gte=filters.min_score)
        return qs

    def sorted_by(self, sort: str) -> ApplicationQuerySet:
        return self.order_by(*sort_expressions(sort))

    def page(
        self, sort: str, *, size: int, after: str = "", before: str = ""
    ) -> keyset.Page[Application]:
        """One page in a sort, by keyset: the rows after the `after` token (or before the
        `before` one), in one query that costs the same on every page and at every size."""
        order = SORT_ORDER.get(sort, SORT_ORDER["manual"])
        return keyset.paginate(
            self, order, size=size, after=after, before=before, nullable=NULLABLE_SORT_FIELDS
        )


def posting_sources(posting: Posting) -> list[str]:
    """The sources the posting's applications came from, sorted, without reading every one:
    each step of the recursive query jumps in the (posting, source) index to the next source,
    so 20,000 applications from five sources cost five index probes, not a DISTINCT scan."""
    table = Application._meta.db_table
    sql = f"""
        WITH RECURSIVE found(source) AS (
            (SELECT source FROM {table} WHERE posting_id = %(posting)s ORDER BY source LIMIT 1)
            UNION ALL
            SELECT (SELECT a.source FROM {table} a
                    WHERE a.posting_id = %(posting)s AND a.source > found.source
                    ORDER BY a.source LIMIT 1)
            FROM found WHERE found.source IS NOT NULL
        )
        SELECT source FROM found WHERE source IS NOT NULL AND source <> ''
    """  # noqa: S608 - the table name is ours, the posting a parameter
    with connection.cursor() as cursor:
        cursor.execute(sql, {"posting": posting.pk})
        return [row[0] for row in cursor.fetchall()]


class Application(models.Model):
    candidate = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="applications")
    posting = models.ForeignKey(Posting, on_delete=models.CASCADE, related_name="applications")
    stage = models.ForeignKey(Stage, on_delete=models.PROTECT, related_name="applications")
    position = models.FloatField(_("position in column"), default=0)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=ApplicationStatus.choices,
        default=ApplicationStatus.ACTIVE,
    )
    rejection_reason = models.CharField(
        _("rejection reason"), max_length=200, blank=True, validators=[validate_single_line]
    )
    source = models.CharField(
        _("source"), max_length=60, blank=True, validators=[validate_single_line]
    )
    # As submitted with this application (the candidate row holds the newest contact details).
    name = models.CharField(
        _("name as submitted"), max_length=200, blank=True, validators=[validate_single_line]
    )
    email = models.EmailField(_("email as submitted"), blank=True)
    phone = models.CharField(
        _("phone as submitted"), max_length=40, blank=True, validators=[validate_single_line]
    )
    location = models.CharField(
        _("location as submitted"), max_length=200, blank=True, validators=[validate_single_line]
    )
    links = models.JSONField(
        _("links as submitted"), default=dict, blank=True, validators=[validate_links]
    )
    consent_at = models.DateTimeField(_("consent given with it"), null=True, blank=True)
    consent_version = models.CharField(
        _("consent text version agreed to"),
        max_length=40,
        blank=True,
        validators=[validate_single_line],
    )
    stated_years = models.DecimalField(
        _("stated years of experience"), max_digits=4, decimal_places=1, null=True, blank=True
    )
    cover_letter = models.TextField(_("cover letter"), blank=True)
    resume = models.FileField(_("resume"), upload_to=resume_path, blank=True)
    resume_filename = models.CharField(
        _("resume file name"), max_length=255, blank=True, validators=[validate_single_line]
    )
    knockout = models.BooleanField(_("knockout answer given"), default=False)
    tags = models.ManyToManyField(Tag, blank=True, related_name="applications")
    # Copies of the two sort keys that live on other rows, so the list's score and name sorts
    # (and the minimum-score filter) read one index of this table and stop after a page, not
    # join and sort every application of the posting. Written by the services that change
    # them, in the same transaction: screening's scoring (the fit score's `score`), and the
    # candidates services that write a candidate's record (`services._candidate_changed`).
    sort_score = models.FloatField(_("fit score (for sorting)"), null=True, editable=False)
    sort_name = models.CharField(
        _("candidate name (for sorting)"),
        max_length=200,
        default="",
        editable=False,
        validators=[validate_single_line],  # as the name it copies
    )
    version = models.PositiveIntegerField(_("version"), default=1)
    applied_at = models.DateTimeField(_("applied"), default=timezone.now)
    stage_entered_at = models.DateTimeField(_("entered stage"), default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ApplicationQuerySet.as_manager()

    class Meta:
        ordering = ["position", "applied_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["candidate", "posting"], name="one_application_per_posting"
            )
        ]
        indexes = [
            models.Index(fields=["posting", "status", "stage"], name="application_board"),
            # A board column's first page in the default (manual) order, read from the index
            # and stopped after a page, whatever the column's size (board.columns); with the
            # status, its count is an index-only scan too.
            models.Index(
                fields=["posting", "stage", "position", "applied_at", "id"],
                name="application_board_manual",
                include=["status"],
            ),
            # The list's sorts (SORT_ORDER), so a page starts at its cursor in the index and
            # stops after a page of rows. "newest" reads the applied index backwards.
            models.Index(
                fields=["posting", "position", "applied_at", "id"], name="application_list_manual"
            ),
            models.Index(fields=["posting", "applied_at", "id"], name="application_list_applied"),
            models.Index(
                fields=["posting", "stage_entered_at", "id"], name="application_list_waiting"
            ),
            # NULLS LAST as the score sort orders (keyset reads it backwards for a previous page).
            models.Index(
                F("posting"),
                F("sort_score").desc(nulls_last=True),
                F("applied_at"),
                F("id"),
                name="application_list_score",
            ),
            models.Index(fields=["posting", "sort_name", "id"], name="application_list_name"),
            # The filters' source choices: a skip scan reads one entry per source (posting_sources).
            models.Index(fields=["posting", "source"], name="application_sources"),
        ]

    def __str__(self) -> str:
        return f"{self.candidate} → {self.posting}"

    @property
    def is_open(self) -> bool:
        return self.status == ApplicationStatus.ACTIVE

    @property
    def is_reopenable(self) -> bool:
        """Closed, and not by a hire: what reopen_application accepts."""
        return self.status not in (ApplicationStatus.ACTIVE, ApplicationStatus.HIRED)

    @property
    def days_in_stage(self) -> int:
        return max(0, (timezone.now() - self.stage_entered_at).days)

    def cancellable_emails(self) -> list[Message]:
        """The emails scheduled for this application that can still be cancelled. Read apart
        from the timeline, which shows a page of events: a waiting email may be older."""
        events = self.events.filter(
            kind=EventKind.EMAIL_SCHEDULED, message__state__in=OPEN_STATES
        ).select_related("message")
        return [event.message for event in events if event.message]

    def differing_details(self) -> list[DetailDifference]:
        """The contact details sent with this application that the candidate record doesn't
        hold. A detail left blank on the form is no difference: it says nothing new."""
        candidate = self.candidate
        found = [
            DetailDifference(name, label, getattr(candidate, name), getattr(self, name))
            for name, label in MERGEABLE_DETAILS.items()
            if name != "links"
            and getattr(self, name)
            and getattr(self, name) != getattr(candidate, name)
        ]
        links = self.links if isinstance(self.links, dict) else {}
        known = candidate.links if isinstance(candidate.links, dict) else {}
        new_links = {key: url for key, url in links.items() if url and known.get(key) != url}
        if new_links:
            found.append(DetailDifference("links", MERGEABLE_DETAILS["links"], known, new_links))
        return found


# The contact details an application carries as sent, which the team may copy to the candidate.
MERGEABLE_DETAILS: dict[str, str | Promise] = {
    "name": _("Name"),
    "phone": _("Phone"),
    "location": _("Location"),
    "links": _("Links"),
}


@dataclass(frozen=True)
class DetailDifference:
    field: str
    label: str | Promise
    on_record: object
    submitted: object


class Answer(models.Model):
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(
        "postings.Question", on_delete=models.SET_NULL, null=True, related_name="answers"
    )
    question_text = models.CharField(
        _("question as asked"), max_length=300, validators=[validate_single_line]
    )
    value = models.TextField(_("answer"), blank=True)
    is_knockout = models.BooleanField(default=False)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.question_text}: {self.value}"


class EventKind(models.TextChoices):
    APPLIED = "applied", _("Applied")
    MOVED = "moved", _("Moved")
    NOTE = "note", _("Note")
    EMAIL_SENT = "email_sent", _("Email sent")
    EMAIL_FAILED = "email_failed", _("Email failed")
    EMAIL_SCHEDULED = "email_scheduled", _("Email scheduled")
    EMAIL_CANCELLED = "email_cancelled", _("Email cancelled")
    SCORED = "scored", _("Scored")
    REJECTED = "rejected", _("Rejected")
    HIRED = "hired", _("Hired")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    REOPENED = "reopened", _("Reopened")
    RESUME_VIEWED = "resume_viewed", _("Resume downloaded")
    TAGGED = "tagged", _("Tag added")
    UNTAGGED = "untagged", _("Tag removed")
    NOTE_EDITED = "note_edited", _("Note edited")
    NOTE_DELETED = "note_deleted", _("Note deleted")
    DETAILS_MERGED = "details_merged", _("Details copied to the candidate record")


class ApplicationEvent(models.Model):
    """The timeline and audit trail, written in the same transaction as the change it records."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="events")
    note = models.ForeignKey(
        "Note", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    message = models.ForeignKey(
        "outbox.Message",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="candidate_events",
    )
    kind = models.CharField(_("kind"), max_length=20, choices=EventKind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # The stages a move touched: kept as foreign keys so a stage that ever held an application
    # can't be deleted (PROTECT), and "was anyone ever here?" is one indexed query.
    from_stage = models.ForeignKey(
        Stage, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    to_stage = models.ForeignKey(
        Stage, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    data = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]
        # The profile's timeline pages by (created_at, id), newest first: the id breaks ties.
        indexes = [models.Index(fields=["application", "created_at", "id"], name="event_timeline")]
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind="moved") | Q(to_stage__isnull=False), name="move_event_has_stage"
            )
        ]

    def __str__(self) -> str:
        return f"{self.label} · {self.application_id}"

    @property
    def label(self) -> str:
        """What the timeline calls this event: its kind's name, or an upper app's (the
        extensions registry) for a kind it writes."""
        return str(timeline_label(self.kind) or self.get_kind_display())

    @property
    def timeline_template(self) -> str:
        """The template for this event's line on the timeline (candidates.extensions)."""
        return timeline_renderer(self.kind)

    @property
    def anchor(self) -> str:
        """The id a link can jump to: a note's own entry (emails link to it)."""
        return f"note-{self.note_id}" if self.kind == EventKind.NOTE and self.note_id else ""

    @property
    def email_waits(self) -> bool:
        """Its email is still waiting for its not-before time (and can be cancelled)."""
        message = self.message
        return bool(message and message.not_before and message.state == State.SCHEDULED)


class RejectionReason(models.Model):
    """The reasons an organization offers when rejecting; its admins edit them in admin."""

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="rejection_reasons"
    )
    label = models.CharField(_("reason"), max_length=120, validators=[validate_single_line])
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "label"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "label"], name="rejection_reason_per_org"
            )
        ]

    def __str__(self) -> str:
        return self.label


DEFAULT_REJECTION_REASONS = (
    "Not enough relevant experience",
    "Missing a must-have skill",
    "Salary expectations don't match",
    "Location or work authorization",
    "Another candidate was a better fit",
    "Withdrew or stopped responding",
)


class Note(models.Model):
    """A hiring-team note on an application. Deleting keeps the row (and the timeline entry)."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    body = models.TextField(_("note"), max_length=4000)
    mentions = models.ManyToManyField(
        settings.AUTH_USER_MODEL, through="Mention", blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    edited_at = models.DateTimeField(null=True, blank=True)
    deleted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"Note {self.pk} on {self.application_id}"

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None


class MentionQuerySet(models.QuerySet["Mention"]):
    def waiting(self) -> MentionQuerySet:
        """Mentions their person has not seen yet: they haven't opened the application's
        profile since the note was written (candidates.views.profile marks them seen), and
        the note is not deleted."""
        return self.filter(seen_at__isnull=True, note__deleted_at__isnull=True)


class Mention(models.Model):
    """A member @mentioned in a note (the note's `mentions`), and when they first saw it."""

    note = models.ForeignKey(Note, on_delete=models.CASCADE, related_name="mention_rows")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    seen_at = models.DateTimeField(_("seen"), null=True, blank=True)

    objects = MentionQuerySet.as_manager()

    class Meta:
        # The table Django made for the plain many-to-many this model replaced, kept as it is.
        db_table = "candidates_note_mentions"
        unique_together = [("note", "user")]
        indexes = [
            models.Index(
                fields=["user", "note"], condition=Q(seen_at__isnull=True), name="mention_waiting"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user_id} in note {self.note_id}"


def mentions_waiting_here(user: Any) -> Exists:
    """For an annotation of rows with an `application_id` (timeline events): whether a note on
    that application mentions `user` and they haven't seen it yet."""
    return Exists(
        Mention.objects.filter(
            user_id=getattr(user, "pk", None) or 0,
            note__application_id=OuterRef("application_id"),
            seen_at__isnull=True,
        )
    )


class PostingVisit(models.Model):
    """When a member last opened a posting's board or list (candidates.visits.record_visit):
    the home page counts the applicants who came after."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    posting = models.ForeignKey(Posting, on_delete=models.CASCADE, related_name="visits")
    seen_at = models.DateTimeField(_("last visit"))

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "posting"], name="one_visit_per_posting")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} on {self.posting_id}: {self.seen_at}"


class NotifyMode(models.TextChoices):
    NONE = "none", _("Never")
    IMMEDIATE = "immediate", _("Immediately, one email each")
    DAILY = "daily", _("A daily digest")


class NotificationPreferenceQuerySet(models.QuerySet["NotificationPreference"]):
    def of_people_who_work_the_posting(self) -> NotificationPreferenceQuerySet:
        """Preferences whose person still works the posting (postings.access.can_work_posting):
        an active account, a member of its organization, and an admin or recruiter there or a
        hiring manager on its hiring team. A row outlives someone leaving; this ignores it."""
        membership = Membership.objects.filter(
            user_id=OuterRef("user_id"), organization_id=OuterRef("posting__organization_id")
        )
        on_team = Posting.hiring_team.through.objects.filter(
            posting_id=OuterRef("posting_id"), user_id=OuterRef("user_id")
        )
        return self.filter(user__is_active=True).filter(
            Exists(membership.managing_postings())
            | (Exists(membership.working_team_postings()) & Exists(on_team))
        )


class NotificationPreference(models.Model):
    """How a member hears about new applicants to one posting; none when there is no row."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preferences"
    )
    posting = models.ForeignKey(
        Posting, on_delete=models.CASCADE, related_name="notification_preferences"
    )
    mode = models.CharField(
        _("new applicants"), max_length=10, choices=NotifyMode.choices, default=NotifyMode.NONE
    )

    objects = NotificationPreferenceQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "posting"], name="one_preference_per_posting")
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.posting}: {self.mode}"


class BoardVersion(models.Model):
    """A counter per posting, bumped (candidates.board_version.bump_board) by every service
    that changes what the posting's board shows: the board page's cache key reads this one
    row instead of aggregating every application. No row yet reads as version 0."""

    posting = models.OneToOneField(
        Posting, on_delete=models.CASCADE, primary_key=True, related_name="board_version"
    )
    version = models.BigIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.posting_id}: {self.version}"
