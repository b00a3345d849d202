"""Ratios to the true floor: `python bench/ratios.py [--quick] [--seconds N]` (issue 19).

One run, one machine: a bare Django project (bench/bare/: one view answering "ok", no
middleware, no database) and the app, each under the gunicorn command deploy/start-web.sh
ships, both up side by side; wrk (16 connections) measures the bare view, /healthz, the careers
page, a posting page (the apply form), the apply POST (multipart, a real PDF), the board and the
list of a 2,000-application posting, a kanban column and a profile, each as req/s, p50, p99,
errors and its ratio to bare. Then the scaling rows (board and list at 200 / 2,000 / 20,000
applications, careers at 5 / 100 / 1,000 postings, profile at 10 / 1,000 events), each with the
queries it runs, counted in-process through the test client. The machine is shared and noisy,
which is why every figure is a ratio to the bare view measured minutes apart in the same run.

The data is made through tests/factories.py and the services, in a throwaway database created
on DATABASE_URL's server (or the embedded one) and dropped at the end. The goals of issue 19 are
printed beside the figures, met or not, and any goal missed exits 1 (the speed gate) unless
--report-only. The result
goes to bench/results/<UTC timestamp>.json. `--quick`: 1-s runs and smaller sizes.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import platform
import re
import secrets
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.careers import resume_pdf
from bench.common import PYTHON, ROOT, Result, free_port, redis_url

CONNECTIONS = 16
# Each page's figure is the best of this many runs (see wrk()).
ROUNDS = 3
WRK_TIMEOUT = "5s"  # a slower answer counts as an error (a socket timeout in wrk's summary)
BARE_APP = "bench.bare.wsgi:application"
APP = "config.wsgi:application"


@dataclass(frozen=True)
class Sizes:
    applications: tuple[int, ...]  # board and list; the middle one is the headline posting
    postings: tuple[int, ...]  # careers pages; the first is the headline careers page
    events: tuple[int, ...]  # profile timeline; the first is the headline profile

    @property
    def headline_applications(self) -> int:
        return 2000 if 2000 in self.applications else self.applications[len(self.applications) // 2]


FULL = Sizes(applications=(200, 2000, 20000), postings=(5, 100, 1000), events=(10, 1000))
QUICK = Sizes(applications=(200, 2000), postings=(5, 50), events=(10, 100))


@dataclass
class InProcess:
    """One page through the test client, warm: its queries, median time and size."""

    queries: int
    ms: float
    bytes: int
    status: int
    cold_ms: float | None = None  # the board just after a change to the posting


@dataclass
class Row:
    name: str
    url: str
    family: str = ""  # "board", "list", "careers", "profile" for the scaling rows
    size: int = 0
    load: Result | None = None
    inprocess: InProcess | None = None
    extra: dict[str, Any] = field(default_factory=dict)
    # Keep-alive like the bare view, for a row whose goal is a ratio to it. Every other page
    # opens a connection per request (see wrk()).
    keep_alive: bool = False


# --- the database ------------------------------------------------------------------------------


def server_url() -> str:
    base = os.environ.get("DATABASE_URL")
    if base:
        return base
    from config import embedded

    return embedded.postgres_url()


def _admin(url: str) -> str:
    return urlunsplit(urlsplit(url)._replace(path="/postgres"))


@contextmanager
def throwaway_database() -> Iterator[str]:
    import psycopg

    base = server_url()
    name = f"shortlist_ratios_{datetime.now(UTC):%Y%m%d%H%M%S}_{secrets.token_hex(3)}"
    with psycopg.connect(_admin(base), autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    try:
        yield urlunsplit(urlsplit(base)._replace(path=f"/{name}"))
    finally:
        from django.db import connections

        connections.close_all()
        with psycopg.connect(_admin(base), autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def environment(database_url: str, media: Path, static: Path) -> dict[str, str]:
    """Production settings, as the other benchmarks run them, on the throwaway database."""
    return {
        **os.environ,
        "DJANGO_ENV": "production",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
        "DATABASE_URL": database_url,
        "REDIS_URL": redis_url(),
        "EMAIL_URL": "console://",
        "SECURE_SSL_REDIRECT": "false",
        "SESSION_COOKIE_SECURE": "false",
        "CSRF_COOKIE_SECURE": "false",
        # Every apply is one visitor's: the limit would otherwise refuse all but ten.
        "APPLY_RATE_LIMIT": "1000000/60",
        # Each run's cache keys apart from the last run's: a fresh database repeats the same
        # ids and change counters, so a board page cached by an earlier run was served as this
        # run's "cold" render (cold read 1.0x cached in two runs of eight).
        "CACHE_KEY_PREFIX": f"bench-{secrets.token_hex(4)}",
        "STATIC_ROOT": str(static),
        "MEDIA_ROOT": str(media),
        "PATH": f"{Path(PYTHON).parent}:{os.environ.get('PATH', '')}",
    }


# --- the data, through the factories and services -----------------------------------------------


@dataclass
class Data:
    session_cookie: str
    csrf_cookie: str
    rows: list[Row]
    apply_path: str
    apply_posting_id: int
    question_fields: dict[str, str]


def make_data(sizes: Sizes, say: Callable[[str], None]) -> Data:
    from django.test import Client

    from accounts.models import Role
    from candidates.services import add_note
    from tests.factories import (
        MembershipFactory,
        OrganizationFactory,
        PostingFactory,
        QuestionFactory,
        UserFactory,
        bulk_applications,
    )

    run = secrets.token_hex(3)  # the cache (Redis) outlives the database: keys of our own
    organization = OrganizationFactory.create(name="Kolanut Pay", slug=f"kolanut-{run}")
    recruiter = UserFactory.create(email=f"recruiter-{run}@kolanut.test")
    # A recruiter, not an admin: no second factor to pass under TWO_FACTOR_REQUIRED.
    MembershipFactory.create(user=recruiter, organization=organization, role=Role.RECRUITER)

    rows: list[Row] = []
    by_size: dict[int, int] = {}
    for count in sizes.applications:
        say(f"  a posting with {count:,} applications")
        posting = PostingFactory.create(
            organization=organization, title=f"Backend Lead {count}", status="open"
        )
        bulk_applications(posting, count)
        by_size[count] = posting.pk
        rows.append(Row(f"board, {count:,}", f"/postings/{posting.pk}/board/", "board", count))
        rows.append(Row(f"list, {count:,}", f"/postings/{posting.pk}/applications/", "list", count))
    from django.db import connection

    with connection.cursor() as cursor:
        # After bulk loads, as autovacuum would: plans from the real row counts, and the
        # visibility map set, so the board's counts are index-only scans as in production.
        cursor.execute("VACUUM ANALYZE")
    headline = by_size[sizes.headline_applications]
    first_stage = (
        PostingFactory._meta.model.objects.get(pk=headline).stages.order_by("order").first()
    )
    assert first_stage is not None
    rows.append(
        Row(
            "kanban column",
            f"/postings/{headline}/board/stages/{first_stage.pk}/?offset=25",
            extra={"htmx": True},
        )
    )

    for count in sizes.postings:
        say(f"  a careers page with {count:,} open postings")
        org = OrganizationFactory.create(name=f"Careers {count}", slug=f"careers-{count}-{run}")
        for _ in range(count):
            PostingFactory.create(organization=org, status="open")
        rows.append(Row(f"careers, {count:,}", f"/careers/{org.slug}/", "careers", count))

    apply_posting = PostingFactory.create(
        organization=organization, title="Payments Engineer", status="open"
    )
    question = QuestionFactory.create(posting=apply_posting)
    apply_path = f"/careers/{organization.slug}/{apply_posting.slug}/"
    rows.append(Row("posting page", apply_path, keep_alive=True))

    for count in sizes.events:
        say(f"  a profile with {count:,} timeline events (notes, through add_note)")
        posting = PostingFactory.create(
            organization=organization, title=f"Profile {count}", status="open"
        )
        (application,) = bulk_applications(posting, 1)
        for n in range(count):
            add_note(application, by=recruiter, body=f"Note {n}: spoke about the payments API.")
        rows.append(
            Row(f"profile, {count:,}", f"/applications/{application.pk}/", "profile", count)
        )

    client = Client()
    client.force_login(recruiter)  # the real login path: signals, session keys, as a browser
    client.get("/")
    return Data(
        session_cookie=client.cookies["sessionid"].value,
        csrf_cookie=client.cookies["csrftoken"].value if "csrftoken" in client.cookies else "",
        rows=rows,
        apply_path=apply_path,
        apply_posting_id=apply_posting.pk,
        question_fields={f"q_{question.pk}": "yes"},
    )


# --- in-process: queries, time, size -----------------------------------------------------------


def analyze() -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


@contextmanager
def _no_gc() -> Iterator[None]:
    """A timed request without the collector's pauses, as timeit times: this process holds
    every object the factories made (a worker holds none of them), so a full collection that
    happened to fall in one request cost it 15 ms and more."""
    gc.collect()
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def measure_inprocess(data: Data, repeats: int) -> None:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    staff = Client()
    staff.cookies["sessionid"] = data.session_cookie
    public = Client()
    for row in data.rows:
        client = public if row.url.startswith("/careers/") else staff
        headers = {"HX-Request": "true"} if row.extra.get("htmx") else {}
        client.get(row.url, headers=headers)  # warm: caches filled, as under load
        times: list[float] = []
        for _ in range(repeats):
            with CaptureQueriesContext(connection) as captured, _no_gc():
                started = time.perf_counter()
                response = client.get(row.url, headers=headers)
                times.append((time.perf_counter() - started) * 1000)
        row.inprocess = InProcess(
            queries=len(captured.captured_queries),
            ms=statistics.median(times),
            bytes=len(response.content),
            status=response.status_code,
        )
        if response.status_code != 200:
            raise SystemExit(f"{row.name}: {row.url} answered {response.status_code} in-process")
    # Cold: the first request after a real change, one card moved through the service (the
    # posting's change counter moves, so the page's cache key does; the moved card's own key
    # moves, the others' stay). A cold render is one request: its samples are taken in turn
    # across the sizes, so a slow stretch of the machine falls on every size alike (taken one
    # size after another, the same code read 1.08x from 2,000 to 20,000 in one run and 1.45x
    # in another, with 200 slower than 2,000).
    boards = [row for row in data.rows if row.family == "board"]
    colds: dict[str, list[float]] = {row.url: [] for row in boards}
    for _ in range(max(repeats, COLD_SAMPLES)):
        for row in boards:
            colds[row.url].append(_cold_board_ms(staff, row.url))
    for row in boards:
        assert row.inprocess is not None
        row.inprocess.cold_ms = statistics.median(colds[row.url])


COLD_SAMPLES = 15


def _cold_board_ms(client: Any, url: str) -> float:
    from django.contrib.auth import get_user_model

    from candidates.models import Application
    from candidates.services import move_application
    from postings.models import Stage

    posting_id = int(url.split("/")[2])
    stages = list(Stage.objects.filter(posting_id=posting_id).order_by("order"))
    mover = Application.objects.filter(posting_id=posting_id)
    by = get_user_model().objects.get(email__startswith="recruiter-")  # the bench's one
    one = mover.filter(status="active").order_by("?").first()
    assert one is not None
    to = next(s for s in stages if s.pk != one.stage_id)
    move_application(one, to_stage=to, by=by, expected_version=one.version)
    with _no_gc():
        started = time.perf_counter()
        client.get(url)
        return (time.perf_counter() - started) * 1000


def apply_inprocess(data: Data, pdf: bytes) -> InProcess:
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    form = apply_fields(data, "inprocess@example.org")
    with CaptureQueriesContext(connection) as captured:
        started = time.perf_counter()
        response = client.post(
            data.apply_path,
            {**form, "resume": SimpleUploadedFile("resume.pdf", pdf, "application/pdf")},
        )
        ms = (time.perf_counter() - started) * 1000
    if response.status_code != 302:
        raise SystemExit(f"the in-process apply POST answered {response.status_code}")
    return InProcess(len(captured.captured_queries), ms, len(response.content), 302)


def apply_fields(data: Data, email: str) -> dict[str, str]:
    return {
        "name": "Bench Candidate",
        "email": email,
        "location": "Lagos, Nigeria",
        "stated_years": "7",
        "consent": "on",
        "source": "job board",
        **data.question_fields,
    }


# --- servers -------------------------------------------------------------------------------------


def gunicorn_command(app: str) -> str:
    """deploy/start-web.sh's gunicorn line, serving `app`: the same flags as the app's server,
    whatever they become."""
    script = (ROOT / "deploy" / "start-web.sh").read_text()
    line = script[script.index("exec gunicorn") :].replace("\\\n", " ")
    line = " ".join(line.split())
    if APP not in line:
        raise SystemExit(f"deploy/start-web.sh no longer serves {APP}; update bench/ratios.py")
    return line.replace(APP, app)


@contextmanager
def server(
    command: list[str], env: dict[str, str], ready: str, log: Path, *, workers: int
) -> Iterator[tuple[str, int]]:
    """The server's base URL and its master's pid (start-web.sh execs gunicorn)."""
    port = free_port()
    with log.open("w") as output:
        process = subprocess.Popen(
            command,
            cwd=ROOT,
            env={
                **env,
                "BIND": f"127.0.0.1:{port}",
                "WEB_CONCURRENCY": str(workers),
                "GUNICORN_TMP_DIR": tempfile.gettempdir(),
            },
            stdout=output,
            stderr=subprocess.STDOUT,
        )
        base = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + 90
            while True:
                try:
                    urllib.request.urlopen(base + ready, timeout=2)
                    break
                except OSError:
                    if process.poll() is not None or time.monotonic() > deadline:
                        raise SystemExit(f"{command[0]} did not start; see {log}") from None
                    time.sleep(0.3)
            yield base, process.pid
        finally:
            process.terminate()
            process.wait(timeout=30)


def worker_memory(master: int) -> dict[int, float]:
    """Resident memory of each of the master's worker processes, MiB, by pid."""
    found: dict[int, float] = {}
    with suppress(OSError):
        children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
        for pid in map(int, children):
            with suppress(OSError):
                status = Path(f"/proc/{pid}/status").read_text()
                match = re.search(r"^VmRSS:\s+(\d+) kB", status, re.MULTILINE)
                if match:
                    found[pid] = int(match.group(1)) / 1024
    return found


