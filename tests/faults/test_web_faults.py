"""Fault cases 6 and 7 of issue 18, against a real gunicorn started from deploy/start-web.sh:
database connections killed while applications come in, and clients that send bodies too
large or too slowly. Each prints its figures (run with -s to see them)."""

from __future__ import annotations

import http.client
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import psycopg
import pytest
from django.core.files.storage import default_storage
from django.db import connection

from candidates.models import Application, ApplicationEvent
from outbox.models import Message
from tests.conftest import ROOT, current_database_url, free_port
from tests.documents import pdf_bytes
from tests.factories import PostingFactory

pytestmark = pytest.mark.django_db(transaction=True)

BODY_TIMEOUT = 3
SAVED = "What you sent was received and is safe"
NOT_SAVED = "What you just sent may not have been saved"


@contextmanager
def gunicorn(settings, **env: str) -> Iterator[int]:
    """The shipped start command (gthread workers) on a free port, on this run's database,
    Redis and media folder; stopped and its static folder removed afterwards."""
    port = free_port()
    static_root = Path(tempfile.mkdtemp(prefix="shortlist-faults-static-"))
    log = tempfile.NamedTemporaryFile("w+", prefix="shortlist-faults-gunicorn-", suffix=".log")  # noqa: SIM115
    full_env = {
        **os.environ,
        "DJANGO_ENV": "test",
        "DATABASE_URL": current_database_url(),
        "REDIS_URL": settings.REDIS_URL,
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),
        "STATIC_ROOT": str(static_root),
        "BIND": f"127.0.0.1:{port}",
        "GUNICORN_TMP_DIR": tempfile.gettempdir(),
        "PATH": f"{Path(sys.executable).parent}:{os.environ['PATH']}",
        "APPLY_RATE_LIMIT": "10000/60",
        "REQUEST_BODY_TIMEOUT_SECONDS": str(BODY_TIMEOUT),
        **env,
    }
    full_env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    process = subprocess.Popen(
        [str(ROOT / "deploy" / "start-web.sh")],
        cwd=ROOT,
        env=full_env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                if _get(port, "/healthz")[0] == 200:
                    break
            except OSError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                log.seek(0)
                raise AssertionError(f"gunicorn did not start:\n{log.read()[-3000:]}")
            time.sleep(0.2)
        yield port
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()
        shutil.rmtree(static_root, ignore_errors=True)


def _get(port: int, path: str, headers: dict[str, str] | None = None) -> tuple[int, str, dict]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.request("GET", path, headers=headers or {})
        response = connection.getresponse()
        return response.status, response.read().decode(), dict(response.getheaders())
    finally:
        connection.close()


def _multipart(fields: dict[str, str], resume: bytes) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
        for name, value in fields.items()
    ]
    parts.append(
        f'--{boundary}\r\nContent-Disposition: form-data; name="resume"; filename="cv.pdf"\r\n'
        "Content-Type: application/pdf\r\n\r\n".encode()
        + resume
        + b"\r\n"
    )
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


def _apply(port: int, path: str, number: int) -> tuple[int, str]:
    """One candidate: the page (for the CSRF cookie and token), then the form."""
    status, page, headers = _get(port, path)
    assert status == 200, page[:500]
    found = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    assert found, page[:500]
    token = found.group(1)
    cookie = headers["Set-Cookie"].split(";")[0]
    body, content_type = _multipart(
        {
            "csrfmiddlewaretoken": token,
            "name": f"Candidate {number}",
            "email": f"candidate{number}@example.com",
            "location": "Lagos",
            "stated_years": "5",
            "consent": "on",
        },
        RESUME,
    )
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request(
            "POST",
            path,
            body=body,
            headers={"Content-Type": content_type, "Cookie": cookie, "Referer": "http://x/"},
        )
        response = connection.getresponse()
        return response.status, response.read().decode()
    finally:
        connection.close()


RESUME = pdf_bytes()


def _terminate_backends(database_url: str, keep: int) -> int:
    """pg_terminate_backend, from a second connection, on every connection to the test
    database but this test's own (`keep`) and its own: the server's."""
    with psycopg.connect(database_url, autocommit=True) as connection:
        rows = connection.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid() AND pid <> %s "
            "AND backend_type = 'client backend'",
            [keep],
        ).fetchall()
    return sum(1 for (done,) in rows if done)


