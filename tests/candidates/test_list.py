from __future__ import annotations

import pytest

from candidates.models import Application, ApplicationEvent, ApplicationStatus
from outbox.models import Message
from tests.factories import ApplicationFactory, PostingFactory, bulk_applications

pytestmark = pytest.mark.django_db


def _bulk(persona, posting, **data):
    return persona.client.post(f"/postings/{posting.pk}/applications/bulk/", data, follow=True)


def test_the_list_shares_the_boards_filters_and_paginates(hiring_manager, posting):
    bulk_applications(posting, 60)
    page = hiring_manager.client.get(f"/postings/{posting.pk}/applications/").content.decode()
    assert page.count('name="ids"') == 50
    assert "Page 1 of 2" in page
    filtered = hiring_manager.client.get(
        f"/postings/{posting.pk}/applications/?source=linkedin"
    ).content.decode()
    assert filtered.count('name="ids"') == 30
    assert '<option value="linkedin" selected>' in filtered


@pytest.mark.parametrize("size", [10, 2000])
def test_the_list_runs_a_constant_number_of_queries(
    hiring_manager, posting, size, django_assert_max_num_queries
):
    bulk_applications(posting, size)
    with django_assert_max_num_queries(13):
        response = hiring_manager.client.get(f"/postings/{posting.pk}/applications/?sort=newest")
    assert response.content.decode().count('name="ids"') == min(size, 50)


def test_bulk_move_reports_what_succeeded_and_why_the_rest_did_not(hiring_manager, posting):
    stages = list(posting.stages.order_by("order"))
    fresh, stale = ApplicationFactory.create_batch(2, posting=posting, stage=stages[0])
    Application.objects.filter(pk=stale.pk).update(version=5)  # moved by someone meanwhile
    page = _bulk(
        hiring_manager,
        posting,
        action="move",
        stage=stages[2].pk,
        ids=[fresh.pk, stale.pk],
        **{f"v_{fresh.pk}": 1, f"v_{stale.pk}": 1},
    ).content.decode()
    assert "Done for 1 of 2." in page
    assert f"{stale.candidate.name}: someone changed it since the list was loaded" in page
    assert Application.objects.get(pk=fresh.pk).stage == stages[2]
    assert Application.objects.get(pk=stale.pk).stage == stages[0]


def test_bulk_reject_with_emails_schedules_one_per_application(hiring_manager, posting):
    applications = ApplicationFactory.create_batch(3, posting=posting)
    _bulk(
        hiring_manager,
        posting,
        action="reject",
        reason="Missing a must-have skill",
        send_email="on",
        ids=[a.pk for a in applications],
    )
    assert Application.objects.filter(status=ApplicationStatus.REJECTED).count() == 3
    assert (
        Message.objects.filter(state="scheduled", payload__builder="application_rejected").count()
        == 3
    )


def test_bulk_tags_all_matching_the_filters_and_leaves_a_trace(hiring_manager, posting):
    ApplicationFactory.create_batch(2, posting=posting, source="referral")
    ApplicationFactory.create(posting=posting, source="linkedin")
    page = _bulk(
        hiring_manager,
        posting,
        action="tag",
        tag_name="  strong  fit ",
        all_matching="on",
        source="referral",
    ).content.decode()
    assert "Done for 2 of 2." in page
    assert Application.objects.filter(tags__name="strong fit").count() == 2
    assert ApplicationEvent.objects.filter(kind="tagged", data__tag="strong fit").count() == 2
    _bulk(hiring_manager, posting, action="untag", tag_name="strong fit", all_matching="on")
    assert not Application.objects.filter(tags__name="strong fit").exists()


def test_a_bulk_action_on_an_empty_selection_says_so(hiring_manager, posting):
    ApplicationFactory.create(posting=posting)
    page = _bulk(hiring_manager, posting, action="reject", reason="x").content.decode()
    assert "Select at least one application first." in page
    assert not Application.objects.filter(status="rejected").exists()


def test_bulk_cannot_reach_another_postings_applications(hiring_manager, posting, organization):
    other = ApplicationFactory.create(posting=PostingFactory.create(organization=organization))
    page = _bulk(
        hiring_manager, posting, action="reject", reason="x", ids=[other.pk]
    ).content.decode()
    assert "Select at least one application first." in page
    assert Application.objects.get(pk=other.pk).status == "active"


def test_bulk_actions_are_limited_per_person_with_a_retry_after(hiring_manager, posting, settings):
    settings.BULK_RATE_LIMIT = "2/60"
    application = ApplicationFactory.create(posting=posting)
    url = f"/postings/{posting.pk}/applications/bulk/"
    data = {"action": "tag", "tag_name": "x", "ids": [application.pk]}
    statuses = [hiring_manager.client.post(url, data) for _ in range(3)]
    assert [r.status_code for r in statuses] == [302, 302, 429]
    assert int(statuses[2]["Retry-After"]) > 0
    assert ApplicationEvent.objects.filter(kind="tagged").count() == 1  # the second: no change
