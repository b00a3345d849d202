"""Scoring at volume: `python bench/rescoring.py [--rounds N]`.

1. **Scoring as applications arrive.** A posting gets 2,016 applications (the 63 resume files of
   `../shared/screening-dev/resumes/` repeated 32 times; read from there at run time, copied
   only into the bench's media folder, never into the repository), each with the pending score
   and `score` message an apply leaves. One real worker process (`rqworker --burst scoring`
   with the scoring queue's worker class, as `make run` and compose start it; start-up
   included) reads every file in its sandbox, scores it and writes the result. Beside it, in
   this process, the same pipeline with no sandbox, queue or database (`extract_file` then
   `score_resume`) on whole rounds of the same files, so both see the same mix. Goal (issue 19):
   the worker's rate at least 50% of the in-process rate.
2. **Rescoring.** A requirement changes as in the editor and the same worker rescores all of
   them from the stored text. Goal (issue 10): under a minute.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import PYTHON, ROOT, bench_database_url, manage, server_env

RESUMES = ROOT.parent / "shared" / "screening-dev" / "resumes"
SEED = ROOT.parent / "shared" / "seeds" / "000_edc2a8dc3164ec24.txt"
MINIMUM = 2000
WORKER_CLASS = "outbox.workers.InProcessWorker"

SETUP = """
import shutil
from pathlib import Path
from django.conf import settings
from django.db import transaction
from accounts.models import Organization, User
from candidates.models import Application, Candidate
from outbox.models import Message
from postings.models import Posting, Requirement
from postings.services import create_posting
from screening.engine.suggest import suggest_requirements
from screening.services import request_score
org = Organization.objects.get(slug="kolanut-pay")
user = User.objects.get(email="recruiter@kolanut.example")
# Leftovers of an interrupted run would share the worker's time.
for old in Posting.objects.filter(organization=org, title="Bench scoring"):
    Application.objects.filter(posting=old).delete()
    Candidate.objects.filter(email__startswith=f"score-{old.pk}-").delete()
    old.delete()
Message.objects.filter(kind__in=["score", "score_batch"], state__in=["pending", "scheduled"]).update(state="cancelled")
job = open(SEED, encoding="utf-8").read()
posting = create_posting(org, by=user, title="Bench scoring", description=job)
Requirement.objects.bulk_create(
    Requirement(posting=posting, order=i, **r.as_dict()) for i, r in enumerate(suggest_requirements(job))
)
folder = Path(settings.MEDIA_ROOT) / "bench-scoring"
folder.mkdir(parents=True, exist_ok=True)
names = []
for source in FILES:
    shutil.copyfile(source, folder / Path(source).name)
    names.append(f"bench-scoring/{Path(source).name}")
stage = posting.stages.first()
people = Candidate.objects.bulk_create(
    Candidate(organization=org, name=f"Applicant {n}", email=f"score-{posting.pk}-{n}@example.org")
    for n in range(SIZE)
)
apps = Application.objects.bulk_create(
    Application(posting=posting, candidate=c, stage=stage, resume=names[n % len(names)])
    for n, c in enumerate(people)
)
# What each apply leaves: a pending score and its message, enqueued at commit.
with transaction.atomic():
    for application in apps:
        request_score(application)
