"""Calendar invitations through the outbox to a real SMTP server (aiosmtpd), parsed back with
icalendar: the right UID, times, attendees, METHOD and SEQUENCE in each mailbox."""

from __future__ import annotations

import email
import email.policy
from collections import defaultdict
from datetime import timedelta
from typing import Any

import pytest
from icalendar import Calendar

from candidates.models import ApplicationEvent
from interviews.models import Interview
from outbox.models import Message
from outbox.services import deliver_message
from tests.interviews.conftest import tomorrow_at

pytestmark = pytest.mark.django_db


def _deliver_all() -> None:
    for message in Message.objects.filter(state="pending").order_by("pk"):
        assert deliver_message(message.pk) == "sent", message.last_error


def _mailboxes(smtp_server) -> dict[str, list]:
    boxes = defaultdict(list)
    for envelope in smtp_server.received:
        parsed = email.message_from_bytes(envelope.content, policy=email.policy.default)
        for address in envelope.rcpt_tos:
            boxes[address].append(parsed)
    return boxes


def _invite(mail) -> tuple[Calendar, Any]:
    (part,) = [p for p in mail.iter_attachments() if p.get_filename() == "invite.ics"]
    assert part.get_content_type() == "text/calendar"
    calendar = Calendar.from_ical(part.get_content())
    assert part.get_param("method") == str(calendar["METHOD"])
    (event,) = calendar.walk("VEVENT")
    return calendar, event


def _attendees(event) -> set[str]:
    found = event.get("ATTENDEE")
    found = found if isinstance(found, list) else [found]
    return {str(a).removeprefix("mailto:") for a in found if a is not None}


def _schedule(recruiter, application, kind, people, start) -> Interview:
    local = start.strftime("%Y-%m-%dT%H:%M")
    response = recruiter.client.post(
        f"/applications/{application.pk}/interviews/new/",
        {
            "kind": kind.pk,
            "starts_at": local,
            "duration_minutes": "60",
            "interviewers": [p.user.pk for p in people],
            "video_link": "https://meet.example/loop",
            "candidate_note": "We will pair on a small problem.",
            "internal_note": "Secret: probe the outage story.",
        },
    )
    assert response.status_code == 302
    return Interview.objects.get(application=application)


def test_each_interviewer_and_the_candidate_get_an_invite_icalendar_reads_back(
    recruiter, interviewer, panelist, application, kind, smtp_server
):
    interview = _schedule(recruiter, application, kind, [interviewer, panelist], tomorrow_at(10))
    _deliver_all()
    boxes = _mailboxes(smtp_server)
    people = {interviewer.user.email, panelist.user.email}
    assert set(boxes) == people | {"chidi@example.org"}
    for address in people:
        (mail,) = boxes[address]
        assert (
            mail["Subject"]
            == f"Invitation: Technical interview: Chidi Okafor ({application.posting.title})"
        )
        calendar, event = _invite(mail)
        assert str(calendar["METHOD"]) == "REQUEST"
        assert str(event["UID"]) == interview.ical_uid
        assert int(event["SEQUENCE"]) == 0
        assert event.decoded("DTSTART") == tomorrow_at(10)
        assert event.decoded("DTEND") == tomorrow_at(11)
        assert str(event["DTSTART"].params["TZID"]) == "Africa/Lagos"
        assert calendar.walk("VTIMEZONE")[0]["TZID"] == "Africa/Lagos"
        assert str(event["ORGANIZER"]) == f"mailto:{recruiter.user.email}"
        assert _attendees(event) == people | {"chidi@example.org"}
        assert "Secret: probe the outage story." in str(event["DESCRIPTION"])
        assert "10:00 to 11:00 (Africa/Lagos)" in mail.get_body(("plain",)).get_content()
    (mail,) = boxes["chidi@example.org"]
    calendar, event = _invite(mail)
    assert str(event["UID"]) == interview.ical_uid
    assert _attendees(event) == {"chidi@example.org"}  # the panel's addresses stay with us
    assert "We will pair on a small problem." in str(event["DESCRIPTION"])
    # As every email to a candidate: from the organization, replies to who scheduled it.
    assert mail["From"].addresses[0].display_name == f"{application.posting.organization} Hiring"
    assert str(mail["Reply-To"]) == recruiter.user.email
    assert (
        "The attached invitation updates your calendar." in mail.get_body(("html",)).get_content()
    )
    assert (
        f"/careers/{application.posting.organization.slug}/"
        in mail.get_body(("html",)).get_content()
    )
    raw = mail.as_string()
    assert "Secret" not in raw
    assert "probe the outage" not in raw
    # The candidate's invitation is on the timeline once, the panel's are not.
    sent = ApplicationEvent.objects.filter(application=application, kind="email_sent")
    assert [e.data["email"] for e in sent] == ["interview invitation"]
    # Delivered once: running the jobs again sends nothing more.
    for message in Message.objects.all():
        assert deliver_message(message.pk) == "skipped"
    assert len(smtp_server.received) == 3
    assert sent.count() == 1


