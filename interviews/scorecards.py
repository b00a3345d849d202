"""Feedback: an interviewer's scorecard (drafts, submission, amendment), who may read whose
(blind until submitted), the decision view's side-by-side summary, the feedback reminders, and
what happens to upcoming interviews when an application closes or an interviewer leaves.

Every write is one transaction with its timeline event and its outbox messages."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.db import transaction
from django.db.models import Exists, OuterRef, Prefetch, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Membership, User
from candidates.board_version import bump_boards_of
from candidates.models import Application, ApplicationEvent
from interviews import services
from interviews.models import (
    Attribute,
    FocusArea,
    FocusAreaNote,
    Interview,
    InterviewParticipant,
    Recommendation,
    Scorecard,
    ScorecardRating,
    ScorecardStatus,
)
from outbox.email import record_email
from outbox.models import Message

# The timeline's event kinds for feedback (ApplicationEvent.kind holds 20 letters).
SUBMITTED = "feedback_submitted"
AMENDED = "feedback_amended"
FEEDBACK_EVENT_KINDS = (SUBMITTED, AMENDED)

# Reminders: the first when feedback falls due (the interview ended), one more a day later.
REMINDER_DAYS = (0, 1)


class ScorecardRefused(Exception):
    """A scorecard write that can't happen, with a message for the person who tried."""


@dataclass(frozen=True)
class Answers:
    """What an interviewer typed: a rating per attribute id (None: no opinion), notes per focus
    area id, the overall recommendation ("" while a draft) and overall notes."""

    ratings: dict[int, int | None] = field(default_factory=dict)
    notes: dict[int, str] = field(default_factory=dict)
    recommendation: str = ""
    summary: str = ""


# --- Who may write and read -------------------------------------------------------------------


def is_on_panel(interview: Interview, user: Any) -> bool:
    return InterviewParticipant.objects.filter(interview=interview, user_id=user.pk).exists()


def _check_writer(interview: Interview, user: User, *, now: datetime) -> None:
    """Refuse what the issue's "bad input" names before anything is written."""
    if interview.is_cancelled:
        raise ScorecardRefused(_("This interview was cancelled: it takes no feedback."))
    if not is_on_panel(interview, user):
        raise ScorecardRefused(_("Only the interviewers on this interview write its feedback."))
    if not interview.has_started(now):
        raise ScorecardRefused(
            _("This interview hasn't started yet: feedback opens at its start time.")
        )


def sees_colleagues_feedback(user: Any, application: Application | int) -> bool:
    """Blind until submitted: an interviewer reads colleagues' feedback on an application once
    they have submitted their own for every interview of theirs on it that has begun (and at
    least one). Two queries at most, whatever the number of interviews."""
    mine = Interview.objects.for_application(application).for_interviewer(user).started()
    begun = set(mine.values_list("pk", flat=True))
    if not begun:
        return False
    done = set(
        Scorecard.objects.submitted()
        .by(user)
        .filter(interview_id__in=begun)
        .values_list("interview_id", flat=True)
    )
    return done == begun


# --- Writes ---------------------------------------------------------------------------------


def _lock(interview: Interview) -> Interview:
    return (
        Interview.objects.select_for_update(of=("self",))
        .select_related("kind__scorecard_template", "application__posting__organization")
        .get(pk=interview.pk)
    )


def _valid_answers(interview: Interview, answers: Answers) -> tuple[set[int], set[int]]:
    """The template's attribute and focus area ids; an answer about anything else, or a rating
    outside 1-4, is refused (the form says so first; this keeps the service honest)."""
    template_id = interview.kind.scorecard_template_id
    areas = set(FocusArea.objects.filter(template_id=template_id).values_list("pk", flat=True))
    attributes = set(
        Attribute.objects.filter(focus_area__template_id=template_id).values_list("pk", flat=True)
    )
    if not set(answers.ratings) <= attributes or not set(answers.notes) <= areas:
        raise ScorecardRefused(_("That answer is about another scorecard."))
    for rating in answers.ratings.values():
        if rating is not None and not 1 <= rating <= 4:
            raise ScorecardRefused(_("Rate each attribute from 1 to 4, or say no opinion."))
    if answers.recommendation and answers.recommendation not in Recommendation.values:
        raise ScorecardRefused(_("Choose an overall recommendation."))
    return attributes, areas


