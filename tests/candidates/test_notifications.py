from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from accounts.models import Membership
from candidates.models import NotificationPreference
from candidates.services import Submission, send_daily_digests, submit_application
from outbox.models import Message, State
from outbox.services import deliver_message
from tests.documents import upload
from tests.factories import ApplicationFactory

pytestmark = pytest.mark.django_db


def _apply(posting, email="new@example.org"):
    submission = Submission(
        name="New Person",
        email=email,
        location="Lagos",
        stated_years=Decimal(4),
        resume=upload("cv.txt", b"Python"),
        resume_extension=".txt",
    )
    return submit_application(posting, submission)


def test_members_choose_per_posting_how_they_hear_about_new_applicants(hiring_manager, posting):
    page = hiring_manager.client.get(f"/postings/{posting.pk}/board/").content.decode()
    assert '<option value="none" selected>Never</option>' in page
    hiring_manager.client.post(f"/postings/{posting.pk}/notifications/", {"mode": "immediate"})
    assert (
        NotificationPreference.objects.get(user=hiring_manager.user, posting=posting).mode
        == "immediate"
    )
    bad = hiring_manager.client.post(
        f"/postings/{posting.pk}/notifications/", {"mode": "hourly"}, follow=True
    )
    assert "Choose how to hear about new applicants." in bad.content.decode()


def test_immediate_means_one_email_per_new_applicant(hiring_manager, recruiter, posting):
    NotificationPreference.objects.create(
        user=hiring_manager.user, posting=posting, mode="immediate"
    )
    NotificationPreference.objects.create(user=recruiter.user, posting=posting, mode="daily")
    result = _apply(posting)
    emails = Message.objects.filter(payload__builder="new_applicant")
    assert [m.payload["args"] for m in emails] == [
        {"application_id": result.application.pk, "user_id": hiring_manager.user.pk}
    ]
    _apply(posting)  # the same person again: nothing new, no new notice
    assert Message.objects.filter(payload__builder="new_applicant").count() == 1


def test_the_daily_digest_goes_once_a_day_after_eight_local_time(recruiter, posting):
    NotificationPreference.objects.create(user=recruiter.user, posting=posting, mode="daily")
    ApplicationFactory.create_batch(2, posting=posting)
    lagos = ZoneInfo("Africa/Lagos")
    assert send_daily_digests(now=datetime(2026, 11, 23, 7, 30, tzinfo=lagos)) == 0
    assert send_daily_digests(now=datetime(2026, 11, 23, 8, 5, tzinfo=lagos)) == 1
    assert send_daily_digests(now=datetime(2026, 11, 23, 9, 5, tzinfo=lagos)) == 0
    digest = Message.objects.get(payload__builder="new_applicants_digest")
    assert digest.payload["args"]["user_id"] == recruiter.user.pk


def test_no_digest_without_new_applicants(recruiter, posting):
    NotificationPreference.objects.create(user=recruiter.user, posting=posting, mode="daily")
    assert send_daily_digests() == 0
    assert not Message.objects.exists()


def _leave_team(persona, posting):
    posting.hiring_team.remove(persona.user)


def _leave_organization(persona, posting):
    Membership.objects.filter(user=persona.user, organization=posting.organization).delete()


def _deactivate(persona, posting):
    persona.user.is_active = False
    persona.user.save(update_fields=["is_active"])


WAYS_TO_GO = [_leave_team, _leave_organization, _deactivate]


@pytest.mark.parametrize("leave", WAYS_TO_GO)
def test_no_new_applicant_email_is_recorded_for_someone_who_left(hiring_manager, posting, leave):
    NotificationPreference.objects.create(
        user=hiring_manager.user, posting=posting, mode="immediate"
    )
    leave(hiring_manager, posting)
    _apply(posting)
    assert not Message.objects.filter(payload__builder="new_applicant").exists()


def test_an_interviewer_hears_nothing_about_new_applicants(interviewer, posting):
    posting.hiring_team.add(interviewer.user)
    NotificationPreference.objects.create(user=interviewer.user, posting=posting, mode="immediate")
    _apply(posting)
    assert not Message.objects.filter(payload__builder="new_applicant").exists()


@pytest.mark.parametrize("leave", WAYS_TO_GO)
def test_a_recorded_new_applicant_email_is_not_sent_after_its_recipient_left(
    hiring_manager, posting, leave, mailoutbox
):
    NotificationPreference.objects.create(
        user=hiring_manager.user, posting=posting, mode="immediate"
    )
    _apply(posting)
    message = Message.objects.get(payload__builder="new_applicant")
    leave(hiring_manager, posting)
    assert deliver_message(message.pk) == State.CANCELLED
    message.refresh_from_db()
    assert "no longer" in message.last_error
    assert mailoutbox == []


@pytest.mark.parametrize("leave", WAYS_TO_GO)
def test_no_digest_is_recorded_for_someone_who_left(hiring_manager, posting, leave):
    NotificationPreference.objects.create(user=hiring_manager.user, posting=posting, mode="daily")
    ApplicationFactory.create(posting=posting)
    leave(hiring_manager, posting)
    assert send_daily_digests() == 0
    assert not Message.objects.exists()


@pytest.mark.parametrize("leave", WAYS_TO_GO)
def test_a_recorded_digest_is_not_sent_after_its_recipient_left(
    hiring_manager, posting, leave, mailoutbox
):
    NotificationPreference.objects.create(user=hiring_manager.user, posting=posting, mode="daily")
    ApplicationFactory.create(posting=posting)
    lagos = ZoneInfo("Africa/Lagos")
    assert send_daily_digests(now=datetime.now(lagos).replace(hour=9)) == 1
    message = Message.objects.get(payload__builder="new_applicants_digest")
    leave(hiring_manager, posting)
    assert deliver_message(message.pk) == State.CANCELLED
    assert mailoutbox == []


def test_a_member_still_on_the_team_gets_the_email(hiring_manager, posting, mailoutbox):
    NotificationPreference.objects.create(
        user=hiring_manager.user, posting=posting, mode="immediate"
    )
    _apply(posting)
    message = Message.objects.get(payload__builder="new_applicant")
    assert deliver_message(message.pk) == State.SENT
    assert [mail.to for mail in mailoutbox] == [[hiring_manager.user.email]]
