"""The demo interview loop: each demo organization keeps two reusable scorecards and a default
plan (a screening call and a technical interview), every demo posting carries them, and on
each open posting a few applicants have interviews behind them, with both interviewers'
scorecards in, and a few have interviews coming up. The `interviewer@<org>.example` login
sits on all of them. Written directly (like the applicants' timelines): scheduling refuses a
start in the past, and a demo sends no invitations. Safe to run again."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from accounts.models import Membership, Organization, Role, User
from candidates.models import Application, ApplicationEvent, ApplicationStatus
from interviews import scorecards, services
from interviews.models import (
    Attribute,
    DefaultInterviewKind,
    FocusArea,
    Interview,
    InterviewKind,
    InterviewParticipant,
    ScorecardTemplate,
)
from postings.models import DefaultStage, Posting, PostingStatus, Stage

# {template: {focus area: [(attribute, guidance)]}}, in our own words.
TEMPLATES: dict[str, dict[str, list[tuple[str, str]]]] = {
    "Screening call": {
        "Motivation": [
            (
                "Knows why this role",
                "Can they say what draws them to this team and this problem, beyond the title?",
            ),
        ],
        "Communication": [
            (
                "Explains their work plainly",
                "Ask for a recent project in two minutes: is the story clear to a non-specialist?",
            ),
        ],
    },
    "Backend technical interview": {
        "System design": [
            (
                "Breaks a problem down",
                "Listen for how they split the work and name trade-offs, not for buzzwords.",
            ),
            (
                "Plans for failure",
                "What happens when a dependency is slow or down? Retries, idempotency, alerts.",
            ),
        ],
        "Code and craft": [
            (
                "Reads and reviews code well",
                "Give them a short diff with a subtle bug: do they find it and explain it kindly?",
            ),
        ],
        "Leads a team": [
            (
                "Grows the people around them",
                "Ask for a story about a colleague they helped improve, and what they did.",
            ),
        ],
    },
}
PLAN = {
    "Screen": ("Screening call", 30),
    "Technical interview": ("Backend technical interview", 60),
}

# What the demo interviewers wrote: (ratings in attribute order, notes, recommendation, summary).
FEEDBACK = (
    (
        [4, 3, 3, 4],
        "Walked through a ledger split into services and said where they would not split it.",
        "strong_yes",
        "Calm under follow-up questions; I would trust them with the payouts rewrite.",
    ),
    (
        [3, 2, None, 3],
        "Good instincts on queues; was vague about what the on-call person sees at 3 a.m.",
        "yes",
        "Solid. Probe observability in the next round.",
    ),
    (
        [2, 2, 3, 2],
        "Reached for a rewrite early and struggled to size the load we described.",
        "no",
        "Kind reviewer, but the design depth isn't there for a lead role yet.",
    ),
    (
        [3, 3, 4, None],
        "Found the off-by-one in the diff at once and suggested a test for it.",
        "yes",
        "Strong on craft; I had no time for the team questions.",
    ),
)


def _library(organization: Organization) -> dict[str, ScorecardTemplate]:
    """The organization's reusable templates, made once (by name)."""
    found = {}
    for name, areas in TEMPLATES.items():
        template, created = ScorecardTemplate.objects.get_or_create(
            organization=organization, name=name, reusable=True
        )
        if created:
            for i, (area_name, attributes) in enumerate(areas.items()):
                area = FocusArea.objects.create(template=template, name=area_name, order=i)
                Attribute.objects.bulk_create(
                    Attribute(focus_area=area, name=attr, guidance=guidance, order=n)
                    for n, (attr, guidance) in enumerate(attributes)
                )
        found[name] = template
    return found


def _default_plan(organization: Organization, library: dict[str, ScorecardTemplate]) -> None:
    """The default stages' interview kinds, which each new posting copies."""
    for stage in DefaultStage.objects.filter(organization=organization, name__in=PLAN):
        name, minutes = PLAN[stage.name]
        DefaultInterviewKind.objects.get_or_create(
            default_stage=stage,
            name=name,
            defaults={"duration_minutes": minutes, "scorecard_template": library[name]},
        )


