"""The labeled set: our scorer must put the right people on top for each seed posting."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import pytest

from screening.engine.extract import extract_file
from screening.engine.scoring import score_resume
from screening.engine.suggest import suggest_requirements
from tests.screening.labeled.metrics import SEEDS, grades, ndcg_at, rank
from tests.screening.labeled.resumes import ALL_RESUMES

TODAY = date(2026, 11, 1)


def seed_path(prefix: str) -> Path:
    if not SEEDS.exists():
        if os.environ.get("CI") == "true":
            pytest.fail(f"the seed postings are missing from {SEEDS}")
        pytest.skip(f"the seed postings are not at {SEEDS}")
    (path,) = SEEDS.glob(f"{prefix}_*.txt")
    return path


def test_the_labeled_set_is_big_and_varied_enough() -> None:
    assert len(ALL_RESUMES) >= 40
    assert {r.layout for r in ALL_RESUMES} == {"pdf2col", "docx", "txt", "md", "jsonresume"}
    assert set(grades()) == {r.id for r in ALL_RESUMES}


@pytest.mark.parametrize("prefix", ["000", "001", "002", "003"])
def test_it_ranks_the_labeled_set_well(prefix: str, labeled_files: dict[str, Path]) -> None:
    requirements = suggest_requirements(seed_path(prefix).read_text(encoding="utf-8"))
    grade = {rid: g[prefix] for rid, g in grades().items()}
    scores = {}
    for rid, path in labeled_files.items():
        extraction = extract_file(path)
        assert extraction.ok, (rid, extraction.error)
        result = score_resume(requirements, extraction.text, today=TODAY)
        assert result.score is not None
        scores[rid] = result.score
    assert ndcg_at(rank(scores), grade) >= 0.9
    lowest_grade_3 = min(scores[r] for r in grade if grade[r] == 3)
    highest_grade_0 = max(scores[r] for r in grade if grade[r] == 0)
    assert lowest_grade_3 > highest_grade_0
