from __future__ import annotations

import html
import re
from datetime import timedelta

import pytest
from django.utils import timezone

from candidates.filters import SORTS
from candidates.models import Application, ApplicationEvent, ApplicationStatus, Candidate
from outbox.models import Message
from screening.models import FitScore
from tests.factories import ApplicationFactory, PostingFactory, bulk_applications

pytestmark = pytest.mark.django_db


def _bulk(persona, posting, **data):
    data.setdefault("confirmed", "1")
    return persona.client.post(f"/postings/{posting.pk}/applications/bulk/", data, follow=True)


def _ids(page: str) -> list[int]:
    return [int(pk) for pk in re.findall(r'name="ids" value="(\d+)"', page)]


def _link(page: str, rel: str) -> str:
    """The pager's link with this rel, "" when the page has none."""
    found = re.search(rf'<a href="([^"]+)"[^>]*rel="{rel}"', page)
    return html.unescape(found.group(1)) if found else ""


def test_the_list_shares_the_boards_filters_and_paginates(hiring_manager, posting):
    bulk_applications(posting, 60)
    page = hiring_manager.client.get(f"/postings/{posting.pk}/applications/").content.decode()
    assert page.count('name="ids"') == 50
    assert "all 60 matching the filters" in page
    assert _link(page, "prev") == ""
    assert _link(page, "first") == ""
    second = hiring_manager.client.get(_link(page, "next")).content.decode()
    assert second.count('name="ids"') == 10
    assert _link(second, "next") == ""
    assert _link(second, "first") == f"/postings/{posting.pk}/applications/"
    filtered = hiring_manager.client.get(
        f"/postings/{posting.pk}/applications/?source=linkedin"
    ).content.decode()
    assert filtered.count('name="ids"') == 30
    assert '<option value="linkedin" selected>' in filtered


def _with_ties(posting, count: int) -> list[Application]:
    """Applications that tie on the first fields of every sort: four positions, three
    application times, five names, fit scores shared, NULL, or not there at all."""
    applications = bulk_applications(posting, count)
    start = timezone.now() - timedelta(days=10)
    for n, application in enumerate(applications):
        application.position = n % 4
        application.applied_at = application.stage_entered_at = start + timedelta(days=n % 3)
        application.candidate.name = f"Person {n % 5}"
        application.sort_name = application.candidate.name  # the copies the services keep
        application.sort_score = None if n % 3 != 2 else n % 2 * 40
    Application.objects.bulk_update(
        applications, ["position", "applied_at", "stage_entered_at", "sort_name", "sort_score"]
    )
    Candidate.objects.bulk_update([a.candidate for a in applications], ["name"])
    FitScore.objects.bulk_create(
        FitScore(
            application=a, posting=posting, state="done", score=None if n % 3 == 1 else n % 2 * 40
        )
        for n, a in enumerate(applications)
        if n % 3
    )
    return applications


def _in_python(posting, sort: str) -> list[int]:
    """The active applications in the sort, computed here from the rows the sort keys copy
    (the fit score's number, the candidate's name), ties broken by id."""
    scores = dict(FitScore.objects.filter(posting=posting).values_list("application", "score"))
    rows = list(Application.objects.for_posting(posting).active().select_related("candidate"))
    keys = {
        "manual": lambda a: (a.position, a.applied_at, a.pk),
        "score": lambda a: (
            scores.get(a.pk) is None,
            -(scores.get(a.pk) or 0),
            a.applied_at,
            a.pk,
        ),
        "newest": lambda a: (-a.applied_at.timestamp(), -a.pk),
        "oldest": lambda a: (a.applied_at, a.pk),
        "name": lambda a: (a.candidate.name, a.pk),
        "waiting": lambda a: (a.stage_entered_at, a.pk),
    }
    return [a.pk for a in sorted(rows, key=keys[sort])]


def _walk(persona, url: str, rel: str) -> list[list[int]]:
    pages = []
    while url:
        page = persona.client.get(url).content.decode()
        pages.append(_ids(page))
        url = _link(page, rel)
    return pages


@pytest.mark.parametrize("sort", [value for value, _label in SORTS])
def test_paging_forward_then_back_shows_every_row_once_in_every_sort(hiring_manager, posting, sort):
    applications = _with_ties(posting, 125)
    Application.objects.filter(pk=applications[7].pk).update(status="rejected")
    forward = _walk(hiring_manager, f"/postings/{posting.pk}/applications/?sort={sort}", "next")
    assert [len(page) for page in forward] == [50, 50, 24]
    shown = [pk for page in forward for pk in page]
    assert shown == _in_python(posting, sort)  # each once, in the sort
    expected = Application.objects.for_posting(posting).active().sorted_by(sort)
    assert shown == list(expected.values_list("pk", flat=True))  # the board's order too
    last = hiring_manager.client.get(
        f"/postings/{posting.pk}/applications/?sort={sort}&after="
        + _after_second_page(hiring_manager, posting, sort)
    ).content.decode()
    back = _walk(hiring_manager, _link(last, "prev"), "prev")
    assert back == forward[-2::-1]  # the same pages, in reverse


