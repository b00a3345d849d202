"""A posting's lifecycle in admin moves through the same services as the editor's buttons:
they check what publishing needs and record who did it."""

from __future__ import annotations

import re

import pytest

from postings.models import Posting, PostingEventKind, PostingStatus
from tests.factories import PostingFactory
from tests.postings.test_edits_through_services import admin_change_data

pytestmark = pytest.mark.django_db


def _act(client, action: str, *postings: Posting):
    return client.post(
        "/admin/postings/posting/",
        {"action": action, "_selected_action": [str(p.pk) for p in postings]},
        follow=True,
    )


def test_a_typed_in_status_is_not_saved(staff, organization):
    posting = PostingFactory.create(organization=organization)
    url = f"/admin/postings/posting/{posting.pk}/change/"
    data = admin_change_data(staff.client.get(url)) | {"status": "open"}
    assert "status" not in staff.client.get(url).context["adminform"].form.fields
    assert staff.client.post(url, data).status_code == 302
    posting.refresh_from_db()
    assert (posting.status, posting.opened_at) == (PostingStatus.DRAFT, None)


def test_publishing_closing_and_reopening_in_admin_record_who_did_it(staff, organization):
    posting = PostingFactory.create(organization=organization)
    for action, status in (("publish", "open"), ("close", "closed"), ("reopen", "open")):
        page = _act(staff.client, action, posting).content.decode()
        assert "1 posting(s) changed." in page
        posting.refresh_from_db()
        assert posting.status == status
    kinds = list(posting.events.filter(actor=staff.user).values_list("kind", flat=True))
    assert sorted(kinds) == sorted(
        [PostingEventKind.PUBLISHED, PostingEventKind.CLOSED, PostingEventKind.REOPENED]
    )


def test_an_admin_action_the_service_refuses_says_why_and_changes_nothing(staff, organization):
    ready = PostingFactory.create(organization=organization)
    empty = PostingFactory.create(organization=organization, description="")
    page = _act(staff.client, "publish", ready, empty).content.decode()
    assert "1 posting(s) changed." in page
    assert f"{empty.title}: Add a description." in page
    empty.refresh_from_db()
    assert empty.status == PostingStatus.DRAFT
    assert not empty.events.filter(kind=PostingEventKind.PUBLISHED).exists()


def test_a_posting_added_in_admin_gets_default_stages_and_its_created_event(staff, organization):
    data = admin_change_data(staff.client.get("/admin/postings/posting/add/"))
    data |= {"organization": str(organization.pk), "title": "Data Lead", "slug": "data-lead"}
    data |= {"description": "Lead our data team.", "salary_currency": "NGN", "hiring_team": []}
    response = staff.client.post("/admin/postings/posting/add/", data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    posting = Posting.objects.get(slug="data-lead")
    assert posting.status == PostingStatus.DRAFT
    assert posting.stages.count() == 6
    created = posting.events.get(kind=PostingEventKind.CREATED)
    assert created.actor == staff.user


def test_an_admin_action_never_reaches_another_organizations_posting(
    staff, organization, other_organization
):
    theirs = PostingFactory.create(organization=other_organization)
    _act(staff.client, "publish", theirs)
    theirs.refresh_from_db()
    assert theirs.status == PostingStatus.DRAFT
    assert not theirs.events.filter(kind=PostingEventKind.PUBLISHED).exists()


def test_a_posting_added_in_admin_is_created_by_whoever_added_it(staff, organization):
    data = admin_change_data(staff.client.get("/admin/postings/posting/add/"))
    data |= {"organization": str(organization.pk), "title": "Ops Lead", "slug": "ops-lead"}
    data |= {"description": "Run our platform.", "salary_currency": "NGN", "hiring_team": []}
    assert staff.client.post("/admin/postings/posting/add/", data).status_code == 302
    assert Posting.objects.get(slug="ops-lead").created_by == staff.user


def test_every_inline_input_has_an_accessible_name(staff, organization):
    """The tabular inlines' inputs are named by their field (axe `label`, critical, without)."""
    posting = PostingFactory.create(organization=organization)
    page = staff.client.get(f"/admin/postings/posting/{posting.pk}/change/").content.decode()
    assert 'name="stages-0-name"' in page
    names = {
        "stages-0-name": "Name",
        "stages-0-order": "Order",
        "stages-0-DELETE": "Delete",
        "stages-0-email_template": "Email template",
    }
    for field, label in names.items():
        tag = re.search(rf'<(?:input|select)[^>]*name="{field}"[^>]*>', page)
        assert tag is not None, field
        assert f'aria-label="{label}"' in tag.group(0), tag.group(0)
