"""Resume text extraction: PDF, DOCX, plain text, Markdown and JSON Resume, in reading order.

PDF library: pypdfium2 (PDFium, the PDF engine in Chromium), licensed Apache-2.0 / BSD-3-Clause,
so it fits our AGPL project without imposing anything (PyMuPDF was ruled out: AGPL or a
commercial licence). It was chosen over pypdf for speed: PDFium is C++ and reads a 1-3 page
resume in about a millisecond where pure-Python pypdf takes tens, which is what lets one
process extract and score 50+ resumes per second. It also gives per-line text boxes, which we
use to find columns, and it refuses encrypted and corrupt files with a clear error instead of
guessing.

Some PDFs come out of PDFium as scattered letters, (cid:NN) codes or replacement characters
(glyphs placed one by one, fonts without a Unicode map). `text_quality` notices, and such a PDF
is read a second time with pypdf (pure Python, BSD-3-Clause: slower, but it decodes fonts and
orders glyphs its own way, so it often reads what PDFium scrambles); the better reading wins.
When every reading is garbled the resume is "could not read", never scored on garbage.

Everything here is a library call for background jobs and the command line; it never runs in a
web request. Every failure ends in an `Extraction` whose `error` reads "could not read: ...":
nothing raises. Limits: file size, page count, a wall-clock budget checked between pages,
DOCX zip member sizes and compression ratios (decompression bombs), DTDs in DOCX parts (entity
expansion), and extracted text length. Files from strangers are read by `extract_isolated`, in
a child process with hard memory and time limits.
"""

from __future__ import annotations

import io
import json
import logging
import os
import re
import subprocess
import sys
import tempfile
import threading
import time
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pypdf
import pypdfium2 as pdfium
from lxml import etree

# pypdf logs every font it cannot fully decode; the quality check judges the result instead.
logging.getLogger("pypdf").setLevel(logging.ERROR)

MAX_FILE_BYTES = 10 * 1024 * 1024
MAX_PAGES = 10
MAX_SECONDS = 5.0
MAX_TEXT_CHARS = 200_000
# A DOCX is a zip of XML; real resumes unpack to a few MB. Anything far beyond is a bomb.
MAX_UNZIPPED_BYTES = 30 * 1024 * 1024
MAX_COMPRESSION_RATIO = 100
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
GARBLED = "the text came out garbled \u2014 ask the candidate for another file"


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
    if kind == "pdf" and text_quality(text).doubtful:
        text = better_reading(text, read_pdf_again(data))
    if not text.strip():
        reason = "no text layer (a scanned image?)" if kind == "pdf" else "the file has no text"
        return failed(reason, kind)
    if text_quality(text).garbled:
        return failed(GARBLED, kind)
    return Extraction(text=text, kind=kind)


def sniff(data: bytes, filename: str) -> str:
    """The file's kind from its bytes; the name only breaks a tie (a .docx that is plain text is
    read as text, a DOCX named .pdf as a DOCX). PDF readers accept a header within 1 KB."""
    if b"%PDF" in data[:1024]:
        return "pdf"
    if data.startswith(b"PK\x03\x04"):
        return "docx"
    head = data[:4096]
    if b"\x00" in head and not head.startswith((b"\xff\xfe", b"\xfe\xff")):
        if filename.lower().endswith((".pdf", ".docx")):
            return "pdf" if filename.lower().endswith(".pdf") else "docx"
        return "binary"
    return "text"


def tidy(text: str) -> str:
    # NUL comes out of some PDFs; PostgreSQL text and jsonb refuse it, and it means nothing.
    text = text.replace("\x00", "").replace("\r\n", "\n").replace("\r", "\n")
    text = text.replace("\u00a0", " ")
    text = re.sub(r"[ \t]+", " ", text)
    return re.sub(r"\n{3,}", "\n\n", text).strip()


# --- PDF -------------------------------------------------------------------------------------