def _write_answers(scorecard: Scorecard, answers: Answers) -> None:
    """Ratings and notes as typed: one upsert each, so an autosave twice writes once."""
    ScorecardRating.objects.bulk_create(
        [
            ScorecardRating(scorecard=scorecard, attribute_id=pk, rating=value)
            for pk, value in answers.ratings.items()
        ],
        update_conflicts=True,
        unique_fields=["scorecard", "attribute"],
        update_fields=["rating"],
    )
    FocusAreaNote.objects.bulk_create(
        [
            FocusAreaNote(scorecard=scorecard, focus_area_id=pk, text=text.strip())
            for pk, text in answers.notes.items()
        ],
        update_conflicts=True,
        unique_fields=["scorecard", "focus_area"],
        update_fields=["text"],
    )


def _scorecard_for(interview: Interview, user: User) -> Scorecard:
    scorecard, _created = Scorecard.objects.select_for_update().get_or_create(
        interview=interview, author=user
    )
    return scorecard


def _touch_board(application_id: int) -> None:
    """The board's card shows how many scorecards are in: a change to one renders it afresh
    (the card's cache key reads the application's updated_at; the board page's, its counter)."""
    Application.objects.filter(pk=application_id).update(updated_at=timezone.now())
    bump_boards_of([application_id])


@transaction.atomic
def save_draft(interview: Interview, *, by: User, answers: Answers) -> Scorecard:
    """Keep what the interviewer typed so far (the autosave). A submitted scorecard changes
    only by an amendment, which is on the timeline."""
    locked = _lock(interview)
    _check_writer(locked, by, now=timezone.now())
    _valid_answers(locked, answers)
    scorecard = _scorecard_for(locked, by)
    if scorecard.is_submitted:
        raise ScorecardRefused(
            _("This scorecard is submitted: amend it to change it, so the change is on record.")
        )
    scorecard.recommendation = answers.recommendation
    scorecard.summary = answers.summary.strip()
    scorecard.save(update_fields=["recommendation", "summary", "updated_at"])
    _write_answers(scorecard, answers)
    return scorecard


@transaction.atomic
def submit_scorecard(interview: Interview, *, by: User, answers: Answers) -> Scorecard:
    """Submit the interviewer's feedback, or amend it once submitted: the timeline says which,
    with the recommendation (and the one it replaced)."""
    locked = _lock(interview)
    _check_writer(locked, by, now=timezone.now())
    _valid_answers(locked, answers)
    if not answers.recommendation:
        raise ScorecardRefused(_("Choose an overall recommendation before submitting."))
    scorecard = _scorecard_for(locked, by)
    now = timezone.now()
    amending = scorecard.is_submitted
    previous = scorecard.recommendation
    scorecard.recommendation = answers.recommendation
    scorecard.summary = answers.summary.strip()
    scorecard.status = ScorecardStatus.SUBMITTED
    scorecard.version += 1
    if amending:
        scorecard.amended_at = now
    else:
        scorecard.submitted_at = now
    scorecard.save(
        update_fields=[
            "recommendation",
            "summary",
            "status",
            "version",
            "submitted_at",
            "amended_at",
            "updated_at",
        ]
    )
    _write_answers(scorecard, answers)
    data: dict[str, Any] = {
        "interview": locked.pk,
        "scorecard": scorecard.pk,
        "kind": locked.kind.name,
        "recommendation": scorecard.recommendation,
    }
    if amending:
        data["previous_recommendation"] = previous
    ApplicationEvent.objects.create(
        application_id=locked.application_id,
        kind=AMENDED if amending else SUBMITTED,
        actor=by,
        data=data,
    )
    _touch_board(locked.application_id)
    return scorecard


# --- Reads: a scorecard as the form edits it, and the decision view -------------------------


def template_areas(interview: Interview) -> list[FocusArea]:
    """The interview's scorecard: focus areas with their attributes (two queries)."""
    return list(
        FocusArea.objects.filter(template_id=interview.kind.scorecard_template_id).prefetch_related(
            "attributes"
        )
    )


