"""A resume held for a form sent back with mistakes: browsers never re-fill a file input, so a
candidate who missed a checkbox would otherwise have to choose the file again.

The file, already checked by its content, is stored under a random name in its organization's
folder; the candidate's page carries a signed token naming it, the posting it was sent to and
its original name. The token can't be forged (the signature), used for another posting (the
posting is inside it) or kept past HELD_RESUME_AGE (the timestamp), and the sweep deletes what
nobody came back for.
"""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass
from datetime import timedelta

from django.core import signing
from django.core.files.base import File
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.utils import timezone
from django.utils.translation import gettext

from candidates.uploads import MAX_RESUME_BYTES
from config.validators import one_line
from postings.models import Posting

logger = logging.getLogger(__name__)

HELD_RESUME_AGE = timedelta(hours=2)
FOLDER = "held-resumes"
_SALT = "candidates.held-resume"


class HeldResumeGone(Exception):
    """The token names no resume this posting can use, with a message for the candidate."""


@dataclass(frozen=True)
class HeldResume:
    token: str
    filename: str
    storage_name: str

    def open(self) -> UploadedFile[bytes]:
        """The held bytes as an upload, for the form's checks and submit_application."""
        size = default_storage.size(self.storage_name)
        return UploadedFile(
            file=default_storage.open(self.storage_name, "rb"), name=self.filename, size=size
        )


def hold_resume(posting: Posting, upload: UploadedFile[bytes]) -> HeldResume:
    """Store a checked resume for `posting`'s form; the held resume with its token."""
    if (upload.size or 0) > MAX_RESUME_BYTES:  # checked by the form already; never store more
        raise ValueError("A resume over the limit is never held.")
    filename = (one_line(upload.name or "") or "resume")[-255:]
    name = f"{FOLDER}/{posting.organization_id}/{uuid.uuid4().hex}"
    upload.seek(0)
    stored = default_storage.save(name, File(upload))
    upload.seek(0)
    token = signing.dumps({"p": posting.pk, "n": stored, "f": filename}, salt=_SALT, compress=True)
    return HeldResume(token=token, filename=filename, storage_name=stored)


def held_resume(posting: Posting, token: str) -> HeldResume:
    """The resume `token` names for `posting`; HeldResumeGone when there is none to use."""
    try:
        data = signing.loads(token, salt=_SALT, max_age=HELD_RESUME_AGE)
    except signing.SignatureExpired:
        raise HeldResumeGone(
            gettext("The resume you attached has expired. Please choose it again.")
        ) from None
    except signing.BadSignature:
        raise HeldResumeGone(
            gettext("The resume you attached can't be found. Please choose it again.")
        ) from None
    if not isinstance(data, dict):
        data = {}
    name = data.get("n")
    # A token signed by us names a file in this posting's organization's folder; checked again
    # all the same, so a mistake elsewhere can never hand one organization another's file.
    folder = f"{FOLDER}/{posting.organization_id}/"
    if data.get("p") != posting.pk or not isinstance(name, str) or not name.startswith(folder):
        raise HeldResumeGone(
            gettext("The resume you attached was for another job. Please choose it again.")
        )
    if not default_storage.exists(name):
        raise HeldResumeGone(
            gettext("The resume you attached has expired. Please choose it again.")
        )
    return HeldResume(token=token, filename=str(data.get("f") or "resume"), storage_name=name)


def release_held_resume(held: HeldResume) -> None:
    """Delete a held resume once an application has its own copy (or a new file replaced it)."""
    try:
        default_storage.delete(held.storage_name)
    except Exception:  # the sweep removes what is left
        logger.warning("could not delete a held resume", exc_info=True)


def sweep_held_resumes(older_than: timedelta = HELD_RESUME_AGE) -> int:
    """Delete held resumes older than their tokens can be: nobody can use them any more."""
    cutoff = timezone.now() - older_than
    deleted = 0
    if not default_storage.exists(FOLDER):
        return 0
    folders, _files = default_storage.listdir(FOLDER)
    for folder in folders:
        _dirs, files = default_storage.listdir(f"{FOLDER}/{folder}")
        for file in files:
            name = f"{FOLDER}/{folder}/{file}"
            if default_storage.get_modified_time(name) <= cutoff:
                default_storage.delete(name)
                deleted += 1
    if deleted:
        logger.info("held resumes deleted", extra={"count": deleted})
    return deleted
