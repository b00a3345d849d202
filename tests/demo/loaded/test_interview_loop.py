"""Issue 20's "done when", on the demo data: a recruiter schedules an interview for a demo
candidate with two interviewers; each interviewer's mailbox (a real SMTP server) holds an
invitation icalendar parses back with the right UID, times and attendees; a reschedule sends
SEQUENCE 1 and a cancel METHOD:CANCEL; both interviewers sign in (two-factor and all), see
only what they should, and submit their scorecards blind; the hiring manager's decision view
shows both. Also: the demo's own interviews and scorecards."""

from __future__ import annotations

import email
import email.policy
import zoneinfo
from collections import defaultdict
from datetime import datetime, timedelta

import pytest
from django.test import Client
from django.utils import timezone
from icalendar import Calendar

from accounts.models import Role, User
from candidates.models import Application
from interviews.models import Interview, InterviewKind, Scorecard
from outbox.models import Message, State
from outbox.services import deliver_message
from postings.models import Posting
from tests.conftest import give_two_factor, sign_in
from tests.factories import MembershipFactory, UserFactory
from tests.interviews.helpers import move_to_the_past, scorecard_data

pytestmark = pytest.mark.django_db

LAGOS = zoneinfo.ZoneInfo("Africa/Lagos")


def _deliver() -> None:
    for pk in (
        Message.objects.filter(state=State.PENDING).order_by("pk").values_list("pk", flat=True)
    ):
        assert deliver_message(pk) == "sent"


def _invites(smtp_server) -> dict[str, list]:
    """Each address's calendar events, in the order received: (METHOD, VEVENT)."""
    boxes = defaultdict(list)
    for envelope in smtp_server.received:
        mail = email.message_from_bytes(envelope.content, policy=email.policy.default)
        (part,) = [p for p in mail.iter_attachments() if p.get_filename() == "invite.ics"]
        calendar = Calendar.from_ical(part.get_content())
        (event,) = calendar.walk("VEVENT")
        for address in envelope.rcpt_tos:
            boxes[address].append((str(calendar["METHOD"]), event))
    return boxes


def _attendees(event) -> set[str]:
    found = event.get("ATTENDEE")
    found = found if isinstance(found, list) else [found]
    return {str(a).removeprefix("mailto:") for a in found if a is not None}


def _client(user: User) -> Client:
    give_two_factor(user)
    return sign_in(Client(), user)


def _free_day(hour: int) -> datetime:
    # The demo's upcoming interviews start on the next days at the hour the data was loaded,
    # so a day past them keeps the panel free whatever the hour this test runs.
    day = timezone.localtime(timezone.now(), LAGOS).date() + timedelta(days=30)
    return datetime(day.year, day.month, day.day, hour, tzinfo=LAGOS)


def _form(kind, people, start: datetime, **extra) -> dict:
    return {
        "kind": kind.pk,
        "starts_at": start.strftime("%Y-%m-%dT%H:%M"),
        "duration_minutes": "60",
        "interviewers": [p.pk for p in people],
        "video_link": "https://meet.example/loop",
        "internal_note": "Ask about the payouts outage.",
        **extra,
    }


