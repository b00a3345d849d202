from __future__ import annotations

import os
import subprocess
import sys

from django.conf import settings

from tests.conftest import ROOT, current_database_url


def run_worker(smtp_port: int, *queues: str) -> subprocess.CompletedProcess[str]:
    """A real RQ worker process, in burst mode: it works the queues until they are empty."""
    env = {
        **os.environ,
        "DJANGO_ENV": "test",
        "DATABASE_URL": current_database_url(),
        "REDIS_URL": settings.REDIS_URL,
        "EMAIL_URL": f"smtp://127.0.0.1:{smtp_port}",
    }
    return subprocess.run(
        [
            sys.executable,
            "manage.py",
            "rqworker",
            "--burst",
            "--with-scheduler",
            *(queues or ("email", "default")),
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
