"""@mentions in notes are highlighted on the profile, for the organization's active members
only: any other @word stays plain text, and so does a mention inside a link or code."""

from __future__ import annotations

import pytest

from accounts.models import Membership, Role
from candidates.services import add_note
from tests.factories import ApplicationFactory, CandidateFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def application(posting):
    candidate = CandidateFactory.create(organization=posting.organization, name="Adaeze Okafor")
    return ApplicationFactory.create(posting=posting, candidate=candidate)


def test_mentions_of_real_members_are_highlighted_in_notes(recruiter, hiring_manager, application):
    add_note(
        application,
        by=recruiter.user,
        body="Ask @manager about it, not @stranger; see [@manager](https://example.org/@manager) "
        "and `@manager`. Thanks @recruiter@kolanut.test.",
    )
    page = hiring_manager.client.get(f"/applications/{application.pk}/").content.decode()
    assert 'Ask <span class="mention">@manager</span> about it, not @stranger;' in page
    assert '<a href="https://example.org/@manager"' in page
    assert ">@manager</a>" in page  # a link's text stays as written
    assert "<code>@manager</code>" in page
    assert 'Thanks <span class="mention">@recruiter@kolanut.test</span>.' in page


def test_a_removed_member_is_mentioned_no_more(recruiter, hiring_manager, application):
    add_note(application, by=recruiter.user, body="Over to @manager.")
    Membership.objects.filter(user=hiring_manager.user, role=Role.HIRING_MANAGER).update(
        role=Role.RECRUITER
    )
    page = recruiter.client.get(f"/applications/{application.pk}/").content.decode()
    assert 'Over to <span class="mention">@manager</span>.' in page
    Membership.objects.filter(user=hiring_manager.user).delete()
    page = recruiter.client.get(f"/applications/{application.pk}/").content.decode()
    assert "Over to @manager." in page
    assert 'class="mention"' not in page


@pytest.mark.parametrize("notes", [1, 10])
def test_highlighting_costs_one_query_per_page_however_many_notes(
    recruiter, hiring_manager, application, notes, django_assert_max_num_queries
):
    for n in range(notes):
        add_note(application, by=recruiter.user, body=f"Note {n} for @manager.")
    with django_assert_max_num_queries(15):  # the page's 14, and the members' handles once
        page = hiring_manager.client.get(f"/applications/{application.pk}/").content.decode()
    assert page.count('<span class="mention">@manager</span>') == notes
