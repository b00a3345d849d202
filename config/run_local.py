"""`make run`: migrate, load the demo, then serve the app with an RQ worker beside it.

Ctrl-C stops the web process and the worker, and the embedded database and Redis servers when
this run started them.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

HOST = os.environ.get("RUN_HOST", "127.0.0.1")
PORT = os.environ.get("RUN_PORT", "8000")
MANAGE = [sys.executable, "manage.py"]


def _embedded_wanted() -> bool:
    return not os.environ.get("DATABASE_URL") or not os.environ.get("REDIS_URL")


def main() -> int:
    from config import embedded

    started_servers = _embedded_wanted() and not embedded.running()
    subprocess.run([*MANAGE, "migrate", "--noinput"], check=True)
    demo = subprocess.run([*MANAGE, "load_demo"], check=True, capture_output=True, text=True)
    processes = {
        "web": subprocess.Popen([*MANAGE, "runserver", f"{HOST}:{PORT}"]),
        "worker": subprocess.Popen(
            [*MANAGE, "rqworker", "default", "email", "scoring", "--with-scheduler"]
        ),
    }
    print(demo.stdout)
    print(f"Shortlist is running at http://{HOST}:{PORT}/  (admin: http://{HOST}:{PORT}/admin/)")
    print("Press Ctrl-C to stop the web server, the worker and the embedded servers.\n", flush=True)
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
        for process in processes.values():
            if process.poll() is None:
                process.send_signal(signal.SIGINT)
        for process in processes.values():
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
        if started_servers:
            embedded.stop()
    return code


if __name__ == "__main__":
    sys.exit(main())
