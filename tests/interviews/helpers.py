"""Helpers for the feedback tests: interviews that have taken place, and the scorecard form's
field names."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone

from interviews.models import Attribute, FocusArea, Interview, InterviewParticipant


def held_interview(application, kind, users, *, hours_ago: float = 2, minutes: int = 60):
    """An interview that started `hours_ago` hours ago, with `users` on its panel (written
    directly: scheduling refuses a start in the past)."""
    start = timezone.now() - timedelta(hours=hours_ago)
    interview = Interview.objects.create(
        application=application,
        kind=kind,
        starts_at=start,
        ends_at=start + timedelta(minutes=minutes),
    )
    InterviewParticipant.objects.bulk_create(
        InterviewParticipant(interview=interview, user=user) for user in users
    )
    return interview


def move_to_the_past(interview, *, hours_ago: float = 2) -> None:
    """The clock moves on: the interview has taken place."""
    length = interview.ends_at - interview.starts_at
    start = timezone.now() - timedelta(hours=hours_ago)
    Interview.objects.filter(pk=interview.pk).update(starts_at=start, ends_at=start + length)
    interview.refresh_from_db()


def scorecard_data(kind, ratings: dict[str, Any], *, recommendation: str = "", **extra) -> dict:
    """The scorecard form's POST: `ratings` by attribute name ("" is no opinion), `notes` by
    focus area name in `extra["notes"]`."""
    attributes = {
        a.name: a.pk for a in Attribute.objects.filter(focus_area__template=kind.scorecard_template)
    }
    areas = {a.name: a.pk for a in FocusArea.objects.filter(template=kind.scorecard_template)}
    data: dict[str, Any] = {f"rating-{attributes[name]}": value for name, value in ratings.items()}
    for name, text in extra.pop("notes", {}).items():
        data[f"notes-{areas[name]}"] = text
    data["recommendation"] = recommendation
    data.update(extra)
    return data
