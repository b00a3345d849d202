from __future__ import annotations

import asyncio
import os
import socket
import subprocess
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP
from django.test import Client

from accounts.models import Organization, Role, User
from tests.factories import MembershipFactory, OrganizationFactory, PostingFactory, UserFactory

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


def current_database_url() -> str:
    """A URL for the test database this run uses, for processes started by the tests."""
    from django.db import connection

    db = connection.settings_dict
    host = db["HOST"] or "localhost"
    if host.startswith("/"):  # a unix socket folder (the embedded server)
        return f"postgres://{db['USER']}@/{db['NAME']}?host={host}"
    return (
        f"postgres://{db['USER']}:{db['PASSWORD'] or ''}@{host}:{db['PORT'] or 5432}/{db['NAME']}"
    )


def worker_env(smtp_port: int | None = None, **extra: str) -> dict[str, str]:
    """The environment of a process the tests start (a worker, the sweeper): this run's
    database, Redis and media folder; with `smtp_port`, its emails go to that server."""
    from django.conf import settings

    env = {
        **os.environ,
        "DJANGO_ENV": "test",
        "DATABASE_URL": current_database_url(),
        "REDIS_URL": settings.REDIS_URL,
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),
        **extra,
    }
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)  # set around the browser tests only
    if smtp_port is not None:
        env["EMAIL_URL"] = f"smtp://127.0.0.1:{smtp_port}"
    return env


