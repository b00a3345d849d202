"""Writes for fit scores: ask for a score, score one application, rescore a posting in batches.

Views, jobs and admin call these; jobs are thin wrappers in `screening.jobs` (outbox kinds).
"""

from __future__ import annotations

import hashlib
import json
import tempfile
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import F, OuterRef, Prefetch, Subquery
from django.utils import timezone

from candidates.board_version import bump_boards_of
from candidates.models import Answer as SubmittedAnswer
from candidates.models import Application, ApplicationEvent, EventKind
from config.validators import one_line
from outbox.services import record
from postings.models import Posting, Requirement
from screening.engine import sandbox
from screening.engine.extract import Extraction, extract_file
from screening.engine.scoring import SCORING_VERSION, Answer, FitResult, score_resume
from screening.models import FitScore, Rescoring, ResumeText, ScoreState

RESCORE_BATCH = 100
MAX_ROLES_SHOWN = 30


def requirements_digest(requirements: Iterable[Requirement]) -> str:
    """Names a posting's requirements as the scorer reads them: equal digests, equal scores."""
    rows = sorted(
        [
            r.kind,
            sorted(s.lower() for s in r.skills or []),
            r.min_years or 0,
            r.importance,
            r.weight,
        ]
        for r in requirements
    )
    return hashlib.sha1(json.dumps(rows, sort_keys=True).encode()).hexdigest()  # noqa: S324


# --- Asking for scores ---------------------------------------------------------------------------


def request_score(application: Application) -> FitScore:
    """A pending score and its `score` outbox message, in the transaction that created the
    application."""
    fit = FitScore.objects.create(application=application, posting_id=application.posting_id)
    record(
        "score",
        {"application_id": application.pk},
        key=f"score:{application.pk}:applied",
        organization=application.posting.organization,
    )
    return fit


@transaction.atomic
def schedule_rescoring(posting: Posting, *, reason: str) -> Rescoring | None:
    """Score every application of the posting again, in background batches, with progress.

    A run still going is superseded: its remaining batches stop, this one covers everything."""
    ids = list(
        Application.objects.filter(posting=posting).order_by("pk").values_list("pk", flat=True)
    )
    Rescoring.objects.filter(posting=posting, finished_at=None, superseded=False).update(
        superseded=True
    )
    if not ids:
        return None
    run = Rescoring.objects.create(
        posting=posting,
        reason=reason,
        total=len(ids),
        requirements_digest=requirements_digest(posting.requirements.all()),
        scoring_version=SCORING_VERSION,
    )
    for start in range(0, len(ids), RESCORE_BATCH):
        record(
            "score_batch",
            {"rescoring_id": run.pk, "application_ids": ids[start : start + RESCORE_BATCH]},
            key=f"rescore:{run.pk}:{start}",
            organization=posting.organization,
        )
    return run


@transaction.atomic
def requirements_changed(posting: Posting) -> Rescoring | None:
    """A posting's requirements were just changed (editor, suggestions, admin), in the caller's
    transaction: rescore, unless they read the same as the last run's (a typo in a description).
    Several changes in one transaction schedule once: the second finds the digest it wrote."""
    latest = Rescoring.objects.filter(posting=posting, superseded=False).first()
    digest = requirements_digest(posting.requirements.all())
    if latest is not None and (latest.requirements_digest, latest.scoring_version) == (
        digest,
        SCORING_VERSION,
    ):
        return None
    if (
        latest is None
        and not posting.applications.exclude(fit_score__requirements_digest=digest).exists()
    ):
        return None  # every application has a score that reads these requirements
    return schedule_rescoring(posting, reason="requirements changed")


def rescore_outdated_versions() -> int:
    """Postings with scores from an older scoring version get a rescoring run (sweeper task)."""
    running = Rescoring.objects.filter(
        finished_at=None, superseded=False, scoring_version=SCORING_VERSION
    ).values("posting_id")
    stale = (
        FitScore.objects.outdated(SCORING_VERSION)
        .filter(state=ScoreState.DONE)
        .exclude(posting_id__in=running)
        .values_list("posting_id", flat=True)
        .distinct()[:20]
    )
    postings = Posting.objects.filter(pk__in=list(stale))
    return sum(schedule_rescoring(p, reason="a new scoring version") is not None for p in postings)


# --- Reading the resume once ------------------------------------------------------------


