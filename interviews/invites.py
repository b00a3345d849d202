"""Calendar invitations for interviews (RFC 5545 / iTIP RFC 5546), written by `icalendar`.

One VEVENT per interview, with a UID that stays the same for the interview's life and a
SEQUENCE that goes up on every change, so a calendar updates (or removes, on METHOD:CANCEL) the
event it already has. Times carry the organization's zone, with its VTIMEZONE. The candidate's
copy holds what is meant for them only: no internal note and no panel's addresses."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event, vCalAddress, vText

from accounts.models import User
from interviews.models import Interview

PRODID = "-//Shortlist//Interviews//EN"
REQUEST, CANCEL = "REQUEST", "CANCEL"


@dataclass(frozen=True)
class Person:
    email: str
    name: str

    def address(self, **params: str) -> vCalAddress:
        address = vCalAddress(f"mailto:{self.email}")
        address.params["CN"] = vText(self.name or self.email)
        for name, value in params.items():
            address.params[name] = vText(value)
        return address


def organizer_of(interview: Interview) -> Person:
    by = interview.scheduled_by
    if by is not None:
        return Person(by.email, by.get_full_name())
    organization = interview.application.posting.organization
    return Person(settings.DEFAULT_FROM_EMAIL, organization.name)


def summary_for(interview: Interview, *, for_candidate: bool) -> str:
    posting = interview.application.posting
    if for_candidate:
        return f"{interview.kind.name}: {posting.title} at {posting.organization.name}"
    return f"{interview.kind.name}: {interview.application.candidate.name} ({posting.title})"


def description_for(interview: Interview, *, for_candidate: bool) -> str:
    lines = []
    if interview.video_link:
        lines.append(f"Video link: {interview.video_link}")
    if interview.location:
        lines.append(f"Location: {interview.location}")
    if interview.candidate_note:
        lines += ["", interview.candidate_note]
    if not for_candidate:
        if interview.internal_note:
            lines += ["", "For the interviewers:", interview.internal_note]
        url = f"{settings.SITE_URL}/applications/{interview.application_id}/"
        lines += ["", f"In Shortlist: {url}"]
    return "\n".join(lines).strip()


def calendar_for(
    interview: Interview,
    *,
    method: str,
    attendees: list[Person],
    for_candidate: bool,
) -> bytes:
    """The VCALENDAR for one recipient's copy: REQUEST (new or changed) or CANCEL."""
    zone = interview.application.posting.organization.zone
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("method", method)
    event = Event()
    event.add("uid", interview.ical_uid)
    event.add("sequence", interview.sequence)
    event.add("dtstamp", timezone.now())
    event.add("dtstart", timezone.localtime(interview.starts_at, zone))
    event.add("dtend", timezone.localtime(interview.ends_at, zone))
    event.add("summary", summary_for(interview, for_candidate=for_candidate))
    description = description_for(interview, for_candidate=for_candidate)
    if description:
        event.add("description", description)
    where = interview.video_link or interview.location
    if where:
        event.add("location", where)
    if interview.video_link:
        event.add("url", interview.video_link)
    event.add("status", "CANCELLED" if method == CANCEL else "CONFIRMED")
    event.add("organizer", organizer_of(interview).address())
    for person in attendees:
        event.add(
            "attendee",
            person.address(ROLE="REQ-PARTICIPANT", PARTSTAT="NEEDS-ACTION", RSVP="TRUE"),
            encode=False,
        )
    calendar.add_component(event)
    calendar.add_missing_timezones()
    return bytes(calendar.to_ical())


def panel_of(interview: Interview) -> list[Person]:
    return [
        Person(user.email, user.get_full_name())
        for user in User.objects.filter(interview_participations__interview=interview).order_by(
            "interview_participations__added_at", "pk"
        )
    ]


def candidate_of(interview: Interview) -> Person:
    candidate = interview.application.candidate
    return Person(candidate.email, candidate.name)
