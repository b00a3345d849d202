"""What apps above postings hear of a posting's changes, without postings importing them.

Postings sits below screening: its services can't call the scorer, so the scorer registers a
function here (in `screening.registrations`) and the services call every registered function
inside their own transaction, so what the listener writes commits or rolls back with the change.

    # screening/registrations.py
    register_requirements_changed("screening", services.requirements_changed)
"""

from __future__ import annotations

from collections.abc import Callable

from postings.models import Posting

Listener = Callable[[Posting], object]


class Hook:
    """Listeners by name, each called with the posting; registering a name again (a reloaded
    module brings a new function) replaces its listener rather than calling both."""

    def __init__(self) -> None:
        self.listeners: dict[str, Listener] = {}

    def register(self, name: str, listener: Listener) -> Listener:
        self.listeners[name] = listener
        return listener

    def notify(self, posting: Posting) -> None:
        for listener in self.listeners.values():
            listener(posting)


# A posting's requirements were added, changed or removed (a reorder doesn't count: the order
# never changes what is asked).
requirements_changed = Hook()


def register_requirements_changed(name: str, listener: Listener) -> Listener:
    return requirements_changed.register(name, listener)


def notify_requirements_changed(posting: Posting) -> None:
    requirements_changed.notify(posting)
