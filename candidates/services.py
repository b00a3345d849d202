from __future__ import annotations

import logging
import zoneinfo
from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.translation import gettext

from accounts import audit
from accounts.models import AuditAction, User, normalize_email
from candidates import extensions
from candidates.board_version import bump_board
from candidates.hooks import notify_application_closing
from candidates.models import (
    MERGEABLE_DETAILS,
    Answer,
    Application,
    ApplicationEvent,
    ApplicationStatus,
    Candidate,
    EventKind,
    Mention,
    Note,
    NotificationPreference,
    NotifyMode,
    Tag,
)
from candidates.notes import MENTION
from config.validators import has_nul, one_line, validate_single_line
from outbox.email import record_email
from outbox.models import Message, State
from outbox.services import OutboxError, cancel_message
from postings.emailtemplates import validate_placeholders
from postings.models import Posting, PostingStatus, Question, Stage

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Submission:
    """What a candidate sent, validated."""

    name: str
    email: str
    location: str
    stated_years: Decimal
    resume: UploadedFile[bytes]
    resume_extension: str
    phone: str = ""
    links: dict[str, str] = field(default_factory=dict)
    cover_letter: str = ""
    source: str = ""
    answers: list[tuple[Question, str]] = field(default_factory=list)


class NotAccepting(Exception):
    """The posting stopped taking applications (closed, or back to draft)."""


@dataclass(frozen=True)
class SubmitResult:
    application: Application
    created: bool


def submit_application(posting: Posting, submission: Submission) -> SubmitResult:
    """Record an application in one transaction: the candidate (created when new, never
    changed when known), the application with the details and consent sent with it, in the
    first stage with its answers and resume, its event and the emails.

    Applying twice creates nothing new; the earlier application stands and the address is told
    so, while the page the candidate sees is the same as for a first application.

    The resume file is written before its row: when the transaction fails after that (the
    database connection lost, a bug), the file is deleted again, so a failure leaves nothing.
    A caller's own transaction rolled back later leaves a file no row names, for
    `sweep_orphan_resumes` to remove.
    """
    written: list[str] = []
    try:
        return _submit_application(posting, submission, written)
    except BaseException:
        for name in written:
            _delete_file(name)
        raise


def _delete_file(name: str) -> None:
    try:
        default_storage.delete(name)
    except Exception:  # the sweep removes what is left; the error that got us here matters
        logger.warning("could not delete a resume file", exc_info=True)


@transaction.atomic
def _submit_application(
    posting: Posting, submission: Submission, written: list[str]
) -> SubmitResult:
    # Read in this transaction (the page that showed the form may be older than a close), in
    # the query for the first stage: Posting.is_accepting_applications() as a filter.
    first_stage = (
        posting.stages.filter(posting__status=PostingStatus.OPEN).order_by("order", "id").first()
    )
    if first_stage is None:
        if not Posting.objects.only("status").get(pk=posting.pk).is_accepting_applications():
            raise NotAccepting(gettext("This posting no longer takes applications."))
        raise ValueError("A posting that takes applications has at least one stage.")
    email = normalize_email(submission.email)
    now = timezone.now()
    candidate = _candidate_for(posting, email, submission, now)

    existing = Application.objects.filter(candidate=candidate, posting=posting).first()
    if existing is not None:
        return _already_applied(existing)
    answers = [
        Answer(
            question=q,
            question_text=q.text,
            value=value,
            is_knockout=bool(q.knockout_answer) and value.lower() == q.knockout_answer.lower(),
        )
        for q, value in submission.answers
    ]
    application = Application(
        candidate=candidate,
        posting=posting,
        stage=first_stage,
        source=one_line(submission.source)[:60],
        name=submission.name,
        sort_name=candidate.name,
        email=email,
        phone=submission.phone,
        location=submission.location,
        links=submission.links,
        consent_at=now,
        consent_version=settings.CONSENT_TEXT_VERSION,
        stated_years=submission.stated_years,
        cover_letter=submission.cover_letter,
        resume_filename=(one_line(submission.resume.name or "") or "resume")[-255:],
        knockout=any(a.is_knockout for a in answers),
        applied_at=now,
        stage_entered_at=now,
    )
    try:
        with transaction.atomic():
            application.resume.save(
                f"resume{submission.resume_extension}", submission.resume, save=False
            )
            written.append(str(application.resume.name))
            application.save()
    except IntegrityError:
        # The same person submitted twice at once; the other request won, with its own file.
        _delete_file(written.pop())
        return _already_applied(Application.objects.get(candidate=candidate, posting=posting))
    for answer in answers:
        answer.application = application
    Answer.objects.bulk_create(answers)
    ApplicationEvent.objects.create(
        application=application,
        kind=EventKind.APPLIED,
        to_stage=first_stage,
        data={"source": application.source},
    )
    record_email(
        "application_received",
        key=f"application-received:{application.pk}",
        args={"application_id": application.pk},
        organization=posting.organization,
    )
    # Upper apps' part of applying (screening's pending score), in this transaction.
    extensions.application_submitted(application)
    _notify_new_applicant(application)
    bump_board(posting.pk)
    return SubmitResult(application=application, created=True)


