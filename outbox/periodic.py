"""Periodic work, registered by the apps that own it; `manage.py sweep_outbox` runs it in a loop.

One small process (under `make run`, the `sweeper` compose service, or a cron job calling
`sweep_outbox --once`) is simpler to reason about than a second scheduler: a missed run only
delays, never loses, because every task looks at what is due in the database.

The outbox sits below every domain app, so it never imports their work: each app registers its
tasks from its AppConfig.ready(), as it registers its message kinds in `outbox.handlers`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from outbox.services import sweep_outbox


@dataclass(frozen=True)
class Task:
    name: str
    run: Callable[[], object]
    every_seconds: int | None  # None: every loop (OUTBOX_SWEEP_INTERVAL_SECONDS)


TASKS: list[Task] = [Task("sweep_outbox", sweep_outbox, None)]


def register(name: str, run: Callable[[], object], *, every_seconds: int | None = None) -> Task:
    """Add a task to the sweeper's loop; registering a name again replaces it (safe to repeat)."""
    task = Task(name, run, every_seconds)
    for index, existing in enumerate(TASKS):
        if existing.name == name:
            TASKS[index] = task
            return task
    TASKS.append(task)
    return task
