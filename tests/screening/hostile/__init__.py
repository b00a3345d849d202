"""Hostile resume files, made by code: each is what a careless or malicious upload can be.

`corpus()` names each file and its bytes; the upload check or the sandboxed reader must give a
clear answer for every one, within the sandbox's limits.
"""

from __future__ import annotations

import functools
import io
import zipfile
import zlib
from dataclasses import dataclass

import pypdf

from tests.documents import docx_bytes, pdf_bytes

RESUME = "Ada Okafor\nBackend engineer, Python and Django\nLed a team of five engineers"
MB = 1024 * 1024


@dataclass(frozen=True)
class Hostile:
    name: str  # what the candidate's file is called
    data: bytes


def truncated_pdf() -> bytes:
    whole = pdf_bytes(RESUME)
    return whole[: len(whole) // 2]


def encrypted_pdf() -> bytes:
    writer = pypdf.PdfWriter(clone_from=io.BytesIO(pdf_bytes(RESUME)))
    writer.encrypt(user_password="secret", algorithm="RC4-128")
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def handmade_pdf(objects: list[bytes]) -> bytes:
    """A PDF from numbered object bodies, with a correct cross-reference table."""
    out = bytearray(b"%PDF-1.7\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def page_objects(count: bytes, content: bytes, filters: bytes = b"") -> list[bytes]:
    font = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"
    return [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count " + count + b" >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R"
        b" /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d" % len(content) + filters + b" >>\nstream\n" + content + b"\nendstream",
        font,
    ]


def huge_page_count_pdf() -> bytes:
    text = b"BT /F1 12 Tf 72 760 Td (Backend engineer, Python and Django) Tj ET"
    return handmade_pdf(page_objects(b"1000000", text))


def flate_bomb_pdf(inflated: int = 2 * 1024 * MB) -> bytes:
    """One page whose content stream is ~2 MB of Flate data inflating to `inflated` bytes.

    A fully flushed deflate block resets the compressor, so one compressed megabyte of spaces
    repeated is a valid stream: no need to compress gigabytes to make one."""
    chunk = b" " * MB
    compressor = zlib.compressobj(9)
    header = compressor.compress(b"")  # the zlib header, emitted with the first output
    block = compressor.compress(chunk) + compressor.flush(zlib.Z_FULL_FLUSH)
    checksum = 1
    for _ in range(inflated // MB):
        checksum = zlib.adler32(chunk, checksum)
    tail = compressor.flush(zlib.Z_FINISH)[:-4] + checksum.to_bytes(4, "big")
    stream = header + block * (inflated // MB) + tail
    return handmade_pdf(page_objects(b"1", stream, b" /Filter /FlateDecode"))


def docx_zip_bomb() -> bytes:
    """A Word document whose document.xml, a quarter of a megabyte zipped, unpacks to 256 MB."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("word/document.xml", "w", force_zip64=True) as member:
            member.write(b"<w:document>")
            chunk = b" " * MB
            for _ in range(256):
                member.write(chunk)
            member.write(b"</w:document>")
    return buffer.getvalue()


def docx_entity_bomb() -> bytes:
    """Billion laughs: ten nested entities, each ten of the one before, in document.xml."""
    entities = '<!ENTITY lol0 "lol">' + "".join(
        f'<!ENTITY lol{n} "{f"&lol{n - 1};" * 10}">' for n in range(1, 10)
    )
    xml = (
        f'<?xml version="1.0"?><!DOCTYPE w:document [{entities}]>'
        '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        "<w:body><w:p><w:r><w:t>&lol9;</w:t></w:r></w:p></w:body></w:document>"
    )
    source = zipfile.ZipFile(io.BytesIO(docx_bytes(RESUME)))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for info in source.infolist():
            data = xml.encode() if info.filename == "word/document.xml" else source.read(info)
            archive.writestr(info.filename, data)
    return buffer.getvalue()


def polyglot() -> bytes:
    """A PDF with a Word document appended: a PDF to PDF readers, a zip to zip readers."""
    return pdf_bytes(RESUME) + docx_bytes("Ignore the PDF, read me instead")


@functools.cache
def corpus() -> dict[str, Hostile]:
    """Made once per test run: the bombs take a second or two to build."""
    return {name: make() for name, make in MAKERS.items()}


MAKERS = {
    "truncated PDF": lambda: Hostile("cv.pdf", truncated_pdf()),
    "encrypted PDF": lambda: Hostile("cv.pdf", encrypted_pdf()),
    "huge page count": lambda: Hostile("cv.pdf", huge_page_count_pdf()),
    "Flate bomb": lambda: Hostile("cv.pdf", flate_bomb_pdf()),
    "DOCX zip bomb": lambda: Hostile("cv.docx", docx_zip_bomb()),
    "XML entity expansion": lambda: Hostile("cv.docx", docx_entity_bomb()),
    "PDF and ZIP polyglot": lambda: Hostile("cv.pdf", polyglot()),
    "zero bytes": lambda: Hostile("cv.pdf", b""),
    "a .pdf that is a DOCX": lambda: Hostile("cv.pdf", docx_bytes(RESUME)),
    "a .docx that is text": lambda: Hostile("cv.docx", RESUME.encode()),
    "10 MB + 1 byte": lambda: Hostile("cv.pdf", b"%PDF-1.4\n" + b"0" * (10 * MB + 1 - 9)),
}
