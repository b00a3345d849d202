"""Resume text extraction: PDF, DOCX, plain text, Markdown and JSON Resume, in reading order.

PDF library: pypdfium2 (PDFium, the PDF engine in Chromium), licensed Apache-2.0 / BSD-3-Clause,
so it fits our AGPL project without imposing anything (PyMuPDF was ruled out: AGPL or a
commercial licence). It was chosen over pypdf for speed: PDFium is C++ and reads a 1-3 page
resume in about a millisecond where pure-Python pypdf takes tens, which is what lets one
process extract and score 50+ resumes per second. It also gives per-line text boxes, which we
use to find columns, and it refuses encrypted and corrupt files with a clear error instead of
guessing.

Everything here is a library call for background jobs and the command line; it never runs in a
web request. Every failure ends in an `Extraction` whose `error` reads "could not read: ...":
nothing raises. Limits: file size, page count, a wall-clock budget checked between pages,
DOCX zip member sizes and compression ratios (decompression bombs), and extracted text length.
"""

from __future__ import annotations

import io
import json
import re
import time
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

MAX_FILE_BYTES = 10 * 1024 * 1024
MAX_PAGES = 10
MAX_SECONDS = 5.0
MAX_TEXT_CHARS = 200_000
# A DOCX is a zip of XML; real resumes unpack to a few MB. Anything far beyond is a bomb.
MAX_UNZIPPED_BYTES = 30 * 1024 * 1024
MAX_COMPRESSION_RATIO = 100
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@dataclass(frozen=True)
class Extraction:
    text: str
    error: str | None = None
    kind: str = ""

    @property
    def ok(self) -> bool:
        return self.error is None


class Unreadable(Exception):
    """Raised inside the readers; turned into an `Extraction` error at the boundary."""


def failed(reason: str, kind: str = "") -> Extraction:
    return Extraction(text="", error=f"could not read: {reason}", kind=kind)


def extract_file(path: str | Path) -> Extraction:
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            return failed(f"file is larger than {MAX_FILE_BYTES // (1024 * 1024)} MB")
        data = path.read_bytes()
    except OSError as error:
        return failed(error.strerror or "file not found")
    return extract_bytes(data, path.name)


def extract_bytes(data: bytes, filename: str = "") -> Extraction:
    if len(data) > MAX_FILE_BYTES:
        return failed(f"file is larger than {MAX_FILE_BYTES // (1024 * 1024)} MB")
    kind = sniff(data, filename)
    readers = {"pdf": read_pdf, "docx": read_docx, "text": read_text}
    if kind not in readers:
        return failed("unsupported file type", kind)
    try:
        text = readers[kind](data)
    except Unreadable as error:
        return failed(str(error), kind)
    except MemoryError:
        return failed("the file needs more memory than allowed", kind)
    except Exception as error:  # noqa: BLE001 - any parser failure is a per-file result
        return failed(f"the file is damaged ({type(error).__name__})", kind)
    text = tidy(text)[:MAX_TEXT_CHARS]
    if not text.strip():
        reason = "no text layer (a scanned image?)" if kind == "pdf" else "the file has no text"
        return failed(reason, kind)
    return Extraction(text=text, kind=kind)


def sniff(data: bytes, filename: str) -> str:
    if data.startswith(b"%PDF") or filename.lower().endswith(".pdf"):
        return "pdf"
    if data.startswith(b"PK\x03\x04") or filename.lower().endswith(".docx"):
        return "docx"
    head = data[:4096]
    if b"\x00" in head and not head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "binary"
    return "text"


def tidy(text: str) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u00a0", " ")
    text = re.sub(r"[ \t]+", " ", text)
    return re.sub(r"\n{3,}", "\n\n", text).strip()


# --- PDF -------------------------------------------------------------------------------------


def read_pdf(data: bytes) -> str:
    import pypdfium2 as pdfium

    try:
        document = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as error:
        if "password" in str(error).lower():
            raise Unreadable("the PDF is encrypted (password protected)") from error
        raise Unreadable("the PDF is damaged or not a PDF") from error
    deadline = time.monotonic() + MAX_SECONDS
    pages: list[str] = []
    try:
        for index in range(min(len(document), MAX_PAGES)):
            if time.monotonic() > deadline:
                raise Unreadable(f"reading took longer than {MAX_SECONDS:g} s")
            page = document[index]
            try:
                pages.append(page_text(page))
            finally:
                page.close()
            if sum(len(p) for p in pages) > MAX_TEXT_CHARS:
                break
    finally:
        document.close()
    return "\n\n".join(pages)


def page_text(page: Any) -> str:
    """The page's lines in reading order, column by column when the page has columns."""
    textpage = page.get_textpage()
    try:
        width = page.get_width()
        boxes = []
        for index in range(textpage.count_rects()):
            left, bottom, right, top = textpage.get_rect(index)
            text = textpage.get_text_bounded(left - 0.5, bottom - 0.5, right + 0.5, top + 0.5)
            if text.strip():
                boxes.append((left, bottom, right, top, text.strip()))
    finally:
        textpage.close()
    split = gutter(boxes, width)
    columns = (
        [boxes]
        if split is None
        else [
            [b for b in boxes if b[2] <= split],
            [b for b in boxes if b[2] > split],
        ]
    )
    lines: list[str] = []
    for column in columns:
        lines.extend(join_lines(column))
        lines.append("")
    return "\n".join(lines)