SOAK_CHUNKS = 4  # wrk runs of every page in turn after the rows, memory sampled after each


@dataclass
class MemorySample:
    after: str  # the row whose load came just before
    requests: int  # served by the app so far (all workers)
    rss_mib: dict[int, float]
    soak: bool = False


def memory_goal(samples: list[MemorySample], workers: int) -> Goal:
    """Flat memory: from the first soak sample (every page warm in every worker) to the last,
    each worker grows by under 5% and under 8 MiB, and no worker was replaced during the run
    (the same pids at the first sample and the last)."""
    text = "web worker memory flat while serving every page (soak)"
    soak = [s for s in samples if s.soak]
    if len(soak) < 2:
        return Goal(text, False, "no soak samples")
    first, last = soak[0], soak[-1]
    if set(samples[0].rss_mib) != set(last.rss_mib) or not last.rss_mib:
        return Goal(text, False, "workers were recycled during the run")
    grew = max(last.rss_mib[p] - first.rss_mib[p] for p in first.rss_mib)
    base = max(first.rss_mib.values())
    return Goal(
        text,
        grew < min(8.0, base * 0.05),
        f"{base:.0f} MiB at {first.requests // workers:,} requests per worker, "
        f"{max(last.rss_mib.values()):.0f} MiB at {last.requests // workers:,} "
        f"({grew:+.1f} MiB)",
    )


