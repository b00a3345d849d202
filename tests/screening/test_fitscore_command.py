from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from django.core.management import call_command

from screening.engine.suggest import suggest_requirements

POSTING = """Requirements
- 5+ years of backend engineering
- Python (FastAPI / Django / Flask)
- Redis
Nice to have
- Kubernetes
"""


def run(*args: str) -> str:
    out = io.StringIO()
    call_command("fitscore", *args, stdout=out)
    return out.getvalue()


def files(tmp_path: Path, labeled_files: dict[str, Path]) -> tuple[Path, list[str]]:
    job = tmp_path / "job.txt"
    job.write_text(POSTING, encoding="utf-8")
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.4 nothing here")
    return job, [str(labeled_files["r01"]), str(broken), str(labeled_files["r10"])]


def test_it_prints_one_json_array_and_goes_on_past_unreadable_files(
    tmp_path: Path, labeled_files: dict[str, Path]
) -> None:
    job, resumes = files(tmp_path, labeled_files)
    rows = json.loads(run("--posting", str(job), *resumes, "--format", "json"))
    assert [row["file"] for row in rows] == resumes
    strong, broken, marketer = rows
    assert strong["must_haves_met"] is True
    assert strong["score"] > marketer["score"]
    assert broken["error"] == "could not read: the PDF is damaged or not a PDF"
    assert broken["score"] is None
    expected = [r.as_dict() for r in suggest_requirements(POSTING)]
    assert strong["requirements"] == expected  # the same suggestions the editor makes
    assert {e["status"] for e in strong["explanation"]} <= {"met", "partly", "not_met"}
    assert marketer["explanation"][1]["evidence"] == "no mention of FastAPI / Django / Flask"
    # What the score read, to check it by: the years, how they were counted, the dated roles.
    assert strong["years"] > 0
    assert "dated role" in strong["years_evidence"]
    assert strong["roles"]
    assert {"title", "organisation", "start", "end", "kind", "counted"} <= set(strong["roles"][0])


def test_it_prints_one_csv_row_per_file(tmp_path: Path, labeled_files: dict[str, Path]) -> None:
    job, resumes = files(tmp_path, labeled_files)
    rows = list(csv.DictReader(io.StringIO(run("--posting", str(job), *resumes))))
    assert [row["file"] for row in rows] == resumes
    assert rows[0]["must_haves_met"] == "True"
    assert rows[1]["error"].startswith("could not read:")
    assert float(rows[0]["score"]) > float(rows[2]["score"])
