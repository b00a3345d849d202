"""The outbox on real parts: PostgreSQL, Redis, an SMTP server on loopback, RQ worker processes."""

from __future__ import annotations

import email
import email.policy
from datetime import timedelta

import pytest
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from outbox import queues
from outbox.email import Attachment, Email, builder, message_id_for, record_email
from outbox.handlers import PermanentFailure
from outbox.models import Message, State
from outbox.services import (
    OutboxError,
    backoff,
    cancel_message,
    deliver_message,
    record,
    sweep_outbox,
)
from tests.conftest import run_worker
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


@builder("test_account_notice")
def account_notice(*, user_id: int) -> Email:
    user = User.objects.get(pk=user_id)  # raises DoesNotExist when the row is gone
    return Email(
        to=[user.email],
        subject="Your account",
        text=f"Hello {user.get_short_name()}",
        html=f"<p>Hello <b>{user.get_short_name()}</b></p>",
    )


def _raw(key: str = "welcome-1", **options):
    args = {
        "to": ["ada@example.com"],
        "subject": "Welcome",
        "text": "Plain body",
        "html": "<p>HTML body</p>",
    }
    with transaction.atomic():
        return record_email("raw", key=key, args=args, **options)


def _make_due(message: Message) -> None:
    Message.objects.filter(pk=message.pk).update(
        next_attempt_at=timezone.now() - timedelta(seconds=1)
    )


def _parsed(envelope):
    return email.message_from_bytes(envelope.content, policy=email.policy.default)


def test_a_real_worker_delivers_a_recorded_email_with_both_parts_and_a_stable_message_id(
    smtp_server,
):
    message = _raw()
    assert queues.get_queue("email").count == 1  # enqueued after commit
    result = run_worker("email", "default", smtp_port=smtp_server.port)
    assert result.returncode == 0, result.stderr
    message.refresh_from_db()
    assert message.state == State.SENT
    assert message.sent_at is not None
    assert len(smtp_server.received) == 1
    received = _parsed(smtp_server.received[0])
    assert smtp_server.received[0].rcpt_tos == ["ada@example.com"]
    assert received["Subject"] == "Welcome"
    assert received["Message-ID"] == message_id_for(message)
    assert received.get_content_type() == "multipart/alternative"
    parts = {part.get_content_type(): part.get_content() for part in received.iter_parts()}
    assert parts["text/plain"].strip() == "Plain body"
    assert parts["text/html"].strip() == "<p>HTML body</p>"


def test_recording_the_same_key_twice_records_one_message(smtp_server):
    first = _raw("same-key")
    second = _raw("same-key")
    assert first.pk == second.pk
    assert Message.objects.count() == 1
    assert queues.get_queue("email").count == 1


def test_a_message_recorded_while_redis_is_down_is_delivered_later_by_the_sweeper(
    smtp_server, settings, caplog
):
    real_redis = settings.REDIS_URL
    settings.REDIS_URL = "redis://127.0.0.1:1/0"  # nothing listens there
    message = _raw("redis-down")  # the request still succeeds
    assert Message.objects.get(pk=message.pk).state == State.PENDING
    assert "the sweeper will retry" in caplog.text
    settings.REDIS_URL = real_redis
    assert queues.get_queue("email").count == 0
    assert run_worker("email", "default", smtp_port=smtp_server.port).returncode == 0
    assert smtp_server.received == []  # nothing was queued, so nothing ran

    settings.OUTBOX_SWEEP_GRACE_SECONDS = 0
    swept = sweep_outbox()
    assert (swept.due, swept.enqueued) == (1, 1)
    assert run_worker("email", "default", smtp_port=smtp_server.port).returncode == 0
    message.refresh_from_db()
    assert message.state == State.SENT
    assert len(smtp_server.received) == 1


def test_the_job_run_twice_sends_one_email(smtp_server):
    message = _raw()
    assert deliver_message(message.pk) == State.SENT
    assert deliver_message(message.pk) == "skipped"
    assert len(smtp_server.received) == 1