# --- wrk ---------------------------------------------------------------------------------------


def _ms(text: str) -> float:
    match = re.match(r"([\d.]+)(\w+)", text)
    assert match is not None, text
    value, unit = match.groups()
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}[unit]


def parse_wrk(name: str, out: str) -> Result:
    def number(pattern: str) -> str:
        match = re.search(pattern, out)
        if match is None:
            raise SystemExit(f"{name}: no {pattern!r} in wrk's output:\n{out}")
        return match.group(1)

    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    socket = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    unexpected = re.search(r"UNEXPECTED (\d+)", out)  # the apply script's own count
    # The apply script counts every answer but its redirect, the 4xx and 5xx among them.
    answers = unexpected or non2xx
    errors = (int(answers.group(1)) if answers else 0) + (
        sum(map(int, socket.groups())) if socket else 0
    )
    requests = int(number(r"(\d+) requests in"))
    if requests == 0:
        # Nothing finished within the run: every connection's request was still waiting.
        errors = max(errors, CONNECTIONS)
    kinds = {f"status {s}": int(n) for s, n in re.findall(r"STATUS (\d+) (\d+)", out)}
    if socket:
        names = ("connect", "read", "write", "timeout")
        kinds.update(
            {f"socket {k}": int(v) for k, v in zip(names, socket.groups(), strict=True) if int(v)}
        )
    if answers and not unexpected and int(answers.group(1)):
        kinds["non-2xx/3xx"] = int(answers.group(1))
    return Result(
        name,
        float(number(r"Requests/sec:\s+([\d.]+)")),
        _ms(number(r"\s50%\s+(\S+)")),
        _ms(number(r"\s99%\s+(\S+)")),
        errors,
        requests,
        kinds,
    )