def run_worker(
    *queues: str, smtp_port: int | None = None, worker_class: str = ""
) -> subprocess.CompletedProcess[str]:
    """A real RQ worker process in burst mode, on this run's database, Redis and media folder:
    it works the queues until they are empty. With `smtp_port`, its emails go to that server;
    with `worker_class`, it is that RQ worker class (as `make run` starts the scoring worker)."""
    chosen = ["--worker-class", worker_class] if worker_class else []
    return subprocess.run(
        [sys.executable, "manage.py", "rqworker", "--burst", "--with-scheduler", *chosen, *queues],
        cwd=ROOT,
        env=worker_env(smtp_port),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.fixture
def production_env(settings) -> dict[str, str]:
    """A complete production environment pointing at the servers this test run uses."""
    database_url = current_database_url()
    return {
        "DJANGO_ENV": "production",
        "SECRET_KEY": "x7Kq2-production-test-key-with-enough-entropy-3f9a1c2b8d4e6f0a9b7c5d3e1f",
        "ALLOWED_HOSTS": "127.0.0.1,localhost,shortlist.example",
        "DATABASE_URL": database_url,
        "REDIS_URL": settings.REDIS_URL,
        "EMAIL_URL": "smtp://mailer:secret@127.0.0.1:2525",
        "DEBUG": "",
    }


@dataclass
class Persona:
    """A logged-in person: `persona.client` is their browser."""

    user: User
    client: Client
    organization: Organization | None


def give_two_factor(user: User) -> Any:
    """A confirmed authenticator device for `user`, as if they had set it up."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    return TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=True)


def sign_in(client: Client, user: User) -> Client:
    """force_login, and the second step as well for someone with a confirmed device: the
    session holds django-otp's verified device id, as after typing a code."""
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from accounts.access import TWO_FACTOR_PENDING_KEY

    client.force_login(user)
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is not None:
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.pop(TWO_FACTOR_PENDING_KEY, None)
        session.save()
    return client


def make_persona(
    organization: Organization | None, role: str | None, **user_fields: object
) -> Persona:
    """A signed-in person. Org admins and staff have two-factor set up and verified, as
    TWO_FACTOR_REQUIRED (on in tests, staging and production) makes them."""
    user = UserFactory.create(**user_fields)
    if organization is not None and role is not None:
        MembershipFactory.create(user=user, organization=organization, role=role)
    if role == Role.ADMIN or user.is_staff:
        give_two_factor(user)
    return Persona(user=user, client=sign_in(Client(), user), organization=organization)


@pytest.fixture
def organization() -> Organization:
    return OrganizationFactory.create(name="Kolanut Pay", slug="kolanut-pay")


@pytest.fixture
def other_organization() -> Organization:
    return OrganizationFactory.create(name="Brightloom", slug="brightloom", default_currency="EUR")


@pytest.fixture
def org_admin(organization) -> Persona:
    return make_persona(organization, Role.ADMIN, email="admin@kolanut.test")


@pytest.fixture
def recruiter(organization) -> Persona:
    return make_persona(organization, Role.RECRUITER, email="recruiter@kolanut.test")


@pytest.fixture
def hiring_manager(organization) -> Persona:
    return make_persona(organization, Role.HIRING_MANAGER, email="manager@kolanut.test")


@pytest.fixture
def interviewer(organization) -> Persona:
    return make_persona(organization, Role.INTERVIEWER, email="interviewer@kolanut.test")


@pytest.fixture
def outsider(other_organization) -> Persona:
    """An admin of another organization: sees everything there, nothing of ours."""
    return make_persona(other_organization, Role.ADMIN, email="admin@brightloom.test")


@pytest.fixture
def staff(organization) -> Persona:
    """Staff (Django admin) who administers our organization only."""
    return make_persona(organization, Role.ADMIN, email="staff@kolanut.test", is_staff=True)


@pytest.fixture
def superuser() -> Persona:
    return make_persona(None, None, email="root@shortlist.test", is_staff=True, is_superuser=True)


@pytest.fixture
def other_hiring_manager(organization) -> Persona:
    """A second hiring manager of ours: on no posting's team unless a test puts them there."""
    return make_persona(organization, Role.HIRING_MANAGER, email="manager2@kolanut.test")


@pytest.fixture
def other_interviewer(organization) -> Persona:
    """A second interviewer of ours: on no posting's team unless a test puts them there."""
    return make_persona(organization, Role.INTERVIEWER, email="interviewer2@kolanut.test")


@pytest.fixture
def two_org_member(organization, other_organization) -> Persona:
    """A recruiter of ours who is also an admin of the other organization (one account)."""
    persona = make_persona(organization, Role.RECRUITER, email="both@kolanut.test")
    MembershipFactory.create(user=persona.user, organization=other_organization, role=Role.ADMIN)
    return persona


@pytest.fixture
def posting(organization, hiring_manager):
    """An open posting whose hiring team has the hiring manager (modules override it)."""
    posting = PostingFactory.create(organization=organization, title="Backend Lead", status="open")
    posting.hiring_team.add(hiring_manager.user)
    return posting


@dataclass
class SmtpRecorder:
    """An aiosmtpd handler: records what it accepts; `replies` scripts answers to the next DATAs.

    Faults: `drip` makes the server answer one byte every `drip_interval` seconds (greeting and
    replies alike); `hold`, while unset, keeps each DATA's reply back (the message is received,
    recorded and unanswered); `before_reply` runs (in a thread) before each DATA's reply."""

    received: list[Any] = field(default_factory=list)
    replies: list[str] = field(default_factory=list)
    drip: bool = False
    drip_interval: float = 0.5
    hold: threading.Event | None = None
    before_reply: Callable[[], None] | None = None
    data_seen: threading.Event = field(default_factory=threading.Event)
    port: int = 0

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.data_seen.set()
        if self.replies:
            reply = self.replies.pop(0)
            if not reply.startswith("250"):
                return reply
        self.received.append(envelope)
        while self.hold is not None and not self.hold.is_set():
            await asyncio.sleep(0.05)
        if self.before_reply is not None:
            await asyncio.get_running_loop().run_in_executor(None, self.before_reply)
        return "250 Message accepted for delivery"


class _ScriptedSMTP(SMTP):
    async def push(self, status: Any) -> None:
        handler = self.event_handler
        if not handler.drip:
            await super().push(status)
            return
        response = status.encode() if isinstance(status, str) else status
        for byte in response + b"\r\n":
            self._writer.write(bytes([byte]))
            await self._writer.drain()
            await asyncio.sleep(handler.drip_interval)


class ScriptedController(Controller):
    """aiosmtpd's controller with the server above: it can drip-feed its answers."""

    def factory(self) -> SMTP:
        return _ScriptedSMTP(self.handler, **self.SMTP_kwargs)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def smtp_server(settings):
    """A real SMTP server on loopback; Django's SMTP backend points at it for the test."""
    recorder = SmtpRecorder()
    port = free_port()
    controller = ScriptedController(recorder, hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "outbox.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = port
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = ""
    settings.EMAIL_HOST_PASSWORD = ""
    recorder.port = port
    yield recorder
    if recorder.hold is not None:
        recorder.hold.set()  # a held reply must not keep the server from stopping
    recorder.drip = False
    controller.stop()


@pytest.fixture(autouse=True)
def _empty_redis(settings):
    """Each test starts with empty queues and rate-limit counters. The suite owns its Redis
    database (1 with the embedded server, the one CI names), so flushing it is safe."""
    import redis

    redis.Redis.from_url(settings.REDIS_URL).flushdb()
    # What a process keeps in front of Redis and the database goes with them.
    from careers.views import recent_stamps
    from config.public_pages import recent_pages

    recent_pages.clear()
    recent_stamps.clear()


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    """Uploaded and generated resumes land in a folder of the test's own, never in .data/."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _redis_breakers_closed():
    """Every test starts with every Redis breaker closed: one that a test tripped (pointing at a
    dead Redis) would otherwise skip Redis for the next tests of this process."""
    from config import redis_breaker

    redis_breaker.reset_all()
