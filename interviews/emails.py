"""Interview emails, rendered from fresh rows at send time (outbox builders)."""

from __future__ import annotations

from django.conf import settings
from django.template.loader import render_to_string

from accounts.models import User
from candidates.emails import candidate_email
from interviews import invites, times
from interviews.models import Interview
from interviews.services import CANDIDATE
from outbox.email import Attachment, Email, builder
from outbox.handlers import NoLongerWanted


def _load(interview_id: int) -> Interview:
    interview = (
        Interview.objects.select_related(
            "kind", "scheduled_by", "application__candidate", "application__posting__organization"
        )
        .filter(pk=interview_id)
        .first()
    )
    if interview is None:
        raise NoLongerWanted("Not sent: the interview is gone.")
    return interview


@builder("interview_invitation")
def interview_invitation(*, interview_id: int, recipient: int | str) -> Email:
    """The invitation as the interview stands now: REQUEST to its panel and candidate, CANCEL
    once it is cancelled or to an interviewer no longer on it. Each recorded change sends one
    (its own idempotency key), so a calendar ends up with the latest SEQUENCE whatever order
    retries come in."""
    interview = _load(interview_id)
    organization = interview.application.posting.organization
    candidate = invites.candidate_of(interview)
    panel = invites.panel_of(interview)
    if recipient == CANDIDATE:
        person, zone, for_candidate = candidate, organization.zone, True
        method = invites.CANCEL if interview.is_cancelled else invites.REQUEST
        attendees = [candidate]
    else:
        user = User.objects.filter(pk=recipient, is_active=True).first()
        if user is None:
            raise NoLongerWanted("Not sent: the interviewer's account is gone or deactivated.")
        person = invites.Person(user.email, user.get_full_name())
        zone, for_candidate = user.zone(organization), False
        on_panel = interview.participants.filter(user=user).exists()
        method = invites.REQUEST if on_panel and not interview.is_cancelled else invites.CANCEL
        attendees = [*panel, candidate] if on_panel else [person]
    ics = invites.calendar_for(
        interview, method=method, attendees=attendees, for_candidate=for_candidate
    )
    context = {
        "interview": interview,
        "organization": organization,
        "posting": interview.application.posting,
        "for_candidate": for_candidate,
        "cancelled": method == invites.CANCEL,
        "changed": interview.sequence > 0,
        "when": times.shown_range(interview.starts_at, interview.ends_at, zone),
        "summary": invites.summary_for(interview, for_candidate=for_candidate),
        "name": person.name,
        # The brief: open to the panel, and to whoever works the posting (the profile isn't).
        "url": f"{settings.SITE_URL}/interviews/{interview.pk}/",
    }
    if method == invites.CANCEL:
        subject = f"Cancelled: {context['summary']}"
    elif interview.sequence > 0:
        subject = f"Updated: {context['summary']}"
    else:
        subject = f"Invitation: {context['summary']}"
    text = render_to_string("interviews/emails/invitation.txt", context)
    html = render_to_string("interviews/emails/invitation.html", context)
    attachments = [Attachment("invite.ics", ics, f"text/calendar; method={method}; charset=utf-8")]
    if for_candidate:
        # As every email to a candidate: from the organization, replies to who scheduled it.
        return candidate_email(
            interview.application,
            subject=subject,
            text=text,
            body_html=html,
            by_id=interview.scheduled_by_id,
            attachments=attachments,
        )
    return Email(to=[person.email], subject=subject, text=text, html=html, attachments=attachments)