def wrk(
    name: str, url: str, seconds: float, *, headers: dict[str, str], script: Path | None = None
) -> Result:
    """A page under load: the best of ROUNDS runs of `seconds` each (one run for a script's
    load, which counts what it sent). wrk's 16 keep-alive connections land on the two workers
    as their accepts race, and stay: in a run where one worker holds most of them the page is
    served by one core (seen with `ss`: 12/4, 8/8, 1/15, 15/1, 16/0 and 16/0 in six runs of the
    bare view; one profile read 58 and 35 req/s a minute apart). Best of three evens that out
    mostly, not always; a page compared with itself at other sizes asks `Connection: close`,
    so that each request's connection goes to whichever worker accepts first.
    Requests and errors are summed over every run, never dropped."""
    for _ in range(3):  # warm: the workers have imported and cached what this page needs
        warm = urllib.request.Request(url, headers=headers)
        with suppress(OSError):
            urllib.request.urlopen(warm, timeout=30).read()
    if script is not None:
        return _wrk_once(name, url, seconds, headers=headers, script=script)
    runs = [_wrk_once(name, url, seconds, headers=headers) for _ in range(ROUNDS)]
    best = max(runs, key=lambda run: run.rps)
    kinds: dict[str, int] = {}
    for run in runs:
        for kind, count in run.error_kinds.items():
            kinds[kind] = kinds.get(kind, 0) + count
    return Result(
        name=name,
        rps=best.rps,
        p50_ms=best.p50_ms,
        p99_ms=best.p99_ms,
        errors=sum(run.errors for run in runs),
        requests=sum(run.requests for run in runs),
        error_kinds=kinds,
    )


def _wrk_once(
    name: str, url: str, seconds: float, *, headers: dict[str, str], script: Path | None = None
) -> Result:
    command = [
        "wrk",
        "-t2",
        f"-c{CONNECTIONS}",
        f"-d{seconds}s",
        f"--timeout={WRK_TIMEOUT}",
        "--latency",
    ]
    for key, value in headers.items():
        command += ["-H", f"{key}: {value}"]
    if script is not None:
        command += ["-s", str(script)]
    out = subprocess.run([*command, url], capture_output=True, text=True, check=True).stdout
    return parse_wrk(name, out)


