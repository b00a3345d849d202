"""The outbox kinds that score: thin, take ids, load fresh rows, call a service."""

from __future__ import annotations

from typing import Any

from outbox.handlers import PermanentFailure, register
from outbox.models import Message, State
from screening import services


def _ids(payload: dict[str, Any], name: str) -> Any:
    value = payload.get(name)
    if value is None:
        raise PermanentFailure(f"The payload has no {name}.")
    return value


@register("score", queue="scoring")
def score(message: Message) -> None:
    services.score_application(_ids(message.payload, "application_id"))


@register("score_batch", queue="scoring")
def score_batch(message: Message) -> None:
    services.score_batch(
        _ids(message.payload, "rescoring_id"), _ids(message.payload, "application_ids")
    )


def on_message_finished(sender: type, *, message: Message, **kwargs: Any) -> None:
    if message.kind in ("score", "score_batch") and message.state == State.FAILED:
        services.record_scoring_failure(message.kind, message.payload, message.last_error)
