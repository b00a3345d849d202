"""Delivery when parts misbehave (issue 18): permanent refusals, a slow server, a lost database
connection after the send, long sends and dead workers. Real PostgreSQL, Redis and SMTP."""

from __future__ import annotations

import smtplib
import time
from datetime import timedelta

import psycopg
import pytest
import yaml
from django.conf import settings as django_settings
from django.core.mail import EmailMessage
from django.db import connection, transaction
from django.utils import timezone

from config import run_local
from config.env import parse_email_url
from outbox import queues
from outbox.email import message_id_for, record_email
from outbox.handlers import register
from outbox.jobs import deliver
from outbox.models import Message, State
from outbox.services import _finish_claimed, deliver_message, record, sweep_outbox
from outbox.smtp import EmailBackend, SendDeadlineExceeded, permanent_refusal
from tests.conftest import ROOT, current_database_url

# Transactional: the heartbeat and the workers use connections of their own.
db = pytest.mark.django_db(transaction=True)


def _email(key: str = "reliable-1", **options):
    args = {"to": ["ada@example.com"], "subject": "Welcome", "text": "Plain body"}
    with transaction.atomic():
        return record_email("raw", key=key, args=args, **options)


# --- Defect 5: a 5xx is permanent, a 4xx is not ---------------------------------------------


def _refuse_recipients(recorder, reply: str) -> None:
    async def handle_RCPT(server, session, envelope, address, options):
        return reply

    recorder.handle_RCPT = handle_RCPT


@db
def test_recipients_refused_with_5xx_fail_at_once_and_with_4xx_are_retried(smtp_server):
    _refuse_recipients(smtp_server, "550 5.1.1 No such user")
    message = _email("rcpt-5xx")
    assert deliver_message(message.pk) == State.FAILED
    message.refresh_from_db()
    assert message.last_error == (
        "The mail server refused it: ada@example.com: 550 5.1.1 No such user"
    )

    _refuse_recipients(smtp_server, "450 4.2.0 Mailbox busy")
    message = _email("rcpt-4xx")
    assert deliver_message(message.pk) == State.PENDING
    message.refresh_from_db()
    assert message.last_error.startswith("SMTPRecipientsRefused")


def test_a_refused_login_is_our_configuration_and_is_retried():
    assert permanent_refusal(smtplib.SMTPAuthenticationError(535, b"bad credentials")) is None
    assert permanent_refusal(smtplib.SMTPDataError(554, b"spam")) == "554 spam"
    assert permanent_refusal(smtplib.SMTPDataError(451, b"later")) is None
    assert permanent_refusal(smtplib.SMTPServerDisconnected("gone")) is None


# --- Defect 6: a total deadline per send, a worker and a job timeout per queue ---------------


@db
def test_a_drip_feeding_server_is_cut_at_the_send_deadline(smtp_server, settings):
    smtp_server.drip = True  # the greeting alone would take ~20 s at this pace
    smtp_server.drip_interval = 0.4
    backend = EmailBackend(host="127.0.0.1", port=smtp_server.port, timeout=10, deadline=1.5)
    started = time.monotonic()
    with pytest.raises(SendDeadlineExceeded, match=r"within the 1\.5 s send deadline"):
        backend.send_messages([EmailMessage("Hi", "Body", "a@example.com", ["b@example.com"])])
    assert time.monotonic() - started < 3  # each read stayed under its 10 s timeout

    settings.EMAIL_SEND_DEADLINE_SECONDS = 1
    message = _email("drip")
    started = time.monotonic()
    assert deliver_message(message.pk) == State.PENDING  # a slow server is worth retrying
    assert time.monotonic() - started < 3
    message.refresh_from_db()
    assert message.last_error.startswith("SendDeadlineExceeded: The SMTP server did not finish")
    assert smtp_server.received == []


def test_the_smtp_urls_select_the_deadline_backend():
    assert parse_email_url("EMAIL_URL", "smtp://mx:25").backend == "outbox.smtp.EmailBackend"
    assert parse_email_url("EMAIL_URL", "smtps://mx").backend == "outbox.smtp.EmailBackend"


def test_each_queue_gives_its_jobs_its_own_timeout(settings):
    settings.RQ_JOB_TIMEOUTS = {"default": 300, "email": 45, "scoring": 900}
    assert queues.get_queue("email").enqueue(deliver, 1).timeout == 45
    assert queues.get_queue("scoring").enqueue(deliver, 2).timeout == 900
    assert queues.get_queue("default").enqueue(deliver, 3).timeout == 300