APPLY_LUA = """
-- Each request a new applicant: the body is head .. email .. tail, the email numbered per
-- thread; any answer but the redirect to the thank-you page counts as an error.
local function slurp(path)
  local f = assert(io.open(path, "rb")); local s = f:read("*a"); f:close(); return s
end
local head = slurp("{head}")
local tail = slurp("{tail}")
local threads = {{}}
local n = 0
unexpected = 0

function setup(thread)
  table.insert(threads, thread)
  thread:set("tid", #threads)
end

function request()
  n = n + 1
  local body = head .. "bench-" .. tid .. "-" .. n .. "@example.org" .. tail
  return wrk.format("POST", nil, nil, body)
end

function response(status, headers, body)
  if status ~= 302 then
    unexpected = unexpected + 1
    -- A string, as wrk copies only plain values out of a thread: "500 503 ..."
    statuses = (statuses or "") .. status .. " "
  end
end

function done(summary, latency, requests)
  local total = 0
  local counts = {{}}
  for _, thread in ipairs(threads) do
    total = total + thread:get("unexpected")
    for status in string.gmatch(thread:get("statuses") or "", "%d+") do
      counts[status] = (counts[status] or 0) + 1
    end
  end
  io.write("UNEXPECTED " .. total .. "\\n")
  for status, count in pairs(counts) do io.write("STATUS " .. status .. " " .. count .. "\\n") end
end
"""


SOAK_LUA = """
-- Every page of the run in turn, each with its own headers (staff pages signed in, careers
-- pages as a visitor), so each worker keeps serving all of them while its memory is sampled.
local pages = {pages}
local i = 0

function request()
  i = i % #pages + 1
  return wrk.format("GET", pages[i][1], pages[i][2])
end
"""


def soak_script(folder: Path, pages: list[tuple[str, dict[str, str]]]) -> Path:
    def lua(text: str) -> str:
        return json.dumps(text)  # a JSON string is a valid Lua string for these characters

    entries = ", ".join(
        "{" + lua(path) + ", {" + ", ".join(f"[{lua(k)}] = {lua(v)}" for k, v in h.items()) + "}}"
        for path, h in pages
    )
    script = folder / "soak.lua"
    script.write_text(SOAK_LUA.replace("{pages}", "{" + entries + "}"))
    return script


def apply_script(folder: Path, base: str, data: Data, pdf: bytes) -> tuple[Path, dict[str, str]]:
    """A wrk script posting the apply form: a CSRF token and cookie from the posting page, a
    multipart body around a real PDF."""
    with urllib.request.urlopen(base + data.apply_path, timeout=30) as page:
        html = page.read().decode()
        cookie_header = page.headers.get("Set-Cookie") or ""
    cookie = re.search(r"csrftoken=([^;]+)", cookie_header)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
    if cookie is None or token is None:
        raise SystemExit("the posting page gave no CSRF token")
    boundary = secrets.token_hex(16)

    def part(name: str, value: str) -> bytes:
        return (
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'
        ).encode()

    fields = apply_fields(data, "")
    fields.pop("email")
    head = b"".join(part(k, v) for k, v in {"csrfmiddlewaretoken": token.group(1)}.items())
    head += f'--{boundary}\r\nContent-Disposition: form-data; name="email"\r\n\r\n'.encode()
    tail = b"\r\n" + b"".join(part(k, v) for k, v in fields.items())
    tail += (
        f'--{boundary}\r\nContent-Disposition: form-data; name="resume"; filename="resume.pdf"\r\n'
        "Content-Type: application/pdf\r\n\r\n"
    ).encode()
    tail += pdf + f"\r\n--{boundary}--\r\n".encode()
    (folder / "head.bin").write_bytes(head)
    (folder / "tail.bin").write_bytes(tail)
    script = folder / "apply.lua"
    script.write_text(APPLY_LUA.format(head=folder / "head.bin", tail=folder / "tail.bin"))
    headers = {
        "Content-Type": f"multipart/form-data; boundary={boundary}",
        "Cookie": f"csrftoken={cookie.group(1)}",
        "Referer": base + data.apply_path,
    }
    return script, headers


# --- goals and output -----------------------------------------------------------------------------


@dataclass
class Goal:
    text: str
    met: bool
    figure: str


def _row(rows: list[Row], name: str) -> Row:
    return next(r for r in rows if r.name == name)


def _family(rows: list[Row], family: str) -> list[Row]:
    return sorted((r for r in rows if r.family == family), key=lambda r: r.size)


def _rps(row: Row) -> float:
    assert row.load is not None
    return row.load.rps


