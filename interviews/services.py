"""The writes of the interview loop: scheduling, rescheduling and cancelling an interview, and
editing a posting's interview plan. Each write is one transaction with its timeline event and
its outbox messages (the calendar invitations), so nothing is half-saved and nothing is lost."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from django.db import transaction
from django.db.models import Max, ProtectedError
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Membership, Organization, User
from candidates.board_version import bump_board
from candidates.models import Application, ApplicationEvent, ApplicationStatus, EventKind
from interviews.models import (
    MAX_DURATION_MINUTES,
    Attribute,
    DefaultInterviewKind,
    FocusArea,
    Interview,
    InterviewKind,
    InterviewParticipant,
    InterviewStatus,
    ScorecardTemplate,
)
from outbox.email import record_email
from outbox.models import Message, State
from postings.models import Posting, Stage

# The timeline's event kinds for interviews (candidates.ApplicationEvent.kind holds 20 letters).
SCHEDULED = "interview_scheduled"
RESCHEDULED = "interview_changed"
CANCELLED = "interview_cancelled"
EVENT_KINDS = (SCHEDULED, RESCHEDULED, CANCELLED)
# How far ahead an interview may be scheduled (a typo'd year is caught, not invited to).
MAX_AHEAD = timedelta(days=2 * 366)


class InterviewRefused(Exception):
    """A scheduling change that can't happen, with a message for the person who tried; `field`
    names the form field the message belongs to, when there is one."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


class StaleInterview(InterviewRefused):
    """Someone else changed the interview since this person loaded it."""


class PlanRefused(Exception):
    """An interview plan edit that can't happen, with a message for the person."""


@dataclass(frozen=True)
class Slot:
    """What a person asks for when scheduling or rescheduling an interview."""

    kind: InterviewKind
    starts_at: datetime
    duration_minutes: int
    interviewers: Sequence[User]
    location: str = ""
    video_link: str = ""
    candidate_note: str = ""
    internal_note: str = ""

    @property
    def ends_at(self) -> datetime:
        return self.starts_at + timedelta(minutes=self.duration_minutes)


@dataclass(frozen=True)
class Conflict:
    """Another Shortlist interview that an interviewer of a slot is on at the same time."""

    interviewer: User
    interview: Interview


def find_conflicts(
    interviewers: Iterable[User],
    starts_at: datetime,
    ends_at: datetime,
    *,
    exclude: Interview | None = None,
) -> list[Conflict]:
    """The interviewers' other scheduled interviews overlapping [starts_at, ends_at), one
    query, soonest first."""
    people = {user.pk: user for user in interviewers}
    if not people:
        return []
    overlapping = (
        InterviewParticipant.objects.filter(
            user_id__in=people,
            interview__in=Interview.objects.overlapping(starts_at, ends_at),
        )
        .select_related("interview__kind", "interview__application__posting")
        .order_by("interview__starts_at", "user_id")
    )
    if exclude is not None:
        overlapping = overlapping.exclude(interview_id=exclude.pk)
    return [
        Conflict(
            interviewer=people[seat.user_id],
            interview=seat.interview,
        )
        for seat in overlapping
    ]


def _validate(application: Application, slot: Slot, *, now: datetime) -> None:
    """Refuse what the issue's "bad input" names, before anything is written."""
    if application.status != ApplicationStatus.ACTIVE:
        raise InterviewRefused(
            _("This application is %(status)s: interviews are scheduled on active ones only.")
            % {"status": application.get_status_display().lower()}
        )
    if slot.kind.stage.posting_id != application.posting_id:
        raise InterviewRefused(_("That interview kind belongs to another posting."), "kind")
    if not 0 < slot.duration_minutes <= MAX_DURATION_MINUTES:
        raise InterviewRefused(
            _("An interview lasts between 1 minute and 8 hours."), "duration_minutes"
        )
    if timezone.is_naive(slot.starts_at):
        raise InterviewRefused(_("Give the start with its time zone."), "starts_at")
    if slot.starts_at <= now:
        raise InterviewRefused(_("The start is in the past: choose a later time."), "starts_at")
    if slot.starts_at > now + MAX_AHEAD:
        raise InterviewRefused(
            _("That is more than two years ahead: choose a nearer time."), "starts_at"
        )
    if not slot.interviewers:
        raise InterviewRefused(_("Choose at least one interviewer."), "interviewers")
    members = set(
        Membership.objects.filter(
            organization_id=application.posting.organization_id,
            user__in=slot.interviewers,
            user__is_active=True,
        ).values_list("user_id", flat=True)
    )
    outside = [user.get_full_name() for user in slot.interviewers if user.pk not in members]
    if outside:
        raise InterviewRefused(
            _("Only members of the organization interview; not: %(names)s.")
            % {"names": ", ".join(outside)},
            "interviewers",
        )