def _candidate_for(
    posting: Posting, email: str, submission: Submission, now: datetime
) -> Candidate:
    """One candidate per organization and email. A new person is created from the form; an
    existing one is left exactly as they are: an anonymous form can't change anyone's record
    (what it sent stays on the application, for the team to merge)."""
    found = Candidate.objects.filter(organization=posting.organization, email=email)
    candidate = found.first()
    if candidate is not None:
        return candidate
    try:
        with transaction.atomic():
            return Candidate.objects.create(
                organization=posting.organization,
                email=email,
                name=submission.name,
                phone=submission.phone,
                location=submission.location,
                links=submission.links,
                consent_at=now,
                consent_version=settings.CONSENT_TEXT_VERSION,
            )
    except IntegrityError:
        # The same person's other submission created them a moment ago.
        return found.get()


def _already_applied(application: Application) -> SubmitResult:
    # One notice a day at most, however often the form is sent again.
    record_email(
        "application_duplicate",
        key=f"application-duplicate:{application.pk}:{timezone.now().date().isoformat()}",
        args={"application_id": application.pk},
        organization=application.posting.organization,
    )
    return SubmitResult(application=application, created=False)


NOTE_MAX_LENGTH = 4000


def _nul_refused() -> str:
    return gettext("Remove the null character (\\0): it can't be stored.")


class MoveRefused(Exception):
    """A move that can't happen, with a message for the person who tried."""


class StaleMove(MoveRefused):
    """Someone else changed the application since this person loaded it."""

    def __init__(self, application: Application, moved_by: str, moved_at: datetime | None) -> None:
        self.application = application
        self.moved_by = moved_by
        self.moved_at = moved_at
        when = f" at {timezone.localtime(moved_at):%H:%M on %d %b}" if moved_at else ""
        super().__init__(
            f"{application.candidate.name} was moved by {moved_by}{when}; "
            f"the board now shows where they really are."
        )


def _position_between(
    stage: Stage, *, after: int | None, before: int | None, exclude: int
) -> float:
    """A position between two neighbours in a column, so only the moved card is written."""
    neighbours = dict(
        Application.objects.filter(stage=stage, pk__in=[pk for pk in (after, before) if pk])
        .exclude(pk=exclude)
        .values_list("pk", "position")
    )
    low, high = neighbours.get(after or 0), neighbours.get(before or 0)
    if low is not None and high is not None:
        return (low + high) / 2
    if low is not None:
        return low + 1
    if high is not None:
        return high - 1
    last = (
        Application.objects.filter(stage=stage)
        .exclude(pk=exclude)
        .aggregate(m=models.Max("position"))["m"]
    )
    return 0.0 if last is None else last + 1


