"""Cached public pages answered ahead of the session, user, audit, lockout and message layers.

A cached posting page cost a visitor's request the whole middleware stack: most of a hit's time
went to layers that have nothing to do for a visitor without state of their own (bench/ratios.py
measured the page at a tenth of a bare Django view). A view opts in with `@served_cached(lookup)`:
`lookup(request, *args, **kwargs)` returns the page's cached HTML, or None to let the request
take the ordinary way (a miss, a closed posting, anything unusual). Only a GET from a visitor
without a session or flash-message cookie (`config.cache.carries_visitor_state`) is asked.

A hit still passes through every layer that shapes a public page's response, the ones named in
`CACHED_PAGE_MIDDLEWARE` (language, CSRF cookie, framing and content-security headers), and
through the ones above this middleware in `MIDDLEWARE` (probes, request id and access line,
body limits, security headers), so it answers with the headers of a rendered page
(tests/config/test_public_pages.py compares them header by header).
"""

from __future__ import annotations

import functools
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, Generic, TypeVar

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.urls import Resolver404, resolve
from django.utils import translation
from django.utils.module_loading import import_string

from config.cache import carries_visitor_state, with_csrf_token

Lookup = Callable[..., bytes | None]
Found = tuple[Lookup, tuple[Any, ...], dict[str, Any]]  # a view's lookup and the URL's arguments
View = TypeVar("View", bound=Callable[..., Any])
T = TypeVar("T")

_ATTRIBUTE = "cached_page_lookup"


def served_cached(lookup: Lookup) -> Callable[[View], View]:
    """Mark a view whose page `lookup` can find in the cache for a visitor without state."""

    def decorate(view: View) -> View:
        setattr(view, _ATTRIBUTE, lookup)
        return view

    return decorate


class CachedPublicPageMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response
        # The layers a hit passes through, built once like Django builds MIDDLEWARE.
        self.respond = functools.reduce(
            lambda inner, path: import_string(path)(inner),
            reversed(settings.CACHED_PAGE_MIDDLEWARE),
            _cached_response,
        )

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        lookup = self._lookup(request)
        if lookup is not None:
            # The language first: it is part of the page's key (LocaleMiddleware, in the
            # layers a hit passes through, then does the same again and sets its headers).
            translation.activate(translation.get_language_from_request(request))
            lookup_function, args, kwargs = lookup
            body = lookup_function(request, *args, **kwargs)
            if body is not None:
                request.cached_page = body  # type: ignore[attr-defined]
                return self.respond(request)
        return self.get_response(request)

    def _lookup(self, request: HttpRequest) -> Found | None:
        if request.method != "GET" or carries_visitor_state(request):
            return None
        try:
            match = resolve(request.path_info)
        except Resolver404:
            return None
        lookup = getattr(match.func, _ATTRIBUTE, None)
        return None if lookup is None else (lookup, match.args, match.kwargs)


class Recent(Generic[T]):
    """What this process read last, before asking again: a bounded map whose entries live
    `seconds` from when they were fetched, the least recently used going first beyond `size`
    entries. `fetch` answers a miss; an answer of None, or one `keep` refuses, isn't kept."""

    def __init__(
        self,
        size: int,
        keep: Callable[[T], bool] = lambda value: True,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.size, self.keep, self.clock = size, keep, clock
        self._entries: OrderedDict[Hashable, tuple[float, T]] = OrderedDict()
        self._lock = threading.Lock()  # gunicorn runs threads (GUNICORN_THREADS)

    def get(self, key: Hashable, seconds: float, fetch: Callable[[], T | None]) -> T | None:
        now = self.clock()
        with self._lock:
            entry = self._entries.get(key)
            if entry is not None and entry[0] > now:
                self._entries.move_to_end(key)
                return entry[1]
        value = fetch()
        if value is not None and seconds > 0 and self.keep(value):
            with self._lock:
                self._entries[key] = (now + seconds, value)
                self._entries.move_to_end(key)
                while len(self._entries) > self.size:
                    self._entries.popitem(last=False)
        return value

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()


# The pages this process served last, in front of the shared cache: a hit then costs no Redis
# round trip. Their keys say everything a page shows (a posting page's has its rows'
# versions), so an entry is never stale, only old: it lives as long as it would in Redis. A few
# MB at most: pages over 256 KB aren't kept here.
recent_pages: Recent[bytes] = Recent(size=128, keep=lambda page: len(page) <= 256 * 1024)


def _cached_response(request: HttpRequest) -> HttpResponse:
    return with_csrf_token(request, HttpResponse(request.cached_page))  # type: ignore[attr-defined]
