"""RQ jobs: thin, take an id, safe to run twice."""

from __future__ import annotations

from outbox import services


def deliver(message_id: int) -> str:
    return services.deliver_message(message_id)