def test_database_connections_killed_during_applies_fail_only_in_flight_requests_truthfully(
    settings, organization
):
    posting = PostingFactory.create(organization=organization, status="open")
    path = f"/careers/{organization.slug}/{posting.slug}/"
    database_url = current_database_url()
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        (own_pid,) = cursor.fetchone()
    results: list[tuple[int, str]] = []
    lock = threading.Lock()
    started = time.monotonic()
    with gunicorn(settings, WEB_CONCURRENCY="2", GUNICORN_THREADS="4") as port:
        numbers = iter(range(80))
        stop_at = time.monotonic() + 30

        def candidate_loop() -> None:
            for number in numbers:
                if time.monotonic() > stop_at:
                    return
                try:
                    result = _apply(port, path, number)
                except (OSError, AssertionError, AttributeError) as exc:
                    # The page before the form failed (its query on a killed connection).
                    result = (0, repr(exc))
                with lock:
                    results.append(result)

        threads = [threading.Thread(target=candidate_loop) for _ in range(4)]
        for thread in threads:
            thread.start()
        killed = 0
        kills = 0
        while any(t.is_alive() for t in threads):
            time.sleep(1.5)
            killed += _terminate_backends(database_url, own_pid)
            kills += 1
        for thread in threads:
            thread.join()
        # The next request after the storm succeeds, on fresh connections.
        after = _apply(port, path, 1000)
    elapsed = time.monotonic() - started
    accepted = [r for r in results if r[0] == 302]
    failed = [r for r in results if r[0] == 500]
    other = [r for r in results if r[0] not in (302, 500)]
    print(
        f"\nfault 6: {len(results)} applies in {elapsed:.1f}s, {kills} kill rounds terminating "
        f"{killed} connections: {len(accepted)} accepted, {len(failed)} answered 500, "
        f"{len(other)} other ({sorted({r[0] for r in other})})"
    )
    assert after[0] == 302, after[1][:500]
    assert killed > 0
    assert accepted, "no apply got through between the kills"
    # A killed connection fails at most the request it was serving: an idle one is found dead
    # by the health check (CONN_HEALTH_CHECKS) and replaced before the next request uses it.
    assert len(failed) + len(other) <= killed
    # Every 500 tells the truth: it promises nothing unless the application committed.
    stored = set(Application.objects.values_list("email", flat=True))
    for _status, page in failed:
        assert SAVED in page or NOT_SAVED in page
    for status, _page in other:
        assert status in (0, 403), other  # a page load cut off, or a CSRF cookie lost with it
    # Nothing half-written: every stored application is whole, every accepted one is stored.
    assert len(stored) >= len(accepted) + 1
    for application in Application.objects.all():
        assert application.resume.name
        assert default_storage.exists(application.resume.name)
        assert ApplicationEvent.objects.filter(application=application, kind="applied").exists()
        assert (
            Message.objects.filter(
                idempotency_key__contains=f"application-received:{application.pk}"
            ).exists()
            or Message.objects.filter(
                payload__args__application_id=application.pk,
                payload__builder="application_received",
            ).exists()
        )
    folder = f"resumes/{organization.pk}"
    files = set(default_storage.listdir(folder)[1])
    names = {str(a.resume.name).rsplit("/", 1)[1] for a in Application.objects.all()}
    assert files == names, f"{len(files - names)} orphan resume files"


def _slow_client(port: int, path: str, length: int, result: dict[str, float]) -> None:
    """Announces `length` bytes and sends a few every 0.2 s until answered or 20 s pass."""
    sock = socket.create_connection(("127.0.0.1", port), timeout=20)
    started = time.monotonic()
    try:
        sock.sendall(
            f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: {length}\r\n"
            "Content-Type: multipart/form-data; boundary=x\r\n\r\n".encode()
        )
        sock.settimeout(0.2)
        answer = b""
        while time.monotonic() - started < 20:
            try:
                chunk = sock.recv(65536)
                if not chunk:
                    break
                answer += chunk
                if b"\r\n\r\n" in answer:
                    break
            except TimeoutError:
                try:
                    sock.sendall(b"--x" * 10)
                except OSError:
                    break
        result["status"] = int(answer.split(b" ", 2)[1]) if answer else 0
        result["seconds"] = time.monotonic() - started
    finally:
        sock.close()


def test_slow_and_oversized_bodies_are_refused_without_starving_healthz(settings, organization):
    posting = PostingFactory.create(organization=organization, status="open")
    path = f"/careers/{organization.slug}/{posting.slug}/"
    # One process of four threads: the smallest server, so starving it would show.
    with gunicorn(settings, WEB_CONCURRENCY="1", GUNICORN_THREADS="4") as port:
        oversized: list[dict[str, float]] = [{} for _ in range(3)]
        dripping: list[dict[str, float]] = [{} for _ in range(3)]
        clients = [
            threading.Thread(target=_slow_client, args=(port, path, 50 * 1024 * 1024, r))
            for r in oversized
        ] + [
            threading.Thread(target=_slow_client, args=(port, path, 1024 * 1024, r))
            for r in dripping
        ]
        for client in clients:
            client.start()
        latencies = []
        statuses = []
        until = time.monotonic() + BODY_TIMEOUT + 3
        while time.monotonic() < until:
            started = time.monotonic()
            status, _body, _headers = _get(port, "/healthz")
            latencies.append(time.monotonic() - started)
            statuses.append(status)
            time.sleep(0.1)
        for client in clients:
            client.join(timeout=30)
    latencies.sort()
    drip_seconds = [round(r.get("seconds", -1), 2) for r in dripping]
    print(
        f"\nfault 7: 3 clients announcing 50 MB -> {[r.get('status') for r in oversized]} in "
        f"{[round(r.get('seconds', -1), 2) for r in oversized]}s; 3 dripping 1 MB bodies -> "
        f"{[r.get('status') for r in dripping]} in {drip_seconds}s; "
        f"/healthz {len(latencies)} probes, all {set(statuses)}, median "
        f"{latencies[len(latencies) // 2] * 1000:.0f} ms, max {latencies[-1] * 1000:.0f} ms"
    )
    assert [r["status"] for r in oversized] == [413, 413, 413]
    assert all(r["seconds"] < 2 for r in oversized)
    assert [r["status"] for r in dripping] == [408, 408, 408]
    assert all(BODY_TIMEOUT - 0.5 < r["seconds"] < BODY_TIMEOUT + 3 for r in dripping)
    assert set(statuses) == {200}
    assert latencies[-1] < 1.0
