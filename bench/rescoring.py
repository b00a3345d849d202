"""Rescoring at volume: `python bench/rescoring.py` gives a posting 2,000 applications with
resume text already extracted, changes its requirements, and times one real RQ worker process
(`rqworker --burst scoring`, its start-up included) through the whole rescoring run.
Goal (issue 10): 2,000 applications rescored in under a minute with one worker."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import PYTHON, ROOT, bench_database_url, manage, server_env

SIZE = 2000

SETUP = """
from accounts.models import Organization, User
from candidates.models import Application, Candidate
from postings.models import Requirement
from postings.services import create_posting
from screening.models import ResumeText
from screening.engine.suggest import suggest_requirements
from tests.screening.labeled.render import as_text
from tests.screening.labeled.resumes import ALL_RESUMES
from outbox.models import Message
from postings.models import Posting
org = Organization.objects.get(slug="kolanut-pay")
user = User.objects.get(email="recruiter@kolanut.example")
# Leftovers of an interrupted run would share the worker's time.
for old in Posting.objects.filter(organization=org, title="Bench rescoring"):
    Application.objects.filter(posting=old).delete()
    Candidate.objects.filter(email__startswith=f"rescore-{old.pk}-").delete()
    old.delete()
Message.objects.filter(kind__in=["score", "score_batch"], state__in=["pending", "scheduled"]).update(state="cancelled")
job = open("../shared/seeds/000_edc2a8dc3164ec24.txt", encoding="utf-8").read()
posting = create_posting(org, by=user, title="Bench rescoring", description=job)
Requirement.objects.bulk_create(
    Requirement(posting=posting, order=i, **r.as_dict()) for i, r in enumerate(suggest_requirements(job))
)
stage = posting.stages.first()
people = Candidate.objects.bulk_create(
    Candidate(organization=org, name=f"Rescore {n}", email=f"rescore-{posting.pk}-{n}@example.org")
    for n in range(SIZE)
)
apps = Application.objects.bulk_create(Application(posting=posting, candidate=c, stage=stage) for c in people)
texts = [as_text(r) for r in ALL_RESUMES]
ResumeText.objects.bulk_create(ResumeText(application=a, text=texts[n % len(texts)]) for n, a in enumerate(apps))
print(posting.pk)
"""

CHANGE = """
from postings.models import Posting, Requirement
from postings.services import add_collection_item
from screening.models import Rescoring
posting = Posting.objects.get(pk=PK)
# The editor's service: the rescoring is scheduled in the same transaction as the requirement.
add_collection_item(posting, Requirement(kind="skill", skills=["Kafka"], importance="nice", weight=1), by=None)
run = Rescoring.objects.filter(posting=posting).first()
print(run.pk, run.total)
"""

REPORT = """
from screening.models import FitScore, Rescoring
run = Rescoring.objects.get(pk=RUN)
took = (run.finished_at - run.started_at).total_seconds() if run.finished_at else None
scored = FitScore.objects.filter(rescoring=run, state="done").count()
print(f"run {run.pk}: {run.done} done, {run.failed} failed of {run.total}; {scored} scores written")
print(f"started -> finished (database clock): {took:.1f} s" if took else "not finished")
CLEANUP
"""

CLEANUP = """
from candidates.models import Application, Candidate
from outbox.models import Message
from postings.models import Posting
posting = Posting.objects.get(pk=PK)
Message.objects.filter(kind="score_batch", payload__rescoring_id=RUN).delete()
Application.objects.filter(posting=posting).delete()
Candidate.objects.filter(email__startswith=f"rescore-{posting.pk}-").delete()
posting.delete()
"""


def main() -> int:
    env = server_env(bench_database_url())
    manage(env, "migrate", "--noinput")
    manage(env, "load_demo")
    pk = manage(env, "shell", "--no-imports", "-c", f"SIZE = {SIZE}\n" + SETUP).strip()
    run, total = manage(env, "shell", "--no-imports", "-c", CHANGE.replace("PK", pk)).split()
    started = time.perf_counter()
    worker = subprocess.run(
        [PYTHON, "manage.py", "rqworker", "--burst", "scoring"],
        cwd=ROOT,
        env={**env, "DJANGO_ENV": "local", "DEBUG": "false"},
        capture_output=True,
        text=True,
        check=False,
    )
    elapsed = time.perf_counter() - started
    if worker.returncode != 0:
        print(worker.stderr[-3000:])
        return 1
    report = REPORT.replace("RUN", run).replace("CLEANUP", CLEANUP.replace("PK", pk))
    print(manage(env, "shell", "--no-imports", "-c", report.replace("RUN", run)).strip())
    print(
        f"one worker process, start-up included: {elapsed:.1f} s for {total} applications "
        f"= {int(total) / elapsed:.0f} per second (goal: under 60 s)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