def _with_answers() -> list[Any]:
    return [
        Prefetch("ratings", queryset=ScorecardRating.objects.all()),
        Prefetch("notes", queryset=FocusAreaNote.objects.all()),
    ]


def own_scorecard(interview: Interview, user: Any) -> Scorecard | None:
    return (
        Scorecard.objects.filter(interview=interview, author_id=user.pk)
        .prefetch_related(*_with_answers())
        .first()
    )


@dataclass
class AttributeRow:
    attribute: Attribute
    ratings: list[int | None]  # one per scorecard shown, in the columns' order


@dataclass
class AreaBlock:
    area: FocusArea
    rows: list[AttributeRow]
    notes: list[str]  # one per scorecard shown


@dataclass
class KindBlock:
    """One interview kind's scorecards side by side: a column per submitted scorecard."""

    name: str
    scorecards: list[Scorecard]
    areas: list[AreaBlock]


@dataclass
class Decision:
    kinds: list[KindBlock]
    counts: list[tuple[str, str, int]]  # (recommendation, label, count), strong no first
    missing: list[tuple[Interview, list[str]]]  # an interview begun and who owes feedback
    submitted: int


def decision_for(
    application: Application, *, now: datetime | None = None, exclude_author: Any = None
) -> Decision:
    """Every submitted scorecard on the application, side by side per attribute, grouped by
    interview kind; recommendations counted; who owes feedback on an interview that has begun.
    A fixed number of queries, whatever the number of interviews and scorecards."""
    now = now or timezone.now()
    interviews = list(
        Interview.objects.for_application(application)
        .scheduled()
        .select_related("kind")
        .prefetch_related(
            Prefetch("participants", queryset=InterviewParticipant.objects.select_related("user"))
        )
        .order_by("starts_at", "id")
    )
    scorecards = list(
        Scorecard.objects.submitted()
        .filter(interview__in=[i.pk for i in interviews])
        .select_related("author", "interview__kind")
        .prefetch_related(*_with_answers())
        .order_by("interview__starts_at", "submitted_at", "id")
    )
    if exclude_author is not None:
        scorecards = [s for s in scorecards if s.author_id != exclude_author.pk]
    template_ids = {s.interview.kind.scorecard_template_id for s in scorecards}
    areas_by_template: dict[int, list[FocusArea]] = {}
    for area in FocusArea.objects.filter(template_id__in=template_ids).prefetch_related(
        "attributes"
    ):
        areas_by_template.setdefault(area.template_id, []).append(area)
    by_kind: dict[int, list[Scorecard]] = {}
    for scorecard in scorecards:
        by_kind.setdefault(scorecard.interview.kind_id, []).append(scorecard)
    kinds: list[KindBlock] = []
    for cards in by_kind.values():
        kind = cards[0].interview.kind
        ratings = [{r.attribute_id: r.rating for r in card.ratings.all()} for card in cards]
        notes = [{n.focus_area_id: n.text for n in card.notes.all()} for card in cards]
        blocks = [
            AreaBlock(
                area=area,
                rows=[
                    AttributeRow(attribute, [r.get(attribute.pk) for r in ratings])
                    for attribute in area.attributes.all()
                ],
                notes=[n.get(area.pk, "") for n in notes],
            )
            for area in areas_by_template.get(kind.scorecard_template_id, [])
        ]
        kinds.append(KindBlock(name=kind.name, scorecards=cards, areas=blocks))
    tally = Counter(s.recommendation for s in scorecards)
    counts = [(value, str(label), tally[value]) for value, label in Recommendation.choices]
    submitted_by = {(s.interview_id, s.author_id) for s in scorecards}
    if exclude_author is not None:
        submitted_by |= {(i.pk, exclude_author.pk) for i in interviews}
    missing = []
    for interview in interviews:
        if not interview.has_started(now):
            continue
        owing = [
            seat.user.get_full_name()
            for seat in interview.participants.all()
            if (interview.pk, seat.user_id) not in submitted_by
        ]
        if owing:
            missing.append((interview, owing))
    return Decision(kinds=kinds, counts=counts, missing=missing, submitted=len(scorecards))


# --- "My interviews" ------------------------------------------------------------------------


