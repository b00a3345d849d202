"""Periodic work, declared in one place; `manage.py sweep_outbox` runs it in a loop.

One small process (under `make run`, the `sweeper` compose service, or a cron job calling
`sweep_outbox --once`) is simpler to reason about than a second scheduler: a missed run only
delays, never loses, because every task looks at what is due in the database.
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


def _daily_digests() -> int:
    from candidates.services import send_daily_digests

    return send_daily_digests()


def _rescore_outdated() -> int:
    from screening.services import rescore_outdated_versions

    return rescore_outdated_versions()


TASKS: list[Task] = [
    Task("sweep_outbox", sweep_outbox, None),
    # Each digest is keyed by its day, so running hourly sends it once, soon after 08:00 local.
    Task("daily_digests", _daily_digests, 3600),
    # A deploy with a new SCORING_VERSION rescores every posting's applications, 20 at a time.
    Task("rescore_outdated", _rescore_outdated, 600),
]
