"""The real development set, `../shared/screening-dev/`: real public resumes graded by a recruiter
against the four seed postings, and real postings with the requirements a recruiter extracts.

    .venv/bin/python -m bench.devset            # ranking, extraction, years, leadership, gaming
    .venv/bin/python -m bench.devset --explain 001 d17.pdf

The files are real people's data: they are read from `../shared/`, never copied into the
repository, and nothing here writes their text to disk.

Ranking: for each seed, every resume is scored against the requirements suggested from the
seed's text (as `manage.py fitscore` does), and compared with the grades by NDCG@10, pairwise
accuracy and the count of grade-3 resumes scored below a grade-0 one; BM25, TF-IDF and a keyword
count run on the same extracted text. Years: the years the scorer read against the grader's
`years_experience` (median absolute error). Leadership: the strength of the leadership the
scorer read (led people / a title, mentoring or a claim only / none) against the grader's
`has_leadership` (yes / unclear / no).
"""

from __future__ import annotations

import csv
import statistics
import sys
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path

from bench.baselines import bm25_scores, keyword_scores, tfidf_scores
from bench.extraction import extraction_report
from screening.engine.extract import extract_file
from screening.engine.scoring import gather, redact, score_resume
from screening.engine.suggest import SuggestedRequirement, suggest_requirements
from tests.screening.labeled.metrics import ndcg_at, pairwise_accuracy, rank

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
DEV = SHARED / "screening-dev"
SEEDS = SHARED / "seeds"
# Resumes that say "present" are read as of this day, so figures don't drift with the calendar.
TODAY = date(2026, 12, 1)

Scores = dict[str, float]


@dataclass(frozen=True)
class Labels:
    grades: dict[str, dict[str, int]]  # seed prefix -> resume file -> grade 0..3
    years: dict[str, float]  # resume file -> the grader's years of experience
    leadership: dict[str, str]  # resume file -> yes / no / unclear


@dataclass(frozen=True)
class Ranking:
    ndcg: float
    pairwise: float
    inversions: int  # grade-3 resumes scored below a grade-0 one, counted as pairs


def available() -> bool:
    return (DEV / "labels.csv").exists()


