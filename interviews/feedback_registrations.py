"""What the feedback side of interviews registers with the apps below it (which never import
it): the decision panel on the profile, the interviews' line on the board's cards, the feedback
lines on the timeline, the reminder emails and their periodic task, and what happens to
upcoming interviews when an application closes or a member leaves the organization or a
posting's hiring team. InterviewsConfig.ready()
calls register() in every process, web and worker."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.hooks import register_member_removed
from candidates import extensions
from candidates.hooks import register_application_closing, register_closing_notice
from interviews import (
    cards,
    feedback_emails,  # noqa: F401 - registers the reminder and "interviewer left" emails
    feedback_views,
    scorecards,
)
from interviews.models import Interview, InterviewStatus, Scorecard
from outbox import periodic
from postings.hooks import register_hiring_team_left

TIMELINE = {
    scorecards.SUBMITTED: _("Feedback submitted"),
    scorecards.AMENDED: _("Feedback amended"),
}


def card_values() -> dict[str, Any]:
    """What the board's card shows of the loop: the next interview's start and how many
    scorecards are in, one subquery each; `interviews_changed_at` (any interview scheduled,
    changed or cancelled) and the next start are the card's stamps, so a new interview, or
    the next one passing, renders the card afresh. A submitted scorecard touches the
    application itself (scorecards._touch_board)."""
    interviews = Interview.objects.filter(application=OuterRef("pk"))
    submitted = (
        Scorecard.objects.submitted()
        .filter(interview__application=OuterRef("pk"))
        .order_by()
        .values("interview__application")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return {
        "next_interview_at": Subquery(
            interviews.filter(status=InterviewStatus.SCHEDULED, starts_at__gt=timezone.now())
            .order_by("starts_at")
            .values("starts_at")[:1]
        ),
        "scorecards_in": Coalesce(Subquery(submitted, output_field=IntegerField()), 0),
        "interviews_changed_at": Subquery(
            interviews.order_by("-updated_at").values("updated_at")[:1]
        ),
    }


def register() -> None:
    extensions.add_profile_panel(
        extensions.Panel(
            name="feedback",
            order=25,
            url=feedback_views.decision_url,
            title=_("Interview feedback"),
        )
    )
    extensions.add_card_extra(
        extensions.CardExtra(
            name="interview_status",
            template="interviews/_card_status.html",
            render=cards.card_status,
            label=_("Interviews"),
            select_related=("posting__organization",),
            annotate=card_values,
            changed_at="interviews_changed_at",
            stamps=("next_interview_at",),
            order=45,
            place="meta",
        )
    )
    for kind, label in TIMELINE.items():
        extensions.add_timeline_renderer(kind, f"interviews/timeline/{kind}.html", label)
    periodic.register("feedback_reminders", scorecards.send_feedback_reminders, every_seconds=3600)
    register_application_closing("interviews", scorecards.cancel_upcoming)
    register_closing_notice("interviews", scorecards.upcoming_named)
    register_member_removed("interviews.panels", scorecards.leave_upcoming_interviews)
    register_hiring_team_left("interviews.panels", scorecards.leave_posting_interviews)