def test_the_interview_loop_from_invitation_to_decision(smtp_server):
    recruiter = User.objects.get(email="recruiter@kolanut.example")
    manager = User.objects.get(email="manager@kolanut.example")
    first = User.objects.get(email="interviewer@kolanut.example")
    organization = recruiter.memberships.get().organization
    second = UserFactory.create(email="kemi@kolanut.example", full_name="Kemi Adebayo")
    MembershipFactory.create(user=second, organization=organization, role=Role.INTERVIEWER)
    posting = organization.postings.get(status="open", hiring_team=manager)
    application = (
        Application.objects.filter(posting=posting, status="active", interviews__isnull=True)
        .select_related("candidate")
        .order_by("pk")
        .first()
    )
    assert application is not None
    candidate = application.candidate
    kind = InterviewKind.objects.get(stage__posting=posting, name="Backend technical interview")
    team = _client(recruiter)
    Message.objects.filter(state=State.PENDING).update(state=State.SENT)

    # Scheduled: an invitation to each interviewer (and the candidate).
    response = team.post(
        f"/applications/{application.pk}/interviews/new/",
        _form(kind, [first, second], _free_day(10)),
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    interview = Interview.objects.get(application=application)
    _deliver()
    boxes = _invites(smtp_server)
    panel = {first.email, second.email}
    for address in panel:
        ((method, event),) = boxes[address]
        assert method == "REQUEST"
        assert str(event["UID"]) == interview.ical_uid
        assert int(event["SEQUENCE"]) == 0
        assert event.decoded("DTSTART") == _free_day(10)
        assert event.decoded("DTEND") == _free_day(11)
        assert _attendees(event) == panel | {candidate.email}
    assert boxes[candidate.email][0][0] == "REQUEST"

    # Rescheduled: SEQUENCE 1, same UID, the new time.
    smtp_server.received.clear()
    response = team.post(
        f"/interviews/{interview.pk}/reschedule/",
        _form(kind, [first, second], _free_day(14), version=interview.version),
    )
    assert response.status_code == 302
    _deliver()
    boxes = _invites(smtp_server)
    for address in panel:
        ((method, event),) = boxes[address]
        assert (method, int(event["SEQUENCE"])) == ("REQUEST", 1)
        assert str(event["UID"]) == interview.ical_uid
        assert event.decoded("DTSTART") == _free_day(14)

    # A second interview, cancelled: METHOD:CANCEL.
    team.post(
        f"/applications/{application.pk}/interviews/new/",
        _form(kind, [first, second], _free_day(16), confirm="on"),
    )
    extra = Interview.objects.filter(application=application).exclude(pk=interview.pk).get()
    _deliver()
    smtp_server.received.clear()
    response = team.post(f"/interviews/{extra.pk}/cancel/", {"version": extra.version})
    assert response.status_code == 302
    _deliver()
    boxes = _invites(smtp_server)
    for address in panel:
        ((method, event),) = boxes[address]
        assert method == "CANCEL"
        assert str(event["UID"]) == extra.ical_uid
        assert int(event["SEQUENCE"]) == 1

    # The interview takes place; both interviewers sign in.
    move_to_the_past(interview)
    one, two = _client(first), _client(second)
    for browser in (one, two):
        mine = browser.get("/interviews/").content.decode()
        assert f'id="due-{interview.pk}"' in mine
        assert candidate.name in mine
        brief = browser.get(f"/interviews/{interview.pk}/").content.decode()
        assert candidate.name in brief
        assert "Ask about the payouts outage." in brief
        assert posting.requirements.all()[0].label in brief
        # What they shouldn't see: the profile (other people's notes and feedback), the board,
        # another candidate's interview.
        assert browser.get(f"/applications/{application.pk}/").status_code == 403
        assert browser.get(f"/applications/{application.pk}/feedback/").status_code == 403
        assert browser.get(f"/postings/{posting.pk}/board/").status_code == 403
    elsewhere = Interview.objects.filter(application__posting=posting).exclude(
        application=application
    )
    assert two.get(f"/interviews/{elsewhere[0].pk}/").status_code == 403

    # Blind: the first submits; the second doesn't see it until they submit too.
    ratings = {"Breaks a problem down": "4", "Plans for failure": "3"}
    response = one.post(
        f"/interviews/{interview.pk}/scorecard/",
        scorecard_data(
            kind,
            ratings,
            recommendation="strong_yes",
            summary="Split the ledger sensibly and said why.",
            submit="submit",
        ),
    )
    assert response.status_code == 302
    brief = two.get(f"/interviews/{interview.pk}/").content.decode()
    assert "Feedback is blind" in brief
    assert "Split the ledger sensibly" not in brief
    response = two.post(
        f"/interviews/{interview.pk}/scorecard/",
        scorecard_data(
            kind,
            {"Breaks a problem down": "2", "Plans for failure": ""},
            recommendation="no",
            summary="Hand-waved the retry story.",
            submit="submit",
        ),
    )
    assert response.status_code == 302
    brief = two.get(f"/interviews/{interview.pk}/").content.decode()
    assert "Split the ledger sensibly" in brief
    assert Scorecard.objects.submitted().filter(interview=interview).count() == 2

    # The hiring manager decides: both scorecards side by side, the recommendations counted.
    decision = _client(manager).get(f"/applications/{application.pk}/feedback/").content.decode()
    assert "Split the ledger sensibly and said why." in decision
    assert "Hand-waved the retry story." in decision
    assert first.get_full_name() in decision
    assert "Kemi Adebayo" in decision
    assert "Strong yes: 1" in decision
    assert "No: 1" in decision
    assert 'id="missing-feedback"' not in decision


def test_the_demo_carries_interview_plans_past_feedback_and_upcoming_interviews():
    for posting in Posting.objects.filter(organization__slug="kolanut-pay"):
        names = set(
            InterviewKind.objects.filter(stage__posting=posting).values_list("name", flat=True)
        )
        assert names == {"Screening call", "Backend technical interview"}, posting.title
    interviewer = User.objects.get(email="interviewer@kolanut.example")
    held = Interview.objects.filter(
        application__posting__organization__slug="kolanut-pay", starts_at__lt=timezone.now()
    )
    assert held.count() >= 3
    for interview in held:
        assert Scorecard.objects.submitted().filter(interview=interview).count() == 2
    submitted = Scorecard.objects.submitted().filter(author=interviewer)
    assert submitted.exclude(summary="").count() == submitted.count()
    browser = Client()
    browser.force_login(interviewer)
    page = browser.get("/interviews/").content.decode()
    upcoming = (
        Interview.objects.upcoming()
        .for_interviewer(interviewer)
        .filter(application__posting__organization__slug="kolanut-pay")
    )
    assert upcoming.count() >= 2
    for interview in upcoming:
        assert f'id="upcoming-{interview.pk}"' in page
