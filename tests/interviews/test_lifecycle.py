"""What happens to interviews around them: closing an application cancels its upcoming ones
(after a confirmation that names them), a member leaving comes off their panels with the
recruiter told, a reopened application keeps its scorecards; and the feedback reminders."""

from __future__ import annotations

import email
import email.policy
from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.services import remove_member
from candidates.models import ApplicationEvent
from candidates.services import reopen_application, withdraw_application
from interviews import scorecards
from interviews.models import Interview, Scorecard
from interviews.services import schedule_interview
from outbox.models import Message
from outbox.services import deliver_message
from tests.interviews.conftest import slot_for, tomorrow_at
from tests.interviews.helpers import held_interview

pytestmark = pytest.mark.django_db


def _invitations(interview):
    return Message.objects.filter(
        payload__builder="interview_invitation", payload__args__interview_id=interview.pk
    )


@pytest.mark.parametrize("action", ["reject", "hire", "withdraw"])
def test_closing_asks_first_naming_the_upcoming_interviews_then_cancels_them(
    recruiter, interviewer, application, kind, action
):
    interview = schedule_interview(
        application, slot=slot_for(kind, [interviewer.user]), by=recruiter.user
    )
    past = held_interview(application, kind, [interviewer.user])
    url = f"/applications/{application.pk}/{action}/"
    data = {"reason": "Not enough Go", "send_email": ""} if action == "reject" else {}
    page = recruiter.client.post(url, data)
    assert page.status_code == 200
    text = page.content.decode()
    assert 'id="closing-notices"' in text
    assert "Technical interview on" in text
    assert "(Africa/Lagos)" in text
    assert 'name="reason" value="Not enough Go"' in text or action != "reject"
    application.refresh_from_db()
    assert application.status == "active"  # nothing done before the confirmation
    interview.refresh_from_db()
    assert interview.status == "scheduled"
    response = recruiter.client.post(url, {**data, "confirm_closing": "1"})
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status != "active"
    interview.refresh_from_db()
    assert interview.status == "cancelled"
    assert interview.sequence == 1
    assert ApplicationEvent.objects.filter(kind="interview_cancelled").count() == 1
    # A CANCEL to the panel and the candidate, in the same transaction as the close.
    assert _invitations(interview).filter(idempotency_key__endswith=":1:candidate").exists()
    past.refresh_from_db()
    assert past.status == "scheduled"  # a past interview (and its feedback) stays


def test_closing_without_upcoming_interviews_asks_nothing(recruiter, application):
    response = recruiter.client.post(f"/applications/{application.pk}/hire/")
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == "hired"


def test_a_reopened_application_keeps_its_past_scorecards(
    interviewer, recruiter, application, kind
):
    past = held_interview(application, kind, [interviewer.user])
    scorecards.submit_scorecard(
        past, by=interviewer.user, answers=scorecards.Answers(recommendation="yes")
    )
    withdraw_application(application, by=recruiter.user)
    reopen_application(application, by=recruiter.user)
    assert Scorecard.objects.submitted().for_application(application).count() == 1
    page = recruiter.client.get(f"/applications/{application.pk}/feedback/").content.decode()
    assert "Yes: 1" in page


def test_a_member_who_leaves_comes_off_upcoming_panels_and_the_scheduler_is_told(
    org_admin, recruiter, interviewer, panelist, application, kind, smtp_server
):
    interview = schedule_interview(
        application,
        slot=slot_for(kind, [interviewer.user, panelist.user]),
        by=recruiter.user,
    )
    past = held_interview(application, kind, [interviewer.user])
    Message.objects.update(state="sent")
    membership = interviewer.user.memberships.get()
    remove_member(membership, by=org_admin.user)
    interview.refresh_from_db()
    assert list(interview.interviewers.all()) == [panelist.user]
    assert interview.sequence == 1
    assert list(past.interviewers.all()) == [interviewer.user]  # history stays
    event = ApplicationEvent.objects.filter(kind="interview_changed").get()
    assert event.data["removed"] == [interviewer.user.pk]
    for message in Message.objects.filter(state="pending").order_by("pk"):
        assert deliver_message(message.pk) == "sent", message.last_error
    by_address: dict[str, list] = {}
    for envelope in smtp_server.received:
        parsed = email.message_from_bytes(envelope.content, policy=email.policy.default)
        for address in envelope.rcpt_tos:
            by_address.setdefault(address, []).append(parsed)
    (cancel,) = by_address[interviewer.user.email]
    assert cancel["Subject"].startswith("Cancelled:")
    (update,) = by_address[panelist.user.email]
    assert update["Subject"].startswith("Updated:")
    (told,) = by_address[recruiter.user.email]
    assert (
        told["Subject"]
        == f"{interviewer.user.get_full_name()} is off the interview with Chidi Okafor"
    )
    assert "Still on it: Ngozi Eze." in told.get_body(("plain",)).get_content()
    # Their feedback reminders stop: they are no longer a member.
    Interview.objects.filter(pk=past.pk).update(ends_at=timezone.now() - timedelta(minutes=5))
    assert scorecards.send_feedback_reminders() == 0


