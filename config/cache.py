"""Cache calls that fail open: a Redis outage costs speed, never a page.

Every read answers "not cached" and every write is skipped when the cache can't be reached,
with one log line each time. `cached_public_page` caches whole public pages, and only pages
that hold nothing of the visitor they were rendered for.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse

logger = logging.getLogger(__name__)


def _unavailable(exc: Exception) -> None:
    logger.warning("cache unavailable", extra={"error": type(exc).__name__})


def cache_get(key: str) -> Any:
    try:
        return cache.get(key)
    except Exception as exc:  # noqa: BLE001 - any cache failure means "not cached"
        _unavailable(exc)
        return None


def cache_get_many(keys: list[str]) -> dict[str, Any]:
    try:
        return dict(cache.get_many(keys))
    except Exception as exc:  # noqa: BLE001
        _unavailable(exc)
        return {}


def cache_set(key: str, value: Any, seconds: int) -> None:
    try:
        cache.set(key, value, seconds)
    except Exception as exc:  # noqa: BLE001
        _unavailable(exc)


def cache_set_many(values: dict[str, Any], seconds: int) -> None:
    try:
        cache.set_many(values, seconds)
    except Exception as exc:  # noqa: BLE001
        _unavailable(exc)


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
