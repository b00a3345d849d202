"""Fault cases 3 to 5 of issue 18: the outbox against a misbehaving SMTP server and dying
workers, with real `rqworker` and sweeper processes on this run's PostgreSQL and Redis.

The processes get small settings through their environment (a lease of seconds, a short send
deadline, a backoff of one second) so each case ends in seconds; every wait polls with a
deadline. Each case prints its figures (`pytest -s` shows them)."""

from __future__ import annotations

import contextlib
import email
import email.policy
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from django.db import transaction

from candidates.models import Application
from config import run_local
from outbox import queues
from outbox.email import message_id_for, record_email
from outbox.models import FINAL_STATES, Message, State
from screening.models import FitScore
from screening.services import request_score
from tests.conftest import ROOT, Persona, SmtpRecorder, worker_env
from tests.factories import ApplicationFactory

pytestmark = pytest.mark.django_db(transaction=True)

LEASE = 2  # seconds: OUTBOX_SENDING_LEASE_SECONDS of the processes started here
FAST = {
    "OUTBOX_SENDING_LEASE_SECONDS": str(LEASE),
    "OUTBOX_RETRY_BASE_SECONDS": "1",
    "OUTBOX_RETRY_MAX_SECONDS": "1",
    "OUTBOX_SWEEP_INTERVAL_SECONDS": "1",
    "OUTBOX_SWEEP_GRACE_SECONDS": "1",
}

Spawn = Callable[..., subprocess.Popen[bytes]]