def _posting_plan(
    posting: Posting, library: dict[str, ScorecardTemplate]
) -> dict[str, InterviewKind]:
    """The posting's kinds by stage name: the copies its set-up made, or made now."""
    kinds: dict[str, InterviewKind] = {}
    for stage in Stage.objects.filter(posting=posting, name__in=PLAN):
        kind = InterviewKind.objects.filter(stage=stage).first()
        if kind is None:
            name, minutes = PLAN[stage.name]
            kind = services.add_interview_kind(
                stage, name=name, duration_minutes=minutes, based_on=library[name]
            )
        kinds[stage.name] = kind
    return kinds


def _person(organization: Organization, role: Role) -> User | None:
    membership = (
        Membership.objects.filter(organization=organization, role=role)
        .select_related("user")
        .order_by("user__email")
        .first()
    )
    return membership.user if membership else None


def _write(
    application: Application,
    kind: InterviewKind,
    panel: list[User],
    starts_at: datetime,
    *,
    by: User | None,
) -> Interview:
    interview = Interview.objects.create(
        application=application,
        kind=kind,
        starts_at=starts_at,
        ends_at=starts_at + timedelta(minutes=kind.duration_minutes),
        video_link="https://meet.example/shortlist-demo",
        internal_note="Demo interview: ask for a story, not a definition.",
        scheduled_by=by,
    )
    InterviewParticipant.objects.bulk_create(
        InterviewParticipant(interview=interview, user=user) for user in panel
    )
    event = services._event(
        interview,
        services.SCHEDULED,
        by=by,
        interviewers=[user.get_full_name() for user in panel],
    )
    # The timeline shows it when it was scheduled: a few days before it took place.
    ApplicationEvent.objects.filter(pk=event.pk).update(
        created_at=min(timezone.now(), starts_at - timedelta(days=3))
    )
    return interview


def _feedback(interview: Interview, user: User, index: int) -> None:
    ratings, notes, recommendation, summary = FEEDBACK[index % len(FEEDBACK)]
    areas = scorecards.template_areas(interview)
    attributes = [a for area in areas for a in area.attributes.all()]
    answers = scorecards.Answers(
        ratings={a.pk: ratings[n % len(ratings)] for n, a in enumerate(attributes)},
        notes={areas[0].pk: notes} if areas else {},
        recommendation=recommendation,
        summary=summary,
    )
    scorecards.submit_scorecard(interview, by=user, answers=answers)


PAST = 3  # applicants per open posting with a technical interview behind them
UPCOMING = 2  # and with one coming up


@transaction.atomic
def load_interviews() -> int:
    """Plans for every demo organization and posting; interviews on open postings whose
    applicants have none yet. Returns how many interviews were added."""
    added = 0
    now = timezone.now()
    for organization in Organization.objects.filter(slug__in=_demo_slugs()):
        library = _library(organization)
        _default_plan(organization, library)
        interviewer = _person(organization, Role.INTERVIEWER)
        manager = _person(organization, Role.HIRING_MANAGER)
        recruiter = _person(organization, Role.RECRUITER)
        for posting in Posting.objects.filter(organization=organization):
            kinds = _posting_plan(posting, library)
            if posting.status != PostingStatus.OPEN or interviewer is None:
                continue
            if Interview.objects.filter(application__posting=posting).exists():
                continue
            technical, screen = kinds.get("Technical interview"), kinds.get("Screen")
            if technical is None or screen is None:
                continue
            panel = [interviewer, *([manager] if manager else [])]
            far = list(
                Application.objects.filter(
                    posting=posting, status=ApplicationStatus.ACTIVE, stage__order__gte=2
                ).order_by("pk")[: PAST + UPCOMING]
            )
            for n, application in enumerate(far[:PAST]):
                start = (now - timedelta(days=2 + n)).replace(minute=0, second=0, microsecond=0)
                interview = _write(application, technical, panel, start, by=recruiter)
                for m, person in enumerate(panel):
                    _feedback(interview, person, n + m)
                added += 1
            early = list(
                Application.objects.filter(
                    posting=posting, status=ApplicationStatus.ACTIVE, stage__order=1
                ).order_by("pk")[:UPCOMING]
            )
            for n, application in enumerate([*far[PAST:], *early][: UPCOMING + 1]):
                start = (now + timedelta(days=1 + n)).replace(minute=0, second=0, microsecond=0)
                kind = technical if application in far else screen
                _write(application, kind, [interviewer], start, by=recruiter)
                added += 1
    return added


def _demo_slugs() -> list[str]:
    from demo.organizations import DEMO_ORGS

    return [spec.slug for spec in DEMO_ORGS]