def read_pdf(data: bytes) -> str:
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
            try:
                page = document[index]
            except pdfium.PdfiumError as error:
                if pages:  # the page tree declares more pages than the file holds
                    break
                raise Unreadable("the PDF is damaged or not a PDF") from error
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


def read_pdf_again(data: bytes) -> str:
    """The PDF's text as pypdf reads it, or "" when it cannot: a second opinion, never an error.

    pypdf's plain mode puts some PDFs one word to a line (every word its own text object); its
    layout mode keeps the printed lines, so it is asked when plain mode reads like that."""
    try:
        reader = pypdf.PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            return ""
        deadline = time.monotonic() + MAX_SECONDS
        pages = []
        for index in range(min(len(reader.pages), MAX_PAGES)):
            if time.monotonic() > deadline:
                break
            pages.append(reader.pages[index])
        text = tidy("\n\n".join(page.extract_text() or "" for page in pages))
        if text_quality(text).one_word_lines > 0.6:
            text = tidy("\n\n".join(p.extract_text(extraction_mode="layout") or "" for p in pages))
    except Exception:  # noqa: BLE001 - pypdf's limits and parse errors all mean "no second reading"
        return ""
    return text[:MAX_TEXT_CHARS]


def better_reading(first: str, second: str) -> str:
    """Of two readings of one PDF, the one that reads more like words; the first on a tie."""
    if not second.strip():
        return first
    if not first.strip():
        return second
    return second if text_quality(second).rank > text_quality(first).rank else first


# --- Garbled text ----------------------------------------------------------------------------