@dataclass
class MyInterviews:
    upcoming: list[Interview]
    feedback_due: list[Interview]  # begun, my scorecard not submitted (a draft, or none)
    done: list[Interview]  # begun, my scorecard submitted (the latest few)


RECENT_DONE = 20


def my_interviews(
    user: Any, organization_ids: Iterable[int], *, now: datetime | None = None
) -> MyInterviews:
    """A person's interviews in their organizations: three queries, whatever their number."""
    now = now or timezone.now()
    mine = (
        Interview.objects.scheduled()
        .for_interviewer(user)
        .filter(application__posting__organization_id__in=list(organization_ids))
        .select_related("kind", "application__candidate", "application__posting__organization")
    )
    upcoming = list(mine.filter(starts_at__gt=now).order_by("starts_at", "id"))
    begun = mine.filter(starts_at__lte=now)
    submitted = Exists(Scorecard.objects.submitted().by(user).filter(interview=OuterRef("pk")))
    annotated = list(begun.annotate(my_feedback_in=submitted).order_by("-starts_at", "-id"))
    due = [i for i in annotated if not i.my_feedback_in]  # type: ignore[attr-defined]
    done = [i for i in annotated if i.my_feedback_in][:RECENT_DONE]  # type: ignore[attr-defined]
    return MyInterviews(upcoming=upcoming, feedback_due=list(reversed(due)), done=done)


# --- Reminders ------------------------------------------------------------------------------


def feedback_owed(now: datetime) -> Any:
    """Seats on interviews that ended within the reminder window, whose interviewer is still a
    member of the organization and hasn't submitted feedback."""
    window_start = now - timedelta(days=max(REMINDER_DAYS) + 1)
    submitted = Scorecard.objects.submitted().filter(
        interview=OuterRef("interview_id"), author=OuterRef("user_id")
    )
    member = Membership.objects.filter(
        organization=OuterRef("interview__application__posting__organization_id"),
        user=OuterRef("user_id"),
    )
    return (
        InterviewParticipant.objects.filter(
            interview__status="scheduled",
            interview__ends_at__lte=now,
            interview__ends_at__gt=window_start,
            user__is_active=True,
        )
        .filter(Exists(member))
        .filter(~Exists(submitted))
        .select_related("interview__application__posting__organization")
    )


