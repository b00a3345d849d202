"""Feedback emails, rendered from fresh rows at send time (outbox builders)."""

from __future__ import annotations

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse

from accounts.models import User
from interviews import scorecards, times
from interviews.models import Interview
from outbox.email import Email, builder
from outbox.handlers import NoLongerWanted


def _interview(interview_id: int) -> Interview:
    interview = (
        Interview.objects.select_related(
            "kind", "application__candidate", "application__posting__organization"
        )
        .filter(pk=interview_id)
        .first()
    )
    if interview is None:
        raise NoLongerWanted("Not sent: the interview is gone.")
    return interview


def _user(user_id: int) -> User:
    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is None:
        raise NoLongerWanted("Not sent: the account is gone or deactivated.")
    return user


@builder("feedback_reminder")
def feedback_reminder(*, interview_id: int, user_id: int, day: int) -> Email:
    """ "Your feedback is due" (day 0) and "still missing" (day 1); not sent once the scorecard
    is in, the interview cancelled, or the person off its panel or out of the organization."""
    interview = _interview(interview_id)
    user = _user(user_id)
    if not scorecards.reminder_still_wanted(interview, user):
        raise NoLongerWanted("Not sent: the feedback is in, or no longer theirs to give.")
    organization = interview.application.posting.organization
    context = {
        "name": user.get_full_name(),
        "candidate": interview.application.candidate.name,
        "kind": interview.kind.name,
        "when": times.shown(interview.starts_at, user.zone(organization)),
        "day": day,
        "url": settings.SITE_URL + reverse("scorecard", args=[interview.pk]),
    }
    subject = (
        f"Feedback still missing: {context['candidate']}"
        if day
        else f"Feedback due: {context['candidate']}"
    )
    return Email(
        to=[user.email],
        subject=subject,
        text=render_to_string("interviews/emails/feedback_reminder.txt", context),
        html=render_to_string("interviews/emails/feedback_reminder.html", context),
    )


@builder("interviewer_left")
def interviewer_left(
    *, interview_id: int, left: str, to: int, reason: str = scorecards.LEFT_ORGANIZATION
) -> Email:
    """Tell the person who scheduled an interview (or the recruiters) that an interviewer left
    the organization, or the posting's hiring team, and so its panel."""
    interview = _interview(interview_id)
    user = _user(to)
    organization = interview.application.posting.organization
    panel = ", ".join(
        seat.user.get_full_name() for seat in interview.participants.select_related("user")
    )
    context = {
        "name": user.get_full_name(),
        "left": left,
        "kind": interview.kind.name,
        "candidate": interview.application.candidate.name,
        "when": times.shown(interview.starts_at, user.zone(organization)),
        "panel": panel,
        "team": reason == scorecards.LEFT_TEAM,
        "posting": interview.application.posting.title,
        "url": settings.SITE_URL + reverse("interview_reschedule", args=[interview.pk]),
    }
    return Email(
        to=[user.email],
        subject=f"{left} is off the interview with {context['candidate']}",
        text=render_to_string("interviews/emails/interviewer_left.txt", context),
        html=render_to_string("interviews/emails/interviewer_left.html", context),
    )