@cache
def labels() -> Labels:
    grades: dict[str, dict[str, int]] = defaultdict(dict)
    years: dict[str, float] = {}
    leadership: dict[str, str] = {}
    with (DEV / "labels.csv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            grades[row["posting"]][row["resume_file"]] = int(row["grade"])
            if row["years_experience"].strip():
                years[row["resume_file"]] = float(row["years_experience"])
            leadership[row["resume_file"]] = row["has_leadership"]
    return Labels(dict(grades), years, leadership)


@cache
def seeds() -> dict[str, str]:
    """Seed prefix ("000") -> the posting's text."""
    return {path.name[:3]: path.read_text(encoding="utf-8") for path in sorted(SEEDS.glob("*.txt"))}


@cache
def texts() -> dict[str, str]:
    """Resume file -> extracted text; a file that can't be read gives an empty text."""
    files = sorted(labels().years.keys() | {f for g in labels().grades.values() for f in g})
    return {name: extract_file(DEV / "resumes" / name).text for name in files}


def requirements(prefix: str) -> list[SuggestedRequirement]:
    return suggest_requirements(seeds()[prefix])


def fit_scores(prefix: str) -> Scores:
    wanted = requirements(prefix)
    return {
        name: float(score_resume(wanted, text, today=TODAY).score or 0.0)
        for name, text in texts().items()
    }


def measure(scores: Scores, grade: dict[str, int]) -> Ranking:
    scores = {name: scores[name] for name in grade}
    top = [name for name, g in grade.items() if g == 3]
    bottom = [name for name, g in grade.items() if g == 0]
    inversions = sum(1 for a in top for b in bottom if scores[a] < scores[b])
    return Ranking(ndcg_at(rank(scores), grade), pairwise_accuracy(scores, grade), inversions)


def methods(prefix: str) -> dict[str, Callable[[], Scores]]:
    job, docs = seeds()[prefix], texts()
    keywords = sorted({s for r in requirements(prefix) for s in r.skills})
    return {
        "fit score": lambda: fit_scores(prefix),
        "BM25": lambda: bm25_scores(job, docs),
        "TF-IDF": lambda: tfidf_scores(job, docs),
        "keywords": lambda: keyword_scores(keywords, docs),
    }


def ranking_report() -> dict[str, Ranking]:
    """Prints the per-seed and mean figures of every method; returns the means."""
    print(f"== ranking: {len(texts())} real resumes, {len(seeds())} seed postings")
    print(f"{'posting':8} {'method':10} {'NDCG@10':>8} {'pairwise':>9} {'3<0':>4}")
    per_method: dict[str, list[Ranking]] = defaultdict(list)
    for prefix in sorted(labels().grades):
        for method, run in methods(prefix).items():
            result = measure(run(), labels().grades[prefix])
            per_method[method].append(result)
            print(
                f"{prefix:8} {method:10} {result.ndcg:8.3f} {result.pairwise:9.3f}"
                f" {result.inversions:4d}"
            )
    print()
    means = {}
    for method, results in per_method.items():
        means[method] = Ranking(
            statistics.fmean(r.ndcg for r in results),
            statistics.fmean(r.pairwise for r in results),
            sum(r.inversions for r in results),
        )
        m = means[method]
        print(f"{'mean':8} {method:10} {m.ndcg:8.3f} {m.pairwise:9.3f} {m.inversions:4d}")
    return means


def years_error() -> float:
    """Median absolute error of the years the scorer read against the grader's."""
    wanted = requirements("000")
    errors = []
    for name, expected in sorted(labels().years.items()):
        read = score_resume(wanted, texts()[name], today=TODAY).years
        errors.append(abs(read - expected))
    error = statistics.median(errors)
    within = sum(1 for e in errors if e <= 1.5) / len(errors)
    print(f"== years: median absolute error {error:.2f} over {len(errors)} resumes;")
    print(f"   {within:.0%} within 1.5 years (goal: median ≤ 1.5)")
    return error


def stuffed(prefix: str, text: str) -> str:
    """The resume with one line naming every skill the posting's requirements name: the
    cheapest way to game a keyword scorer."""
    skills = sorted({s for r in requirements(prefix) for s in r.skills})
    return text + "\n\nSkills: " + ", ".join(skills) + "\n"


def gaming_report() -> float:
    """How far a stuffed skills line lifts the grade-0 resumes; returns the largest lift."""
    lifts = []
    overtakes = 0
    for prefix, grade in sorted(labels().grades.items()):
        wanted = requirements(prefix)
        scores = fit_scores(prefix)
        best = [scores[name] for name, g in grade.items() if g == 3]
        for name in (name for name, g in grade.items() if g == 0):
            lifted = float(
                score_resume(wanted, stuffed(prefix, texts()[name]), today=TODAY).score or 0
            )
            lifts.append(lifted - scores[name])
            overtakes += sum(1 for b in best if scores[name] <= b < lifted)
    print(f"== gaming: a stuffed skills line on {len(lifts)} grade-0 resumes lifts them")
    print(
        f"   {statistics.fmean(lifts):.1f} points on average, {max(lifts):.1f} at most (goal: ≤ 5);"
    )
    print(f"   {overtakes} new overtakes of a grade-3 resume")
    return max(lifts)


LEAD_READING = {2: "yes", 1: "unclear", 0: "no"}


def leadership_agreement() -> float:
    """Share of resumes where the leadership read agrees with the grader's yes / unclear / no."""
    agree = yes_no = yes_no_agree = 0
    confusion: dict[tuple[str, str], int] = defaultdict(int)
    for name, expected in sorted(labels().leadership.items()):
        read = LEAD_READING[gather(redact(texts()[name]), TODAY).lead_strength]
        confusion[(expected, read)] += 1
        agree += read == expected
        if expected != "unclear":
            yes_no += 1
            yes_no_agree += (read == "yes") == (expected == "yes")
    share = agree / len(labels().leadership)
    print(f"== leadership: {share:.0%} agree with the grader (yes / unclear / no) over")
    print(f"   {len(labels().leadership)} resumes; yes vs not-yes on the clear ones:")
    print(f"   {yes_no_agree / yes_no:.0%} of {yes_no}")
    for grader in ("yes", "unclear", "no"):
        row = "  ".join(f"{r} {confusion[(grader, r)]:2d}" for r in ("yes", "unclear", "no"))
        print(f"   grader {grader:8} read: {row}")
    return share


def explain(prefix: str, name: str) -> None:
    result = score_resume(requirements(prefix), texts()[name], today=TODAY)
    print(f"{name} vs {prefix}: {result.score} (grade {labels().grades[prefix].get(name)})")
    print(f"years read {result.years}, grader {labels().years.get(name)}; {result.summary}")
    for line in result.explanation:
        print(f"  [{line.importance:4} {line.status:10}] {line.requirement}: {line.evidence}")


def main(argv: list[str]) -> int:
    if not available():
        print(f"no development set at {DEV}")
        return 1
    if len(argv) == 3 and argv[0] == "--explain":
        explain(argv[1], argv[2])
        return 0
    ranking_report()
    print()
    extraction_report()
    print()
    years_error()
    print()
    leadership_agreement()
    print()
    gaming_report()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
