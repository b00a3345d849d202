"""An apply that fails says so truthfully and leaves nothing behind: no row, no resume file."""

from __future__ import annotations

import os
import time

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import OperationalError

from candidates.models import Application, Candidate
from candidates.services import sweep_orphan_resumes
from outbox import periodic
from tests.documents import pdf_bytes, upload
from tests.factories import ApplicationFactory, PostingFactory

pytestmark = pytest.mark.django_db

SAVED = "What you sent was received and is safe"
NOT_SAVED = "What you just sent may not have been saved"


@pytest.fixture
def posting(organization):
    return PostingFactory.create(organization=organization, title="Backend Lead", status="open")


@pytest.fixture
def candidate_client(client):
    client.raise_request_exception = False
    return client


def _apply(client, posting):
    return client.post(
        f"/careers/{posting.organization.slug}/{posting.slug}/",
        {
            "name": "Adaeze Okafor",
            "email": "adaeze@example.com",
            "location": "Lagos",
            "stated_years": "9",
            "consent": "on",
            "resume": upload("cv.pdf", pdf_bytes()),
        },
    )


def _stored_files(organization) -> list[str]:
    folder = f"resumes/{organization.pk}"
    return default_storage.listdir(folder)[1] if default_storage.exists(folder) else []


def test_a_failure_after_the_resume_is_written_leaves_no_row_no_file_and_says_so(
    candidate_client, posting, monkeypatch
):
    def lost_connection(application):
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr("candidates.extensions.application_submitted", lost_connection)
    response = _apply(candidate_client, posting)
    assert response.status_code == 500
    page = response.content.decode()
    assert NOT_SAVED in page
    assert "nothing you submitted is lost" not in page.lower()
    assert SAVED not in page
    assert not Application.objects.exists()
    assert not Candidate.objects.exists()
    assert _stored_files(posting.organization) == []


@pytest.mark.django_db(transaction=True)  # a real commit: the page's wording depends on it
def test_a_failure_after_the_application_committed_tells_the_candidate_it_is_safe(
    candidate_client, posting, monkeypatch
):
    def broken_redirect(*args, **kwargs):
        raise RuntimeError("a bug after the commit")

    monkeypatch.setattr("careers.views.redirect", broken_redirect)
    response = _apply(candidate_client, posting)
    assert response.status_code == 500
    assert SAVED in response.content.decode()
    assert NOT_SAVED not in response.content.decode()
    application = Application.objects.get()
    assert _stored_files(posting.organization) == [str(application.resume.name).rsplit("/", 1)[1]]


def test_any_other_500_does_not_promise_anything_was_kept(recruiter, monkeypatch):
    recruiter.client.raise_request_exception = False

    def broken(*args, **kwargs):
        raise OperationalError("could not connect to server")

    monkeypatch.setattr("postings.views.render", broken)
    response = recruiter.client.get("/postings/")
    assert response.status_code == 500
    assert NOT_SAVED in response.content.decode()


def _age(name: str, seconds: float) -> None:
    then = time.time() - seconds
    os.utime(default_storage.path(name), (then, then))


def test_the_sweep_deletes_old_resume_files_no_application_names(organization, posting):
    kept = ApplicationFactory.create(posting=posting)
    kept.resume.save("resume.pdf", ContentFile(pdf_bytes()), save=True)
    _age(str(kept.resume.name), 7200)
    old_orphan = default_storage.save(f"resumes/{organization.pk}/old.pdf", ContentFile(b"x"))
    _age(old_orphan, 7200)
    in_flight = default_storage.save(f"resumes/{organization.pk}/new.pdf", ContentFile(b"y"))
    assert sweep_orphan_resumes() == 1
    assert not default_storage.exists(old_orphan)
    assert default_storage.exists(in_flight)  # an apply may still be committing its row
    assert default_storage.exists(str(kept.resume.name))


def test_the_sweep_runs_hourly_in_the_sweeper():
    task = next(t for t in periodic.TASKS if t.name == "sweep_orphan_resumes")
    assert task.every_seconds == 3600
    assert sweep_orphan_resumes() == 0  # no folder yet: nothing to do, no error
