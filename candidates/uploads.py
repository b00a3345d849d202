"""Resume uploads are checked by their content, not their name."""

from __future__ import annotations

import math
import zipfile
from dataclasses import dataclass

from django.core.files.uploadedfile import UploadedFile

MAX_RESUME_BYTES = 10 * 1024 * 1024
ACCEPTED = "PDF, DOCX or TXT"

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
TXT = "text/plain"
# For a file input's `accept`: what sniff_resume takes, by name and by type, so the file
# chooser offers these first (the content is checked all the same).
ACCEPT_ATTRIBUTE = ",".join((".pdf", ".docx", ".txt", PDF, DOCX, TXT))


class ResumeRejected(ValueError):
    pass


@dataclass(frozen=True)
class ResumeType:
    content_type: str
    extension: str


def _looks_like_text(head: bytes) -> bool:
    if b"\x00" in head:
        return False
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as exc:
        # The sample may end inside a multi-byte character; only a bad byte before that counts.
        if exc.start < len(head) - 4:
            return False
    return True


def sniff_resume(upload: UploadedFile[bytes]) -> ResumeType:
    """The resume's real type from its bytes; ResumeRejected with a message for the candidate.

    Reads at most the first 8 KB and, for DOCX, the zip's directory: the upload (spooled to disk
    by Django past 2.5 MB) is never read whole into memory.
    """
    size = upload.size or 0
    if size == 0:
        raise ResumeRejected("The file is empty. Please choose your resume again.")
    if size > MAX_RESUME_BYTES:
        # Rounded up, so a file just over the limit never reads "10.0 MB; the limit is 10 MB".
        tenths = math.ceil(size * 10 / (1024 * 1024)) / 10
        raise ResumeRejected(f"The file is {tenths:.1f} MB; the limit is 10 MB.")
    upload.seek(0)
    head = upload.read(8192)
    upload.seek(0)
    if head.startswith(b"%PDF-"):
        return ResumeType(PDF, ".pdf")
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(upload) as archive:
                names = set(archive.namelist())
        except (zipfile.BadZipFile, OSError):
            names = set()
        finally:
            upload.seek(0)
        if "word/document.xml" in names and "[Content_Types].xml" in names:
            return ResumeType(DOCX, ".docx")
        raise ResumeRejected(
            f"This is a zip file, not a Word document. Please upload a {ACCEPTED} file."
        )
    if _looks_like_text(head):
        return ResumeType(TXT, ".txt")
    raise ResumeRejected(f"We can't read this kind of file. Please upload a {ACCEPTED} file.")
