"""Redis stopped and Redis frozen, on a throwaway redis-server (issue 18, fault cases 1 and 2).

The candidate's promise holds either way: the application is stored and confirmed at once,
its email goes out once Redis is back, and a Redis that never answers costs an apply at most
one short timeout, because the breaker then skips it.
"""

from __future__ import annotations

import logging
import time
from collections import Counter
from collections.abc import Iterator

import pytest
from django.test import Client

from candidates.models import Application
from config import redis_breaker
from outbox.models import Message, State
from outbox.services import sweep_outbox
from tests.conftest import run_worker
from tests.documents import pdf_bytes, upload
from tests.factories import PostingFactory
from tests.faults.redis_server import ThrowawayRedis, point_app_at

CONFIRMED = "Thank you, your application is in"


@pytest.fixture
def throwaway_redis(tmp_path, settings) -> Iterator[ThrowawayRedis]:
    server = ThrowawayRedis(tmp_path / "redis")
    server.start()
    point_app_at(settings, server.url)
    try:
        yield server
    finally:
        server.stop()  # thaws it first if a test left it frozen


@pytest.fixture
def posting(organization, hiring_manager):
    posting = PostingFactory.create(organization=organization, title="Backend Lead", status="open")
    posting.hiring_team.add(hiring_manager.user)
    return posting


def _apply_url(posting) -> str:
    return f"/careers/{posting.organization.slug}/{posting.slug}/"


def _form(number: int) -> dict[str, object]:
    return {
        "name": f"Candidate {number:02d}",
        "email": f"candidate{number:02d}@fault.test",
        "location": "Lagos, Nigeria",
        "stated_years": "5",
        "consent": "on",
        "resume": upload(f"cv-{number}.pdf", pdf_bytes()),
    }


def _apply(posting, number: int) -> str:
    """Apply as a candidate would, following the redirect; the page the candidate sees."""
    response = Client().post(_apply_url(posting), _form(number), follow=True)
    assert response.status_code == 200
    assert response.redirect_chain == [(_apply_url(posting) + "applied/", 302)]
    return response.content.decode()


@pytest.mark.django_db(transaction=True)  # committed rows: on-commit enqueues, a real worker
def test_redis_stopped_while_50_apply_loses_nothing_and_each_email_goes_out_once_it_is_back(
    throwaway_redis, posting, recruiter, smtp_server, settings, caplog
):
    caplog.set_level(logging.WARNING)
    settings.REDIS_BREAKER_SECONDS = 1
    settings.OUTBOX_SWEEP_GRACE_SECONDS = 0
    throwaway_redis.stop()

    pages = [_apply(posting, number) for number in range(50)]

    assert all(CONFIRMED in page for page in pages)
    assert Application.objects.filter(posting=posting).count() == 50
    confirmations = Message.objects.filter(
        kind="send_email", payload__builder="application_received"
    )
    assert confirmations.count() == 50
    assert set(confirmations.values_list("state", flat=True)) == {State.PENDING}
    assert "redis circuit open" in caplog.text
    assert "outbox enqueue failed; the sweeper will retry" in caplog.text
    # Staff keep working meanwhile: signed in (sessions are in PostgreSQL), board and list
    # rendered without their cache.
    board = recruiter.client.get(f"/postings/{posting.pk}/board/")
    assert board.status_code == 200
    assert "Candidate " in board.content.decode()
    listing = recruiter.client.get(f"/postings/{posting.pk}/applications/")
    assert listing.status_code == 200
    assert all(f"Candidate {number:02d}" in listing.content.decode() for number in range(50))
    assert "cache unavailable" in caplog.text

    throwaway_redis.start()
    # The sweeper's next rounds: the first within the breaker's window skips Redis, the one
    # after it probes, finds Redis back and enqueues everything due.
    deadline = time.monotonic() + 15
    while True:
        swept = sweep_outbox()
        if swept.due and swept.enqueued == swept.due:
            break
        assert time.monotonic() < deadline, f"the sweeper never enqueued: {swept}"
        time.sleep(0.2)
    assert "redis circuit closed" in caplog.text

    worker = run_worker("email", smtp_port=smtp_server.port)
    assert worker.returncode == 0, worker.stderr[-2000:]

    assert set(confirmations.values_list("state", flat=True)) == {State.SENT}
    sent = Message.objects.filter(kind="send_email", state=State.SENT).count()
    assert len(smtp_server.received) == sent  # every email once: no duplicates
    recipients = Counter(rcpt for envelope in smtp_server.received for rcpt in envelope.rcpt_tos)
    candidates = {f"candidate{number:02d}@fault.test" for number in range(50)}
    assert {rcpt: recipients[rcpt] for rcpt in candidates} == dict.fromkeys(candidates, 1)
    message_ids = [
        line
        for envelope in smtp_server.received
        for line in envelope.content.decode().splitlines()
        if line.lower().startswith("message-id:")
    ]
    assert len(message_ids) == len(set(message_ids)) == sent
    print(  # the figures for the closing note (pytest -s)
        f"\nredis stopped: {Application.objects.count()} applications stored, "
        f"{len(pages)} confirmed, {len(smtp_server.received)} emails delivered "
        f"({sum(recipients[rcpt] for rcpt in candidates)} confirmations), "
        f"{len(message_ids) - len(set(message_ids))} duplicates"
    )


def _stats(client) -> dict[str, int]:
    info = client.info("stats")
    return {
        "connections": int(info["total_connections_received"]),
        "commands": int(info["total_commands_processed"]),
    }


@pytest.mark.django_db(transaction=True)
def test_a_frozen_redis_is_tried_once_then_skipped_and_applies_stay_fast(
    throwaway_redis, posting, settings, caplog
):
    caplog.set_level(logging.WARNING)
    settings.REDIS_TIMEOUT_MS = 300
    settings.REDIS_BREAKER_SECONDS = 60  # longer than the test: no probe while frozen
    careers = f"/careers/{posting.organization.slug}/"
    assert Client().get(careers).status_code == 200  # warm: the page is cached, Redis answers
    observer = throwaway_redis.client()
    before = _stats(observer)  # the observer's connection is open before the freeze
    guard = redis_breaker.breaker(throwaway_redis.url)
    attempts_before = guard.attempts

    throwaway_redis.freeze()
    latencies = []
    for number in range(5):
        started = time.monotonic()
        page = _apply(posting, number)
        latencies.append(time.monotonic() - started)
        assert CONFIRMED in page
        listed = Client().get(careers)
        assert listed.status_code == 200
        assert "Backend Lead" in listed.content.decode()
    throwaway_redis.thaw()

    assert Application.objects.filter(posting=posting).count() == 5
    assert max(latencies) < 5, latencies  # a generous bound: one timeout is 0.3 s
    # One call reached the frozen Redis (the first apply's rate-limit count); every other
    # (cache reads and writes, rate limits, enqueues of 10 messages) was skipped.
    assert guard.attempts - attempts_before == 1
    assert guard.skipped >= 5 * 4
    assert caplog.text.count("redis circuit open") == 1
    # The server agrees: after SIGCONT it accepted exactly one connection made while it was
    # frozen. A PING first lets it take in its listen queue before INFO counts.
    observer.ping()
    after = _stats(observer)
    assert after["connections"] - before["connections"] == 1
    print(  # the figures for the closing note (pytest -s)
        f"\nfrozen redis: apply latencies {[round(x, 3) for x in latencies]} s, "
        f"attempts {guard.attempts - attempts_before}, skipped {guard.skipped}, "
        f"connections while frozen {after['connections'] - before['connections']}, "
        f"commands {after['commands'] - before['commands']}"
    )