def test_a_candidate_invitation_that_fails_for_good_is_on_the_timeline(
    recruiter, interviewer, application, kind, smtp_server
):
    _schedule(recruiter, application, kind, [interviewer], tomorrow_at(10))
    message = Message.objects.get(payload__args__recipient="candidate")
    smtp_server.replies = ["550 5.1.1 mailbox unavailable"]
    assert deliver_message(message.pk) == "failed"
    event = ApplicationEvent.objects.get(application=application, kind="email_failed")
    assert event.data["email"] == "interview invitation"
    assert "550" in event.data["error"]
    page = recruiter.client.get(f"/applications/{application.pk}/").content.decode()
    assert "(interview invitation email)" in page


def test_a_reschedule_sends_sequence_1_and_a_cancel_method_cancel(
    recruiter, interviewer, panelist, application, kind, smtp_server
):
    interview = _schedule(recruiter, application, kind, [interviewer, panelist], tomorrow_at(10))
    _deliver_all()
    smtp_server.received.clear()
    later = tomorrow_at(15)
    response = recruiter.client.post(
        f"/interviews/{interview.pk}/reschedule/",
        {
            "kind": kind.pk,
            "starts_at": later.strftime("%Y-%m-%dT%H:%M"),
            "duration_minutes": "90",
            "interviewers": [interviewer.user.pk],  # the panelist is taken off
            "version": "1",
        },
    )
    assert response.status_code == 302
    _deliver_all()
    boxes = _mailboxes(smtp_server)
    calendar, event = _invite(boxes[interviewer.user.email][0])
    assert str(calendar["METHOD"]) == "REQUEST"
    assert int(event["SEQUENCE"]) == 1
    assert str(event["UID"]) == interview.ical_uid
    assert event.decoded("DTSTART") == later
    assert event.decoded("DTEND") == later + timedelta(minutes=90)
    assert _attendees(event) == {interviewer.user.email, "chidi@example.org"}
    assert boxes[interviewer.user.email][0]["Subject"].startswith("Updated: ")
    removed_calendar, removed = _invite(boxes[panelist.user.email][0])
    assert str(removed_calendar["METHOD"]) == "CANCEL"
    assert str(removed["UID"]) == interview.ical_uid
    assert _attendees(removed) == {panelist.user.email}
    candidate_calendar, candidate_event = _invite(boxes["chidi@example.org"][0])
    assert int(candidate_event["SEQUENCE"]) == 1
    assert str(candidate_calendar["METHOD"]) == "REQUEST"

    smtp_server.received.clear()
    assert (
        recruiter.client.post(f"/interviews/{interview.pk}/cancel/", {"version": "2"}).status_code
        == 302
    )
    _deliver_all()
    boxes = _mailboxes(smtp_server)
    assert set(boxes) == {interviewer.user.email, "chidi@example.org"}
    for address in boxes:
        calendar, event = _invite(boxes[address][0])
        assert str(calendar["METHOD"]) == "CANCEL"
        assert str(event["STATUS"]) == "CANCELLED"
        assert int(event["SEQUENCE"]) == 2
        assert str(event["UID"]) == interview.ical_uid
        assert boxes[address][0]["Subject"].startswith("Cancelled: ")


def test_an_interviewer_in_another_zone_reads_their_own_time_in_the_email(
    recruiter, interviewer, application, kind, smtp_server
):
    interviewer.user.time_zone = "Asia/Tokyo"
    interviewer.user.save(update_fields=["time_zone"])
    _schedule(recruiter, application, kind, [interviewer], tomorrow_at(10))
    _deliver_all()
    (mail,) = _mailboxes(smtp_server)[interviewer.user.email]
    # 10:00 in Lagos (UTC+1) is 18:00 in Tokyo (UTC+9).
    assert "18:00 to 19:00 (Asia/Tokyo)" in mail.get_body(("plain",)).get_content()
    _calendar, event = _invite(mail)
    assert event.decoded("DTSTART") == tomorrow_at(10)  # the invite carries the zone itself
