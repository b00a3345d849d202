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


# A new posting was set up (postings.services.set_up_new_posting): listeners get the posting and
# which default stage each new stage was made from ({stage id: default stage id}), and add what
# their app keeps per stage (interviews copies the default interview kinds).
SetUpListener = Callable[[Posting, dict[int, int]], object]
posting_set_up: dict[str, SetUpListener] = {}

# A posting was duplicated: listeners get the original, the copy and {original stage id: copy's
# stage id}, and copy what their app keeps per stage.
DuplicatedListener = Callable[[Posting, Posting, dict[int, int]], object]
posting_duplicated: dict[str, DuplicatedListener] = {}


def register_posting_set_up(name: str, listener: SetUpListener) -> SetUpListener:
    posting_set_up[name] = listener
    return listener


def register_posting_duplicated(name: str, listener: DuplicatedListener) -> DuplicatedListener:
    posting_duplicated[name] = listener
    return listener


def notify_posting_set_up(posting: Posting, stage_sources: dict[int, int]) -> None:
    for listener in posting_set_up.values():
        listener(posting, stage_sources)


def notify_posting_duplicated(original: Posting, copy: Posting, stage_map: dict[int, int]) -> None:
    for listener in posting_duplicated.values():
        listener(original, copy, stage_map)


# People left a posting's hiring team (an edit of the posting): listeners get the posting and
# the ids of those who left, inside the edit's transaction (interviews takes them off the
# posting's upcoming interviews).
TeamLeftListener = Callable[[Posting, set[int]], object]
hiring_team_left: dict[str, TeamLeftListener] = {}


def register_hiring_team_left(name: str, listener: TeamLeftListener) -> TeamLeftListener:
    hiring_team_left[name] = listener
    return listener


def notify_hiring_team_left(posting: Posting, user_ids: set[int]) -> None:
    for listener in hiring_team_left.values():
        listener(posting, user_ids)
