"""`manage.py fitscore --posting JOB.txt RESUME [RESUME ...] [--format csv|json]`.

Suggests requirements from the job text exactly as the posting editor will, scores each resume
file and prints the results. Needs no database rows, demo data or worker. Files are read in the
same sandbox as uploaded resumes (a child process with the settings' memory and time limits),
since the files given here are often strangers' too. A file that cannot be read gets an
"error" and the command goes on; the exit status is 0 whenever it ran.
"""

from __future__ import annotations

import csv
import json
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from screening.engine.extract import extract_isolated
from screening.engine.scoring import score_resume
from screening.engine.suggest import suggest_requirements


class Command(BaseCommand):
    help = "Score resume files against a job description's suggested requirements."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--posting", required=True, help="job description text file")
        parser.add_argument("resumes", nargs="+", help="resume files: PDF, DOCX, TXT, MD, JSON")
        parser.add_argument("--format", choices=("csv", "json"), default="csv")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            description = Path(options["posting"]).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            raise CommandError(f"could not read the posting: {error}") from error
        requirements = suggest_requirements(description)
        rows = [self.score_file(name, requirements) for name in options["resumes"]]
        if options["format"] == "json":
            self.stdout.write(json.dumps(rows, indent=2, ensure_ascii=False))
            return
        writer = csv.writer(self.stdout)
        writer.writerow(["file", "score", "must_haves_met", "error"])
        for row in rows:
            score = "" if row["score"] is None else row["score"]
            writer.writerow([row["file"], score, row["must_haves_met"], row.get("error", "")])

    def score_file(self, name: str, requirements: list[Any]) -> dict[str, Any]:
        row: dict[str, Any] = {
            "file": name,
            "score": None,
            "must_haves_met": False,
            "requirements": [r.as_dict() for r in requirements],
            "explanation": [],
        }
        extraction = extract_isolated(
            name,
            seconds=settings.SCREENING_EXTRACT_SECONDS,
            memory_mb=settings.SCREENING_EXTRACT_MEMORY_MB,
        )
        if not extraction.ok:
            row["error"] = extraction.error
            return row
        result = score_resume(requirements, extraction.text)
        row.update(
            score=result.score,
            must_haves_met=result.must_haves_met,
            explanation=[vars(e) for e in result.explanation],
            scoring_version=result.scoring_version,
            summary=result.summary,
            years=result.years,
            years_evidence=result.years_evidence,
            roles=result.roles,
        )
        return row
