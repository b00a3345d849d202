from __future__ import annotations

import pytest

from accounts.models import Role
from candidates.models import ApplicationStatus
from postings.models import ACTIVE_APPLICATION
from tests.factories import ApplicationFactory, MembershipFactory, PostingFactory

pytestmark = pytest.mark.django_db


def test_it_lists_the_organizations_postings_with_active_counts_per_stage(
    recruiter, organization, other_organization
):
    posting = PostingFactory.create(organization=organization, title="Backend Lead", status="open")
    stages = list(posting.stages.order_by("order"))
    ApplicationFactory.create_batch(3, posting=posting, stage=stages[0])
    ApplicationFactory.create(posting=posting, stage=stages[1])
    ApplicationFactory.create(posting=posting, stage=stages[1], status=ApplicationStatus.REJECTED)
    PostingFactory.create(organization=other_organization, title="Someone else's job")
    page = recruiter.client.get("/postings/").content.decode()
    assert "Backend Lead" in page
    assert "Someone else" not in page
    assert '<span class="muted">Applied</span> <strong>3</strong>' in page
    assert (
        '<span class="muted">Screen</span> <strong>1</strong>' in page
    )  # the rejected one doesn't count
    # The title opens the board; the editor is one click away.
    assert f'<a href="/postings/{posting.pk}/board/">Backend Lead</a>' in page
    assert f'<a href="/postings/{posting.pk}/edit/">Edit</a>' in page


def test_it_counts_applications_by_the_status_candidates_call_active():
    # Postings reads applications through the relation, so it names the status itself.
    assert ACTIVE_APPLICATION == ApplicationStatus.ACTIVE


def test_it_filters_by_status_and_department(recruiter, organization):
    PostingFactory.create(
        organization=organization, title="Open eng", status="open", department="Engineering"
    )
    PostingFactory.create(organization=organization, title="Draft eng", department="Engineering")
    PostingFactory.create(
        organization=organization, title="Open sales", status="open", department="Sales"
    )
    page = recruiter.client.get("/postings/?status=open&department=Engineering").content.decode()
    assert "Open eng" in page
    assert "Draft eng" not in page
    assert "Open sales" not in page
    # A value that doesn't parse is ignored, never a 500.
    assert recruiter.client.get("/postings/?status=bogus").status_code == 200


def test_hiring_managers_see_the_postings_of_their_teams(hiring_manager, organization):
    mine = PostingFactory.create(organization=organization, title="Their team's posting")
    mine.hiring_team.add(hiring_manager.user)
    PostingFactory.create(organization=organization, title="Another team's posting")
    page = hiring_manager.client.get("/postings/").content.decode()
    assert "Their team&#x27;s posting" in page
    assert "Another team" not in page
    assert "New posting" not in page


@pytest.mark.parametrize("postings", [3, 30])
def test_the_list_uses_a_constant_number_of_queries(
    recruiter, organization, postings, django_assert_max_num_queries
):
    for _ in range(postings):
        posting = PostingFactory.create(organization=organization, status="open")
        ApplicationFactory.create_batch(2, posting=posting)
    MembershipFactory.create(organization=organization, role=Role.INTERVIEWER)
    with django_assert_max_num_queries(8) as captured:
        response = recruiter.client.get("/postings/")
    assert response.content.decode().count('class="badge badge-open"') == postings
    assert len(captured.captured_queries) <= 8