def test_reminders_go_when_due_and_a_day_later_once_each_and_stop_once_submitted(
    interviewer, panelist, application, kind, smtp_server
):
    interview = held_interview(application, kind, [interviewer.user, panelist.user], hours_ago=2)
    now = timezone.now()
    assert scorecards.send_feedback_reminders(now=now) == 2
    assert scorecards.send_feedback_reminders(now=now + timedelta(hours=3)) == 0  # same day
    scorecards.submit_scorecard(
        interview, by=panelist.user, answers=scorecards.Answers(recommendation="no")
    )
    # The panelist's first reminder was recorded before they submitted: it isn't sent.
    reminders = list(Message.objects.filter(payload__builder="feedback_reminder"))
    for message in reminders:
        deliver_message(message.pk)
    states = {
        m.payload["args"]["user_id"]: (m.state, m.last_error)
        for m in Message.objects.filter(pk__in=[m.pk for m in reminders])
    }
    assert states[interviewer.user.pk] == ("sent", "")
    assert states[panelist.user.pk][0] == "cancelled"
    assert "feedback is in" in states[panelist.user.pk][1]
    (mail,) = smtp_server.received
    assert mail.rcpt_tos == [interviewer.user.email]
    assert b"Feedback due: Chidi Okafor" in mail.content
    # A day later: the second, to the one still owing.
    assert scorecards.send_feedback_reminders(now=now + timedelta(hours=25)) == 1
    second = Message.objects.filter(payload__builder="feedback_reminder").latest("pk")
    assert second.payload["args"] == {
        "interview_id": interview.pk,
        "user_id": interviewer.user.pk,
        "day": 1,
    }
    # No third.
    assert scorecards.send_feedback_reminders(now=now + timedelta(hours=49)) == 0


def test_no_reminder_before_the_interview_ends_or_for_a_cancelled_one(
    interviewer, application, kind
):
    going_on = held_interview(application, kind, [interviewer.user], hours_ago=0.5, minutes=60)
    assert scorecards.send_feedback_reminders() == 0
    going_on.delete()
    upcoming = schedule_interview(
        application, slot=slot_for(kind, [interviewer.user], starts_at=tomorrow_at(9)), by=None
    )
    assert scorecards.send_feedback_reminders(now=upcoming.ends_at + timedelta(hours=1)) == 1
    from interviews.services import cancel_interview

    cancel_interview(upcoming, by=None)
    # Cancelled: no second reminder, and the first (recorded while it stood) isn't sent.
    assert scorecards.send_feedback_reminders(now=upcoming.ends_at + timedelta(hours=26)) == 0
    first = Message.objects.filter(payload__builder="feedback_reminder").get()
    assert deliver_message(first.pk) != "sent"


def test_the_reminder_task_is_registered_with_the_sweeper():
    from outbox import periodic

    (task,) = [t for t in periodic.TASKS if t.name == "feedback_reminders"]
    assert task.every_seconds == 3600
    assert task.run == scorecards.send_feedback_reminders


def test_leaving_a_postings_hiring_team_takes_them_off_its_upcoming_interviews(
    recruiter, hiring_manager, interviewer, application, kind, posting
):
    posting.hiring_team.add(interviewer.user)
    interview = schedule_interview(
        application,
        slot=slot_for(kind, [hiring_manager.user, interviewer.user]),
        by=recruiter.user,
    )
    past = held_interview(application, kind, [hiring_manager.user])
    form = recruiter.client.get(f"/postings/{posting.pk}/edit/").context["form"]
    data = {
        name: value
        for name, value in form.initial.items()
        if value is not None and name != "hiring_team"
    }
    data["hiring_team"] = [interviewer.user.pk]  # the hiring manager leaves the team
    response = recruiter.client.post(f"/postings/{posting.pk}/edit/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    assert list(posting.hiring_team.all()) == [interviewer.user]
    interview.refresh_from_db()
    assert list(interview.interviewers.all()) == [interviewer.user]
    assert list(past.interviewers.all()) == [hiring_manager.user]
    told = Message.objects.get(payload__builder="interviewer_left")
    assert told.payload["args"]["to"] == recruiter.user.pk
    assert told.payload["args"]["reason"] == "team"
    from interviews.feedback_emails import interviewer_left

    mail = interviewer_left(**told.payload["args"])
    assert f"left the hiring team of {posting.title}" in mail.text


def test_the_invitation_links_the_interviewer_to_the_brief_they_can_open(
    recruiter, interviewer, application, kind
):
    interview = schedule_interview(
        application, slot=slot_for(kind, [interviewer.user]), by=recruiter.user
    )
    from interviews.emails import interview_invitation

    mail = interview_invitation(interview_id=interview.pk, recipient=interviewer.user.pk)
    assert f"/interviews/{interview.pk}/" in mail.text
    assert interviewer.client.get(f"/interviews/{interview.pk}/").status_code == 200
