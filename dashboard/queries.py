"""The home page's reads: one query per section, whatever the number of postings, notes,
interviews or emails, each bounded to what the page shows.

Tenancy and roles come from the apps below, never from the template: postings and the
applications under them by `Posting.objects.workable_by` (the rule of
postings.access.can_work_posting), interviews by the panel the person is on, all within the
organizations they are a member of.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, Generic, TypeVar

from django.db.models import F, QuerySet
from django.utils import timezone

from accounts.models import Membership
from candidates.models import ApplicationEvent, EventKind, Mention
from candidates.visits import with_new_applicants
from interviews.models import Interview
from outbox.models import State
from postings.models import Posting, PostingStatus

# Rows shown per section; one more is read to know whether to say there are more.
SHOWN = 8

T = TypeVar("T")


@dataclass(frozen=True)
class Section(Generic[T]):
    rows: list[T]
    more: bool  # more than SHOWN: the section links to the page with all of them


def _section(queryset: QuerySet[Any]) -> Section[Any]:
    rows = list(queryset[: SHOWN + 1])
    return Section(rows=rows[:SHOWN], more=len(rows) > SHOWN)


@dataclass(frozen=True)
class Home:
    postings: Section[Posting]
    mentions: Section[Mention]
    upcoming: Section[Interview]
    feedback_due: Section[Interview]
    scheduled_emails: Section[ApplicationEvent]
    creates_postings: bool  # an admin or recruiter somewhere: the empty state says "create one"
    works_postings: bool  # works some organization's postings (not only an interviewer)


def home(user: Any, memberships: list[Membership], *, now: datetime | None = None) -> Home:
    now = now or timezone.now()
    organizations = [m.organization_id for m in memberships]
    workable = Posting.objects.workable_by(*memberships)
    postings = with_new_applicants(
        workable.exclude(status=PostingStatus.CLOSED).select_related("organization"), user
    ).order_by(F("new_applicants").desc(), "title", "pk")
    mentions = (
        Mention.objects.waiting()
        .filter(user=user, note__application__posting__in=workable)
        .select_related(
            "note__author",
            "note__application__candidate",
            "note__application__posting__organization",
        )
        .order_by("-note__created_at", "-pk")
    )
    interviews = Interview.objects.filter(
        application__posting__organization_id__in=organizations
    ).select_related("kind", "application__candidate", "application__posting__organization")
    scheduled = (
        ApplicationEvent.objects.filter(
            kind=EventKind.EMAIL_SCHEDULED,
            message__state=State.SCHEDULED,
            message__not_before__gt=now,
            message__organization_id__in=organizations,
            application__posting__in=workable,
        )
        .select_related("message", "application__candidate", "application__posting__organization")
        .order_by("message__not_before", "pk")
    )
    return Home(
        postings=_section(postings),
        mentions=_section(mentions),
        upcoming=_section(interviews.upcoming(now).for_interviewer(user).order_by("starts_at")),
        feedback_due=_section(interviews.feedback_due_from(user, now).order_by("starts_at")),
        scheduled_emails=_section(scheduled),
        creates_postings=any(m.can_manage_postings() for m in memberships),
        works_postings=any(m.can_manage_postings() or m.works_team_postings() for m in memberships),
    )
