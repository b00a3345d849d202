"""Fixed-window rate limits counted in Redis. They fail open: a Redis outage must never stop a
candidate from applying, so an unreachable Redis allows the request and logs a line."""

from __future__ import annotations

import logging
import time
from functools import cache

import redis
from django.conf import settings

logger = logging.getLogger(__name__)


@cache
def _client(url: str) -> redis.Redis:
    return redis.Redis.from_url(url, socket_connect_timeout=0.5, socket_timeout=0.5)


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
    try:
        pipe = _client(settings.REDIS_URL).pipeline()
        pipe.incr(name)
        pipe.expire(name, window + 5)
        count = int(pipe.execute()[0])
    except redis.RedisError as exc:
        logger.warning(
            "rate limit unavailable; allowing",
            extra={"bucket": bucket, "error": type(exc).__name__},
        )
        return True
    return count <= limit
