from __future__ import annotations

import pytest
from django.contrib import messages
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.test import RequestFactory

from config.cache import cached_public_page


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
def test_a_visitor_with_state_of_their_own_neither_reads_nor_fills_the_cache(cookie):
    cache.set("test:stateful", b"someone else's page", 60)
    mine = cached_public_page(_request(**{cookie: "x"}), "test:stateful", 60, _page(_request()))
    assert mine.content == b"page"
    cache.delete("test:stateful")
    cached_public_page(_request(**{cookie: "x"}), "test:stateful", 60, _page(_request()))
    assert cache.get("test:stateful") is None
