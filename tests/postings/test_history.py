"""A posting's history: who published, closed, reopened, duplicated or edited it."""

from __future__ import annotations

import pytest
from django.utils.html import escape

from postings import services
from postings.models import PostingEvent
from tests.factories import PostingFactory

pytestmark = pytest.mark.django_db


def test_the_posting_lifecycle_records_who_did_what(recruiter, organization):
    posting = PostingFactory.create(organization=organization, description="We hire.")
    for action in ("publish", "close", "reopen", "duplicate"):
        recruiter.client.post(f"/postings/{posting.pk}/{action}/")
    kinds = list(
        posting.events.filter(actor=recruiter.user).order_by("id").values_list("kind", flat=True)
    )
    assert kinds == ["published", "closed", "reopened", "duplicated"]
    copy = posting.events.get(kind="duplicated").data["copy_id"]
    assert PostingEvent.objects.get(posting_id=copy, kind="created").data == {
        "copied_from": posting.pk
    }
    page = recruiter.client.get(f"/postings/{posting.pk}/edit/").content.decode()
    history = page[page.index('id="history"') :]
    assert history.index("Duplicated as a new draft") < history.index("Published")
    assert f"by {escape(recruiter.user.get_full_name())}" in history


def test_the_history_lists_the_latest_events_in_a_constant_number_of_queries(
    recruiter, organization, django_assert_max_num_queries
):
    posting = PostingFactory.create(organization=organization)
    with django_assert_max_num_queries(30) as small:
        recruiter.client.get(f"/postings/{posting.pk}/edit/")
    posting.description = "We hire."
    for _ in range(8):
        services.publish_posting(posting, by=recruiter.user)
        services.close_posting(posting, by=recruiter.user)
    with django_assert_max_num_queries(len(small.captured_queries)):
        page = recruiter.client.get(f"/postings/{posting.pk}/edit/").content.decode()
    history = page[page.index('id="history"') :]
    # The latest ten of seventeen, newest first: the creation is too old to show.
    assert (history.count("Published"), history.count("Closed")) == (5, 5)
    assert history.index("Closed") < history.index("Published")
    assert "Created" not in history
