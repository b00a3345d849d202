from __future__ import annotations

import logging
from datetime import datetime

from django.conf import settings
from rq import Queue

from config import redis_breaker

logger = logging.getLogger(__name__)


def get_queue(name: str) -> Queue:
    # Bounded timeouts and the shared breaker: when Redis is down or frozen, a request that
    # records a message must not hang; the row is the truth and the sweeper enqueues it later.
    return Queue(name, connection=redis_breaker.client(settings.REDIS_URL))


def enqueue(message_id: int, queue: str, *, at: datetime | None = None) -> bool:
    """Put the delivery job on its queue; False (and a log line) when Redis can't be reached
    (or failed moments ago) or anything else goes wrong: the sweeper enqueues it later."""
    from outbox.jobs import deliver

    def put() -> object:
        if at is not None:
            return get_queue(queue).enqueue_at(at, deliver, message_id)
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