@transaction.atomic
def move_application(
    application: Application,
    *,
    to_stage: Stage,
    by: User,
    expected_version: int,
    after: int | None = None,
    before: int | None = None,
) -> Application:
    """Move an application into a stage (or within its column), guarded by its version."""
    locked = (
        Application.objects.select_for_update().select_related("candidate").get(pk=application.pk)
    )
    if locked.version != expected_version:
        last = (
            ApplicationEvent.objects.filter(application=locked, kind=EventKind.MOVED)
            .select_related("actor")
            .order_by("-created_at", "-id")
            .first()
        )
        actor = last.actor.get_full_name() if last and last.actor else "someone else"
        raise StaleMove(locked, actor, last.created_at if last else None)
    if to_stage.posting_id != locked.posting_id:
        raise MoveRefused("That stage belongs to another posting.")
    if not locked.is_open:
        raise MoveRefused(
            f"{locked.candidate.name}'s application is {locked.get_status_display().lower()}; "
            "reopen it before moving it."
        )
    from_stage_id = locked.stage_id
    locked.position = _position_between(to_stage, after=after, before=before, exclude=locked.pk)
    locked.version += 1
    fields = ["position", "version", "updated_at"]
    if to_stage.pk != from_stage_id:
        locked.stage = to_stage
        locked.stage_entered_at = timezone.now()
        fields += ["stage", "stage_entered_at"]
        ApplicationEvent.objects.create(
            application=locked,
            kind=EventKind.MOVED,
            actor=by,
            from_stage_id=from_stage_id,
            to_stage=to_stage,
        )
        # Stage emails hand over here once stages carry templates (the stage-email issue).
    locked.save(update_fields=fields)
    bump_board(locked.posting_id)
    return locked


class ActionRefused(Exception):
    """An action on an application that can't happen now, with a message for the person."""


@dataclass(frozen=True)
class StageEmail:
    """The stage's email as the person sends it: the template's text, or their edit of it."""

    subject: str
    body: str


@transaction.atomic
def advance_application(
    application: Application,
    *,
    to_stage: Stage,
    by: User,
    expected_version: int,
    email: StageEmail | None,
) -> Application:
    """Move into the next stage and send its email (or not) in one transaction: an email that
    can't be sent (a bad placeholder in the edit) leaves the application where it was."""
    if to_stage.pk == application.stage_id:
        raise MoveRefused(
            gettext("%(name)s is already in %(stage)s.")
            % {"name": application.candidate.name, "stage": to_stage.name}
        )
    moved = move_application(
        application, to_stage=to_stage, by=by, expected_version=expected_version
    )
    if email is not None:
        send_stage_email(moved, by=by, subject=email.subject, body=email.body)
    return moved


def business_days_after(moment: datetime, days: int, tz_name: str) -> datetime:
    """`days` working days (Monday to Friday) after `moment`, at the same local time."""
    local = timezone.localtime(moment, zoneinfo.ZoneInfo(tz_name))
    added = 0
    while added < days:
        local += timedelta(days=1)
        if local.weekday() < 5:
            added += 1
    return local


def _changed(application: Application, **fields: object) -> None:
    """Save a state change: the version guards concurrent edits; updated_at refreshes the board."""
    for name, value in fields.items():
        setattr(application, name, value)
    application.version += 1
    application.save(update_fields=[*fields, "version", "updated_at"])
    bump_board(application.posting_id)


def _lock(application: Application) -> Application:
    return (
        Application.objects.select_for_update()
        .select_related("candidate", "posting__organization", "stage")
        .get(pk=application.pk)
    )


def _lock_active(application: Application, verb: str) -> Application:
    """Lock the row; refuse unless the application is active (`verb` names the action)."""
    locked = _lock(application)
    if locked.status != ApplicationStatus.ACTIVE:
        raise ActionRefused(
            gettext("This application is %(status)s; only an active one can be %(verb)s.")
            % {"status": locked.get_status_display().lower(), "verb": verb}
        )
    return locked


# How long a rejection can be taken back in one click (the flash's Undo), as long as its
# scheduled email has not gone: a slip of the hand, not a change of mind (that is "Reopen").
UNDO_WINDOW = timedelta(minutes=10)
# The rejection email's default, the same on the profile, its dialog and bulk rejections.
REJECTION_EMAIL_DEFAULT = True
REJECTION_DELAY_DEFAULT = 2


