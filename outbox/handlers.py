"""The registry of side effects by kind: later features add kinds without touching the runner."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from outbox.models import Message

Handler = Callable[["Message"], None]


class PermanentFailure(Exception):
    """Retrying cannot help (the row is gone, the payload is wrong): fail the message now."""


class NoLongerWanted(Exception):
    """The side effect should no longer happen (its recipient left the team since it was
    recorded): cancel the message, with the reason, rather than count it as a failure."""


@dataclass(frozen=True)
class Kind:
    name: str
    handler: Handler
    queue: str


KINDS: dict[str, Kind] = {}


def register(name: str, *, queue: str = "default") -> Callable[[Handler], Handler]:
    def decorator(handler: Handler) -> Handler:
        KINDS[name] = Kind(name=name, handler=handler, queue=queue)
        return handler

    return decorator


def get_kind(name: str) -> Kind:
    try:
        return KINDS[name]
    except KeyError:
        raise PermanentFailure(
            f"Unknown message kind {name!r}: no handler is registered for it."
        ) from None