def _lock_application(application: Application) -> Application:
    return (
        Application.objects.select_for_update(of=("self",))
        .select_related("candidate", "posting__organization")
        .get(pk=application.pk)
    )


def _utc(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat()


def _event(interview: Interview, kind: str, *, by: User | None, **data: Any) -> ApplicationEvent:
    return ApplicationEvent.objects.create(
        application_id=interview.application_id,
        kind=kind,
        actor=by,
        data={
            "interview": interview.pk,
            "kind": interview.kind.name,
            "starts_at": _utc(interview.starts_at),
            "ends_at": _utc(interview.ends_at),
            **data,
        },
    )


# Who an invitation goes to: an interviewer by their user id, or the candidate.
CANDIDATE = "candidate"


def _send_invitations(
    interview: Interview, *, interviewers: Iterable[int], candidate: bool = True
) -> None:
    """One invitation email per recipient for this change (the interview's SEQUENCE now),
    recorded in the caller's transaction. The builder renders the interview as it is at send
    time: REQUEST to its current panel and candidate, CANCEL to anyone no longer on it."""
    organization = interview.application.posting.organization
    recipients: list[int | str] = sorted(set(interviewers))
    if candidate:
        recipients.append(CANDIDATE)
    for recipient in recipients:
        record_email(
            "interview_invitation",
            key=f"interview-invitation:{interview.uid}:{interview.sequence}:{recipient}",
            args={"interview_id": interview.pk, "recipient": recipient},
            organization=organization,
        )


@transaction.atomic
def record_invitation_outcome(message: Message) -> ApplicationEvent | None:
    """Put the candidate's invitation's final outcome (sent, or failed for good) on the
    timeline, as candidates does for its own emails. Runs after the outbox committed the
    outcome; safe to run twice for the same outcome."""
    if message.kind != "send_email" or message.state not in (State.SENT, State.FAILED):
        return None
    if message.payload.get("builder") != "interview_invitation":
        return None
    args = message.payload.get("args", {})
    if args.get("recipient") != CANDIDATE:
        return None
    interview = Interview.objects.filter(pk=args.get("interview_id")).first()
    if interview is None:
        return None
    kind = EventKind.EMAIL_SENT if message.state == State.SENT else EventKind.EMAIL_FAILED
    event, _created = ApplicationEvent.objects.get_or_create(
        application_id=interview.application_id,
        kind=kind,
        message=message,
        defaults={"data": {"email": "interview invitation", "error": message.last_error}},
    )
    return event


@transaction.atomic
def schedule_interview(application: Application, *, slot: Slot, by: User | None) -> Interview:
    """A new interview on an active application, its interviewers, its timeline event and an
    invitation to each interviewer and to the candidate."""
    locked = _lock_application(application)
    _validate(locked, slot, now=timezone.now())
    interview = Interview.objects.create(
        application=locked,
        kind=slot.kind,
        starts_at=slot.starts_at,
        ends_at=slot.ends_at,
        location=slot.location,
        video_link=slot.video_link,
        candidate_note=slot.candidate_note,
        internal_note=slot.internal_note,
        scheduled_by=by,
    )
    InterviewParticipant.objects.bulk_create(
        InterviewParticipant(interview=interview, user=user) for user in _unique(slot.interviewers)
    )
    interview.application = locked
    _event(interview, SCHEDULED, by=by, interviewers=_names(slot.interviewers))
    _send_invitations(interview, interviewers=[u.pk for u in slot.interviewers])
    bump_board(locked.posting_id)  # the card shows the next interview
    return interview


def _unique(users: Iterable[User]) -> list[User]:
    return list({user.pk: user for user in users}.values())


def _names(users: Iterable[User]) -> list[str]:
    return [user.get_full_name() for user in _unique(users)]


def _lock_interview(interview: Interview, expected_version: int | None) -> Interview:
    locked = (
        Interview.objects.select_for_update(of=("self",))
        .select_related("kind__stage", "application__posting__organization")
        .get(pk=interview.pk)
    )
    if expected_version is not None and locked.version != expected_version:
        last = (
            ApplicationEvent.objects.filter(
                application_id=locked.application_id,
                kind__in=EVENT_KINDS,
                data__interview=locked.pk,
            )
            .select_related("actor")
            .order_by("-created_at", "-id")
            .first()
        )
        who = last.actor.get_full_name() if last and last.actor else _("someone else")
        raise StaleInterview(
            _(
                "%(who)s changed this interview while you were editing it; "
                "here it is as it is now. Make your change again if it still stands."
            )
            % {"who": who}
        )
    if locked.is_cancelled:
        raise InterviewRefused(_("This interview was cancelled."))
    return locked


@transaction.atomic
def reschedule_interview(
    interview: Interview, *, slot: Slot, by: User | None, expected_version: int
) -> Interview:
    """Change an interview's time, panel, place or notes, guarded by its version. Its SEQUENCE
    goes up, so calendars replace the event; an interviewer taken off gets a CANCEL."""
    # The application first, then the interview: the order every writer takes them in (a
    # rejection that cancels an application's interviews does the same), so none deadlock.
    application = _lock_application(interview.application)
    locked = _lock_interview(interview, expected_version)
    _validate(application, slot, now=timezone.now())
    before = set(locked.participants.values_list("user_id", flat=True))
    wanted = {user.pk for user in slot.interviewers}
    previous = {"previous_starts_at": _utc(locked.starts_at)}
    locked.kind = slot.kind
    locked.starts_at, locked.ends_at = slot.starts_at, slot.ends_at
    locked.location, locked.video_link = slot.location, slot.video_link
    locked.candidate_note, locked.internal_note = slot.candidate_note, slot.internal_note
    locked.sequence += 1
    locked.version += 1
    locked.save(
        update_fields=[
            "kind",
            "starts_at",
            "ends_at",
            "location",
            "video_link",
            "candidate_note",
            "internal_note",
            "sequence",
            "version",
            "updated_at",
        ]
    )
    InterviewParticipant.objects.filter(interview=locked, user_id__in=before - wanted).delete()
    InterviewParticipant.objects.bulk_create(
        InterviewParticipant(interview=locked, user=user)
        for user in _unique(slot.interviewers)
        if user.pk not in before
    )
    locked.application = application
    _event(
        locked,
        RESCHEDULED,
        by=by,
        interviewers=_names(slot.interviewers),
        removed=sorted(before - wanted),
        **previous,
    )
    _send_invitations(locked, interviewers=before | wanted)
    bump_board(application.posting_id)
    return locked


@transaction.atomic
def cancel_interview(
    interview: Interview, *, by: User | None, expected_version: int | None = None
) -> Interview:
    """Cancel an interview: a CANCEL invitation (the next SEQUENCE) to its panel and candidate."""
    _lock_application(interview.application)
    locked = _lock_interview(interview, expected_version)
    locked.status = InterviewStatus.CANCELLED
    locked.cancelled_at = timezone.now()
    locked.sequence += 1
    locked.version += 1
    locked.save(update_fields=["status", "cancelled_at", "sequence", "version", "updated_at"])
    panel = list(locked.participants.values_list("user_id", flat=True))
    _event(locked, CANCELLED, by=by)
    _send_invitations(locked, interviewers=panel)
    bump_board(locked.application.posting_id)
    return locked


# --- The interview plan ------------------------------------------------------------------------


@transaction.atomic
def copy_scorecard_template(
    template: ScorecardTemplate,
    *,
    reusable: bool,
    name: str | None = None,
    organization: Organization | int | None = None,
) -> ScorecardTemplate:
    """A copy of a template with its focus areas and attributes (guidance included)."""
    copy = ScorecardTemplate.objects.create(
        organization_id=(
            organization.pk if isinstance(organization, Organization) else organization
        )
        or template.organization_id,
        name=name or template.name,
        reusable=reusable,
    )
    for area in template.focus_areas.prefetch_related("attributes"):
        new_area = FocusArea.objects.create(template=copy, name=area.name, order=area.order)
        Attribute.objects.bulk_create(
            Attribute(focus_area=new_area, name=item.name, guidance=item.guidance, order=item.order)
            for item in area.attributes.all()
        )
    return copy


@transaction.atomic
def add_interview_kind(
    stage: Stage,
    *,
    name: str,
    duration_minutes: int,
    based_on: ScorecardTemplate | None = None,
) -> InterviewKind:
    """A kind on a posting's stage, with its own scorecard: a copy of `based_on` (one of the
    organization's reusable templates) or an empty one."""
    organization_id = stage.posting.organization_id
    if based_on is not None and (
        not based_on.reusable or based_on.organization_id != organization_id
    ):
        raise PlanRefused(_("Choose one of your organization's scorecard templates."))
    if based_on is not None:
        template = copy_scorecard_template(based_on, reusable=False, name=name)
    else:
        template = ScorecardTemplate.objects.create(
            organization_id=organization_id, name=name, reusable=False
        )
    order = (InterviewKind.objects.filter(stage=stage).aggregate(m=Max("order"))["m"] or 0) + 1
    return InterviewKind.objects.create(
        stage=stage,
        name=name,
        duration_minutes=duration_minutes,
        scorecard_template=template,
        based_on=based_on,
        order=order,
    )


@transaction.atomic
def remove_interview_kind(kind: InterviewKind) -> None:
    """Remove a kind and its scorecard; refused once interviews of that kind exist."""
    if kind.interviews.exists():
        raise PlanRefused(
            _("Interviews of this kind exist already: it stays, so their scorecards do.")
        )
    template = kind.scorecard_template
    kind.delete()
    template.delete()


@transaction.atomic
def remove_attribute(attribute: Attribute) -> None:
    try:
        attribute.delete()
    except ProtectedError:
        raise PlanRefused(
            _("Someone has rated this attribute already: it stays, so their feedback does.")
        ) from None


@transaction.atomic
def remove_focus_area(area: FocusArea) -> None:
    try:
        area.delete()
    except ProtectedError:
        raise PlanRefused(
            _("Someone has rated or noted this focus area already: it stays.")
        ) from None


@transaction.atomic
def save_as_reusable(kind: InterviewKind, *, name: str) -> ScorecardTemplate:
    """Put a copy of a kind's scorecard in the organization's library."""
    organization_id = kind.scorecard_template.organization_id
    if (
        ScorecardTemplate.objects.reusable()
        .filter(organization_id=organization_id, name__iexact=name)
        .exists()
    ):
        raise PlanRefused(
            _("Your organization has a template called “%(name)s” already.") % {"name": name}
        )
    return copy_scorecard_template(kind.scorecard_template, reusable=True, name=name)


def copy_default_kinds(posting: Posting, stage_sources: dict[int, int]) -> None:
    """postings' set-up hook: each stage made from a default stage gets that default stage's
    interview kinds, each with its own copy of its template. Runs in the posting's creation
    transaction."""
    defaults = DefaultInterviewKind.objects.filter(
        default_stage_id__in=stage_sources.values()
    ).select_related("scorecard_template")
    by_default_stage: dict[int, list[DefaultInterviewKind]] = {}
    for default in defaults:
        by_default_stage.setdefault(default.default_stage_id, []).append(default)
    stages = {stage.pk: stage for stage in Stage.objects.filter(pk__in=stage_sources)}
    for stage_id, default_stage_id in stage_sources.items():
        for default in by_default_stage.get(default_stage_id, []):
            add_interview_kind(
                stages[stage_id],
                name=default.name,
                duration_minutes=default.duration_minutes,
                based_on=default.scorecard_template,
            )


def copy_posting_kinds(original: Posting, copy: Posting, stage_map: dict[int, int]) -> None:
    """postings' duplication hook: the copy's stages get the original's kinds, scorecards
    copied (a scorecard rated on the original stays with it)."""
    kinds = InterviewKind.objects.filter(stage__posting=original).select_related(
        "scorecard_template", "based_on"
    )
    for kind in kinds:
        template = copy_scorecard_template(kind.scorecard_template, reusable=False)
        InterviewKind.objects.create(
            stage_id=stage_map[kind.stage_id],
            name=kind.name,
            duration_minutes=kind.duration_minutes,
            scorecard_template=template,
            based_on=kind.based_on,
            order=kind.order,
        )
