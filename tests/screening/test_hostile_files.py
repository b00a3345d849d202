"""Hostile files: each gets a clear answer at upload or a clear "could not read" in screening,
never a crash or a hang, with the sandbox's memory and time limits holding."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from candidates.models import Application
from outbox.models import Message
from outbox.services import deliver_message
from screening.engine.extract import extract_sandboxed
from screening.models import FitScore, ScoreState
from tests.documents import upload
from tests.factories import PostingFactory, RequirementFactory
from tests.screening.hostile import corpus

pytestmark = pytest.mark.django_db

# What the sandboxed reader says of each file: its error, or "" when it reads the resume.
READ = {
    "truncated PDF": "could not read: the PDF is damaged or not a PDF",
    "encrypted PDF": "could not read: the PDF is encrypted (password protected)",
    "huge page count": "",  # the one page it really has
    "Flate bomb": "could not read: the reader ran out of memory or crashed",
    "DOCX zip bomb": "could not read: the DOCX unpacks to too much data (a decompression bomb?)",
    "XML entity expansion": (
        "could not read: the DOCX declares XML entities (Word never writes them)"
    ),
    "PDF and ZIP polyglot": "",  # a PDF, read as one
    "zero bytes": "could not read: the file has no text",
    "a .pdf that is a DOCX": "",  # read by its content
    "a .docx that is text": "",
    "10 MB + 1 byte": "could not read: file is larger than 10 MB",
}
# What the apply form says of the files it refuses; the others are accepted and screened.
REFUSED = {
    "zero bytes": "The file is empty. Please choose your resume again.",
    "10 MB + 1 byte": "The file is 10.1 MB; the limit is 10 MB.",
}


@pytest.mark.parametrize("name", list(READ))
def test_the_sandbox_answers_each_hostile_file_within_its_limits(name: str, tmp_path: Path) -> None:
    hostile = corpus()[name]
    path = tmp_path / hostile.name
    path.write_bytes(hostile.data)
    run = extract_sandboxed(
        path,
        seconds=settings.SCREENING_EXTRACT_SECONDS,
        memory_mb=settings.SCREENING_EXTRACT_MEMORY_MB,
    )
    assert (run.extraction.error or "") == READ[name]
    if run.extraction.ok:
        assert "Backend engineer, Python and Django" in run.extraction.text
    assert run.peak_memory_bytes <= settings.SCREENING_EXTRACT_MEMORY_MB * 1024 * 1024
    assert run.seconds < settings.SCREENING_EXTRACT_SECONDS


def test_the_sandbox_stops_a_reading_at_its_time_limit(tmp_path: Path) -> None:
    hostile = corpus()["Flate bomb"]
    path = tmp_path / hostile.name
    path.write_bytes(hostile.data)
    run = extract_sandboxed(path, seconds=0.05, memory_mb=settings.SCREENING_EXTRACT_MEMORY_MB)
    assert run.extraction.error == "could not read: reading took longer than 0.05 s"
    assert run.seconds < 1


@pytest.fixture
def posting(organization, hiring_manager):
    posting = PostingFactory.create(organization=organization, title="Backend Lead", status="open")
    posting.hiring_team.add(hiring_manager.user)
    RequirementFactory.create(posting=posting, skills=["Python"], order=0)
    return posting


@pytest.mark.parametrize("name", list(READ))
def test_the_apply_form_and_screening_answer_each_hostile_file(
    name: str, client, hiring_manager, posting
) -> None:
    hostile = corpus()[name]
    response = client.post(
        f"/careers/{posting.organization.slug}/{posting.slug}/",
        {
            "name": "Ada Okafor",
            "email": "ada@example.org",
            "location": "Lagos, Nigeria",
            "stated_years": "6",
            "consent": "on",
            "resume": upload(hostile.name, hostile.data),
        },
    )
    if name in REFUSED:
        assert response.status_code == 200
        assert REFUSED[name] in response.content.decode()
        assert not Application.objects.exists()
        return
    assert response.status_code == 302
    application = Application.objects.get()
    deliver_message(Message.objects.get(kind="score").pk)
    fit = FitScore.objects.get(application=application)
    assert fit.state == ScoreState.DONE
    panel = hiring_manager.client.get(f"/applications/{application.pk}/fit/").content.decode()
    reason = READ[name].removeprefix("could not read: ")
    if reason:
        assert fit.resume_unreadable
        assert fit.error == f"could not read the resume: {reason}"
        assert f"could not read the resume: {reason}" in panel
        assert "rests on the form's answers and stated years only" in panel
    else:
        assert not fit.resume_unreadable
        assert fit.score == 100  # Python, read from the resume


def test_fitscore_reads_files_in_the_same_sandbox(tmp_path: Path) -> None:
    job = tmp_path / "job.txt"
    job.write_text("Requirements\n- Python\n", encoding="utf-8")
    bomb = tmp_path / "bomb.pdf"
    bomb.write_bytes(corpus()["Flate bomb"].data)
    fine = tmp_path / "fine.pdf"
    fine.write_bytes(corpus()["huge page count"].data)
    out = io.StringIO()
    call_command(
        "fitscore", "--posting", str(job), str(bomb), str(fine), "--format", "json", stdout=out
    )
    exploded, read = json.loads(out.getvalue())
    # Only the sandbox says this: read in the command's own process, the bomb would take it down.
    assert exploded["error"] == "could not read: the reader ran out of memory or crashed"
    assert exploded["score"] is None
    assert read["score"] == 100
