from __future__ import annotations

import os
import socket
import subprocess
import sys
from dataclasses import dataclass, field
from typing import Any

import pytest
import redis
from aiosmtpd.controller import Controller
from django.conf import settings

from tests.conftest import ROOT


@dataclass
class SmtpRecorder:
    """An aiosmtpd handler: records what it accepts; `replies` scripts answers to the next DATAs."""

    received: list[Any] = field(default_factory=list)
    replies: list[str] = field(default_factory=list)

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        if self.replies:
            reply = self.replies.pop(0)
            if not reply.startswith("250"):
                return reply
        self.received.append(envelope)
        return "250 Message accepted for delivery"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def smtp_server(settings):
    """A real SMTP server on loopback; Django's SMTP backend points at it for the test."""
    recorder = SmtpRecorder()
    port = _free_port()
    controller = Controller(recorder, hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = port
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = ""
    settings.EMAIL_HOST_PASSWORD = ""
    recorder.port = port  # type: ignore[attr-defined]
    yield recorder
    controller.stop()


@pytest.fixture(autouse=True)
def empty_queues():
    """Tests own their Redis database (1 locally, the CI's own); start each with empty queues."""
    redis.Redis.from_url(settings.REDIS_URL).flushdb()


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
