"""`make run`: migrate, load the demo, then serve the app with an RQ worker per queue and the
sweeper.

Ctrl-C stops the web process and the workers, and the embedded database and Redis servers when
this run started them.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time

HOST = os.environ.get("RUN_HOST", "127.0.0.1")
PORT = os.environ.get("RUN_PORT", "8000")
MANAGE = [sys.executable, "manage.py"]
# One worker per queue (settings.RQ_QUEUES), as in compose: a slow SMTP server then holds the
# email worker only, never scoring. Each runs the scheduler for its queue's delayed jobs.
QUEUES = ("default", "email", "scoring")
# Scoring runs thousands of short jobs without RQ's fork per job (outbox/workers.py says why
# that is safe there); the same class as in compose.
WORKER_CLASSES = {"scoring": "outbox.workers.InProcessWorker"}


def worker_args(queue: str) -> tuple[str, ...]:
    special = WORKER_CLASSES.get(queue)
    return (
        "rqworker",
        queue,
        "--with-scheduler",
        *(("--worker-class", special) if special else ()),
    )


def _embedded_wanted() -> bool:
    return not os.environ.get("DATABASE_URL") or not os.environ.get("REDIS_URL")


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def _start(*args: str) -> subprocess.Popen[bytes]:
    # Each child leads its own process group, so we decide when it stops and can signal its
    # whole group (runserver's autoreloader runs the server in a child process).
    return subprocess.Popen([*MANAGE, *args], start_new_session=True)


def main() -> int:
    from config import embedded

    # A terminal is read by a person: readable lines, whatever DJANGO_ENV this shell exports
    # (the children inherit it). An explicit LOG_FORMAT=json still wins.
    os.environ.setdefault("LOG_FORMAT", "text")

    # Explicit handlers: a shell that starts us in the background may have left SIGINT ignored.
    signal.signal(signal.SIGINT, _interrupt)
    signal.signal(signal.SIGTERM, _interrupt)
    started_servers = _embedded_wanted() and not embedded.running()
    subprocess.run([*MANAGE, "migrate", "--noinput"], check=True)
    demo = subprocess.run([*MANAGE, "load_demo"], check=True, capture_output=True, text=True)
    processes = {
        "web": _start("runserver", f"{HOST}:{PORT}"),
        **{f"worker-{queue}": _start(*worker_args(queue)) for queue in QUEUES},
        "sweeper": _start("sweep_outbox"),
    }
    print(demo.stdout)
    print(f"Shortlist is running at http://{HOST}:{PORT}/  (admin: http://{HOST}:{PORT}/admin/)")
    print("Emails are printed here by the worker. Ctrl-C stops everything.\n", flush=True)
    code = 0
    try:
        while True:
            for name, process in processes.items():
                if process.poll() is not None:
                    print(
                        f"{name} exited with status {process.returncode}; stopping.",
                        file=sys.stderr,
                    )
                    code = process.returncode or 1
                    raise KeyboardInterrupt
            time.sleep(0.5)
    except KeyboardInterrupt:
        pass
    finally:
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # a second Ctrl-C must not cut cleanup short
        for process in processes.values():
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGINT)
        for process in processes.values():
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
        if started_servers:
            embedded.stop()
    return code


if __name__ == "__main__":
    sys.exit(main())