@transaction.atomic
def reject_application(
    application: Application,
    *,
    by: User,
    reason: str,
    send_email: bool,
    delay_days: int = REJECTION_DELAY_DEFAULT,
) -> Application:
    """Reject with a reason; the optional email waits `delay_days` business days in the
    organization's time zone, and can be cancelled from the profile until it goes."""
    locked = _lock_active(application, gettext("rejected"))
    if not reason.strip():
        raise ActionRefused(gettext("Choose a reason for the rejection."))
    _changed(locked, status=ApplicationStatus.REJECTED, rejection_reason=reason.strip()[:200])
    notify_application_closing(locked, by)
    ApplicationEvent.objects.create(
        application=locked,
        kind=EventKind.REJECTED,
        actor=by,
        data={"reason": locked.rejection_reason},
    )
    if send_email:
        organization = locked.posting.organization
        when = business_days_after(timezone.now(), delay_days, organization.timezone)
        message = record_email(
            "application_rejected",
            key=f"application-rejected:{locked.pk}:{locked.version}",
            # Who rejected: replies go to them (accounts.branding.reply_to).
            args={"application_id": locked.pk, "by_id": by.pk},
            organization=organization,
            not_before=when,
        )
        ApplicationEvent.objects.create(
            application=locked,
            kind=EventKind.EMAIL_SCHEDULED,
            actor=by,
            message=message,
            data={"email": "rejection", "not_before": when.isoformat()},
        )
    return locked


@transaction.atomic
def hire_application(application: Application, *, by: User) -> Application:
    locked = _lock_active(application, gettext("hired"))
    _changed(locked, status=ApplicationStatus.HIRED)
    notify_application_closing(locked, by)
    ApplicationEvent.objects.create(
        application=locked, kind=EventKind.HIRED, actor=by, to_stage=locked.stage
    )
    return locked


@transaction.atomic
def withdraw_application(application: Application, *, by: User) -> Application:
    """Record that the candidate withdrew (a team member does it on their behalf)."""
    locked = _lock_active(application, gettext("withdrawn"))
    _changed(locked, status=ApplicationStatus.WITHDRAWN)
    notify_application_closing(locked, by)
    ApplicationEvent.objects.create(application=locked, kind=EventKind.WITHDRAWN, actor=by)
    return locked


@transaction.atomic
def reopen_application(application: Application, *, by: User) -> Application:
    """Back to active, in the stage it was in when it was closed (its last active stage)."""
    locked = _lock(application)
    if locked.status == ApplicationStatus.HIRED:
        raise ActionRefused(gettext("A hired application can't be reopened."))
    if locked.status == ApplicationStatus.ACTIVE:
        raise ActionRefused(gettext("This application is already active."))
    _changed(locked, status=ApplicationStatus.ACTIVE, rejection_reason="")
    ApplicationEvent.objects.create(
        application=locked, kind=EventKind.REOPENED, actor=by, to_stage=locked.stage
    )
    return locked


@transaction.atomic
def undo_rejection(application: Application, *, by: User) -> Application:
    """Take back a rejection made in the last UNDO_WINDOW: active again in the stage it was in,
    and the rejection email it scheduled cancelled, all or nothing. Refused once the email is
    on its way (the candidate has read it) or the window has passed: "Reopen" is for that."""
    locked = _lock(application)
    if locked.status != ApplicationStatus.REJECTED:
        raise ActionRefused(gettext("This application is not rejected; there is nothing to undo."))
    rejected = locked.events.filter(kind=EventKind.REJECTED).order_by("-created_at", "-id").first()
    if rejected is None or rejected.created_at < timezone.now() - UNDO_WINDOW:
        raise ActionRefused(
            gettext("It is too late to undo this rejection; reopen the application instead.")
        )
    scheduled = locked.events.filter(
        kind=EventKind.EMAIL_SCHEDULED, data__email="rejection", pk__gt=rejected.pk
    ).select_related("message")
    for event in scheduled:
        if event.message is None or event.message.state == State.CANCELLED:
            continue
        try:
            cancel_message(event.message)
        except OutboxError:
            raise ActionRefused(
                gettext(
                    "The rejection email has already gone, so the rejection stands; "
                    "reopen the application if you need to."
                )
            ) from None
        ApplicationEvent.objects.create(
            application=locked, kind=EventKind.EMAIL_CANCELLED, actor=by, message=event.message
        )
    _changed(locked, status=ApplicationStatus.ACTIVE, rejection_reason="")
    ApplicationEvent.objects.create(
        application=locked,
        kind=EventKind.REOPENED,
        actor=by,
        to_stage=locked.stage,
        data={"undone": "rejection"},
    )
    return locked