def read_resume(application: Application, *, isolated: bool = True) -> ResumeText:
    """The resume's text, extracted the first time and kept after: in a child process with
    limits, unless the file is our own (`isolated=False`: the demo's generated resumes).
    Fetched with `select_related("resume_text")`, a kept text costs no query."""
    try:
        return application.resume_text
    except ResumeText.DoesNotExist:
        pass
    if not application.resume:
        text, error, kind = "", "could not read: no resume was attached", ""
    else:
        text, error, kind = _extract_stored(application, isolated=isolated)
    resume = ResumeText(application=application, text=text, error=error[:300], kind=kind)
    # One statement, no savepoint: a concurrent job that stored it first read the same file.
    ResumeText.objects.bulk_create([resume], ignore_conflicts=True)
    return resume


def read_isolated(path: str) -> Extraction:
    """A stranger's file read by this process's pool of sandboxed readers (their limits are the
    settings'; a child is replaced after any limit hit and after
    SCREENING_SANDBOX_FILES_PER_CHILD files)."""
    readers = sandbox.pool(
        memory_mb=settings.SCREENING_EXTRACT_MEMORY_MB,
        files_per_child=settings.SCREENING_SANDBOX_FILES_PER_CHILD,
    )
    return readers.extract(path, seconds=settings.SCREENING_EXTRACT_SECONDS).extraction


def _extract_stored(application: Application, *, isolated: bool) -> tuple[str, str, str]:
    # Storage may be S3: copy to a private temporary file for the isolated reader.
    suffix = Path(application.resume.name or "").suffix[:10]
    try:
        with (
            application.resume.open("rb") as source,
            tempfile.NamedTemporaryFile(suffix=suffix) as copy,
        ):
            for chunk in source.chunks():
                copy.write(chunk)
            copy.flush()
            result = read_isolated(copy.name) if isolated else extract_file(copy.name)
    except OSError as exc:
        return "", f"could not read: the stored file is missing ({type(exc).__name__})", ""
    return result.text, result.error or "", result.kind


# --- Scoring -------------------------------------------------------------------------------------

# The answers with their questions in one query, not two.
_ANSWERS = Prefetch("answers", queryset=SubmittedAnswer.objects.select_related("question"))


def _answers(application: Application) -> list[Answer]:
    return [
        Answer(
            question=a.question_text,
            answer=a.value,
            knockout_answer=a.question.knockout_answer if a.question else "",
        )
        for a in application.answers.all()
    ]


def _personal_values(application: Application) -> list[str]:
    """What identifies the person, removed from the text before the scorer reads it."""
    candidate = application.candidate
    values = [candidate.name, candidate.email, candidate.phone, candidate.location]
    values += [application.name, application.email, application.phone, application.location]
    return [v for v in values if v]


def compute(
    application: Application, requirements: Sequence[Requirement], resume: ResumeText
) -> FitResult:
    stated = float(application.stated_years) if application.stated_years is not None else None
    return score_resume(
        requirements,
        resume.text if resume.ok else "",
        stated_years=stated,
        answers=_answers(application),
        today=timezone.localdate(),
        redact_values=_personal_values(application),
        # Uploaded with the application: its "Present" is the day it was sent, not a date
        # guessed from the file as for an old CV read on its own (`manage.py fitscore`).
        as_of=timezone.localdate(application.applied_at),
    )


def _apply_result(
    fit: FitScore, result: FitResult, resume: ResumeText, digest: str, run: Rescoring | None
) -> None:
    fit.state = ScoreState.DONE
    fit.score = result.score
    fit.must_haves_met = result.must_haves_met
    fit.explanation = [vars(e) for e in result.explanation]
    fit.summary = result.summary[:500]
    fit.years = result.years
    fit.years_evidence = one_line(result.years_evidence)[:200]
    fit.roles = result.roles[:MAX_ROLES_SHOWN]
    fit.scoring_version = result.scoring_version
    fit.requirements_digest = digest
    fit.resume_unreadable = not resume.ok
    reason = resume.error.removeprefix("could not read: ")
    fit.error = "" if resume.ok else f"could not read the resume: {reason}"
    fit.rescoring = run
    fit.scored_at = timezone.now()


