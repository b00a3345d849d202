"""Garbled text is noticed: a PDF that PDFium scrambles is read again with pypdf, and a resume
no reader gets words out of is "could not read", never scored on garbage."""

from __future__ import annotations

import io

import pytest
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen import canvas

from bench.devset import DEV
from outbox.models import Message
from outbox.services import deliver_message
from screening.engine.extract import (
    GARBLED,
    extract_bytes,
    extract_file,
    read_pdf,
    text_quality,
    tidy,
)
from screening.models import FitScore
from tests.documents import pdf_bytes
from tests.screening.test_fit_in_app import apply, fit_section, posting  # noqa: F401

RESUME = """Ada Okafor, backend engineer in Lagos
Built payment services in Python and Django for eight years
Led a team of five engineers and mentored two juniors
Skills: PostgreSQL, Redis, Kubernetes, Terraform, SQL, CSS"""


def scattered(text: str) -> str:
    return "\n".join(" ".join(line.replace(" ", "")) for line in text.splitlines())


def glyph_by_glyph_pdf(text: str) -> bytes:
    """Every glyph drawn on its own, as some PDF writers do: tall letters' boxes reach higher
    than short ones', so PDFium's line boxes come out as scattered letters."""
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer)
    y = 780.0
    for line in text.splitlines():
        x = 72.0
        for glyph in line:
            page.drawString(x, y, glyph)
            x += stringWidth(glyph, "Helvetica", 12)
        y -= 16
    page.showPage()
    page.save()
    return buffer.getvalue()


@pytest.mark.parametrize(
    "garbage",
    [
        scattered(RESUME),  # "P y t h o n"
        "\n".join(RESUME.replace(" ", "")),  # one letter to a line
        " ".join(f"(cid:{n % 90 + 3})" for n in range(400)),  # glyphs without a Unicode map
        RESUME.replace("e", "\ufffd").replace("a", "\ufffd"),  # replacement characters
        "xq zkr vbnm tpl wrt ghj\n" * 10,  # letter runs with no vowel
    ],
)
def test_it_calls_garbled_text_garbled(garbage: str) -> None:
    assert text_quality(garbage).garbled
    assert extract_bytes(garbage.encode(), "cv.txt").error == f"could not read: {GARBLED}"


@pytest.mark.parametrize(
    "fine",
    [
        RESUME,
        "Иван Петров, инженер-программист. Python, Django, PostgreSQL, Redis. " * 3,
        "王小明 后端工程师 Python Django PostgreSQL Redis 领导五人团队 " * 5,
        "Skills: SQL, CSS, PHP, HTML, XML, JS, npm, MVC, CI/CD, GCP, NLP, ML\n" * 3,
        "A. B. Smith\n" + RESUME,
    ],
)
def test_it_reads_ordinary_text_and_other_scripts_as_words(fine: str) -> None:
    assert not text_quality(fine).garbled
    assert extract_bytes(fine.encode(), "cv.txt").ok


def test_a_pdf_pdfium_scrambles_is_read_again_with_pypdf() -> None:
    data = glyph_by_glyph_pdf(RESUME)
    assert text_quality(tidy(read_pdf(data))).garbled  # what PDFium alone gives
    result = extract_bytes(data, "cv.pdf")
    assert result.ok
    assert "Built payment services in Python and Django for eight years" in result.text


def test_a_pdf_every_reader_gets_garbage_from_is_not_read() -> None:
    result = extract_bytes(pdf_bytes(scattered(RESUME)), "cv.pdf")
    assert result.error == f"could not read: {GARBLED}"
    assert result.text == ""


@pytest.mark.django_db
def test_the_profile_says_a_garbled_resume_could_not_be_read(
    client,
    hiring_manager,
    posting,  # noqa: F811
) -> None:
    application = apply(client, posting, resume=pdf_bytes(scattered(RESUME)))
    deliver_message(Message.objects.get(kind="score").pk)
    fit = FitScore.objects.get(application=application)
    assert fit.resume_unreadable
    panel = fit_section(hiring_manager, application)
    assert f"could not read the resume: {GARBLED}" in panel
    assert "rests on the form's answers and stated years only" in panel


@pytest.mark.skipif(not DEV.exists(), reason="the real development set is not here")
def test_no_real_resume_of_the_development_set_is_called_garbled() -> None:
    resumes = sorted((DEV / "resumes").iterdir())
    assert len(resumes) >= 60
    unread = [path.name for path in resumes if not extract_file(path).ok]
    assert unread == []
