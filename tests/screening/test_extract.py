from __future__ import annotations

import io
import zipfile
from pathlib import Path

from screening.engine.extract import (
    MAX_UNZIPPED_BYTES,
    extract_bytes,
    extract_file,
    extract_isolated,
    tidy,
)
from screening.engine.taxonomy import find_skills
from tests.documents import docx_bytes, pdf_bytes
from tests.screening.labeled.render import docx_with_tables, pdf_two_columns
from tests.screening.labeled.resumes import RESUMES

R01 = next(r for r in RESUMES if r.id == "r01")


def test_it_reads_a_two_column_pdf_column_by_column() -> None:
    result = extract_bytes(pdf_two_columns(R01), "cv.pdf")
    assert result.ok
    lines = result.text.splitlines()
    # The sidebar and the main column are drawn row by row; read naively, rows would mix them.
    assert "Lead a backend team of 6 engineers; run sprint planning with" in result.text
    assert not any("SKILLS" in line and "EXPERIENCE" in line for line in lines)
    assert lines.index("EXPERIENCE") > lines.index("SKILLS")
    assert {"Python", "Celery", "Kubernetes", "Webhooks"} <= set(find_skills(result.text))


def test_it_reads_docx_tables_and_headers_in_order() -> None:
    result = extract_bytes(docx_with_tables(R01), "cv.docx")
    assert result.ok
    assert result.text.startswith("Chidi Okonkwo | chidi.okonkwo@example.com")  # page header
    text = result.text
    assert text.index("Feb 2021 \u2013 Present") < text.index("Backend Lead, Paylane")
    assert text.index("Backend Lead, Paylane") < text.index("Lead a backend team of 6")
    assert {"Django", "Prometheus", "OAuth2"} <= set(find_skills(text))


def test_it_reads_plain_text_markdown_and_json_resume(labeled_files: dict[str, Path]) -> None:
    for rid in ("r03", "r08", "r09"):  # txt, md, JSON Resume
        result = extract_file(labeled_files[rid])
        assert result.ok
        assert "\u2013" in result.text  # the date ranges survive
    assert "Skills: Python, pandas" in extract_file(labeled_files["r09"]).text


def test_it_reads_the_simple_documents_the_app_uploads() -> None:
    assert "Python and Django" in extract_bytes(pdf_bytes(), "a.pdf").text
    assert "Backend engineer" in extract_bytes(docx_bytes(), "a.docx").text


def test_it_reports_a_scanned_pdf_without_a_text_layer() -> None:
    from PIL import Image
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    image = io.BytesIO()
    Image.new("RGB", (200, 100), "white").save(image, format="PNG")
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer)
    page.drawImage(ImageReader(io.BytesIO(image.getvalue())), 50, 500, 400, 200)
    page.showPage()
    page.save()
    result = extract_bytes(buffer.getvalue(), "scan.pdf")
    assert result.error == "could not read: no text layer (a scanned image?)"


def test_it_reports_an_encrypted_pdf() -> None:
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    page = canvas.Canvas(buffer, encrypt="secret")
    page.drawString(72, 700, "Python Django")
    page.showPage()
    page.save()
    result = extract_bytes(buffer.getvalue(), "locked.pdf")
    assert result.error == "could not read: the PDF is encrypted (password protected)"


def test_it_reports_corrupt_files_without_raising() -> None:
    assert extract_bytes(b"%PDF-1.7\n garbage", "cv.pdf").error == (
        "could not read: the PDF is damaged or not a PDF"
    )
    assert extract_bytes(b"PK\x03\x04 broken", "cv.docx").error == (
        "could not read: the DOCX is damaged (not a zip file)"
    )
    assert extract_bytes(b"\x7fELF\x00\x00\x00", "cv.bin").error == (
        "could not read: unsupported file type"
    )
    assert extract_bytes(b"   \n", "cv.txt").error == "could not read: the file has no text"
    assert extract_file("/nonexistent/cv.pdf").error is not None


def test_it_refuses_a_zip_bomb_docx() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        # Zeros compress about a thousandfold: a few tens of KB that would unpack to 40 MB.
        archive.writestr("word/document.xml", b"\x00" * (MAX_UNZIPPED_BYTES + 10_000_000))
    assert len(buffer.getvalue()) < 200_000
    result = extract_bytes(buffer.getvalue(), "bomb.docx")
    assert result.error is not None
    assert "decompression bomb" in result.error


def test_it_refuses_a_highly_compressed_member_under_the_total_limit() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", b" " * 5_000_000)
    result = extract_bytes(buffer.getvalue(), "bomb.docx")
    assert result.error == (
        "could not read: the DOCX is compressed suspiciously hard (a decompression bomb?)"
    )


def test_it_reads_in_a_separate_process_with_hard_limits(labeled_files: dict[str, Path]) -> None:
    result = extract_isolated(labeled_files["r01"])
    assert result.ok
    assert "Backend Lead, Paylane" in result.text
    # A limit smaller than the process already uses stands in for a file that eats memory.
    starved = extract_isolated(labeled_files["r01"], memory_mb=20)
    assert not starved.ok
    assert starved.error is not None
    assert starved.error.startswith("could not read: ")
    assert extract_isolated(labeled_files["r01"], seconds=0.001).error == (
        "could not read: reading took longer than 0.001 s"
    )


def test_it_reads_at_most_the_page_cap_of_a_long_pdf() -> None:
    from screening.engine.extract import MAX_PAGES

    result = extract_bytes(pdf_bytes("Python page", pages=MAX_PAGES + 5), "long.pdf")
    assert result.ok
    assert result.text.count("Python page") == MAX_PAGES


def test_nul_characters_some_pdfs_give_are_dropped_before_the_text_is_stored() -> None:
    # A real resume (dev set d46.pdf) reads with NULs; PostgreSQL refuses them in text columns.
    assert tidy("Backend\x00 engineer\r\nPython\x00") == "Backend engineer\nPython"