def _after_second_page(persona, posting, sort: str) -> str:
    url = f"/postings/{posting.pk}/applications/?sort={sort}"
    for _ in range(2):
        url = _link(persona.client.get(url).content.decode(), "next")
    return url.split("after=")[1]


def test_paging_keeps_the_filters(hiring_manager, posting):
    _with_ties(posting, 125)
    url = f"/postings/{posting.pk}/applications/?source=referral&sort=name&closed=on"
    pages = _walk(hiring_manager, url, "next")
    assert [len(page) for page in pages] == [50, 12]
    chosen = Application.objects.filter(pk__in=[pk for page in pages for pk in page])
    assert set(chosen.values_list("source", flat=True)) == {"referral"}
    page = hiring_manager.client.get(url).content.decode()
    assert "source=referral&closed=1&sort=name&after=" in _link(page, "next")


def test_a_page_link_asked_by_htmx_swaps_only_the_rows_and_pager(hiring_manager, posting):
    bulk_applications(posting, 60)
    page = hiring_manager.client.get(f"/postings/{posting.pk}/applications/").content.decode()
    fragment = hiring_manager.client.get(
        _link(page, "next"), headers={"HX-Request": "true"}
    ).content.decode()
    assert fragment.startswith('<div id="list-page">')
    assert "<html" not in fragment
    assert fragment.count('name="ids"') == 10
    assert 'hx-target="#list-page"' in fragment


def test_a_mangled_page_link_shows_the_first_page(hiring_manager, posting):
    bulk_applications(posting, 60)
    first = _ids(
        hiring_manager.client.get(f"/postings/{posting.pk}/applications/").content.decode()
    )
    for token in ("x", "WzEsMl0", "WyJhIiwiYiIsImMiXQ", "WzEuMCwiMjAyMC0wMS0wMVQwMDowMDowMCIsMV0"):
        for key in ("after", "before"):
            url = f"/postings/{posting.pk}/applications/?sort=manual&{key}={token}"
            response = hiring_manager.client.get(url)
            assert response.status_code == 200
            assert _ids(response.content.decode()) == first


@pytest.mark.parametrize("size", [10, 2000])
@pytest.mark.parametrize("sort", [value for value, _label in SORTS])
def test_the_list_runs_a_constant_number_of_queries(
    hiring_manager, posting, size, sort, django_assert_max_num_queries
):
    bulk_applications(posting, size)
    url = f"/postings/{posting.pk}/applications/?sort={sort}"
    with django_assert_max_num_queries(13):
        page = hiring_manager.client.get(url).content.decode()
    assert page.count('name="ids"') == min(size, 50)
    if size > 50:
        with django_assert_max_num_queries(13):
            second = hiring_manager.client.get(_link(page, "next")).content.decode()
        assert second.count('name="ids"') == 50
        assert not set(_ids(second)) & set(_ids(page))


def test_all_matching_counts_up_to_a_thousand_and_then_says_more(hiring_manager, posting):
    bulk_applications(posting, 1001)
    page = hiring_manager.client.get(f"/postings/{posting.pk}/applications/").content.decode()
    assert "all matching the filters (more than 1000)" in page


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
    data = {"action": "tag", "tag_name": "x", "ids": [application.pk], "confirmed": "1"}
    statuses = [hiring_manager.client.post(url, data) for _ in range(3)]
    assert [r.status_code for r in statuses] == [302, 302, 429]
    assert int(statuses[2]["Retry-After"]) > 0
    assert ApplicationEvent.objects.filter(kind="tagged").count() == 1  # the second: no change


def test_the_search_can_read_the_trigram_indexes(posting):
    """`icontains` compares UPPER(column::text): the indexes are on exactly that, so a search
    in a large organization reads the index, not every person (the planner picks the index
    once the table is big; here it is told to avoid a scan to show that it can). Made by
    migration 0013 wherever the server has pg_trgm, as this suite's servers do."""
    from django.db import connection
    from django.db.models import Q

    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm'")
        if cursor.fetchone() is None:
            pytest.skip("this PostgreSQL has no pg_trgm (the embedded server): no indexes")
    ApplicationFactory.create(posting=posting)
    search = Candidate.objects.filter(Q(name__icontains="okafor") | Q(email__icontains="okafor"))
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
    plan = search.explain()
    assert "candidate_name_trgm" in plan
    assert "candidate_email_trgm" in plan
