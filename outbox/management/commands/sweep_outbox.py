from __future__ import annotations

import logging
import signal
import time
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import close_old_connections

from outbox.periodic import TASKS

logger = logging.getLogger(__name__)


class Command(BaseCommand):
    help = (
        "Run the periodic tasks: re-enqueue due outbox messages and prune old ones. "
        "Loops every OUTBOX_SWEEP_INTERVAL_SECONDS; --once runs one round and exits."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--once", action="store_true", help="Run one round and exit.")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["once"]:
            for task in TASKS:
                result = task.run()
                self.stdout.write(f"{task.name}: {result}")
            return
        stopping = False

        def stop(signum: int, frame: object) -> None:
            nonlocal stopping
            stopping = True

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        last_run: dict[str, float] = {}
        interval = settings.OUTBOX_SWEEP_INTERVAL_SECONDS
        self.stdout.write(f"sweeper: running {len(TASKS)} task(s) every {interval}s")
        while not stopping:
            for task in TASKS:
                every = task.every_seconds or interval
                if time.monotonic() - last_run.get(task.name, -every) < every:
                    continue
                last_run[task.name] = time.monotonic()
                close_old_connections()
                try:
                    task.run()
                except Exception:
                    # One failed round (database restarting, say) must not stop the loop.
                    logger.exception("periodic task failed", extra={"task": task.name})
            deadline = time.monotonic() + interval
            while not stopping and time.monotonic() < deadline:
                time.sleep(0.2)