@transaction.atomic
def cancel_application_email(application: Application, *, message_id: int, by: User) -> None:
    message = (
        Message.objects.filter(pk=message_id, candidate_events__application=application)
        .distinct()
        .first()
    )
    if message is None:
        raise ActionRefused(gettext("That email is not one of this application's."))
    try:
        cancel_message(message)
    except OutboxError as exc:
        raise ActionRefused(str(exc)) from None
    ApplicationEvent.objects.create(
        application=application, kind=EventKind.EMAIL_CANCELLED, actor=by, message=message
    )


def _mentioned(application: Application, body: str) -> list[User]:
    """Members of the application's organization named as @handle (their email's local part)
    or @email. Anyone outside the organization is mentioned by no one."""
    handles = {h.lower() for h in MENTION.findall(body)}
    if not handles:
        return []
    members = User.objects.filter(
        memberships__organization_id=application.posting.organization_id, is_active=True
    )
    return [
        u for u in members if u.email.lower() in handles or u.email.split("@")[0].lower() in handles
    ]


@transaction.atomic
def add_note(application: Application, *, by: User, body: str) -> Note:
    body = body.strip()
    if not body:
        raise ActionRefused(gettext("The note is empty."))
    if has_nul(body):
        raise ActionRefused(_nul_refused())
    if len(body) > NOTE_MAX_LENGTH:
        raise ActionRefused(
            gettext("Notes can be at most %(count)d characters.") % {"count": NOTE_MAX_LENGTH}
        )
    note = Note.objects.create(application=application, author=by, body=body)
    mentioned = [user for user in _mentioned(application, body) if user.pk != by.pk]
    note.mentions.set(mentioned)
    ApplicationEvent.objects.create(
        application=application, kind=EventKind.NOTE, actor=by, note=note
    )
    for user in mentioned:
        record_email(
            "note_mention",
            key=f"note-mention:{note.pk}:{user.pk}",
            args={"note_id": note.pk, "user_id": user.pk},
            organization=application.posting.organization,
        )
    return note


def mark_mentions_seen(application: Application, *, by: User) -> int:
    """`by` opened the application's profile: the notes on it that mention them no longer
    wait for them (the home page). One UPDATE; the number marked."""
    waiting = Mention.objects.filter(user=by, note__application=application, seen_at__isnull=True)
    return waiting.update(seen_at=timezone.now())


@transaction.atomic
def edit_note(note: Note, *, by: User, body: str) -> Note:
    if note.author_id != by.pk:
        raise PermissionError("Only the author can edit a note.")
    if note.is_deleted:
        raise ActionRefused(gettext("This note was deleted."))
    body = body.strip()
    if has_nul(body):
        raise ActionRefused(_nul_refused())
    if not body or len(body) > NOTE_MAX_LENGTH:
        raise ActionRefused(
            gettext("A note needs some text, at most %(count)d characters.")
            % {"count": NOTE_MAX_LENGTH}
        )
    note.body, note.edited_at = body, timezone.now()
    note.save(update_fields=["body", "edited_at"])
    ApplicationEvent.objects.create(
        application=note.application, kind=EventKind.NOTE_EDITED, actor=by, note=note
    )
    return note


@transaction.atomic
def delete_note(note: Note, *, by: User) -> None:
    if note.author_id != by.pk:
        raise PermissionError("Only the author can delete a note.")
    if note.is_deleted:
        return
    note.deleted_at = timezone.now()
    note.save(update_fields=["deleted_at"])
    ApplicationEvent.objects.create(
        application=note.application, kind=EventKind.NOTE_DELETED, actor=by, note=note
    )


@transaction.atomic
def record_resume_download(application: Application, *, by: User) -> None:
    ApplicationEvent.objects.create(application=application, kind=EventKind.RESUME_VIEWED, actor=by)
    audit.record(
        AuditAction.RESUME_DOWNLOADED,
        actor=by,
        organization=application.posting.organization_id,
        target=application,
        label=_application_label(application),
    )


