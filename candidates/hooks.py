"""What apps above candidates do when an application closes, without candidates importing them
(the pattern of postings.hooks and accounts.hooks).

Interviews cancels the application's upcoming interviews when it is rejected, withdrawn or
hired. The services call every listener inside their own transaction, so what a listener writes
(cancellations, invitations in the outbox) commits or rolls back with the change. Before asking,
the profile's actions read `closing_notices` to name, in their confirmation, what closing the
application also does.

    # interviews/feedback_registrations.py
    register_application_closing("interviews", scorecards.cancel_upcoming)
    register_closing_notice("interviews", scorecards.upcoming_named)
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from candidates.models import Application

ClosingListener = Callable[["Application", Any], object]
ClosingNotice = Callable[["Application"], list[str]]

# By name: registering a name again (a reloaded module) replaces its listener.
_closing: dict[str, ClosingListener] = {}
_notices: dict[str, ClosingNotice] = {}


def register_application_closing(name: str, listener: ClosingListener) -> ClosingListener:
    """`listener(application, by)` runs in the transaction that rejects, withdraws or hires."""
    _closing[name] = listener
    return listener


def register_closing_notice(name: str, notice: ClosingNotice) -> ClosingNotice:
    """`notice(application)` names what closing the application would also undo (one line
    each), for the confirmation the team sees first."""
    _notices[name] = notice
    return notice


def notify_application_closing(application: Application, by: Any) -> None:
    for listener in _closing.values():
        listener(application, by)


def closing_notices(application: Application) -> list[str]:
    return [line for notice in _notices.values() for line in notice(application)]