def goals(rows: list[Row], bare: Result, apply_lost: int) -> list[Goal]:
    out: list[Goal] = []
    healthz = _rps(_row(rows, "/healthz")) / bare.rps
    out.append(Goal("/healthz >= 70% of bare", healthz >= 0.70, f"{healthz:.1%}"))
    posting = _rps(_row(rows, "posting page")) / bare.rps
    out.append(Goal("posting page >= 20% of bare", posting >= 0.20, f"{posting:.1%}"))
    apply = _row(rows, "apply POST")
    assert apply.load is not None
    out.append(
        Goal(
            "apply POST: zero errors, zero lost (keep it)",
            apply.load.errors == 0 and apply_lost == 0,
            f"{apply.load.errors} errors, {apply_lost} lost",
        )
    )
    for family, words in (("profile", "events"), ("list", "applications")):
        small, *_, large = _family(rows, family)
        assert small.inprocess is not None
        assert large.inprocess is not None
        ratio = _rps(large) / _rps(small)
        out.append(
            Goal(
                f"{family}: req/s at {large.size:,} {words} within 20% of {small.size:,}",
                ratio >= 0.8,
                f"{ratio:.0%}",
            )
        )
        if family == "profile":
            grows = large.inprocess.bytes / small.inprocess.bytes
            out.append(
                Goal(
                    f"profile: size at {large.size:,} events within 20% of {small.size:,}",
                    grows <= 1.2,
                    f"{grows:.1f}x ({large.inprocess.bytes / 1024:.0f} KB)",
                )
            )
    boards = {r.size: r for r in _family(rows, "board")}
    middle = boards[max(s for s in boards if s <= 2000)]
    assert middle.inprocess is not None
    assert middle.inprocess.cold_ms is not None
    cold = middle.inprocess.cold_ms / middle.inprocess.ms
    out.append(
        Goal(
            f"board: cold render <= 3x cached at {middle.size:,}",
            cold <= 3,
            f"{cold:.1f}x ({middle.inprocess.cold_ms:.0f} vs {middle.inprocess.ms:.0f} ms)",
        )
    )
    largest = boards[max(boards)]
    if largest is not middle:
        assert largest.inprocess is not None
        assert largest.inprocess.cold_ms is not None
        grows = largest.inprocess.cold_ms / middle.inprocess.cold_ms
        out.append(
            Goal(
                f"board: cold render at {largest.size:,} within 20% of {middle.size:,}",
                grows <= 1.2,
                f"{grows:.2f}x ({largest.inprocess.cold_ms:.0f} ms)",
            )
        )
    for family in ("board", "list", "careers", "profile"):
        counts = [r.inprocess.queries for r in _family(rows, family) if r.inprocess]
        out.append(
            Goal(
                f"{family}: the same queries at every size",
                len(set(counts)) == 1,
                " / ".join(map(str, counts)),
            )
        )
    return out


def headline_table(rows: list[Row], bare: Result, goal_for: dict[str, str]) -> str:
    lines = [
        f"{'endpoint':<22}{'req/s':>9}{'p50 ms':>9}{'p99 ms':>9}{'errors':>8}{'vs bare':>9}  goal"
    ]
    for row in rows:
        r = row.load
        assert r is not None
        ratio = r.rps / bare.rps
        lines.append(
            f"{_marked(row):<22}{r.rps:>9.1f}{r.p50_ms:>9.1f}{r.p99_ms:>9.1f}{r.errors:>8}"
            f"{ratio:>9.1%}  {goal_for.get(row.name, '')}"
        )
    if any(not row.keep_alive for row in rows):
        lines.append(CLOSE_NOTE)
    for row in rows:
        if row.load is not None and row.load.error_kinds:
            kinds = ", ".join(f"{kind}: {n}" for kind, n in sorted(row.load.error_kinds.items()))
            lines.append(f"  {row.name} errors: {kinds}")
    return "\n".join(lines)


def scaling_table(rows: list[Row], bare: Result) -> str:
    lines = [
        f"{'page, size':<22}{'req/s':>9}{'p50 ms':>9}{'p99 ms':>9}{'errors':>8}{'vs bare':>9}"
        f"{'queries':>9}{'in-proc ms':>12}{'cold ms':>9}{'KB':>8}"
    ]
    for row in rows:
        r, p = row.load, row.inprocess
        assert r is not None
        assert p is not None
        cold = f"{p.cold_ms:.1f}" if p.cold_ms is not None else ""
        lines.append(
            f"{_marked(row):<22}{r.rps:>9.1f}{r.p50_ms:>9.1f}{r.p99_ms:>9.1f}{r.errors:>8}"
            f"{r.rps / bare.rps:>9.1%}{p.queries:>9}{p.ms:>12.1f}{cold:>9}{p.bytes / 1024:>8.0f}"
        )
    if any(not row.keep_alive for row in rows):
        lines.append(CLOSE_NOTE)
    return "\n".join(lines)


CLOSE_NOTE = "* a connection per request (Connection: close), as wrk() says; bare is keep-alive"


def _marked(row: Row) -> str:
    return row.name if row.keep_alive else f"{row.name} *"