def record_export(posting: Posting, *, by: User, rows: int) -> None:
    """Candidate data exported: who took how many rows of which posting. One INSERT."""
    audit.record(
        AuditAction.CANDIDATES_EXPORTED,
        actor=by,
        organization=posting.organization_id,
        target=posting,
        label=posting.title,
        rows=rows,
    )


def _application_label(application: Application) -> str:
    """Names the application without naming the person: the entry outlives their data."""
    return f"Application #{application.pk} · {application.posting.title}"


def record_list_view(posting: Posting, *, by: User, first: int | None, shown: int) -> None:
    """Candidate data read in bulk (the list view): who read which page of which posting,
    named by its first application (pages go by keyset, so they have no number) and size.
    One INSERT, atomic by itself."""
    audit.record(
        AuditAction.CANDIDATES_VIEWED,
        actor=by,
        organization=posting.organization_id,
        target=posting,
        label=posting.title,
        first=first,
        shown=shown,
    )


@transaction.atomic
def tag_application(application: Application, *, by: User, name: str, add: bool) -> Application:
    name = " ".join(name.split())[:40]
    if not name:
        raise ActionRefused(gettext("Give the tag a name."))
    locked = _lock(application)
    tag, _ = Tag.objects.get_or_create(organization_id=locked.posting.organization_id, name=name)
    if add == locked.tags.filter(pk=tag.pk).exists():
        return locked  # already as asked: nothing to record
    (locked.tags.add if add else locked.tags.remove)(tag)
    _changed(locked)
    kind = EventKind.TAGGED if add else EventKind.UNTAGGED
    ApplicationEvent.objects.create(application=locked, kind=kind, actor=by, data={"tag": name})
    return locked


@transaction.atomic
def merge_submitted_details(
    application: Application, *, by: User, fields: Collection[str]
) -> Candidate:
    """Copy the chosen details sent with an application to its candidate's record (links are
    added to the record's, key by key), with a timeline entry naming who copied what."""
    locked = _lock(application)
    candidate = Candidate.objects.select_for_update().get(pk=locked.candidate_id)
    locked.candidate = candidate
    differing = {d.field: d for d in locked.differing_details() if d.field in fields}
    if not differing:
        raise ActionRefused(gettext("Choose at least one detail to copy to the candidate record."))
    changes: dict[str, dict[str, object]] = {}
    for name in MERGEABLE_DETAILS:  # a stable order, whatever order the form sent
        if name not in differing:
            continue
        before, submitted = getattr(candidate, name), differing[name].submitted
        if isinstance(submitted, dict):  # links: added to the record's, key by key
            after: object = {**(before if isinstance(before, dict) else {}), **submitted}
        else:
            after = submitted
        changes[name] = {"from": before, "to": after}
        setattr(candidate, name, after)
    candidate.save(update_fields=[*changes, "updated_at"])
    _candidate_changed(candidate)
    ApplicationEvent.objects.create(
        application=locked,
        kind=EventKind.DETAILS_MERGED,
        actor=by,
        data={"fields": list(changes), "changes": changes},
    )
    return candidate


@transaction.atomic
def update_candidate(candidate: Candidate, *, fields: Collection[str]) -> Candidate:
    """Save the record's edited `fields` (admin's form) with what its applications copy."""
    candidate.save(update_fields=[*fields, "updated_at"])
    _candidate_changed(candidate)
    return candidate


def _candidate_changed(candidate: Candidate) -> None:
    """After any write of a candidate's record. Every card showing this person (on any
    posting's board) is cached by its application's updated_at, and the list sorts by the
    application's copy of the name: one statement sets both."""
    applications = Application.objects.filter(candidate=candidate)
    applications.update(updated_at=timezone.now(), sort_name=candidate.name)
    bump_board(*applications.values_list("posting_id", flat=True))


@dataclass
class BulkResult:
    done: int = 0
    done_ids: list[int] = field(default_factory=list)
    refused: list[tuple[str, str]] = field(default_factory=list)  # (candidate name, why)