def gutter(boxes: list[tuple[float, float, float, float, str]], width: float) -> float | None:
    """An x position that no text box crosses with several boxes on both sides: a column gap."""
    if len(boxes) < 6:
        return None
    best: tuple[float, float] | None = None  # (band width, middle)
    start: float | None = None
    step = 2.0
    x = width * 0.15
    while x <= width * 0.75:
        crossed = any(b[0] < x < b[2] for b in boxes)
        if not crossed and start is None:
            start = x
        if (crossed or x + step > width * 0.75) and start is not None:
            band = x - start
            if band >= 8 and (best is None or band > best[0]):
                best = (band, start + band / 2)
            start = None
        x += step
    if best is None:
        return None
    middle = best[1]
    left = sum(1 for b in boxes if b[2] <= middle)
    right = sum(1 for b in boxes if b[0] >= middle)
    return middle if left >= 3 and right >= 3 else None


def join_lines(boxes: list[tuple[float, float, float, float, str]]) -> list[str]:
    ordered = sorted(boxes, key=lambda b: (-round(b[3]), b[0]))
    lines: list[str] = []
    last_top: float | None = None
    for _left, _bottom, _right, top, text in ordered:
        if last_top is not None and abs(top - last_top) < 2 and lines:
            lines[-1] += " " + text
        else:
            lines.append(text)
        last_top = top
    return lines


# --- DOCX ------------------------------------------------------------------------------------


def read_docx(data: bytes) -> str:
    from lxml import etree

    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as error:
        raise Unreadable("the DOCX is damaged (not a zip file)") from error
    with archive:
        infos = archive.infolist()
        if sum(i.file_size for i in infos) > MAX_UNZIPPED_BYTES:
            raise Unreadable("the DOCX unpacks to too much data (a decompression bomb?)")
        for info in infos:
            if info.file_size > 1_000_000 and info.file_size > MAX_COMPRESSION_RATIO * max(
                info.compress_size, 1
            ):
                raise Unreadable("the DOCX is compressed suspiciously hard (a decompression bomb?)")
        names = {i.filename for i in infos}
        if "word/document.xml" not in names:
            raise Unreadable("not a Word document (no word/document.xml)")
        parts = sorted(n for n in names if re.fullmatch(r"word/header\d*\.xml", n))
        parts.append("word/document.xml")
        parts += sorted(n for n in names if re.fullmatch(r"word/footer\d*\.xml", n))
        parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
        lines: list[str] = []
        for name in parts:
            root = etree.fromstring(archive.read(name), parser)
            lines.extend(docx_lines(root))
    return "\n".join(lines)


def docx_lines(root: Any) -> list[str]:
    """One line per paragraph in document order; table cells are paragraphs too, row by row."""
    lines = []
    for paragraph in root.iter(f"{W}p"):
        pieces = []
        for node in paragraph.iter(f"{W}t", f"{W}tab", f"{W}br"):
            if node.tag == f"{W}t":
                pieces.append(node.text or "")
            else:
                pieces.append(" " if node.tag == f"{W}tab" else "\n")
        lines.append("".join(pieces))
    return lines


# --- Text, Markdown, JSON Resume -------------------------------------------------------------


def read_text(data: bytes) -> str:
    for encoding in ("utf-8-sig", "utf-16"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        text = data.decode("latin-1")
    stripped = text.lstrip()
    if stripped.startswith("{"):
        try:
            parsed = json.loads(stripped)
        except ValueError:
            return text
        if isinstance(parsed, dict) and ("basics" in parsed or "work" in parsed):
            return json_resume_to_text(parsed)
    return text


def json_resume_to_text(resume: dict[str, Any]) -> str:
    """A JSON Resume (jsonresume.org schema) as the plain text a person would write."""
    basics = resume.get("basics") or {}
    lines = [str(basics.get(k, "")) for k in ("name", "label", "email", "phone", "summary")]
    for job in resume.get("work") or []:
        end = job.get("endDate") or "Present"
        lines += ["", f"{job.get('position', '')}, {job.get('name', '')}"]
        lines.append(f"{job.get('startDate', '')} \u2013 {end}")
        if job.get("summary"):
            lines.append(str(job["summary"]))
        lines += [f"- {h}" for h in job.get("highlights") or []]
    skills = resume.get("skills") or []
    if skills:
        lines += ["", "Skills"]
        for group in skills:
            keywords = ", ".join(str(k) for k in group.get("keywords") or [])
            lines.append(f"{group.get('name', '')}: {keywords}")
    for school in resume.get("education") or []:
        lines.append(" ".join(str(v) for v in school.values()))
    return "\n".join(lines)


# --- A separate process, for files from strangers -------------------------------------------


def extract_isolated(
    path: str | Path, *, seconds: float = 15.0, memory_mb: int = 512
) -> Extraction:
    """`extract_file` in a child process with a hard time and address-space limit.

    PDFium is C++ and cannot be interrupted mid-page, so the between-page budget of
    `extract_file` cannot stop one pathological page; a child process can be killed. Jobs that
    read uploaded resumes use this; the benchmark and the command line use `extract_file`.
    """
    import subprocess
    import sys

    code = (
        "import json, resource, sys\n"
        "import pypdfium2, lxml.etree\n"
        "from screening.engine.extract import extract_file\n"
        f"limit = {memory_mb} * 1024 * 1024\n"
        "resource.setrlimit(resource.RLIMIT_AS, (limit, limit))\n"
        "result = extract_file(sys.argv[1])\n"
        "print(json.dumps([result.text, result.error, result.kind]))\n"
    )
    try:
        done = subprocess.run(
            [sys.executable, "-c", code, str(path)],
            capture_output=True,
            timeout=seconds,
            cwd=Path(__file__).resolve().parents[2],  # the repository root
            check=False,
        )
    except subprocess.TimeoutExpired:
        return failed(f"reading took longer than {seconds:g} s")
    if done.returncode != 0:
        return failed("the reader ran out of memory or crashed")
    text, error, kind = json.loads(done.stdout)
    return Extraction(text=text, error=error, kind=kind)
