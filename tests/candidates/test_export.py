from __future__ import annotations

import csv
import io

import pytest

from accounts.models import AuditAction, AuditEntry
from tests.factories import ApplicationFactory, CandidateFactory, bulk_applications

pytestmark = pytest.mark.django_db


def _export(persona, posting, **params) -> list[list[str]]:
    response = persona.client.get(f"/postings/{posting.pk}/applications/export.csv", params)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == (
        f'attachment; filename="{posting.slug}-applicants.csv"'
    )
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


def test_the_export_has_the_lists_filters_every_row_and_an_audit_entry(
    hiring_manager, posting, organization
):
    ApplicationFactory.create_batch(2, posting=posting, source="referral")
    ApplicationFactory.create(posting=posting, source="linkedin")
    rows = _export(hiring_manager, posting, source="referral")
    assert rows[0][:3] == ["Name", "Email", "Phone"]
    assert "Fit score" in rows[0]  # screening's column, added through candidates' registry
    assert len(rows) == 3
    assert {row[rows[0].index("Source")] for row in rows[1:]} == {"referral"}
    [entry] = AuditEntry.objects.filter(action=AuditAction.CANDIDATES_EXPORTED)
    assert (entry.actor, entry.organization_id, entry.details) == (
        hiring_manager.user,
        organization.pk,
        {"rows": 2},
    )


def test_a_name_a_spreadsheet_would_run_as_a_formula_is_quoted(hiring_manager, posting):
    candidate = CandidateFactory.create(
        organization=posting.organization, name='=HYPERLINK("http://evil.test","x")'
    )
    ApplicationFactory.create(posting=posting, candidate=candidate)
    rows = _export(hiring_manager, posting)
    assert rows[1][0] == '\'=HYPERLINK("http://evil.test","x")'


@pytest.mark.parametrize("size", [10, 600])
def test_the_export_runs_a_constant_number_of_queries(
    hiring_manager, posting, size, django_assert_max_num_queries
):
    bulk_applications(posting, size)
    with django_assert_max_num_queries(14):
        rows = _export(hiring_manager, posting)
    assert len(rows) == size + 1


def test_exports_are_limited_per_person(hiring_manager, posting, settings):
    settings.EXPORT_RATE_LIMIT = "2/60"
    url = f"/postings/{posting.pk}/applications/export.csv"
    statuses = [hiring_manager.client.get(url).status_code for _ in range(3)]
    assert statuses == [200, 200, 429]