def git_commit() -> str:
    result = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
    )
    dirty = subprocess.run(
        ["git", "status", "--porcelain", "--untracked-files=no"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    ).stdout.strip()
    return result.stdout.strip() + ("+changes" if dirty else "")


# --- the run -----------------------------------------------------------------------------------


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="1-s runs, smaller sizes")
    parser.add_argument(
        "--seconds", type=float, help="seconds per run (default 3, the best of 3; 1 quick)"
    )
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (WEB_CONCURRENCY)")
    parser.add_argument(
        "--report-only",
        action="store_true",
        help="exit 0 even when a goal is missed (the speed gate otherwise exits 1)",
    )
    args = parser.parse_args()
    if not shutil.which("wrk"):
        raise SystemExit("wrk is not installed: apt-get install wrk (Debian) or your system's")
    sizes = QUICK if args.quick else FULL
    seconds = args.seconds or (1 if args.quick else 3)
    repeats = 3 if args.quick else 5
    started = datetime.now(UTC)
    load_before = os.getloadavg()

    def say(text: str) -> None:
        print(text, file=sys.stderr, flush=True)

    work = Path(tempfile.mkdtemp(prefix="shortlist-ratios-"))
    try:
        with throwaway_database() as database_url:
            env = environment(database_url, work / "media", work / "static")
            os.environ.update({**env, "LOG_LEVEL": "WARNING"})  # in-process: no access lines
            os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
            import django
            from django.core.management import call_command

            django.setup()
            say(f"migrating {database_url.rsplit('/', 1)[1]}")
            call_command("migrate", verbosity=0)
            call_command("collectstatic", interactive=False, verbosity=0)  # the manifest
            say("making the data through the factories and services")
            data = make_data(sizes, say)
            # Statistics as autovacuum keeps them on a live database: the data above was made
            # within seconds, before autovacuum's next look, and with none the planner takes a
            # posting's 20,000 applications or a profile's 1,000 events for a handful (a sort of
            # every row instead of an index walk), as no steady database ever does.
            analyze()
            say("in-process: queries, time and size of each page")
            measure_inprocess(data, repeats)
            pdf = resume_pdf()
            apply_in = apply_inprocess(data, pdf)
            from django.db import connections

            connections.close_all()

            rows = data.rows
            staff = {"Cookie": f"sessionid={data.session_cookie}; csrftoken={data.csrf_cookie}"}
            app_command = [str(ROOT / "deploy" / "start-web.sh")]
            bare_command = ["sh", "-c", gunicorn_command(BARE_APP)]
            bare_env = {k: v for k, v in env.items() if k != "DJANGO_SETTINGS_MODULE"}
            say("starting the app and the bare project under the same gunicorn command")
            with (
                server(app_command, env, "/readyz", work / "app.log", workers=args.workers) as (
                    app,
                    app_master,
                ),
                server(bare_command, bare_env, "/", work / "bare.log", workers=args.workers) as (
                    bare,
                    _,
                ),
            ):
                served = 0
                memory: list[MemorySample] = []

                pages: list[tuple[str, dict[str, str]]] = []

                def sampled(name: str, result: Result, *, soak: bool = False) -> Result:
                    nonlocal served
                    served += result.requests
                    memory.append(MemorySample(name, served, worker_memory(app_master), soak))
                    return result

                say(f"wrk, {CONNECTIONS} connections, {seconds:g} s each")
                bare_result = wrk("bare Django", bare + "/", seconds, headers={})
                healthz = Row("/healthz", "/healthz", keep_alive=True)
                healthz.load = sampled(
                    "/healthz", wrk("/healthz", app + "/healthz", seconds, headers={})
                )
                script, apply_headers = apply_script(work, app, data, pdf)
                apply = Row("apply POST", data.apply_path, keep_alive=True)
                apply.load = sampled(
                    "apply POST",
                    wrk(
                        "apply POST",
                        app + data.apply_path,
                        seconds,
                        headers=apply_headers,
                        script=script,
                    ),
                )
                for row in rows:
                    headers = {} if row.url.startswith("/careers/") else dict(staff)
                    if row.extra.get("htmx"):
                        headers["HX-Request"] = "true"
                    if not row.keep_alive:
                        headers["Connection"] = "close"
                    say(f"  {row.name}")
                    row.load = sampled(
                        row.name, wrk(row.name, app + row.url, seconds, headers=headers)
                    )
                    pages.append((row.url, headers))
                # Every page warm in every worker by now: memory from here on is what serving
                # costs over time, the figure worker recycling is set from.
                say("  soak: every page in turn, memory sampled")
                soak = soak_script(work, pages)
                for chunk in range(SOAK_CHUNKS // (2 if args.quick else 1)):
                    sampled(
                        f"soak {chunk + 1}",
                        wrk("soak", app + "/", seconds * 2, headers={}, script=soak),
                        soak=True,
                    )
            apply_lost = count_lost(data, apply.load)
            server_errors(work / "app.log", say)
    finally:
        shutil.rmtree(work, ignore_errors=True)

    apply.inprocess = apply_in
    headline_apps = sizes.headline_applications
    by_name = {r.name: r for r in rows}
    headline = [
        healthz,
        by_name[f"careers, {sizes.postings[0]:,}"],
        by_name["posting page"],
        apply,
        by_name[f"board, {headline_apps:,}"],
        by_name["kanban column"],
        by_name[f"list, {headline_apps:,}"],
        by_name[f"profile, {sizes.events[0]:,}"],
    ]
    scaling = [
        r for family in ("board", "list", "careers", "profile") for r in _family(rows, family)
    ]
    checked = goals([*rows, healthz, apply], bare_result, apply_lost)
    checked.append(memory_goal(memory, args.workers))
    goal_for = {
        "/healthz": "goal >= 70%: " + ("met" if checked[0].met else "not met"),
        "posting page": "goal >= 20%: " + ("met" if checked[1].met else "not met"),
        "apply POST": "goal 0 errors, 0 lost: " + ("met" if checked[2].met else "not met"),
    }
    bare_row = Row("bare Django", "/", keep_alive=True)
    bare_row.load = bare_result
    print(
        f"\nRatios to bare Django, {started:%Y-%m-%d %H:%M} UTC, gunicorn {args.workers} workers "
        f"(deploy/start-web.sh), wrk {CONNECTIONS} connections, {seconds:g} s each, "
        f"load average {load_before[0]:.1f} at the start"
    )
    print(headline_table([bare_row, *headline], bare_result, goal_for))
    print(
        f"\napply POST: {len(pdf) / 1024:.0f} KB PDF, {apply_in.queries} queries in-process, "
        f"{apply_lost} accepted but not stored"
    )
    print("\nScaling (queries, in-process time and size: warm, through the test client)")
    print(scaling_table(scaling, bare_result))
    print("\nWeb worker memory (RSS of each gunicorn worker after each row's load)")
    for sample in memory:
        sizes_mib = ", ".join(f"{v:.0f}" for v in sample.rss_mib.values())
        print(f"  {sample.requests:>8,} requests  {sizes_mib} MiB  (after {sample.after})")
    print("\nGoals (issue 19; the speed gate: any goal missed exits 1, unless --report-only)")
    for goal in checked:
        print(f"  {'met    ' if goal.met else 'not met'}  {goal.text}: {goal.figure}")

    result = {
        "when": started.isoformat(timespec="seconds"),
        "commit": git_commit(),
        "quick": args.quick,
        "seconds": seconds,
        "connections": CONNECTIONS,
        "wrk_timeout": WRK_TIMEOUT,
        "workers": args.workers,
        "gunicorn": gunicorn_command(APP),
        "machine": {
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "load_average_start": load_before,
            "load_average_end": os.getloadavg(),
        },
        "sizes": asdict(sizes),
        "resume_bytes": len(pdf),
        "bare": asdict(bare_result),
        "headline": [_json_row(r, bare_result) for r in headline],
        "scaling": [_json_row(r, bare_result) for r in scaling],
        "apply_lost": apply_lost,
        "worker_memory": [asdict(m) for m in memory],
        "goals": [asdict(g) for g in checked],
    }
    folder = ROOT / "bench" / "results"
    folder.mkdir(exist_ok=True)
    path = folder / f"{started:%Y-%m-%dT%H%M%SZ}{'-quick' if args.quick else ''}.json"
    path.write_text(json.dumps(result, indent=2) + "\n")
    print(f"\nwritten to {path.relative_to(ROOT)}")
    missed = [g for g in checked if not g.met]
    if missed and not args.report_only:
        print(f"speed gate: {len(missed)} goal(s) missed", file=sys.stderr)
        return 1
    return 0


def _json_row(row: Row, bare: Result) -> dict[str, Any]:
    assert row.load is not None
    return {
        "name": row.name,
        "url": row.url,
        "family": row.family,
        "size": row.size,
        "keep_alive": row.keep_alive,
        **asdict(row.load),
        "ratio_to_bare": round(row.load.rps / bare.rps, 4),
        "inprocess": asdict(row.inprocess) if row.inprocess else None,
    }


def server_errors(log: Path, say: Callable[[str], None], shown: int = 2) -> None:
    """The app's own account of the errors it answered (its JSON log lines with a traceback),
    before the log goes with the temporary folder: a goal missed on a 500 says where."""
    errors = []
    for line in log.read_text(errors="replace").splitlines():
        with suppress(ValueError):
            entry = json.loads(line)
            if isinstance(entry, dict) and entry.get("exc_info"):
                errors.append(entry)
    if errors:
        say(f"the app logged {len(errors)} error(s) with a traceback; the first {shown}:")
        for entry in errors[:shown]:
            say(f"  {entry.get('message')}\n{entry['exc_info']}")


def count_lost(data: Data, load: Result | None) -> int:
    """Applies answered with the redirect but not in the database."""
    import django.db

    from candidates.models import Application

    assert load is not None
    django.db.connections.close_all()
    stored = Application.objects.filter(
        posting_id=data.apply_posting_id, candidate__email__startswith="bench-"
    ).count()
    answered = load.requests - load.errors
    return max(0, answered - stored)


if __name__ == "__main__":
    sys.exit(main())
