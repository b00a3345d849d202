from __future__ import annotations

import logging
from datetime import datetime, timedelta

from django.conf import settings
from rq import Queue

from config import redis_breaker

logger = logging.getLogger(__name__)


def get_queue(name: str) -> Queue:
    # The queue's own job timeout (settings.RQ_JOB_TIMEOUTS); RQ's default would be 180 s.
    # Bounded timeouts and the shared breaker: when Redis is down or frozen, a request that
    # records a message must not hang; the row is the truth and the sweeper enqueues it later.
    timeout = settings.RQ_JOB_TIMEOUTS.get(name, settings.RQ_JOB_TIMEOUTS["default"])
    return Queue(name, connection=redis_breaker.client(settings.REDIS_URL), default_timeout=timeout)


def enqueue(message_id: int, queue: str, *, at: datetime | None = None) -> bool:
    """Put the delivery job on its queue; False (and a log line) when Redis can't be reached
    (or failed moments ago) or anything else goes wrong: the sweeper enqueues it later."""
    from outbox.jobs import deliver

    def put() -> object:
        if at is not None:
            # RQ keeps whole seconds of a scheduled time and so runs the job up to a second
            # early; the claim would skip it as not yet due, leaving it to the sweeper.
            when = at.replace(microsecond=0) + timedelta(seconds=1) if at.microsecond else at
            return get_queue(queue).enqueue_at(when, deliver, message_id)
        return get_queue(queue).enqueue(deliver, message_id)

    try:
        redis_breaker.call(settings.REDIS_URL, put)
    except Exception as exc:  # noqa: BLE001 - the row is recorded; a failed wake-up only delays it
        # This runs on commit, after the caller's change is stored: raising would answer a 500
        # for a request that succeeded.
        logger.warning(
            "outbox enqueue failed; the sweeper will retry",
            extra={"message_id": message_id, "error": type(exc).__name__},
        )
        return False
    return True
