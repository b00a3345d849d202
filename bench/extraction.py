"""Requirement extraction on the real postings of `../shared/screening-dev/postings/`.

    .venv/bin/python -m bench.extraction

Each `qNN.txt` goes through `suggest_requirements`, and its must-have suggestions are compared
with the rows a recruiter wrote in `postings/expected.csv`. The matching is defined here once
(and in bench/README.md, "Extraction"):

- `must_skill` is found when a must-have skill requirement lists any of its alternatives
  (`A|B` = any of), both sides compared by the taxonomy's canonical name, or the name lower-cased
  when the taxonomy does not know it;
- `min_years` is found when a must-have years requirement has exactly that minimum;
- `leadership_required: yes` is found when a must-have leadership requirement exists (`no` rows
  are not must rows: a must-have leadership suggestion there matches nothing);
- `education`, `language` and `other_must` are found when a must-have requirement of kind
  `other` covers the row: its text holds at least two thirds of the content words of the row's
  value, or of its source quote (words of three letters or more, stop words left out, compared
  on their first five letters so "mentoring" meets "mentor" and "authorised" "authorized").

Recall is the share of a posting's must rows found; precision the share of its must-have
suggestions that find at least one must row. A posting with no must-have suggestion has
precision 0 (nothing suggested is not a precise answer). Means are over postings. Rows for
postings that are not in the set (the four seeds have none) are not measured.
"""

from __future__ import annotations

import csv
import re
import statistics
import sys
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from screening.engine.suggest import SuggestedRequirement, suggest_requirements
from screening.engine.taxonomy import load

ROOT = Path(__file__).resolve().parent.parent
POSTINGS = ROOT.parent / "shared" / "screening-dev" / "postings"
MUST_KINDS = frozenset(["must_skill", "min_years", "education", "language", "other_must"])
COVERED_SHARE = 2 / 3
WORD = re.compile(r"[^\W\d_]{3,}")
STOP = frozenset(
    [
        "and",
        "the",
        "for",
        "with",
        "from",
        "that",
        "this",
        "you",
        "your",
        "are",
        "our",
        "who",
        "will",
        "can",
        "have",
        "has",
        "its",
        "into",
        "able",
        "any",
        "all",
        "such",
        "other",
        "etc",
        "also",
        "both",
        "one",
        "least",
        "more",
        "than",
        "well",
        "use",
        "using",
        "work",
        "com",
        "para",
        "por",
        "uma",
        "com",
        "que",
        "dos",
        "das",
    ]
)


@dataclass(frozen=True)
class Row:
    kind: str
    value: str
    quote: str


@dataclass(frozen=True)
class PostingResult:
    name: str
    recall: float
    precision: float
    missed: list[Row]
    unmatched: list[SuggestedRequirement]


def available() -> bool:
    return (POSTINGS / "expected.csv").exists()


def expected_rows() -> dict[str, list[Row]]:
    rows: dict[str, list[Row]] = defaultdict(list)
    with (POSTINGS / "expected.csv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            rows[row["posting_file"]].append(
                Row(row["kind"], row["value"].strip(), row["source_quote"])
            )
    return dict(rows)


def must_rows(rows: list[Row]) -> list[Row]:
    return [
        r
        for r in rows
        if r.kind in MUST_KINDS or (r.kind == "leadership_required" and r.value == "yes")
    ]


def canonical(name: str) -> str:
    return (load().canonical(name.strip()) or name.strip()).lower()


def stems(text: str) -> set[str]:
    return {w[:5] for w in WORD.findall(text.lower()) if w not in STOP}


def covers(text: str, wanted: str) -> bool:
    need = stems(wanted)
    return bool(need) and len(need & stems(text)) >= COVERED_SHARE * len(need)


def finds(requirement: SuggestedRequirement, row: Row) -> bool:
    """Whether a must-have suggestion finds an expected must row, as the docstring defines."""
    if requirement.importance != "must":
        return False
    if row.kind == "must_skill":
        alternatives = {canonical(v) for v in row.value.split("|")}
        offered = {canonical(s) for s in requirement.skills}
        return requirement.kind == "skill" and bool(alternatives & offered)
    if row.kind == "min_years":
        return requirement.kind == "years" and requirement.min_years == int(row.value)
    if row.kind == "leadership_required":
        return requirement.kind == "leadership" and row.value == "yes"
    return requirement.kind == "other" and (
        covers(requirement.text, row.value) or covers(requirement.text, row.quote)
    )


def measure(name: str, text: str, rows: list[Row]) -> PostingResult:
    suggested = [r for r in suggest_requirements(text) if r.importance == "must"]
    wanted = must_rows(rows)
    missed = [row for row in wanted if not any(finds(r, row) for r in suggested)]
    unmatched = [r for r in suggested if not any(finds(r, row) for row in wanted)]
    recall = 1 - len(missed) / len(wanted) if wanted else 1.0
    precision = 1 - len(unmatched) / len(suggested) if suggested else 0.0
    return PostingResult(name, recall, precision, missed, unmatched)


def results() -> list[PostingResult]:
    return [
        measure(name, (POSTINGS / name).read_text(encoding="utf-8"), rows)
        for name, rows in sorted(expected_rows().items())
        if (POSTINGS / name).exists()
    ]


def describe(requirement: SuggestedRequirement) -> str:
    if requirement.kind == "skill":
        return "skill " + " | ".join(requirement.skills)
    if requirement.kind == "years":
        return f"years {requirement.min_years}"
    return f"{requirement.kind} {requirement.text[:70]!r}"


def extraction_report(*, verbose: bool = False) -> tuple[float, float]:
    """Prints recall and precision per posting and their means; returns the means."""
    measured = results()
    print(f"== extraction: {len(measured)} real postings, must-haves matched as bench/README.md")
    print(f"{'posting':8} {'recall':>7} {'precision':>9}")
    for result in measured:
        print(f"{result.name[:-4]:8} {result.recall:7.3f} {result.precision:9.3f}")
        if verbose:
            for row in result.missed:
                print(f"    missed    {row.kind} {row.value!r}")
            for requirement in result.unmatched:
                print(f"    unmatched {describe(requirement)}")
    recall = statistics.fmean(r.recall for r in measured)
    precision = statistics.fmean(r.precision for r in measured)
    print(f"{'mean':8} {recall:7.3f} {precision:9.3f}   (goal: recall ≥ 0.85, precision ≥ 0.8)")
    return recall, precision


def main(argv: list[str]) -> int:
    if not available():
        print(f"no development postings at {POSTINGS}")
        return 1
    extraction_report(verbose="-v" in argv)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
