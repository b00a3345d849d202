"""Fixed-window rate limits counted in Redis. They fail open: a Redis outage must never stop a
candidate from applying, so an unreachable (or just failed, see config/redis_breaker.py) Redis
allows the request and logs a line."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from functools import wraps
from typing import Any

import redis
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from config import redis_breaker
from config.http import client_ip

logger = logging.getLogger(__name__)


def parse_rate(text: str) -> tuple[int, int]:
    """'10/600' means 10 requests per 600 seconds."""
    count, _, seconds = text.partition("/")
    return int(count), int(seconds)


def seconds_left(rate: str) -> int:
    """Seconds until the current window of `rate` ends: the 429's Retry-After."""
    _limit, window = parse_rate(rate)
    return max(1, window - int(time.time()) % window)


def hit(bucket: str, key: str, rate: str) -> bool:
    """Count one request for `key`; False when it is over the limit."""
    limit, window = parse_rate(rate)
    slot = int(time.time() // window)
    name = f"ratelimit:{bucket}:{key}:{slot}"

    def count_it() -> int:
        pipe = redis_breaker.client(settings.REDIS_URL).pipeline()
        pipe.incr(name)
        pipe.expire(name, window + 5)
        return int(pipe.execute()[0])

    try:
        count = redis_breaker.call(settings.REDIS_URL, count_it)
    except redis.RedisError as exc:
        logger.warning(
            "rate limit unavailable; allowing",
            extra={"bucket": bucket, "error": type(exc).__name__},
        )
        return True
    return count <= limit


def too_many_requests(
    request: HttpRequest,
    rate: str,
    template: str = "429.html",
    context: dict[str, Any] | None = None,
) -> HttpResponse:
    """The friendly 429 every limit answers, saying when the window of `rate` ends."""
    response = render(request, template, context, status=429)
    response["Retry-After"] = str(seconds_left(rate))
    return response


def limited(
    bucket: str, setting: str, *, methods: tuple[str, ...] = ()
) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Limit a view per person (per address when signed out) to `settings.<setting>`, a
    "count/seconds": over it, a friendly 429 that says when to try again. For views an
    attacker or a runaway script could make expensive: posting notes, lookups as you type,
    signing in. `methods` limits only those (a sign-in page may be read as often as wanted)."""

    def decorator(view: Callable[..., Any]) -> Callable[..., Any]:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
            if methods and request.method not in methods:
                return view(request, *args, **kwargs)
            rate = getattr(settings, setting)
            who = request.user.pk if request.user.is_authenticated else client_ip(request)
            if not hit(bucket, str(who), rate):
                return too_many_requests(request, rate)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