print(posting.pk)
"""

CHANGE = """
from postings.models import Posting, Requirement
from postings.services import add_collection_item
from screening.models import Rescoring
posting = Posting.objects.get(pk=PK)
add_collection_item(posting, Requirement(kind="skill", skills=["Kafka"], importance="nice", weight=1), by=None)
run = Rescoring.objects.filter(posting=posting).first()
print(run.pk, run.total)
"""

SCORED = """
from screening.models import FitScore
done = FitScore.objects.filter(posting_id=PK, state="done")
print(done.count(), done.filter(resume_unreadable=True).count())
"""

REPORT = """
from screening.models import FitScore, Rescoring
run = Rescoring.objects.get(pk=RUN)
scored = FitScore.objects.filter(rescoring=run, state="done").count()
print(f"run {run.pk}: {run.done} done, {run.failed} failed of {run.total}; {scored} scores written")
"""

CLEANUP = """
import shutil
from pathlib import Path
from django.conf import settings
from candidates.models import Application, Candidate
from outbox.models import Message
from postings.models import Posting
posting = Posting.objects.get(pk=PK)
Message.objects.filter(kind__in=["score", "score_batch"], organization=posting.organization, state="sent").delete()
Application.objects.filter(posting=posting).delete()
Candidate.objects.filter(email__startswith=f"score-{posting.pk}-").delete()
posting.delete()
shutil.rmtree(Path(settings.MEDIA_ROOT) / "bench-scoring", ignore_errors=True)
"""


def in_process_rate(files: list[Path], rounds: int) -> tuple[float, int]:
    """Extraction and scoring of `rounds` passes over the files, in this process."""
    from screening.engine.extract import extract_file
    from screening.engine.scoring import score_resume
    from screening.engine.suggest import suggest_requirements

    requirements = suggest_requirements(SEED.read_text(encoding="utf-8"))
    today = datetime.now(tz=UTC).date()
    started = time.perf_counter()
    for _ in range(rounds):
        for path in files:
            extraction = extract_file(path)
            score_resume(requirements, extraction.text if extraction.ok else "", today=today)
    return rounds * len(files) / (time.perf_counter() - started), rounds * len(files)


def no_other_worker(env: dict[str, str]) -> None:
    """Another worker on this Redis would take jobs for a database it does not know."""
    import redis
    from rq import Worker

    connection = redis.Redis.from_url(env["REDIS_URL"])
    others = [w.name for w in Worker.all(connection=connection) if "scoring" in w.queue_names()]
    if others:
        raise SystemExit(f"other workers listen on this Redis's scoring queue: {others}")


def burst(env: dict[str, str]) -> float:
    no_other_worker(env)
    started = time.perf_counter()
    worker = subprocess.run(
        [PYTHON, "manage.py", "rqworker", "--burst", "--worker-class", WORKER_CLASS, "scoring"],
        cwd=ROOT,
        env={**env, "DJANGO_ENV": "local", "DEBUG": "false"},
        capture_output=True,
        text=True,
        check=False,
    )
    elapsed = time.perf_counter() - started
    if worker.returncode != 0:
        raise SystemExit(worker.stderr[-3000:])
    return elapsed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=2, help="in-process passes over the files")
    options = parser.parse_args()
    if not RESUMES.is_dir():
        raise SystemExit(f"{RESUMES} is missing: this benchmark reads the development set there")
    files = sorted(p for p in RESUMES.iterdir() if p.is_file())
    size = -(-MINIMUM // len(files)) * len(files)  # whole rounds: the same mix as in process
    env = server_env(bench_database_url("shortlist_bench_scoring"))
    manage(env, "migrate", "--noinput")
    manage(env, "load_demo")
    setup = f"SIZE = {size}\nSEED = {str(SEED)!r}\nFILES = {[str(f) for f in files]!r}\n" + SETUP
    pk = manage(env, "shell", "--no-imports", "-c", setup).strip()
    try:
        # Half the in-process rounds before the worker and half after: a shared machine's load
        # then weighs on both sides alike.
        before = in_process_rate(files, (options.rounds + 1) // 2)
        elapsed = burst(env)
        after = in_process_rate(files, options.rounds // 2 or 1)
        measured = before[1] + after[1]
        rate = measured / (before[1] / before[0] + after[1] / after[0])
        print(f"in process: {measured} files extracted and scored at {rate:.1f} per second")
        scored, unreadable = map(
            int, manage(env, "shell", "--no-imports", "-c", SCORED.replace("PK", pk)).split()
        )
        worker_rate = scored / elapsed
        print(
            f"one worker process, start-up included: {elapsed:.1f} s for {scored} of {size} "
            f"applications ({unreadable} with an unreadable resume) = {worker_rate:.1f} per second"
        )
        print(f"worker / in process: {worker_rate / rate:.0%} (goal: at least 50%)", flush=True)
        if scored < size:
            raise SystemExit(f"only {scored} of {size} applications were scored")
        run, total = manage(env, "shell", "--no-imports", "-c", CHANGE.replace("PK", pk)).split()
        elapsed = burst(env)
        print(manage(env, "shell", "--no-imports", "-c", REPORT.replace("RUN", run)).strip())
        print(
            f"rescoring from stored text: {elapsed:.1f} s for {total} applications "
            f"= {int(total) / elapsed:.0f} per second (goal: under 60 s)"
        )
    finally:
        manage(env, "shell", "--no-imports", "-c", CLEANUP.replace("PK", pk))
    return 0


if __name__ == "__main__":
    sys.exit(main())
