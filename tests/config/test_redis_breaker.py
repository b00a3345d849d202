"""Every Redis client is bounded in time, and a Redis that just failed is skipped for a while
(issue 18, defect 2: a frozen Redis cost about 10 s per apply and per careers page)."""

from __future__ import annotations

import json
import logging

import pytest
import redis

from config import redis_breaker
from config.redis_breaker import Breaker, RedisSkipped
from tests.conftest import run_python


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def _fail() -> None:
    raise redis.TimeoutError("Timeout reading from socket")


def test_every_redis_client_connects_and_reads_within_the_one_setting(settings):
    # Settings are read once per process: a fresh one, with the setting changed.
    code = """
import json, django
django.setup()
import django_rq
from django.core.cache import cache
from django.conf import settings
from config import redis_breaker
pools = {
    "cache": cache._cache._get_connection_pool(write=True),
    **{f"rq {name}": django_rq.get_connection(name).connection_pool for name in settings.RQ_QUEUES},
    "rate limits and outbox": redis_breaker.client(settings.REDIS_URL).connection_pool,
}
print(json.dumps({
    name: [
        pool.connection_kwargs.get("socket_connect_timeout"),
        pool.connection_kwargs.get("socket_timeout"),
        pool.connection_kwargs["retry"].get_retries() if pool.connection_kwargs.get("retry") else 0,
    ]
    for name, pool in pools.items()
}))
"""
    result = run_python(
        code,
        {
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "DJANGO_ENV": "test",
            "REDIS_URL": settings.REDIS_URL,
            "REDIS_TIMEOUT_MS": "250",
        },
    )
    assert result.returncode == 0, result.stderr
    bounds = json.loads(result.stdout.strip().splitlines()[-1])
    clients = {"cache", "rq default", "rq email", "rq scoring", "rate limits and outbox"}
    assert set(bounds) == clients
    assert bounds == {name: [0.25, 0.25, 0] for name in clients}  # 250 ms each way, no retries


def test_the_timeouts_join_a_url_that_has_a_query_of_its_own():
    url = redis_breaker.url_with_timeouts("unix:///run/redis.sock?db=1&socket_timeout=9", 0.5)
    assert url == "unix:///run/redis.sock?db=1&socket_connect_timeout=0.5&socket_timeout=0.5"


def test_a_failure_opens_the_circuit_for_its_window_then_one_probe_closes_it(caplog):
    caplog.set_level(logging.WARNING)
    clock = Clock()
    breaker = Breaker("redis://test/0", clock=clock)
    assert breaker.allow()
    breaker.failed(redis.TimeoutError(), seconds=15)
    assert "redis circuit open: skipping Redis" in caplog.text

    clock.now += 14.9
    assert not breaker.allow()
    clock.now += 0.2
    assert breaker.allow()  # the probe
    assert not breaker.allow()  # everyone else waits for its answer
    breaker.succeeded()
    assert "redis circuit closed: Redis answers again" in caplog.text
    assert breaker.allow()
    assert breaker.allow()
    assert (breaker.attempts, breaker.skipped) == (4, 2)


def test_a_failed_probe_reopens_the_circuit_without_a_second_log_line(caplog):
    caplog.set_level(logging.WARNING)
    clock = Clock()
    breaker = Breaker("redis://test/0", clock=clock)
    breaker.failed(redis.ConnectionError(), seconds=10)
    clock.now += 10
    assert breaker.allow()
    breaker.failed(redis.ConnectionError(), seconds=10)
    clock.now += 9
    assert not breaker.allow()
    assert caplog.text.count("redis circuit open") == 1


def test_call_skips_redis_while_open_and_only_unreachable_errors_open_it(settings):
    settings.REDIS_BREAKER_SECONDS = 60
    url = "redis://127.0.0.1:1/9"
    guard = redis_breaker.breaker(url)

    with pytest.raises(redis.ResponseError):  # Redis answered: an error of its own
        redis_breaker.call(url, lambda: (_ for _ in ()).throw(redis.ResponseError("WRONGTYPE")))
    assert not guard.is_open
    with pytest.raises(ValueError, match="invalid literal"):  # ours: leaves it closed
        redis_breaker.call(url, lambda: int("x"))
    assert not guard.is_open

    with pytest.raises(redis.TimeoutError):
        redis_breaker.call(url, _fail)
    assert guard.is_open
    calls = []
    with pytest.raises(RedisSkipped):
        redis_breaker.call(url, lambda: calls.append(1))
    assert calls == []
    # Callers that fall back on any RedisError fall back on a skipped call too.
    assert issubclass(RedisSkipped, redis.RedisError)


def test_an_error_of_ours_during_a_probe_lets_the_next_caller_probe():
    clock = Clock()
    breaker = Breaker("redis://test/0", clock=clock)
    breaker.failed(redis.TimeoutError(), seconds=1)
    clock.now += 1
    assert breaker.allow()
    breaker.abandoned()
    assert breaker.allow()