def send_feedback_reminders(*, now: datetime | None = None) -> int:
    """The periodic task: a reminder per owed scorecard when it falls due and again a day
    later. Idempotent by day: the key names the interview, the interviewer and the day since
    the interview ended, so every round of the sweeper that day records nothing new."""
    now = now or timezone.now()
    due: dict[str, tuple[InterviewParticipant, int]] = {}
    for seat in feedback_owed(now):
        day = int((now - seat.interview.ends_at) // timedelta(days=1))
        if day in REMINDER_DAYS:
            due[f"feedback-reminder:{seat.interview_id}:{seat.user_id}:{day}"] = (seat, day)
    known = set(
        Message.objects.filter(idempotency_key__in=list(due)).values_list(
            "idempotency_key", flat=True
        )
    )
    for key, (seat, day) in due.items():
        if key in known:
            continue
        with transaction.atomic():
            record_email(
                "feedback_reminder",
                key=key,
                args={"interview_id": seat.interview_id, "user_id": seat.user_id, "day": day},
                organization=seat.interview.application.posting.organization,
            )
    return len(set(due) - known)


def reminder_still_wanted(interview: Interview, user: User) -> bool:
    """At send time: the interview stands, they are on it and in the organization, and their
    feedback isn't in."""
    return (
        not interview.is_cancelled
        and user.is_active
        and is_on_panel(interview, user)
        and Membership.objects.filter(
            organization_id=interview.application.posting.organization_id, user=user
        ).exists()
        and not Scorecard.objects.submitted().filter(interview=interview, author=user).exists()
    )


# --- Lifecycle ------------------------------------------------------------------------------


def upcoming_for(application: Application) -> list[Interview]:
    return list(Interview.objects.for_application(application).upcoming().select_related("kind"))


def upcoming_named(application: Application) -> list[str]:
    """candidates' closing warning: the upcoming interviews that closing it cancels, named."""
    from interviews import times

    organization = application.posting.organization
    return [
        _("%(kind)s on %(when)s")
        % {
            "kind": interview.kind.name,
            "when": times.shown(interview.starts_at, organization.zone),
        }
        for interview in upcoming_for(application)
    ]


def cancel_upcoming(application: Application, by: User | None) -> None:
    """candidates' closing hook, in the rejection's, withdrawal's or hire's transaction: each
    upcoming interview is cancelled (CANCEL invitations out, so no reminder follows either).
    Past interviews and their scorecards stay, for a reopened application."""
    for interview in upcoming_for(application):
        services.cancel_interview(interview, by=by)


def leave_upcoming_interviews(membership: Membership) -> None:
    """accounts' member-removed hook: the person leaves the panel of every upcoming interview in
    the organization (a CANCEL to them, the updated invitation to the rest), and whoever
    scheduled each is told. Their reminders stop: they are no longer a member."""
    seats = list(
        InterviewParticipant.objects.filter(
            user_id=membership.user_id,
            interview__status="scheduled",
            interview__starts_at__gt=timezone.now(),
            interview__application__posting__organization_id=membership.organization_id,
        ).values_list("interview_id", flat=True)
    )
    for interview in Interview.objects.filter(pk__in=seats):
        take_off_panel(interview, user=membership.user, reason=LEFT_ORGANIZATION)


def leave_posting_interviews(posting: Any, user_ids: set[int]) -> None:
    """postings' hiring-team hook: those who left a posting's hiring team leave the panels of
    its upcoming interviews, as a member leaving the organization does."""
    seats = InterviewParticipant.objects.filter(
        user_id__in=user_ids,
        interview__status="scheduled",
        interview__starts_at__gt=timezone.now(),
        interview__application__posting=posting,
    ).select_related("user", "interview")
    for seat in list(seats):
        take_off_panel(seat.interview, user=seat.user, reason=LEFT_TEAM)


# Why someone came off a panel, for the email to the scheduler.
LEFT_ORGANIZATION, LEFT_TEAM = "organization", "team"


@transaction.atomic
def take_off_panel(
    interview: Interview, *, user: User, reason: str = LEFT_ORGANIZATION
) -> Interview:
    """Remove one interviewer from an interview: the SEQUENCE goes up (a CANCEL to them, the
    updated invitation to the others and the candidate), the timeline says so, and the person
    who scheduled it (else the organization's recruiters and admins) is emailed."""
    locked = (
        Interview.objects.select_for_update(of=("self",))
        .select_related("kind", "application__posting__organization", "scheduled_by")
        .get(pk=interview.pk)
    )
    panel = set(locked.participants.values_list("user_id", flat=True))
    if user.pk not in panel:
        return locked
    InterviewParticipant.objects.filter(interview=locked, user=user).delete()
    locked.sequence += 1
    locked.version += 1
    locked.save(update_fields=["sequence", "version", "updated_at"])
    remaining = list(User.objects.filter(pk__in=panel - {user.pk}).order_by("full_name", "email"))
    services._event(
        locked,
        services.RESCHEDULED,
        by=None,
        interviewers=[person.get_full_name() for person in remaining],
        removed=[user.pk],
        left=user.get_full_name(),
        previous_starts_at=services._utc(locked.starts_at),
    )
    services._send_invitations(locked, interviewers=panel, candidate=False)
    for recipient in _who_to_tell(locked):
        record_email(
            "interviewer_left",
            key=f"interviewer-left:{locked.uid}:{locked.sequence}:{recipient}",
            args={
                "interview_id": locked.pk,
                "left": user.get_full_name(),
                "to": recipient,
                "reason": reason,
            },
            organization=locked.application.posting.organization,
        )
    return locked


def _who_to_tell(interview: Interview) -> list[int]:
    scheduler = interview.scheduled_by
    organization_id = interview.application.posting.organization_id
    if (
        scheduler is not None
        and scheduler.is_active
        and Membership.objects.filter(organization_id=organization_id, user=scheduler).exists()
    ):
        return [scheduler.pk]
    return list(
        Membership.objects.filter(
            Q(role="admin") | Q(role="recruiter"), organization_id=organization_id
        ).values_list("user_id", flat=True)
    )
