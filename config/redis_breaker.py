"""Every Redis call a request makes is bounded in time and skipped while Redis is known to fail.

Redis only makes Shortlist faster (cache, rate limits, the outbox's wake-up call to a worker),
so a Redis that is down or frozen must cost a request at most one short timeout, not seconds:

- Every client gets the same connect and read timeout (REDIS_TIMEOUT_MS) and no retries: a
  retried timeout only doubles the wait, and the callers all have a fallback.
- A circuit breaker per Redis URL, shared by the threads of a process: after a call fails to
  reach Redis (refused, reset, timed out), Redis is skipped for REDIS_BREAKER_SECONDS; then
  one call is let through as a probe, and its answer closes the circuit again. One line is
  logged when the circuit opens and one when it closes.

Callers wrap each operation in `call()` and keep their own fallback for `redis.RedisError`
(a skipped call raises `RedisSkipped`, a `redis.ConnectionError`).
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from functools import cache
from typing import Any, TypeVar
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import redis
from django.conf import settings
from redis.backoff import NoBackoff
from redis.retry import Retry

logger = logging.getLogger(__name__)

T = TypeVar("T")

# Errors that mean "Redis can't be reached". Any other RedisError (a wrong type, say) came
# from a Redis that answered, so it leaves the circuit alone.
UNREACHABLE = (redis.ConnectionError, redis.TimeoutError)


class RedisSkipped(redis.ConnectionError):
    """Raised instead of calling Redis while its circuit is open."""


class Breaker:
    """Closed: calls go through. Open: calls are skipped until `open_until`, then the first
    caller is the probe (the others are still skipped) and its outcome closes or reopens it."""

    def __init__(self, name: str, clock: Callable[[], float] = time.monotonic) -> None:
        self.name = name
        self._clock = clock
        self._lock = threading.Lock()
        self._open_until: float | None = None
        self._probing = False
        self.attempts = 0  # calls let through to Redis, for tests and operators
        self.skipped = 0

    @property
    def is_open(self) -> bool:
        return self._open_until is not None

    def allow(self) -> bool:
        with self._lock:
            if self._open_until is not None:
                if self._probing or self._clock() < self._open_until:
                    self.skipped += 1
                    return False
                self._probing = True
            self.attempts += 1
            return True

    def succeeded(self) -> None:
        with self._lock:
            was_open = self._open_until is not None
            self._open_until = None
            self._probing = False
        if was_open:
            logger.warning("redis circuit closed: Redis answers again", extra={"redis": self.name})

    def failed(self, exc: BaseException, seconds: float) -> None:
        with self._lock:
            was_open = self._open_until is not None
            self._open_until = self._clock() + seconds
            self._probing = False
        if not was_open:
            logger.warning(
                "redis circuit open: skipping Redis",
                extra={"redis": self.name, "seconds": seconds, "error": type(exc).__name__},
            )

    def abandoned(self) -> None:
        """The call let through ended without a word from Redis (an error of our own before
        or after it): let the next caller probe instead of staying open forever."""
        with self._lock:
            self._probing = False

    def reset(self) -> None:
        with self._lock:
            self._open_until = None
            self._probing = False
            self.attempts = self.skipped = 0


_breakers: dict[str, Breaker] = {}
_breakers_lock = threading.Lock()


def _display(url: str) -> str:
    """The URL without its password, as logs may show it."""
    parts = urlsplit(url)
    netloc = parts.hostname or ""
    if parts.port:
        netloc = f"{netloc}:{parts.port}"
    return urlunsplit((parts.scheme, netloc, parts.path, "", ""))


def breaker(url: str) -> Breaker:
    """The breaker of the Redis at `url` (one per server and database, per process)."""
    with _breakers_lock:
        found = _breakers.get(url)
        if found is None:
            found = _breakers[url] = Breaker(_display(url))
        return found


def reset_all() -> None:
    with _breakers_lock:
        for each in _breakers.values():
            each.reset()


def call(url: str, operation: Callable[[], T]) -> T:
    """Run one Redis operation against `url` through its breaker.

    Raises RedisSkipped while the circuit is open, and whatever the operation raises."""
    guard = breaker(url)
    if not guard.allow():
        raise RedisSkipped(f"Redis at {guard.name} failed recently; skipped")
    try:
        result = operation()
    except UNREACHABLE as exc:
        guard.failed(exc, settings.REDIS_BREAKER_SECONDS)
        raise
    except redis.RedisError:
        guard.succeeded()  # Redis answered, with an error of its own
        raise
    except BaseException:
        guard.abandoned()
        raise
    guard.succeeded()
    return result


def client_options(timeout: float) -> dict[str, Any]:
    """Connection options for every Redis client: bounded connect and reads, no retries."""
    return {
        "socket_connect_timeout": timeout,
        "socket_timeout": timeout,
        "retry": Retry(NoBackoff(), 0),
    }


def url_with_timeouts(url: str, timeout: float) -> str:
    """`url` with the connect and read timeouts in its query, for clients built from a URL
    alone (django-rq's RQ_QUEUES). An RQ worker raises the read timeout of its own connection
    above its blocking wait for jobs; the connect timeout stays bounded."""
    base, _, query = url.partition("?")  # by hand: urlunsplit drops unix:/// to unix:/
    kept = [
        (name, value)
        for name, value in parse_qsl(query)
        if name not in {"socket_timeout", "socket_connect_timeout"}
    ]
    kept += [("socket_connect_timeout", str(timeout)), ("socket_timeout", str(timeout))]
    return f"{base}?{urlencode(kept)}"


@cache
def _client(url: str, timeout: float) -> redis.Redis:
    return redis.Redis.from_url(url, **client_options(timeout))


def client(url: str) -> redis.Redis:
    """A shared client (one connection pool per URL and process) with the bounded options."""
    return _client(url, settings.REDIS_TIMEOUT_MS / 1000)