def bulk_act(
    applications: list[Application],
    *,
    action: str,
    by: User,
    versions: dict[int, int],
    stage: Stage | None = None,
    reason: str = "",
    send_email: bool = REJECTION_EMAIL_DEFAULT,
    delay_days: int = REJECTION_DELAY_DEFAULT,
    tag: str = "",
    stage_emails: bool = False,
) -> BulkResult:
    """One transaction per application, through the same services as single actions, so one
    refusal (a stale version, a closed application) stops only that one."""
    result = BulkResult()
    for application in applications:
        expected = versions.get(application.pk, application.version)
        try:
            if expected != application.version:
                raise ActionRefused(gettext("someone changed it since the list was loaded"))
            if action == "move" and stage is not None:
                moved = move_application(
                    application, to_stage=stage, by=by, expected_version=expected
                )
                template = stage.email_template
                if stage_emails and template is not None and moved.stage_id != application.stage_id:
                    send_stage_email(moved, by=by, subject=template.subject, body=template.body)
            elif action == "reject":
                _reject_in_bulk(
                    application, by=by, reason=reason, send_email=send_email, delay_days=delay_days
                )
            elif action == "undo-reject":
                undo_rejection(application, by=by)
            elif action in ("tag", "untag"):
                tag_application(application, by=by, name=tag, add=action == "tag")
            else:
                raise ActionRefused(gettext("unknown action"))
        except (ActionRefused, MoveRefused) as exc:
            result.refused.append((application.candidate.name, str(exc)))
        else:
            result.done += 1
            result.done_ids.append(application.pk)
    return result


@transaction.atomic
def _reject_in_bulk(
    application: Application, *, by: User, reason: str, send_email: bool, delay_days: int
) -> None:
    """One audit entry per application, in the transaction of its rejection."""
    reject_application(
        application, by=by, reason=reason, send_email=send_email, delay_days=delay_days
    )
    audit.record(
        AuditAction.APPLICATIONS_BULK_REJECTED,
        actor=by,
        organization=application.posting.organization_id,
        target=application,
        label=_application_label(application),
        reason=reason,
        email=send_email,
    )


def stage_email_values(application: Application) -> dict[str, str]:
    name = (application.candidate.name or "").split()
    return {
        "first_name": name[0] if name else "",
        "posting_title": application.posting.title,
        "organization_name": application.posting.organization.name,
        "stage_name": application.stage.name,
    }


@transaction.atomic
def send_stage_email(application: Application, *, by: User, subject: str, body: str) -> None:
    """Record the stage's email (as written, or as edited this once) for the outbox; it is
    rendered from fresh rows when it goes, so payloads carry ids and the template text."""
    try:
        validate_placeholders(subject)
        validate_placeholders(body)
    except ValidationError as exc:
        raise ActionRefused(" ".join(exc.messages)) from None
    if not subject.strip() or not body.strip():
        raise ActionRefused(gettext("The email needs a subject and a body."))
    if has_nul(subject) or has_nul(body):
        raise ActionRefused(_nul_refused())
    try:
        validate_single_line(subject)
    except ValidationError as exc:
        raise ActionRefused(gettext("The subject: %(why)s") % {"why": exc.messages[0]}) from None
    message = record_email(
        "stage_email",
        key=f"stage-email:{application.pk}:{application.version}",
        args={
            "application_id": application.pk,
            "subject": subject,
            "body": body,
            "by_id": by.pk,
        },
        organization=application.posting.organization,
    )
    ApplicationEvent.objects.create(
        application=application,
        kind=EventKind.EMAIL_SCHEDULED,
        actor=by,
        message=message,
        data={"email": "stage", "stage": application.stage.name},
    )


@transaction.atomic
def set_notification_preference(
    posting: Posting, *, user: User, mode: str
) -> NotificationPreference:
    if mode not in NotifyMode.values:
        raise ActionRefused(gettext("Choose how to hear about new applicants."))
    preference, _ = NotificationPreference.objects.update_or_create(
        user=user, posting=posting, defaults={"mode": mode}
    )
    return preference