def test_smtp_answering_4xx_is_retried_with_backoff_then_delivered(smtp_server):
    smtp_server.replies = ["451 4.3.0 Mailbox busy, try again later"]
    message = _raw()
    before = timezone.now()
    assert deliver_message(message.pk) == State.PENDING
    message.refresh_from_db()
    assert message.attempts == 1
    assert "451" in message.last_error
    assert message.next_attempt_at > before
    assert smtp_server.received == []
    # Not due yet: an early run (the retry job from the scheduler, say) leaves it alone.
    assert deliver_message(message.pk) == "skipped"
    _make_due(message)
    assert deliver_message(message.pk) == State.SENT
    assert len(smtp_server.received) == 1
    assert Message.objects.get(pk=message.pk).attempts == 2


def test_a_5xx_reply_fails_the_message_at_once_and_retry_now_sends_once(
    smtp_server, settings, staff, organization
):
    smtp_server.replies = ["550 5.1.1 Recipient rejected"]
    message = _raw(organization=organization)
    assert deliver_message(message.pk) == State.FAILED  # not retried for two hours
    message.refresh_from_db()
    assert message.state == State.FAILED
    assert message.attempts == 1
    assert message.last_error == "The mail server refused it: 550 5.1.1 Recipient rejected"
    assert queues.get_queue("email").scheduled_job_registry.count == 0  # no retry scheduled
    assert smtp_server.received == []

    # The server recovers; an admin presses "Retry now".
    response = staff.client.post(
        "/admin/outbox/message/", {"action": "retry_now", "_selected_action": [message.pk]}
    )
    assert response.status_code == 302
    assert run_worker("email", "default", smtp_port=smtp_server.port).returncode == 0
    message.refresh_from_db()
    assert message.state == State.SENT
    assert len(smtp_server.received) == 1
    assert run_worker("email", "default", smtp_port=smtp_server.port).returncode == 0
    assert len(smtp_server.received) == 1


def test_a_cancelled_scheduled_message_never_sends(smtp_server, settings):
    message = _raw(not_before=timezone.now() + timedelta(days=2))
    assert message.state == State.SCHEDULED
    cancel_message(message)
    message.refresh_from_db()
    assert message.state == State.CANCELLED
    _make_due(message)
    settings.OUTBOX_SWEEP_GRACE_SECONDS = 0
    assert sweep_outbox().due == 0
    assert deliver_message(message.pk) == "skipped"
    assert run_worker("email", "default", smtp_port=smtp_server.port).returncode == 0
    assert smtp_server.received == []
    with pytest.raises(OutboxError, match="cancelled and can't be cancelled"):
        cancel_message(message)


def test_a_scheduled_message_waits_for_its_time(smtp_server, settings):
    message = _raw(not_before=timezone.now() + timedelta(hours=1))
    assert deliver_message(message.pk) == "skipped"
    assert smtp_server.received == []
    _make_due(message)
    assert deliver_message(message.pk) == State.SENT


def test_a_message_inside_a_rolled_back_transaction_never_exists(smtp_server):
    def doomed_request() -> None:
        with transaction.atomic():
            args = {"to": ["a@example.com"], "subject": "x", "text": "y"}
            record_email("raw", key="doomed", args=args)
            raise ZeroDivisionError

    with pytest.raises(ZeroDivisionError):
        doomed_request()
    assert not Message.objects.exists()
    assert queues.get_queue("email").count == 0


def test_an_unknown_kind_fails_with_a_readable_error_and_the_worker_survives(smtp_server):
    with transaction.atomic():
        message = record("teleport_candidate", {"application_id": 1}, key="k1")
    result = run_worker("default", smtp_port=smtp_server.port)
    assert result.returncode == 0, result.stderr
    message.refresh_from_db()
    assert message.state == State.FAILED
    assert (
        message.last_error
        == "Unknown message kind 'teleport_candidate': no handler is registered for it."
    )


def test_a_payload_referring_to_a_deleted_row_fails_readably(smtp_server):
    user = UserFactory.create(email="leaving@example.com")
    with transaction.atomic():
        message = record_email("test_account_notice", key="notice", args={"user_id": user.pk})
    user.delete()
    assert deliver_message(message.pk) == State.FAILED
    message.refresh_from_db()
    assert message.last_error.startswith("A row it refers to no longer exists: User matching query")
    assert message.attempts == 1
    assert smtp_server.received == []


