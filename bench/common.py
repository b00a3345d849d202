"""Shared pieces of the benchmarks: a bench database, a gunicorn server, wrk and its parser."""

from __future__ import annotations

import json
import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable


def bench_database_url(name: str = "shortlist_bench") -> str:
    """A database of the benchmarks' own on the configured server (or the embedded one)."""
    import psycopg

    base = os.environ.get("DATABASE_URL")
    if not base:
        sys.path.insert(0, str(ROOT))
        from config import embedded

        base = embedded.postgres_url()
    parts = urlsplit(base)
    admin = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as connection:
        exists = connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [name]
        ).fetchone()
        if not exists:
            connection.execute(f'CREATE DATABASE "{name}"')
    return urlunsplit(parts._replace(path=f"/{name}"))


def redis_url() -> str:
    url = os.environ.get("REDIS_URL")
    if url:
        return url
    sys.path.insert(0, str(ROOT))
    from config import embedded

    return embedded.redis_url(db=3)


def server_env(database_url: str, **extra: str) -> dict[str, str]:
    static_root = Path(tempfile.gettempdir()) / "shortlist-bench-static"
    return {
        **os.environ,
        "DJANGO_ENV": "production",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DATABASE_URL": database_url,
        "REDIS_URL": redis_url(),
        "EMAIL_URL": "console://",
        "SECURE_SSL_REDIRECT": "false",
        "SESSION_COOKIE_SECURE": "false",
        "CSRF_COOKIE_SECURE": "false",
        "STATIC_ROOT": str(static_root),
        "MEDIA_ROOT": str(Path(tempfile.gettempdir()) / "shortlist-bench-media"),
        **extra,
    }


def manage(env: dict[str, str], *args: str) -> str:
    local = {**env, "DJANGO_ENV": "local", "DEBUG": "false"}
    result = subprocess.run(
        [PYTHON, "manage.py", *args],
        cwd=ROOT,
        env=local,
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise SystemExit(f"manage.py {' '.join(args)} failed:\n{result.stderr[-3000:]}")
    return result.stdout


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def gunicorn(env: dict[str, str], workers: int = 2) -> Iterator[str]:
    port = free_port()
    log = open(Path(tempfile.gettempdir()) / "shortlist-bench-gunicorn.log", "w")  # noqa: SIM115
    process = subprocess.Popen(
        [str(ROOT / "deploy" / "start-web.sh")],
        cwd=ROOT,
        env={
            **env,
            "BIND": f"127.0.0.1:{port}",
            "WEB_CONCURRENCY": str(workers),
            "GUNICORN_TMP_DIR": tempfile.gettempdir(),
            "PATH": f"{Path(PYTHON).parent}:{env.get('PATH', '')}",
            "LOG_LEVEL": "WARNING",
        },
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(base + "/readyz", timeout=2)
                break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise SystemExit(f"gunicorn did not start; see {log.name}") from None
                time.sleep(0.3)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=30)
        log.close()


@dataclass
class Result:
    name: str
    rps: float
    p50_ms: float
    p99_ms: float
    errors: int
    requests: int
    # What the errors were (a status's count, a socket error's), so a failed goal says why.
    error_kinds: dict[str, int] = field(default_factory=dict)


def _ms(text: str) -> float:
    value, unit = re.match(r"([\d.]+)(\w+)", text).groups()  # type: ignore[union-attr]
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}[unit]


def wrk(
    name: str,
    url: str,
    *,
    seconds: int = 10,
    connections: int = 16,
    threads: int = 2,
    cookie: str = "",
) -> Result:
    if not shutil.which("wrk"):
        raise SystemExit(
            "wrk is not installed: apt-get install wrk (Debian) or your system's package"
        )
    command = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--latency", url]
    if cookie:
        command[1:1] = ["-H", f"Cookie: {cookie}"]
    out = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]
    p50 = _ms(re.search(r"\s50%\s+(\S+)", out).group(1))  # type: ignore[union-attr]
    p99 = _ms(re.search(r"\s99%\s+(\S+)", out).group(1))  # type: ignore[union-attr]
    total = int(re.search(r"(\d+) requests in", out).group(1))  # type: ignore[union-attr]
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    socket_errors = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out
    )
    errors = (int(non2xx.group(1)) if non2xx else 0) + (
        sum(map(int, socket_errors.groups())) if socket_errors else 0
    )
    return Result(name, rps, p50, p99, errors, total)


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return 0.0
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def table(results: list[Result], reference: Result) -> str:
    lines = [
        f"{'endpoint':<18}{'req/s':>9}{'p50 ms':>9}{'p99 ms':>9}{'errors':>8}{'requests':>10}{'vs /healthz':>13}"
    ]
    for r in results:
        lines.append(
            f"{r.name:<18}{r.rps:>9.1f}{r.p50_ms:>9.1f}{r.p99_ms:>9.1f}{r.errors:>8}{r.requests:>10}{r.rps / reference.rps:>12.0%}"
        )
    return "\n".join(lines)


def report_goals(name: str, goals: dict[str, bool], **results: object) -> int:
    """Print each goal as met or MISSED, keep the run in bench/results/<name>.local.json, and
    return the exit status: 0 when every goal is met."""
    for goal, met in goals.items():
        print(f"  {'met ' if met else 'MISSED'}  {goal}")
    folder = ROOT / "bench" / "results"
    folder.mkdir(exist_ok=True)
    (folder / f"{name}.local.json").write_text(
        json.dumps({**results, "goals": goals}, indent=2, default=lambda o: o.__dict__)
    )
    return 0 if all(goals.values()) else 1