@pytest.fixture
def spawn(smtp_server: SmtpRecorder, tmp_path: Path) -> Iterator[Spawn]:
    """Start `manage.py <args>` as a long-running process, its output in the test's tmp_path
    (processes.log, kept by pytest for the last runs); every one is killed when the test ends."""
    started: list[subprocess.Popen[bytes]] = []
    log = (tmp_path / "processes.log").open("ab")

    def start(*args: str, **env: str) -> subprocess.Popen[bytes]:
        process = subprocess.Popen(
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env=worker_env(smtp_server.port, **FAST, **env),
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        started.append(process)
        return process

    yield start
    for process in started:
        kill(process)
    log.close()


def kill(process: subprocess.Popen[bytes]) -> None:
    """SIGKILL a process and everything it started, as a machine that dies would: an RQ work
    horse and the scheduler sit in sessions of their own, out of reach of the group's kill."""
    for pid in [process.pid, *_descendants(process.pid)]:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
    process.wait(timeout=10)


def _descendants(pid: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        with contextlib.suppress(OSError, ValueError, IndexError):
            # The command name, in parentheses, may hold spaces: read after its last ")".
            fields = stat.read_text().rsplit(")", 1)[1].split()
            children.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    found, todo = [], [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


def wait_for(what: str, check: Callable[[], Any], *, within: float) -> Any:
    """Poll `check` until it returns something true; fail after `within` seconds."""
    deadline = time.monotonic() + within
    while True:
        value = check()
        if value:
            return value
        if time.monotonic() > deadline:
            pytest.fail(f"not within {within} s: {what}")
        time.sleep(0.05)


def state_of(message: Message) -> Message:
    return Message.objects.get(pk=message.pk)


def message_ids(recorder: SmtpRecorder) -> list[str]:
    parsed = [
        email.message_from_bytes(envelope.content, policy=email.policy.default)
        for envelope in recorder.received
    ]
    return [str(mail["Message-ID"]) for mail in parsed]


def confirmation(application: Application) -> Message:
    with transaction.atomic():
        return record_email(
            "application_received",
            key=f"received:{application.pk}",
            args={"application_id": application.pk},
            organization=application.posting.organization,
        )


def test_a_worker_killed_mid_send_is_taken_over_within_the_lease_with_the_same_message_id(
    smtp_server, spawn, posting
):
    smtp_server.hold = threading.Event()  # the server takes the DATA and never answers
    message = confirmation(ApplicationFactory.create(posting=posting))
    first = spawn("rqworker", "email")
    wait_for("the first worker reached DATA", smtp_server.data_seen.is_set, within=30)
    spawn("sweep_outbox")
    second = spawn("rqworker", "email")
    # The stalled worker is alive: its heartbeat keeps the claim through two leases, with the
    # sweeper and an idle second worker ready to take it.
    held_until = time.monotonic() + 2 * LEASE
    while time.monotonic() < held_until:
        current = state_of(message)
        assert (current.state, current.attempts) == (State.SENDING, 1)
        time.sleep(0.1)
    assert second.poll() is None

    kill(first)
    killed_at = time.monotonic()
    smtp_server.hold.set()  # the server had the message: it delivers it (the one duplicate)
    sent = wait_for(
        "the message taken over and sent",
        lambda: (m := state_of(message)).state == State.SENT and m,
        within=LEASE + 15,
    )
    takeover = time.monotonic() - killed_at
    assert sent.attempts == 2
    ids = message_ids(smtp_server)
    assert ids == [message_id_for(message)] * 2  # one duplicate at most, and the receiver can
    # tell it is one
    assert takeover < LEASE + 10  # lease, a sweep round and a job, with room for a busy machine
    print(
        f"\nfault 3: lease {LEASE} s, taken over {takeover:.1f} s after the kill, "
        f"{len(ids)} deliveries of 1 message ({len(ids) - 1} duplicate, same Message-ID)"
    )


def test_smtp_4xx_is_retried_until_delivered_and_5xx_fails_at_once_until_retry_now(
    smtp_server, spawn, posting, recruiter: Persona, staff: Persona
):
    spawn("rqworker", "email", "--with-scheduler")
    busy = ApplicationFactory.create(posting=posting)
    smtp_server.replies = ["451 4.3.0 Try again later", "421 4.7.0 Too busy"]
    started = time.monotonic()
    message = confirmation(busy)
    sent = wait_for(
        "delivered after two 4xx",
        lambda: (m := state_of(message)).state == State.SENT and m,
        within=30,
    )
    retried_for = time.monotonic() - started
    assert sent.attempts == 3
    assert len(smtp_server.received) == 1
    wait_for("on the timeline", busy.events.filter(kind="email_sent").exists, within=5)

    refused = ApplicationFactory.create(posting=posting)
    smtp_server.replies = ["550 5.1.1 Mailbox unavailable"]
    started = time.monotonic()
    message = confirmation(refused)
    failed = wait_for(
        "failed at the 5xx",
        lambda: (m := state_of(message)).state in FINAL_STATES and m,
        within=20,
    )
    failed_in = time.monotonic() - started
    assert (failed.state, failed.attempts) == (State.FAILED, 1)
    assert failed.last_error == "The mail server refused it: 550 5.1.1 Mailbox unavailable"
    assert queues.get_queue("email").scheduled_job_registry.count == 0  # no retry is waiting
    (event,) = wait_for(
        "the failure on the timeline",
        lambda: list(refused.events.filter(kind="email_failed")),
        within=5,
    )
    assert "550 5.1.1 Mailbox unavailable" in event.data["error"]
    timeline = recruiter.client.get(f"/applications/{refused.pk}/").content.decode()
    assert "It could not be delivered: The mail server refused it: 550 5.1.1" in timeline
    listed = staff.client.get("/admin/outbox/message/?state__exact=failed").content.decode()
    assert f">{message.pk}<" in listed
    assert "The mail server refused it: 550 5.1.1 Mailbox unavailable" in listed
    page = staff.client.get(f"/admin/outbox/message/{message.pk}/change/").content.decode()
    assert "Retry now" in page

    # The address is fixed at the other end; staff press "Retry now" on the message's page.
    response = staff.client.post(
        "/admin/outbox/message/",
        {"action": "retry_now", "_selected_action": [message.pk], "_from_change": "1"},
    )
    assert response.status_code == 302
    wait_for("sent after Retry now", lambda: state_of(message).state == State.SENT, within=20)
    wait_for("the queue drained", lambda: queues.get_queue("email").count == 0, within=5)
    assert len(smtp_server.received) == 2  # the first message once, and this one once
    wait_for("sent on the timeline", refused.events.filter(kind="email_sent").exists, within=5)
    print(
        f"\nfault 4: 2 x 4xx then delivered in {retried_for:.1f} s (3 attempts, 1 email); "
        f"5xx failed in {failed_in:.1f} s (1 attempt); Retry now sent it once"
    )


def test_a_drip_feeding_server_is_cut_at_the_deadline_while_scoring_goes_on(
    smtp_server, spawn, posting
):
    deadline = 2
    for queue in run_local.QUEUES:  # the workers `make run` starts, one per queue
        spawn(*run_local.worker_args(queue), EMAIL_SEND_DEADLINE_SECONDS=str(deadline))
    smtp_server.drip = True  # one byte every half second: no read ever times out
    message = confirmation(ApplicationFactory.create(posting=posting))
    wait_for("the send started", lambda: state_of(message).state == State.SENDING, within=30)
    send_started = time.monotonic()

    scored = ApplicationFactory.create(posting=posting)
    with transaction.atomic():
        request_score(scored)
    score = Message.objects.get(kind="score", payload__application_id=scored.pk)
    queued_at = time.monotonic()
    wait_for("the score done", lambda: state_of(score).state in FINAL_STATES, within=10)
    scoring_took = time.monotonic() - queued_at
    assert state_of(score).state == State.SENT
    assert FitScore.objects.get(application=scored).state == "done"

    cut = wait_for(
        "the send cut at its deadline",
        lambda: (m := state_of(message)).state == State.PENDING and m,
        within=deadline + 10,
    )
    cut_after = time.monotonic() - send_started
    assert cut.last_error.startswith("SendDeadlineExceeded: The SMTP server did not finish")
    smtp_server.drip = False  # the server recovers: the retry goes through
    sent = wait_for(
        "sent on a retry",
        lambda: (m := state_of(message)).state == State.SENT and m,
        within=20,
    )
    assert sent.attempts >= 2
    assert message_ids(smtp_server) == [message_id_for(message)]
    assert scoring_took < 5
    assert cut_after < deadline + 3
    print(
        f"\nfault 5: deadline {deadline} s, send cut after {cut_after:.1f} s, scoring queued "
        f"meanwhile done in {scoring_took:.1f} s, delivered once after {sent.attempts} attempts"
    )
