"""The pipeline board at volume: `python bench/board.py [--seconds 10]`.

A posting with 2,000 applications across 6 stages, gunicorn with 2 workers on PostgreSQL
(production settings), and wrk on the board and on /healthz in the same run, with a logged-in
session cookie. Goal on our 2-core machines: the board at >= 8% of /healthz throughput with
p99 under 250 ms.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import (
    bench_database_url,
    gunicorn,
    manage,
    report_goals,
    server_env,
    table,
    wrk,
)

SETUP = """
from accounts.models import Organization, User
from candidates.models import Application, Candidate
from postings.models import Posting
from postings.services import create_posting
org = Organization.objects.get(slug="kolanut-pay")
user = User.objects.get(email="manager@kolanut.example")
posting = Posting.objects.filter(organization=org, slug="bench-board").first()
if posting is None:
    posting = create_posting(org, by=user, title="Bench board", slug="bench-board", description="x", status="open")
    posting.hiring_team.add(user)
    stages = list(posting.stages.order_by("order"))
    candidates = Candidate.objects.bulk_create(
        Candidate(organization=org, name=f"Bench Person {n}", email=f"bench-board-{n}@example.org") for n in range(2000)
    )
    Application.objects.bulk_create(
        Application(posting=posting, candidate=c, stage=stages[min(n % 9, 5)], position=n,
                    source=["linkedin", "referral", "careers page"][n % 3], knockout=n % 11 == 0)
        for n, c in enumerate(candidates)
    )
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.auth import HASH_SESSION_KEY, SESSION_KEY, BACKEND_SESSION_KEY
session = SessionStore()
session[SESSION_KEY] = str(user.pk)
session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
session[HASH_SESSION_KEY] = user.get_session_auth_hash()
session.create()
print(posting.pk, session.session_key, Application.objects.filter(posting=posting).count())
"""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=int, default=10)
    args = parser.parse_args()
    env = server_env(bench_database_url())
    manage(env, "migrate", "--noinput")
    manage(env, "load_demo")
    posting_id, session_key, count = manage(env, "shell", "--no-imports", "-c", SETUP).split()
    cookie = f"sessionid={session_key}"
    with gunicorn(env) as base:
        healthz = wrk("/healthz", f"{base}/healthz", seconds=args.seconds)
        board = wrk(
            "board", f"{base}/postings/{posting_id}/board/", seconds=args.seconds, cookie=cookie
        )
        filtered = wrk(
            "board, filtered",
            f"{base}/postings/{posting_id}/board/?source=linkedin&sort=newest",
            seconds=args.seconds,
            cookie=cookie,
        )
    print(
        f"\nShortlist board benchmark: {count} applications, gunicorn 2 workers, {args.seconds}s per endpoint"
    )
    print(table([healthz, board, filtered], healthz))
    goals = {
        "board >= 8% of /healthz": board.rps / healthz.rps >= 0.08,
        "board p99 < 250 ms": board.p99_ms < 250,
        "board: zero errors": board.errors == 0 and filtered.errors == 0,
    }
    return report_goals("board", goals, results=[healthz, board, filtered])


if __name__ == "__main__":
    sys.exit(main())
