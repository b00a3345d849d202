from __future__ import annotations

import os
import subprocess
import sys

from django.conf import settings

from tests.conftest import ROOT


def run_worker(smtp_port: int, *queues: str) -> subprocess.CompletedProcess[str]:
    """A real RQ worker process, in burst mode: it works the queues until they are empty."""
    from django.db import connection

    db = connection.settings_dict
    host = db["HOST"] or "localhost"
    if host.startswith("/"):
        database_url = f"postgres://{db['USER']}@/{db['NAME']}?host={host}"
    else:
        password = db["PASSWORD"] or ""
        database_url = (
            f"postgres://{db['USER']}:{password}@{host}:{db['PORT'] or 5432}/{db['NAME']}"
        )
    env = {
        **os.environ,
        "DJANGO_ENV": "test",
        "DATABASE_URL": database_url,
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
