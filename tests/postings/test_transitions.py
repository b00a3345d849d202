"""Publish, close, reopen and duplicate take the right to create and open postings.

A hiring manager on the team edits the posting's content and works its applicants, but gets
403 on /postings/new/; the transitions must not give them a way around it (issue 14, hole 5).
"""

from __future__ import annotations

import pytest

from postings.models import Posting, PostingStatus
from tests.factories import PostingFactory

pytestmark = pytest.mark.django_db

HTMX = {"headers": {"HX-Request": "true"}}

# action: (the status it starts from, the status it leads to)
TRANSITIONS = {
    "publish": (PostingStatus.DRAFT, PostingStatus.OPEN),
    "close": (PostingStatus.OPEN, PostingStatus.CLOSED),
    "reopen": (PostingStatus.CLOSED, PostingStatus.OPEN),
    "duplicate": (PostingStatus.OPEN, PostingStatus.OPEN),
}


def _posting(organization, status, *team):
    posting = PostingFactory.create(organization=organization, status=status)
    posting.hiring_team.add(*(persona.user for persona in team))
    return posting


@pytest.mark.parametrize("action", sorted(TRANSITIONS))
@pytest.mark.parametrize("htmx", [False, True], ids=["post", "htmx-post"])
def test_a_hiring_manager_on_the_team_can_not_publish_close_reopen_or_duplicate(
    action, htmx, hiring_manager, organization
):
    start, _end = TRANSITIONS[action]
    posting = _posting(organization, start, hiring_manager)
    before = Posting.objects.count()
    response = hiring_manager.client.post(
        f"/postings/{posting.pk}/{action}/", **(HTMX if htmx else {})
    )
    assert response.status_code == 403, f"{action}: {response.status_code}"
    posting.refresh_from_db()
    assert posting.status == start, action
    assert Posting.objects.count() == before, f"{action} made a posting"


@pytest.mark.parametrize("action", sorted(TRANSITIONS))
def test_the_confirm_page_of_a_transition_is_refused_like_the_transition(
    action, hiring_manager, interviewer, organization
):
    posting = _posting(organization, TRANSITIONS[action][0], hiring_manager, interviewer)
    for persona in (hiring_manager, interviewer):
        response = persona.client.get(f"/postings/{posting.pk}/{action}/")
        assert response.status_code == 403, f"{action}: {persona.user.email}"


@pytest.mark.parametrize("action", sorted(TRANSITIONS))
def test_an_interviewer_on_the_team_can_not_transition_a_posting(action, interviewer, organization):
    start, _end = TRANSITIONS[action]
    posting = _posting(organization, start, interviewer)
    before = Posting.objects.count()
    response = interviewer.client.post(f"/postings/{posting.pk}/{action}/")
    assert response.status_code == 403, action
    posting.refresh_from_db()
    assert (posting.status, Posting.objects.count()) == (start, before), action


@pytest.mark.parametrize("action", sorted(TRANSITIONS))
def test_an_outsider_gets_404_on_every_transition(action, outsider, organization):
    posting = _posting(organization, TRANSITIONS[action][0])
    for method in ("get", "post"):
        response = getattr(outsider.client, method)(f"/postings/{posting.pk}/{action}/")
        assert response.status_code == 404, f"{action} {method}"


@pytest.mark.parametrize("action", sorted(TRANSITIONS))
def test_a_recruiter_still_publishes_closes_reopens_and_duplicates(action, recruiter, organization):
    start, end = TRANSITIONS[action]
    posting = _posting(organization, start)
    assert recruiter.client.get(f"/postings/{posting.pk}/{action}/").status_code == 200
    before = Posting.objects.count()
    response = recruiter.client.post(f"/postings/{posting.pk}/{action}/")
    assert response.status_code == 302, action
    posting.refresh_from_db()
    assert posting.status == end, action
    if action == "duplicate":
        copy = Posting.objects.exclude(pk=posting.pk).get()
        assert copy.status == PostingStatus.DRAFT
        assert response["Location"] == f"/postings/{copy.pk}/edit/"
    else:
        assert Posting.objects.count() == before


def _actions_offered(page: str, posting) -> set[str]:
    return {
        action
        for action in TRANSITIONS
        if f'action="/postings/{posting.pk}/{action}/"' in page
        or f'href="/postings/{posting.pk}/{action}/"' in page
    }


@pytest.mark.parametrize(
    ("status", "offered"),
    [
        (PostingStatus.DRAFT, {"publish", "duplicate"}),
        (PostingStatus.OPEN, {"close", "duplicate"}),
        (PostingStatus.CLOSED, {"reopen", "duplicate"}),
    ],
)
def test_the_editor_offers_the_transitions_to_recruiters_and_none_to_hiring_managers(
    status, offered, recruiter, hiring_manager, organization
):
    posting = _posting(organization, status, hiring_manager)
    page = recruiter.client.get(f"/postings/{posting.pk}/edit/").content.decode()
    assert _actions_offered(page, posting) == offered
    page = hiring_manager.client.get(f"/postings/{posting.pk}/edit/").content.decode()
    assert _actions_offered(page, posting) == set()
    assert 'href="/postings/new/"' not in page


def test_the_list_offers_new_postings_to_recruiters_and_only_usable_links_to_the_team(
    recruiter, hiring_manager, interviewer, organization
):
    posting = _posting(organization, PostingStatus.OPEN, hiring_manager, interviewer)
    edit, board = f'href="/postings/{posting.pk}/edit/"', f'href="/postings/{posting.pk}/board/"'
    page = recruiter.client.get("/postings/").content.decode()
    assert 'href="/postings/new/"' in page
    assert edit in page
    assert board in page
    page = hiring_manager.client.get("/postings/").content.decode()
    assert 'href="/postings/new/"' not in page
    assert edit in page
    assert board in page
    # The interviewer sees the posting they interview for, but has neither editor nor board.
    page = interviewer.client.get("/postings/").content.decode()
    assert posting.title in page
    assert 'href="/postings/new/"' not in page
    assert edit not in page
    assert board not in page
