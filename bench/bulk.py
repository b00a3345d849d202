"""Bulk actions at volume: `python bench/bulk.py` rejects 500 applications with emails and
tags another 500, one transaction per application, as the list view does. Goal: under 10 s."""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import bench_database_url, manage, server_env

CODE = """
import time
from accounts.models import Organization, User
from candidates.models import Application, Candidate
from candidates.services import bulk_act
from postings.services import create_posting
org = Organization.objects.get(slug="kolanut-pay")
user = User.objects.get(email="recruiter@kolanut.example")
posting = create_posting(org, by=user, title="Bench bulk", description="x")
stages = list(posting.stages.all())
people = Candidate.objects.bulk_create(Candidate(organization=org, name=f"Bulk {n}", email=f"bulk-{posting.pk}-{n}@example.org") for n in range(1000))
Application.objects.bulk_create(Application(posting=posting, candidate=c, stage=stages[0]) for c in people)
apps = list(Application.objects.filter(posting=posting).select_related("candidate").order_by("pk"))
for label, chosen, kwargs in (
    ("reject 500 with emails", apps[:500], {"action": "reject", "reason": "Bench", "send_email": True}),
    ("tag 500", apps[500:], {"action": "tag", "tag": "bench"}),
):
    started = time.perf_counter()
    result = bulk_act(chosen, by=user, versions={}, **kwargs)
    print(f"{label}: {time.perf_counter() - started:.2f} s, {result.done} done, {len(result.refused)} refused")
from outbox.models import Message
Message.objects.filter(candidate_events__application__posting=posting).delete()
Application.objects.filter(posting=posting).delete()
posting.delete()
Candidate.objects.filter(email__startswith=f"bulk-{posting.pk}-").delete()
"""


def main() -> int:
    env = server_env(bench_database_url())
    manage(env, "migrate", "--noinput")
    manage(env, "load_demo")
    started = time.perf_counter()
    print(manage(env, "shell", "--no-imports", "-c", CODE).strip())
    print(
        f"total with setup: {time.perf_counter() - started:.1f} s (goal: each bulk action of 500 under 10 s)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