def test_a_builder_that_takes_ids_renders_fresh_rows_at_send_time(smtp_server):
    user = UserFactory.create(email="ada@example.com", full_name="Ada Lovelace")
    with transaction.atomic():
        message = record_email("test_account_notice", key="notice-2", args={"user_id": user.pk})
    User.objects.filter(pk=user.pk).update(full_name="Augusta Ada King")
    assert deliver_message(message.pk) == State.SENT
    assert "Hello Augusta" in _parsed(smtp_server.received[0]).get_body(("plain",)).get_content()


def test_a_worker_that_died_mid_send_is_taken_over_after_its_lease(smtp_server, settings):
    message = _raw()
    Message.objects.filter(pk=message.pk).update(
        state=State.SENDING, attempts=1, updated_at=timezone.now() - timedelta(hours=1)
    )
    settings.OUTBOX_SWEEP_GRACE_SECONDS = 0
    assert sweep_outbox().due == 1
    assert deliver_message(message.pk) == State.SENT
    assert len(smtp_server.received) == 1


def test_backoff_grows_exponentially_with_jitter_and_a_cap(settings):
    settings.OUTBOX_RETRY_BASE_SECONDS = 30
    settings.OUTBOX_RETRY_MAX_SECONDS = 3600
    for attempt, nominal in [(1, 30), (2, 60), (3, 120), (8, 3600), (20, 3600)]:
        delays = [backoff(attempt).total_seconds() for _ in range(50)]
        assert all(nominal * 0.5 <= d <= nominal * 1.5 for d in delays)
        assert len(set(delays)) > 1


def test_the_sweeper_prunes_old_sent_messages_only(smtp_server, settings):
    old_sent, old_failed, fresh_sent = _raw("a"), _raw("b"), _raw("c")
    long_ago = timezone.now() - timedelta(days=settings.OUTBOX_PRUNE_AFTER_DAYS + 1)
    Message.objects.filter(pk=old_sent.pk).update(state=State.SENT, updated_at=long_ago)
    Message.objects.filter(pk=old_failed.pk).update(state=State.FAILED, updated_at=long_ago)
    Message.objects.filter(pk=fresh_sent.pk).update(state=State.SENT)
    assert sweep_outbox().pruned == 1
    assert set(Message.objects.values_list("pk", flat=True)) == {old_failed.pk, fresh_sent.pk}


def test_a_builder_may_refuse_permanently(smtp_server):
    @builder("test_refuses")
    def refuses() -> Email:
        raise PermanentFailure("The posting was deleted")

    with transaction.atomic():
        message = record_email("test_refuses", key="refuse")
    assert deliver_message(message.pk) == State.FAILED
    assert Message.objects.get(pk=message.pk).last_error == "The posting was deleted"


@builder("test_with_attachments")
def with_attachments(*, to: str) -> Email:
    return Email(
        to=[to],
        subject="Your invitation",
        text="See the attached invitation.",
        attachments=[
            Attachment("invite.ics", "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n", CALENDAR),
            Attachment("notes.bin", b"\x00\x01", "application/octet-stream"),
        ],
    )


CALENDAR = "text/calendar; method=REQUEST; charset=utf-8"


def test_attachments_go_out_with_their_type_parameters_and_file_names(smtp_server):
    with transaction.atomic():
        message = record_email("test_with_attachments", key="attach-1", args={"to": "a@b.test"})
    assert deliver_message(message.pk) == "sent"
    received = _parsed(smtp_server.received[0])
    assert received.get_content_type() == "multipart/mixed"
    files = {part.get_filename(): part for part in received.iter_attachments()}
    assert set(files) == {"invite.ics", "notes.bin"}
    invite = files["invite.ics"]
    assert invite.get_content_type() == "text/calendar"
    assert invite.get_param("method") == "REQUEST"
    assert invite.get_content() == "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n"
    assert files["notes.bin"].get_content() == b"\x00\x01"
    assert received.get_body(("plain",)).get_content().strip() == "See the attached invitation."
