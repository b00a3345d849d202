"""A cached public page is answered ahead of most of the stack, and answers like the whole stack."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import psycopg
import pytest
from django.conf import settings
from django.db import connection
from django.http import HttpRequest, HttpResponse
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import URLPattern, URLResolver, get_resolver

from config import public_pages
from postings.models import Posting
from tests.factories import PostingFactory, QuestionFactory

pytestmark = pytest.mark.django_db

FAST = "config.public_pages.CachedPublicPageMiddleware"
# Set per response by design: the request's id, and the cookie's value (its attributes compared).
PER_RESPONSE = {"X-Request-ID", "Set-Cookie"}


def _url(posting: Posting) -> str:
    return f"/careers/{posting.organization.slug}/{posting.slug}/"


@pytest.fixture
def posting(organization):
    posting = PostingFactory.create(organization=organization, status="open")
    QuestionFactory.create(posting=posting, text="Can you relocate?")
    return posting


def _served_by_the_fast_path(
    url: str, ask: Callable[[Client, str], Any] = lambda client, url: client.get(url)
) -> tuple[Any, bool]:
    """A new client's answer (its handler builds the chain afresh, with the spy in it), and
    whether the short way served it."""
    seen: list[bool] = []
    original = public_pages._cached_response

    def spy(request: HttpRequest) -> HttpResponse:
        seen.append(True)
        return original(request)

    public_pages._cached_response = spy
    try:
        response = ask(Client(), url)
    finally:
        public_pages._cached_response = original
    return response, bool(seen)


def _cookie_attributes(response: Any) -> dict[str, dict[str, str]]:
    return {
        name: {key: str(value) for key, value in morsel.items()}
        for name, morsel in response.cookies.items()
    }


def test_a_cached_page_answers_with_every_header_of_the_whole_stack(posting):
    url = _url(posting)
    Client().get(url)  # cached
    headers = {"accept-language": "en-GB,en;q=0.8"}
    fast = Client().get(url, headers=headers)
    with override_settings(MIDDLEWARE=[m for m in settings.MIDDLEWARE if m != FAST]):
        whole = Client().get(url, headers=headers)
    assert fast.content.count(b'name="csrfmiddlewaretoken"') == 1
    assert fast.status_code == whole.status_code == 200
    assert set(fast.headers) == set(whole.headers)
    for name, value in whole.headers.items():
        if name not in PER_RESPONSE:
            assert fast[name] == value, name
    assert _cookie_attributes(fast).keys() == {"csrftoken"}
    fast_cookie, whole_cookie = _cookie_attributes(fast), _cookie_attributes(whole)
    assert {k: v for k, v in fast_cookie["csrftoken"].items() if k != "expires"} == {
        k: v for k, v in whole_cookie["csrftoken"].items() if k != "expires"
    }


def test_a_cached_hit_takes_the_short_way_and_one_query(posting):
    url = _url(posting)
    Client().get(url)
    with CaptureQueriesContext(connection) as served:
        response, fast = _served_by_the_fast_path(url)
    assert fast
    assert response.status_code == 200
    assert posting.title in response.content.decode()
    assert len(served.captured_queries) == 1
    assert "xmin" in served.captured_queries[0]["sql"]


def test_a_miss_is_rendered_by_the_view_without_reading_the_stamp_twice(posting):
    with CaptureQueriesContext(connection) as rendered:
        response = Client().get(_url(posting))
    assert posting.title in response.content.decode()
    stamps = [q for q in rendered.captured_queries if "xmin" in q["sql"]]
    assert len(stamps) == 1
    with CaptureQueriesContext(connection) as missing:
        assert Client().get(f"/careers/{posting.organization.slug}/nope/").status_code == 404
    assert len([q for q in missing.captured_queries if "xmin" in q["sql"]]) == 1


@pytest.mark.parametrize(
    "ask",
    [
        # Each carries state of its own, or isn't a plain read: the whole stack answers.
        lambda client, url: client.get(url, HTTP_COOKIE=f"{settings.SESSION_COOKIE_NAME}=abc"),
        lambda client, url: client.get(url, HTTP_COOKIE="messages=abc"),
        lambda client, url: client.head(url),
        lambda client, url: client.options(url),
    ],
    ids=["session", "flash-messages", "head", "options"],
)
def test_visitors_with_state_and_other_methods_take_the_whole_stack(posting, ask):
    url = _url(posting)
    Client().get(url)
    response, fast = _served_by_the_fast_path(url, ask)
    assert not fast
    assert response.status_code in (200, 405)


def test_a_closed_or_missing_posting_is_never_answered_early(posting, organization):
    url = _url(posting)
    Client().get(url)
    Posting.objects.filter(pk=posting.pk).update(status="closed")
    response, fast = _served_by_the_fast_path(url)
    assert not fast
    assert response.status_code == 410
    response, fast = _served_by_the_fast_path(f"/careers/{organization.slug}/nope/")
    assert not fast
    assert response.status_code == 404


def _patterns(patterns: list[Any]) -> Iterator[URLPattern]:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _patterns(pattern.url_patterns)
        else:
            yield pattern


def test_only_the_posting_page_is_answered_early():
    # A view that opts in promises a page with nothing of anyone in it: adding one is a choice
    # to make here, with tests of its own like tests/careers/test_posting_cache.py.
    marked = {
        pattern.name
        for pattern in _patterns(get_resolver().url_patterns)
        if hasattr(pattern.callback, "cached_page_lookup")
    }
    assert marked == {"careers_posting"}


@pytest.mark.django_db(transaction=True)
def test_a_dead_database_connection_is_replaced_on_a_cached_visit(organization):
    posting = PostingFactory.create(organization=organization, status="open")
    url = _url(posting)
    client = Client()
    assert client.get(url).status_code == 200  # cached, and a connection kept open
    assert connection.connection is not None
    pid = connection.connection.info.backend_pid
    dsn = connection.get_connection_params()
    with psycopg.connect(
        **{k: v for k, v in dsn.items() if k in ("host", "port", "user", "dbname", "password")},
        autocommit=True,
    ) as admin:
        admin.execute("SELECT pg_terminate_backend(%s)", [pid])
    response = client.get(url)
    assert response.status_code == 200
    assert posting.title in response.content.decode()
    assert connection.connection.info.backend_pid != pid


def test_recent_pages_keep_the_latest_few_and_small_ones_only():
    pages: public_pages.Recent[bytes] = public_pages.Recent(
        size=2, keep=lambda page: len(page) <= 10
    )
    fetched: list[str] = []

    def fetch(key: str, body: bytes | None) -> bytes | None:
        def from_redis() -> bytes | None:
            fetched.append(key)
            return body

        return pages.get(key, 60, from_redis)

    assert fetch("a", b"page a") == b"page a"
    assert fetch("a", b"other") == b"page a"  # from memory
    fetch("b", b"page b")
    fetch("c", b"page c")  # "a" was the least recently used
    assert fetch("a", b"page a again") == b"page a again"
    assert fetch("big", b"x" * 11) == b"x" * 11
    assert fetch("big", b"y" * 11) == b"y" * 11  # never kept
    assert fetch("none", None) is None
    assert fetched == ["a", "b", "c", "a", "big", "big", "none"]
    assert len(pages._entries) <= 2


def test_recent_pages_live_no_longer_than_in_the_shared_cache():
    now = [1000.0]
    pages: public_pages.Recent[bytes] = public_pages.Recent(size=8, clock=lambda: now[0])
    assert pages.get("k", 600, lambda: b"first") == b"first"
    now[0] += 599
    assert pages.get("k", 600, lambda: b"second") == b"first"
    now[0] += 2
    assert pages.get("k", 600, lambda: b"second") == b"second"


def test_a_page_in_memory_is_served_without_redis_and_an_edit_still_shows(posting, settings):
    import redis

    url = _url(posting)
    Client().get(url)
    Client().get(url)  # now in this process's memory too
    redis.Redis.from_url(settings.REDIS_URL).flushdb()
    assert posting.title in Client().get(url).content.decode()
    Posting.objects.filter(pk=posting.pk).update(title="Staff Platform Engineer")
    assert "Staff Platform Engineer" in Client().get(url).content.decode()
