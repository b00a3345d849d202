"""RQ worker classes. `InProcessWorker` runs each job in the worker's own process.

RQ's default worker forks a work horse per job: a crash or leak in one job never reaches the
next, at ~19 ms a job (the fork, then a fresh database connection in the horse). The scoring
queue runs thousands of short jobs whose dangerous part, reading a stranger's file, already
happens in a sandboxed child (screening/engine/sandbox.py), so it runs them in process. Its
safety net: the job timeout still holds (RQ's SIGALRM death penalty interrupts the job, and the
sandbox kills a child caught mid-file), the database connections are checked and dropped when
broken around each job as Django does around a request, and a worker that dies mid-job leaves
its message to the outbox lease and the sweeper, as a dead work horse does.
"""

from __future__ import annotations

from typing import Any

from django.db import close_old_connections
from rq import SimpleWorker


class InProcessWorker(SimpleWorker):
    def execute_job(self, job: Any, queue: Any) -> None:
        close_old_connections()
        try:
            super().execute_job(job, queue)
        finally:
            close_old_connections()
