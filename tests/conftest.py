from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def run_python(
    code: str, env: dict[str, str], timeout: float = 60
) -> subprocess.CompletedProcess[str]:
    """Run Python in a fresh process (settings are read once per process) with `env` added."""
    full_env = {**os.environ, **env}
    for name, value in env.items():
        if value == "":
            full_env.pop(name, None)
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=full_env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


@pytest.fixture
def production_env(settings) -> dict[str, str]:
    """A complete production environment pointing at the servers this test run uses."""
    from django.db import connection

    db = connection.settings_dict
    host = db["HOST"] or "localhost"
    database_url = (
        f"postgres://{db['USER']}:{db['PASSWORD'] or ''}@{host}:{db['PORT'] or 5432}/{db['NAME']}"
        if not host.startswith("/")
        else f"postgres://{db['USER']}@/{db['NAME']}?host={host}"
    )
    return {
        "DJANGO_ENV": "production",
        "SECRET_KEY": "x7Kq2-production-test-key-with-enough-entropy-3f9a1c2b8d4e6f0a9b7c5d3e1f",
        "ALLOWED_HOSTS": "127.0.0.1,localhost,shortlist.example",
        "DATABASE_URL": database_url,
        "REDIS_URL": settings.REDIS_URL,
        "EMAIL_URL": "smtp://mailer:secret@127.0.0.1:2525",
        "DEBUG": "",
    }
