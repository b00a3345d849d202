"""The list's score and name sorts read copies kept on the application (`sort_score`,
`sort_name`). Every service that changes the fit score's number or the candidate's name
must change the copy in the same transaction; this walks them all, checking every row after
each step, so a new service that forgets fails here."""

from __future__ import annotations

import pytest

from candidates.models import Application
from candidates.services import merge_submitted_details, update_candidate
from outbox.models import Message
from outbox.services import deliver_message
from postings.services import remove_collection_item
from screening.models import FitScore
from screening.services import score_application
from tests.documents import pdf_bytes, upload
from tests.factories import PostingFactory, RequirementFactory

pytestmark = pytest.mark.django_db

RESUME = """Ngozi Eze
Senior Backend Engineer, Paystack, Jan 2017 - Present
Built payment APIs in Python and Django. Skills: Python, Django, PostgreSQL"""


def _copies_match() -> list[tuple[float | None, str]]:
    """Every application's copies equal what they copy; returns them in id order."""
    rows = []
    for application in Application.objects.select_related("candidate").order_by("pk"):
        fit = FitScore.objects.filter(application=application).first()
        assert application.sort_score == (fit.score if fit else None), application.pk
        assert application.sort_name == application.candidate.name, application.pk
        rows.append((application.sort_score, application.sort_name))
    return rows


def _apply(client, posting, *, name: str, email: str) -> Application:
    response = client.post(
        f"/careers/{posting.organization.slug}/{posting.slug}/",
        {
            "name": name,
            "email": email,
            "location": "Lagos, Nigeria",
            "stated_years": "8",
            "consent": "on",
            "resume": upload("cv.pdf", pdf_bytes(RESUME), "application/pdf"),
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    return Application.objects.get(posting=posting, email=email)


def _deliver(kind: str) -> None:
    for message in Message.objects.filter(kind=kind, state="pending").order_by("pk"):
        assert deliver_message(message.pk) == "sent"


def test_every_service_that_changes_a_sort_key_changes_its_copy(
    client, recruiter, staff, posting, django_capture_on_commit_callbacks
):
    RequirementFactory.create(posting=posting, skills=["Python"], order=0)
    other = PostingFactory.create(organization=posting.organization, status="open")

    # Applying: the name the record holds, no score yet.
    ngozi = _apply(client, posting, name="Ngozi Eze", email="ngozi@example.org")
    assert _copies_match() == [(None, "Ngozi Eze")]
    # Applying again elsewhere under another name leaves the record's (the team merges it).
    again = _apply(client, other, name="Ngozi Adaeze Eze", email="ngozi@example.org")
    assert _copies_match()[1] == (None, "Ngozi Eze")

    # Scoring (the job), and scoring again in process.
    _deliver("score")
    first = _copies_match()[0][0]
    assert first is not None
    score_application(ngozi.pk)
    assert _copies_match()[0][0] == first

    # A requirement added: the rescoring's batches write new scores.
    with django_capture_on_commit_callbacks(execute=True):
        response = recruiter.client.post(
            f"/postings/{posting.pk}/requirements/",
            {
                "requirements-new-kind": "skill",
                "requirements-new-skills": "Kubernetes",
                "requirements-new-importance": "must",
                "requirements-new-weight": "3",
            },
        )
    assert response.status_code == 302
    _deliver("score_batch")
    second = _copies_match()[0][0]
    assert second is not None
    assert second != first

    # Every requirement removed: nothing to score against, the number goes (NULL, sorted last).
    for requirement in posting.requirements.all():
        remove_collection_item(requirement, by=recruiter.user)
    _deliver("score_batch")
    assert _copies_match()[0] == (None, "Ngozi Eze")
    assert FitScore.objects.get(application=ngozi).state == "done"

    # The team copies the other application's name to the record: both applications follow.
    merge_submitted_details(again, by=recruiter.user, fields=["name"])
    assert [name for _score, name in _copies_match()] == ["Ngozi Adaeze Eze"] * 2

    # A rename in admin (through update_candidate), and the service itself.
    candidate = ngozi.candidate
    response = staff.client.post(
        f"/admin/candidates/candidate/{candidate.pk}/change/",
        {
            "organization": candidate.organization_id,
            "name": "Ngozi A. Eze",
            "email": candidate.email,
            "links": "{}",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert [name for _score, name in _copies_match()] == ["Ngozi A. Eze"] * 2
    candidate.refresh_from_db()
    candidate.name = "Ada Eze"
    update_candidate(candidate, fields=["name"])
    assert [name for _score, name in _copies_match()] == ["Ada Eze"] * 2
