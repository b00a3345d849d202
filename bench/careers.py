"""Careers pages and the apply POST under load: `python bench/careers.py [--seconds 10]`.

Starts gunicorn (2 workers, production settings) on a database of its own with the demo data,
then measures in one run: /healthz (the bare reference; it passes the whole middleware stack),
the careers page and a posting page with wrk, and the multipart apply POST (a ~150 KB PDF) with
a small bounded Python client. Goals on our 2-core machines: careers page >= 40% of /healthz;
apply >= 40 submissions/s with zero errors and zero lost.
"""

from __future__ import annotations

import argparse
import http.client
import io
import re
import sys
import threading
import time
import uuid
from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import (
    Result,
    bench_database_url,
    gunicorn,
    manage,
    percentile,
    report_goals,
    server_env,
    table,
    wrk,
)


def resume_pdf(target_bytes: int = 150_000) -> bytes:
    """A text PDF of about `target_bytes`, like a long resume exported without compression."""
    line = "Led a team of six engineers building payment APIs in Python, Django, PostgreSQL. "
    pages = 1
    while True:
        buffer = io.BytesIO()
        page = canvas.Canvas(buffer, pagesize=A4, pageCompression=0)
        for _ in range(pages):
            for row in range(50):
                page.drawString(40, 800 - row * 15, line)
            page.showPage()
        page.save()
        if buffer.tell() >= target_bytes:
            return buffer.getvalue()
        pages += 1


def multipart(
    fields: dict[str, str], file_field: str, filename: str, data: bytes
) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    parts = []
    for name, value in fields.items():
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
        )
    parts.append(
        f'--{boundary}\r\nContent-Disposition: form-data; name="{file_field}"; filename="{filename}"\r\n'
        "Content-Type: application/pdf\r\n\r\n".encode()
        + data
        + b"\r\n"
    )
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


def apply_load(
    base: str, path: str, pdf: bytes, *, seconds: int, clients: int
) -> tuple[Result, list[str]]:
    host, port = base.removeprefix("http://").split(":")
    latencies: list[float] = []
    errors: list[str] = []
    sent: list[str] = []
    lock = threading.Lock()
    deadline = time.monotonic() + seconds

    def client(number: int) -> None:
        connection = http.client.HTTPConnection(host, int(port), timeout=30)
        connection.request("GET", path)
        page = connection.getresponse()
        html = page.read().decode()
        cookie = re.search(r"csrftoken=([^;]+)", page.getheader("Set-Cookie") or "").group(1)  # type: ignore[union-attr]
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)  # type: ignore[union-attr]
        questions = dict.fromkeys(set(re.findall(r'name="(q_\d+)" value="yes"', html)), "yes")
        questions |= dict.fromkeys(
            set(re.findall(r'<input type="number" name="(q_\d+)"', html)), "7"
        )
        n = 0
        while time.monotonic() < deadline:
            n += 1
            email = f"bench-{number}-{n}-{uuid.uuid4().hex[:6]}@example.org"
            body, content_type = multipart(
                {
                    "csrfmiddlewaretoken": token,
                    "name": "Bench Candidate",
                    "email": email,
                    "location": "Lagos, Nigeria",
                    "stated_years": "7",
                    "consent": "on",
                    "source": "job board",
                    **questions,
                },
                "resume",
                "resume.pdf",
                pdf,
            )
            started = time.perf_counter()
            try:
                connection.request(
                    "POST",
                    path,
                    body=body,
                    headers={
                        "Content-Type": content_type,
                        "Cookie": f"csrftoken={cookie}",
                        "Referer": base + path,
                        "X-Forwarded-For": f"10.{number}.0.1",
                    },
                )
                response = connection.getresponse()
                response.read()
                ok = response.status == 302
            except OSError as exc:
                ok = False
                connection.close()
                connection = http.client.HTTPConnection(host, int(port), timeout=30)
                response = None
                reason = type(exc).__name__
            elapsed = (time.perf_counter() - started) * 1000
            with lock:
                if ok:
                    latencies.append(elapsed)
                    sent.append(email)
                else:
                    errors.append(str(response.status) if response is not None else reason)

    threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - started
    total = len(latencies) + len(errors)
    result = Result(
        "apply POST",
        len(latencies) / elapsed,
        percentile(latencies, 0.5),
        percentile(latencies, 0.99),
        len(errors),
        total,
    )
    return result, sent


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--clients", type=int, default=8, help="concurrent apply clients")
    args = parser.parse_args()

    database_url = bench_database_url()
    env = server_env(database_url, APPLY_RATE_LIMIT="1000000/60")
    manage(env, "migrate", "--noinput")
    manage(env, "load_demo")
    pdf = resume_pdf()
    with gunicorn(env) as base:
        org, slug = "kolanut-pay", _posting_slug(env)
        pages = [
            wrk("/healthz", f"{base}/healthz", seconds=args.seconds),
            wrk("careers page", f"{base}/careers/{org}/", seconds=args.seconds),
            wrk("posting page", f"{base}/careers/{org}/{slug}/", seconds=args.seconds),
        ]
        apply, sent = apply_load(
            base, f"/careers/{org}/{slug}/", pdf, seconds=args.seconds, clients=args.clients
        )
    stored = _count_stored(env, sent)
    reference = pages[0]
    print(
        f"\nShortlist careers benchmark: gunicorn 2 workers, {args.seconds}s per endpoint, resume {len(pdf) / 1024:.0f} KB"
    )
    print(table([*pages, apply], reference))
    lost = len(sent) - stored
    careers_ratio = pages[1].rps / reference.rps
    print(f"\napply: {len(sent)} accepted, {stored} stored, {lost} lost, {apply.errors} errors")
    goals = {
        "careers page >= 40% of /healthz": careers_ratio >= 0.40,
        "apply >= 40 submissions/s": apply.rps >= 40,
        "apply: zero errors": apply.errors == 0,
        "apply: zero lost": lost == 0,
    }
    return report_goals("careers", goals, results=[*pages, apply], lost=lost)


def _posting_slug(env: dict[str, str]) -> str:
    return manage(
        env,
        "shell",
        "--no-imports",
        "-c",
        "from postings.models import Posting; print(Posting.objects.open().filter(organization__slug='kolanut-pay').exclude(slug='bench-board').order_by('pk').first().slug)",
    ).strip()


def _count_stored(env: dict[str, str], emails: list[str]) -> int:
    if not emails:
        return 0
    code = (
        "from candidates.models import Application;"
        "print(Application.objects.filter(email__startswith='bench-', email__endswith='@example.org').count())"
    )
    before_cleanup = int(manage(env, "shell", "--no-imports", "-c", code).strip())
    manage(
        env,
        "shell",
        "--no-imports",
        "-c",
        "from candidates.models import Application, Candidate;"
        "Candidate.objects.filter(email__startswith='bench-').delete()",
    )
    return before_cleanup


if __name__ == "__main__":
    sys.exit(main())
