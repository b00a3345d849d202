from __future__ import annotations

import logging
from datetime import datetime, timedelta
from functools import cache

import redis
from django.conf import settings
from rq import Queue

logger = logging.getLogger(__name__)


@cache
def _connection(url: str) -> redis.Redis:
    # Short timeouts: when Redis is down, a request that records a message must not hang; the
    # sweeper enqueues the message later.
    return redis.Redis.from_url(url, socket_connect_timeout=2, socket_timeout=5)


def get_queue(name: str) -> Queue:
    # The queue's own job timeout (settings.RQ_JOB_TIMEOUTS); RQ's default would be 180 s.
    timeout = settings.RQ_JOB_TIMEOUTS.get(name, settings.RQ_JOB_TIMEOUTS["default"])
    return Queue(name, connection=_connection(settings.REDIS_URL), default_timeout=timeout)


def enqueue(message_id: int, queue: str, *, at: datetime | None = None) -> bool:
    """Put the delivery job on its queue; False (and a log line) when Redis can't be reached."""
    from outbox.jobs import deliver

    try:
        if at is not None:
            # RQ keeps whole seconds of a scheduled time and so runs the job up to a second
            # early; the claim would skip it as not yet due, leaving it to the sweeper.
            if at.microsecond:
                at = at.replace(microsecond=0) + timedelta(seconds=1)
            get_queue(queue).enqueue_at(at, deliver, message_id)
        else:
            get_queue(queue).enqueue(deliver, message_id)
    except redis.RedisError as exc:
        logger.warning(
            "outbox enqueue failed; the sweeper will retry",
            extra={"message_id": message_id, "error": type(exc).__name__},
        )
        return False
    return True
