from __future__ import annotations

import pytest
from django.contrib import messages
from django.contrib.messages.storage.base import Message
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.test import RequestFactory

from config.cache import CSRF_SLOT, cached_public_page, code_digest


def _request(**cookies: str) -> HttpRequest:
    request = RequestFactory().get("/careers/x/")
    request.COOKIES.update(cookies)
    request._messages = CookieStorage(request)  # type: ignore[attr-defined]
    return request


def _page(request: HttpRequest, text: str = "page"):
    return lambda: HttpResponse(text)


def test_a_page_without_visitor_state_is_stored_and_served_to_the_next_visitor():
    cached_public_page(_request(), "test:plain", 60, _page(_request(), "first"))
    assert cache.get("test:plain") == b"first"
    again = cached_public_page(_request(), "test:plain", 60, _page(_request(), "second"))
    assert again.content == b"first"


def test_a_page_that_used_the_visitors_csrf_token_is_not_stored():
    request = _request()

    def render() -> HttpResponse:
        return HttpResponse(f"<input value='{get_token(request)}'>")

    assert b"input" in cached_public_page(request, "test:csrf", 60, render).content
    assert cache.get("test:csrf") is None


def test_a_page_that_added_a_message_is_not_stored():
    request = _request()

    def render() -> HttpResponse:
        messages.info(request, "Yours only")
        return HttpResponse("page")

    cached_public_page(request, "test:message", 60, render)
    assert cache.get("test:message") is None


@pytest.mark.parametrize("cookie", ["sessionid", "messages"])
def test_a_visitor_with_state_of_their_own_reads_the_cache_but_never_fills_it(cookie):
    cache.set("test:stateful", b"the page for everyone", 60)
    mine = cached_public_page(_request(**{cookie: "x"}), "test:stateful", 60, _page(_request()))
    assert mine.content == b"the page for everyone"
    cache.delete("test:stateful")
    rendered = cached_public_page(
        _request(**{cookie: "x"}), "test:stateful", 60, _page(_request(), "theirs")
    )
    assert rendered.content == b"theirs"
    assert cache.get("test:stateful") is None


def test_a_visitor_with_messages_waiting_gets_a_page_of_their_own():
    cache.set("test:messages", b"the page for everyone", 60)
    waiting = CookieStorage(_request())._encode([Message(messages.INFO, "Yours only")])  # type: ignore[attr-defined]
    request = _request(messages=waiting)

    def render() -> HttpResponse:
        return HttpResponse(" ".join(str(message) for message in messages.get_messages(request)))

    assert cached_public_page(request, "test:messages", 60, render).content == b"Yours only"
    assert cache.get("test:messages") == b"the page for everyone"


def test_each_visitor_gets_their_own_token_in_the_slot_and_the_cache_keeps_the_slot():
    first, second = _request(), _request()
    page = _page(first, f"<input value='{CSRF_SLOT}'>")
    mine = cached_public_page(first, "test:slot", 60, page).content.decode()
    theirs = cached_public_page(second, "test:slot", 60, page).content.decode()
    assert CSRF_SLOT in cache.get("test:slot").decode()
    assert CSRF_SLOT not in mine + theirs
    assert mine != theirs
    # get_token() ran, so the CSRF middleware sends each of them the cookie their token needs.
    assert first.META["CSRF_COOKIE_NEEDS_UPDATE"]
    assert second.META["CSRF_COOKIE_NEEDS_UPDATE"]


def test_the_code_digest_names_the_templates_and_modules_it_was_made_of():
    careers = code_digest(("careers/posting.html",), ("careers.forms",))
    assert careers == code_digest(("careers/posting.html",), ("careers.forms",))
    assert careers != code_digest(("careers/index.html",), ("careers.forms",))
    assert careers != code_digest(("careers/posting.html",), ("careers.seo",))


def test_the_cache_reuses_one_redis_client_per_pool_and_still_reads_and_writes():
    """Django builds a client per cache call (a table of ~170 callbacks each time); ours keeps
    one per connection pool, which is safe to share, so the pool's connections are reused."""
    client = cache._cache  # type: ignore[attr-defined]
    assert client.get_client(write=True) is client.get_client(write=False)
    cache.set("reuse-check", {"n": 1}, 30)
    assert cache.get("reuse-check") == {"n": 1}
    assert len(client._clients) == 1
