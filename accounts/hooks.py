"""What apps above accounts do when a member leaves an organization, without accounts importing
them (the pattern of postings.hooks).

Postings takes the person off the organization's hiring teams; candidates forgets how they
wanted to hear about new applicants. `remove_member` calls every listener inside its own
transaction, before the membership row goes, so their writes commit or roll back with it.

    # postings/registrations.py
    register_member_removed("postings.hiring_teams", leave_hiring_teams)
"""

from __future__ import annotations

from collections.abc import Callable

from accounts.models import Membership

Listener = Callable[[Membership], object]

# By name: registering a name again (a reloaded module) replaces its listener.
_member_removed: dict[str, Listener] = {}


def register_member_removed(name: str, listener: Listener) -> Listener:
    _member_removed[name] = listener
    return listener


def notify_member_removed(membership: Membership) -> None:
    for listener in _member_removed.values():
        listener(membership)