@transaction.atomic
def score_application(application_id: int, *, isolated: bool = True) -> FitScore:
    """Score one application against its posting's requirements as they are now."""
    application = (
        Application.objects.select_related("candidate", "posting", "resume_text")
        .prefetch_related(_ANSWERS)
        .get(pk=application_id)
    )
    requirements = list(application.posting.requirements.all())
    resume = read_resume(application, isolated=isolated)
    result = compute(application, requirements, resume)
    fit, _ = FitScore.objects.select_for_update().get_or_create(
        application=application, defaults={"posting_id": application.posting_id}
    )
    first = fit.scored_at is None
    _apply_result(fit, result, resume, requirements_digest(requirements), None)
    fit.save()
    _copy_scores([application.pk])
    if first:
        ApplicationEvent.objects.create(
            application=application,
            kind=EventKind.SCORED,
            data={"score": result.score, "version": result.scoring_version},
        )
    return fit


@transaction.atomic
def score_batch(rescoring_id: int, application_ids: Sequence[int]) -> int:
    """Score one batch of a rescoring run; returns how many it scored. Safe to run twice: rows
    this run already scored are skipped and counted once."""
    run = Rescoring.objects.select_related("posting").filter(pk=rescoring_id).first()
    if run is None or run.superseded:
        return 0
    requirements = list(run.posting.requirements.all())
    digest = requirements_digest(requirements)
    already = set(
        FitScore.objects.filter(application_id__in=application_ids, rescoring=run).values_list(
            "application_id", flat=True
        )
    )
    applications = list(
        Application.objects.filter(pk__in=application_ids, posting_id=run.posting_id)
        .exclude(pk__in=already)
        .select_related("candidate", "resume_text", "fit_score")
        .prefetch_related(_ANSWERS)
    )
    fits = []
    for application in applications:
        resume = getattr(application, "resume_text", None) or read_resume(application)
        fit = getattr(application, "fit_score", None) or FitScore(
            application=application, posting_id=run.posting_id
        )
        _apply_result(fit, compute(application, requirements, resume), resume, digest, run)
        fit.updated_at = timezone.now()
        fits.append(fit)
    FitScore.objects.bulk_create(
        fits,
        update_conflicts=True,
        unique_fields=["application"],
        update_fields=[
            "state",
            "score",
            "must_haves_met",
            "explanation",
            "summary",
            "years",
            "scoring_version",
            "requirements_digest",
            "resume_unreadable",
            "error",
            "rescoring",
            "scored_at",
            "updated_at",
        ],
    )
    _copy_scores([a.pk for a in applications])
    # Applications deleted since the run started count as done: nothing is left to score.
    gone = len(application_ids) - len(already) - len(applications)
    _count(run, done=len(applications) + gone)
    return len(applications)


def _copy_scores(application_ids: Sequence[int]) -> None:
    """The list sorts and filters by `Application.sort_score`, a copy of the fit score's
    `score`: every write of a score copies it, in its transaction, in one statement. The
    card's cache key (the application's `updated_at`) is left alone: the score's own
    `updated_at` is part of it already."""
    if not application_ids:
        return
    scores = FitScore.objects.filter(application_id=OuterRef("pk")).values("score")[:1]
    Application.objects.filter(pk__in=application_ids).update(sort_score=Subquery(scores))
    bump_boards_of(application_ids)  # the card's fit badge


def _count(run: Rescoring, *, done: int = 0, failed: int = 0) -> None:
    Rescoring.objects.filter(pk=run.pk).update(done=F("done") + done, failed=F("failed") + failed)
    Rescoring.objects.filter(
        pk=run.pk, finished_at=None, done__gte=F("total") - F("failed")
    ).update(finished_at=timezone.now())


# --- When a job gives up ---------------------------------------------------------------


@transaction.atomic
def record_scoring_failure(kind: str, payload: dict[str, Any], error: str) -> None:
    """A score or batch message failed for good: say so where people look, never silently."""
    if kind == "score" and isinstance(payload.get("application_id"), int):
        FitScore.objects.filter(application_id=payload["application_id"]).exclude(
            state=ScoreState.DONE
        ).update(state=ScoreState.FAILED, error=error[:2000], updated_at=timezone.now())
        bump_boards_of([payload["application_id"]])
    elif kind == "score_batch":
        run_id = payload.get("rescoring_id")
        run = Rescoring.objects.filter(pk=run_id).first() if isinstance(run_id, int) else None
        if run is not None:
            _count(run, failed=len(payload.get("application_ids", [])))