def _notify_new_applicant(application: Application) -> None:
    """Immediate emails to the members who asked for them (inside the apply transaction)."""
    watchers = (
        NotificationPreference.objects.of_people_who_work_the_posting()
        .filter(posting_id=application.posting_id, mode=NotifyMode.IMMEDIATE)
        .values_list("user_id", flat=True)
    )
    for user_id in watchers:
        record_email(
            "new_applicant",
            key=f"new-applicant:{application.pk}:{user_id}",
            args={"application_id": application.pk, "user_id": user_id},
            organization=application.posting.organization,
        )


def send_daily_digests(*, now: datetime | None = None) -> int:
    """Once a day, after 08:00 in each organization's time zone, one email per member and
    posting listing the applications of the last day. Idempotent per day: the sweeper can run it
    every loop."""
    now = now or timezone.now()
    sent = 0
    preferences = (
        NotificationPreference.objects.of_people_who_work_the_posting()
        .filter(mode=NotifyMode.DAILY)
        .select_related("posting__organization", "user")
    )
    for preference in preferences:
        organization = preference.posting.organization
        local = timezone.localtime(now, zoneinfo.ZoneInfo(organization.timezone))
        if local.hour < 8:
            continue
        since = now - timedelta(days=1)
        count = Application.objects.filter(
            posting=preference.posting, applied_at__gte=since
        ).count()
        if not count:
            continue
        key = f"digest:{preference.user_id}:{preference.posting_id}:{local.date().isoformat()}"
        if Message.objects.filter(idempotency_key=key).exists():
            continue  # today's is already recorded
        with transaction.atomic():
            record_email(
                "new_applicants_digest",
                key=key,
                args={
                    "posting_id": preference.posting_id,
                    "user_id": preference.user_id,
                    "since": since.isoformat(),
                },
                organization=organization,
            )
        sent += 1
    return sent


# The builders whose email goes to the candidate (candidates.emails): their outcome belongs on
# the timeline. The others (mentions, new-applicant alerts) go to staff and stay out of it.
CANDIDATE_EMAILS = {
    "application_received": "confirmation",
    "application_duplicate": "duplicate notice",
    "application_rejected": "rejection",
    "stage_email": "stage",
}


@transaction.atomic
def record_email_outcome(message: Message) -> ApplicationEvent | None:
    """Put a candidate email's final outcome (sent, or failed for good) on its timeline.

    Runs after the outbox committed the outcome; safe to run twice for the same outcome."""
    if message.kind != "send_email" or message.state not in (State.SENT, State.FAILED):
        return None
    builder = message.payload.get("builder")
    application_id = message.payload.get("args", {}).get("application_id")
    if builder not in CANDIDATE_EMAILS or not isinstance(application_id, int):
        return None
    if not Application.objects.filter(pk=application_id).exists():
        return None
    kind = EventKind.EMAIL_SENT if message.state == State.SENT else EventKind.EMAIL_FAILED
    event, _ = ApplicationEvent.objects.get_or_create(
        application_id=application_id,
        kind=kind,
        message=message,
        defaults={"data": {"email": CANDIDATE_EMAILS[builder], "error": message.last_error}},
    )
    return event


ORPHAN_RESUME_AGE = timedelta(hours=1)


def sweep_orphan_resumes(older_than: timedelta = ORPHAN_RESUME_AGE) -> int:
    """Delete resume files that no application names, written more than `older_than` ago
    (an apply in flight has written its file but not yet committed its row). Works on any
    storage that lists folders (the file system, S3 through django-storages). The count."""
    cutoff = timezone.now() - older_than
    deleted = 0
    folders, _files = (
        default_storage.listdir("resumes") if default_storage.exists("resumes") else ([], [])
    )
    for folder in folders:
        _dirs, files = default_storage.listdir(f"resumes/{folder}")
        names = [f"resumes/{folder}/{file}" for file in files]
        for start in range(0, len(names), 500):
            batch = names[start : start + 500]
            known = set(
                Application.objects.filter(resume__in=batch).values_list("resume", flat=True)
            )
            for name in batch:
                if name in known or default_storage.get_modified_time(name) > cutoff:
                    continue
                # Named again meanwhile? Never: names are random (resume_path). Gone is fine.
                _delete_file(name)
                deleted += 1
    if deleted:
        logger.info("orphan resumes deleted", extra={"count": deleted})
    return deleted
