"""Cache calls that fail open: a Redis outage costs speed, never a page.

Every read answers "not cached" and every write is skipped when the cache can't be reached
(or failed moments ago: the Redis breaker skips it), with one log line each time.
`cached_public_page` caches whole public pages, and only pages that hold nothing of the
visitor they were rendered for.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any, TypeVar

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse

from config import redis_breaker

logger = logging.getLogger(__name__)

T = TypeVar("T")


def _guarded(operation: Callable[[], T], default: T) -> T:
    """Run a cache operation through the Redis breaker: `default` when Redis can't answer in
    time or failed moments ago (config/redis_breaker.py), with one log line each time."""
    try:
        return redis_breaker.call(str(settings.CACHES["default"]["LOCATION"]), operation)
    except Exception as exc:  # noqa: BLE001 - any cache failure means "not cached"
        logger.warning("cache unavailable", extra={"error": type(exc).__name__})
        return default


def cache_get(key: str) -> Any:
    return _guarded(lambda: cache.get(key), None)


def cache_get_many(keys: list[str]) -> dict[str, Any]:
    return _guarded(lambda: dict(cache.get_many(keys)), {})


def cache_set(key: str, value: Any, seconds: int) -> None:
    _guarded(lambda: cache.set(key, value, seconds), None)


def cache_set_many(values: dict[str, Any], seconds: int) -> None:
    _guarded(lambda: cache.set_many(values, seconds), None)


def carries_visitor_state(request: HttpRequest) -> bool:
    """Whether the visitor brings state of their own: a session (signed in, or flash messages
    kept there) or flash messages in their cookie. A page rendered for them may show it."""
    return settings.SESSION_COOKIE_NAME in request.COOKIES or CookieStorage.cookie_name in (
        request.COOKIES
    )


def rendered_visitor_state(request: HttpRequest, response: HttpResponse) -> bool:
    """Whether rendering put something of this visitor into the response: a CSRF token (its
    cookie is theirs), a flash message added meanwhile, or a cookie of any kind."""
    messages = getattr(request, "_messages", None)
    return bool(
        request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        or (messages is not None and (messages.used or len(messages)))
        or response.cookies
    )


def cached_public_page(
    request: HttpRequest, key: str, seconds: int, render: Callable[[], HttpResponse]
) -> HttpResponse:
    """A public page from the cache, or rendered and stored for the next visitor.

    A visitor with state of their own gets a page rendered for them alone, never stored and
    never taken from the cache (which would swallow, then later show, their messages); a
    render that used the visitor's CSRF token or added a message is not stored either."""
    if carries_visitor_state(request):
        return render()
    cached = cache_get(key)
    if cached is not None:
        return HttpResponse(cached)
    response = render()
    if response.status_code == 200 and not rendered_visitor_state(request, response):
        cache_set(key, response.content, seconds)
    return response