LETTERS = re.compile(r"[^\W\d_]+")
VOWELS = frozenset("aeiouyAEIOUY")
# Words real resumes use that have no vowel, so the vowel test alone would count them garbled.
NO_VOWEL_WORDS = frozenset(
    (  # noqa: SIM905 - a word list reads best as words
        "sql css php html xml js ts npm mvc crm erp ml nlp qa ci cd gcp rds ssh tcp http https "
        "dns cdn vpn ssl tls jwt cms bsc msc mr ms dr st nd rd th vs etc ltd llc"
    ).split()
)
BAD_CHARACTERS = re.compile(r"\(cid:\d+\)|[\ufffd\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
MIN_LETTER_RUNS = 20  # below this there is too little text to judge


@dataclass(frozen=True)
class TextQuality:
    """How much a text reads like words. Garbled extraction shows as runs of single letters
    ("P y t h o n"), one letter per line, letter runs with no vowel, (cid:NN) codes for glyphs
    without a Unicode map, and replacement or control characters."""

    runs: int  # letter runs ("words") in the text
    wordlike: float  # share of runs of 2+ letters with a vowel, a non-Latin script or a known word
    single_letters: float  # share of runs that are one letter
    one_letter_lines: float  # share of lines with letters whose only letter run is one letter
    one_word_lines: float  # share of lines with letters that hold one run only
    bad_characters: float  # (cid:NN) codes, replacement and control characters per character

    @property
    def garbled(self) -> bool:
        if self.bad_characters > 0.05:
            return True
        if self.runs < MIN_LETTER_RUNS:
            return False
        return self.wordlike < 0.6 or self.single_letters > 0.4 or self.one_letter_lines > 0.4

    @property
    def doubtful(self) -> bool:
        """Worth a second reading: a little garbled, or empty."""
        return (
            self.runs < MIN_LETTER_RUNS
            or self.garbled
            or self.wordlike < 0.85
            or self.single_letters > 0.15
            or self.one_letter_lines > 0.2
            or self.bad_characters > 0.005
        )

    @property
    def rank(self) -> float:
        return self.wordlike - self.single_letters - 10 * self.bad_characters


def text_quality(text: str) -> TextQuality:
    visible = max(1, sum(1 for c in text if not c.isspace()))
    bad = sum(len(m.group()) for m in BAD_CHARACTERS.finditer(text)) / visible
    runs = LETTERS.findall(BAD_CHARACTERS.sub(" ", text))
    total = max(1, len(runs))
    lines = [found for line in text.splitlines() if (found := LETTERS.findall(line))]
    return TextQuality(
        runs=len(runs),
        wordlike=sum(1 for run in runs if wordlike(run)) / total,
        single_letters=sum(1 for run in runs if len(run) == 1) / total,
        one_letter_lines=sum(1 for line in lines if len(line) == 1 and len(line[0]) == 1)
        / max(1, len(lines)),
        one_word_lines=sum(1 for line in lines if len(line) == 1) / max(1, len(lines)),
        bad_characters=bad,
    )


def wordlike(run: str) -> bool:
    if len(run) < 2:
        return False
    if not run.isascii():  # accents and other scripts: the vowel test is for plain Latin
        return True
    return not VOWELS.isdisjoint(run) or run.lower() in NO_VOWEL_WORDS


# --- DOCX ------------------------------------------------------------------------------------


def read_docx(data: bytes) -> str:
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
            xml = archive.read(name)
            # Word never writes a DTD; one in a DOCX is there to define entities that expand.
            if b"<!DOCTYPE" in xml[:4096] or b"<!ENTITY" in xml[:65536]:
                raise Unreadable("the DOCX declares XML entities (Word never writes them)")
            root = etree.fromstring(xml, parser)
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


CHILD = """
import json, resource, sys
from screening.engine.extract import extract_file
limit = int(sys.argv[2]) * 1024 * 1024
resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
result = extract_file(sys.argv[1])
print(json.dumps([result.text, result.error, result.kind]))
"""


@dataclass(frozen=True)
class Sandboxed:
    extraction: Extraction
    # The child's peak resident memory as the kernel counts it: Linux starts the count at the
    # parent's size when it forks, so this is an upper bound of what the reading itself used.
    peak_memory_bytes: int
    seconds: float


def extract_isolated(
    path: str | Path, *, seconds: float = 15.0, memory_mb: int = 512
) -> Extraction:
    """`extract_file` in a child process with a hard time and address-space limit.

    PDFium is C++ and cannot be interrupted mid-page, so the between-page budget of
    `extract_file` cannot stop one pathological page; a child process can be killed. Jobs and
    `manage.py fitscore` read resumes with this; the benchmark reads our own files with
    `extract_file`.
    """
    return extract_sandboxed(path, seconds=seconds, memory_mb=memory_mb).extraction


def extract_sandboxed(path: str | Path, *, seconds: float, memory_mb: int) -> Sandboxed:
    """`extract_isolated` with what the child used, reaped with `wait4` for its own rusage."""
    started = time.monotonic()
    # A file, not a pipe, takes the output: a pipe nobody reads would stall a long text.
    with tempfile.TemporaryFile() as output:
        child = subprocess.Popen(
            [sys.executable, "-c", CHILD, str(Path(path).absolute()), str(memory_mb)],
            stdin=subprocess.DEVNULL,
            stdout=output,
            stderr=subprocess.DEVNULL,
            cwd=Path(__file__).resolve().parents[2],  # the repository root
        )
        reaped: list[tuple[int, int, Any]] = []
        waiter = threading.Thread(target=lambda: reaped.append(os.wait4(child.pid, 0)))
        waiter.start()
        waiter.join(seconds)
        timed_out = waiter.is_alive()
        if timed_out:
            child.kill()
            waiter.join()
        _pid, status, usage = reaped[0]
        child.returncode = os.waitstatus_to_exitcode(status)
        peak = usage.ru_maxrss * 1024  # kilobytes on Linux
        elapsed = time.monotonic() - started
        if timed_out:
            return Sandboxed(failed(f"reading took longer than {seconds:g} s"), peak, elapsed)
        output.seek(0)
        result = child_result(output.read()) if child.returncode == 0 else None
    if result is None:
        return Sandboxed(failed("the reader ran out of memory or crashed"), peak, elapsed)
    return Sandboxed(result, peak, elapsed)


def child_result(output: bytes) -> Extraction | None:
    try:
        text, error, kind = json.loads(output)
    except (ValueError, TypeError):
        return None
    return Extraction(text=text, error=error, kind=kind)