def test_make_run_and_compose_give_each_queue_its_own_worker():
    assert set(run_local.QUEUES) == set(django_settings.RQ_QUEUES)
    in_process = ["--worker-class", "outbox.workers.InProcessWorker"]
    for queue in run_local.QUEUES:
        special = in_process if queue == "scoring" else []
        assert run_local.worker_args(queue) == ("rqworker", queue, "--with-scheduler", *special)
    compose = yaml.safe_load((ROOT / "deploy" / "docker-compose.yml").read_text())
    commands = [service.get("command", []) for service in compose["services"].values()]
    worked = [command[1:] for command in commands if command[:1] == ["deploy/start-worker.sh"]]
    # Only the scoring queue's worker runs jobs without forking.
    assert sorted(worked) == sorted(
        [*(in_process if queue == "scoring" else []), queue] for queue in django_settings.RQ_QUEUES
    )


# --- Defect 7: the commit after a send, the lease and its heartbeat -------------------------


@db
def test_the_sent_commit_survives_a_dropped_connection_and_is_not_sent_again(smtp_server):
    message = _email("conn-drop")
    connection.ensure_connection()
    backend_pid = connection.connection.info.backend_pid

    def kill_our_connection() -> None:
        # The moment after the server took the email and before we record it: the worst one.
        with psycopg.connect(current_database_url().replace("postgres://", "postgresql://")) as pg:
            pg.execute("SELECT pg_terminate_backend(%s)", [backend_pid])

    smtp_server.before_reply = kill_our_connection
    assert deliver_message(message.pk) == State.SENT  # committed on a fresh connection
    smtp_server.before_reply = None
    message.refresh_from_db()
    assert message.state == State.SENT
    assert connection.connection.info.backend_pid != backend_pid
    assert deliver_message(message.pk) == "skipped"
    settings_lease = timedelta(seconds=django_settings.OUTBOX_SENDING_LEASE_SECONDS)
    later = timezone.now() + settings_lease * 2
    assert not Message.objects.due(later, sending_lease=settings_lease).filter(pk=message.pk)
    assert len(smtp_server.received) == 1


@db
def test_a_long_run_keeps_its_claim_by_heartbeat(settings):
    settings.OUTBOX_SENDING_LEASE_SECONDS = 1
    lease = timedelta(seconds=1)
    seen: dict[str, bool] = {}

    @register("test_slow_side_effect")
    def slow(message: Message) -> None:
        time.sleep(2.5)  # longer than two leases
        seen["due while running"] = Message.objects.due(
            timezone.now(), sending_lease=lease
        ).exists()

    with transaction.atomic():
        message = record("test_slow_side_effect", {}, key="slow")
    assert deliver_message(message.pk) == State.SENT
    assert seen == {"due while running": False}
    assert Message.objects.get(pk=message.pk).attempts == 1


@db
def test_a_dead_workers_message_is_swept_as_soon_as_its_lease_lapses(smtp_server, settings):
    assert settings.OUTBOX_SENDING_LEASE_SECONDS == 60  # the default
    message = _email("orphan")
    claimed_at = timezone.now() - timedelta(seconds=61)  # its heartbeat stopped 61 s ago
    Message.objects.filter(pk=message.pk).update(
        state=State.SENDING, attempts=1, updated_at=claimed_at
    )
    assert sweep_outbox().due == 1  # no extra minute of grace on top of the lease
    assert deliver_message(message.pk) == State.SENT
    assert len(smtp_server.received) == 1
    (received,) = smtp_server.received
    assert message_id_for(message).encode() in received.content


@db
def test_a_stale_workers_failure_does_not_undo_the_takeovers_success(smtp_server):
    message = _email("stale")
    Message.objects.filter(pk=message.pk).update(state=State.SENDING, attempts=1)
    stale = Message.objects.get(pk=message.pk)
    # Another worker took it over (attempt 2) and sent it.
    Message.objects.filter(pk=message.pk).update(attempts=2, state=State.SENT)
    assert not _finish_claimed(stale, state=State.PENDING, last_error="TimeoutError")
    assert Message.objects.get(pk=message.pk).state == State.SENT


def test_a_retry_is_never_scheduled_before_it_is_due():
    # RQ stores whole seconds: 12:00:00.400 would run at 12:00:00, and the claim skip it.
    at = timezone.now().replace(microsecond=400_000) + timedelta(seconds=30)
    assert queues.enqueue(7, "email", at=at)
    registry = queues.get_queue("email").scheduled_job_registry
    (job_id,) = registry.get_job_ids()
    assert registry.get_scheduled_time(job_id) >= at
