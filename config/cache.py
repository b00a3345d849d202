"""Cache calls that fail open: a Redis outage costs speed, never a page.

Every read answers "not cached" and every write is skipped when the cache can't be reached
(or failed moments ago: the Redis breaker skips it), with one log line each time.
`cached_public_page` caches whole public pages, and only pages that hold nothing of the
visitor they were rendered for; a form's CSRF token is put in after the cache (`CSRF_SLOT`).
"""

from __future__ import annotations

import functools
import hashlib
import importlib
import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import django
from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.template.loader import get_template

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


# A cached page is rendered with this in place of the CSRF token (pass it to the template as
# `csrf_token`, which `{% csrf_token %}` then prints); each response gets its visitor's token.
CSRF_SLOT = "__shortlist_public_csrf_slot__"


@functools.cache
def code_digest(templates: tuple[str, ...], modules: tuple[str, ...]) -> str:
    """A version of the code that renders a page, for its cache key: the sources of its
    templates and Python modules, Django's version (its form widgets' templates) and the static
    files' manifest (the hashed names the page links to). A deploy that changes any of them
    starts afresh; the processes restart, so it is computed once per process."""
    digest = hashlib.sha256(django.get_version().encode())
    for name in templates:
        digest.update(get_template(name).template.source.encode())  # type: ignore[attr-defined]
    for module in modules:
        digest.update(Path(str(importlib.import_module(module).__file__)).read_bytes())
    digest.update(str(getattr(staticfiles_storage, "manifest_hash", "")).encode())
    return digest.hexdigest()[:16]


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


def has_pending_messages(request: HttpRequest) -> bool:
    """Whether flash messages wait for this visitor (read without marking them shown)."""
    messages = getattr(request, "_messages", None)
    return messages is not None and len(messages) > 0


def cached_public_page(
    request: HttpRequest, key: str, seconds: int, render: Callable[[], HttpResponse]
) -> HttpResponse:
    """A public page from the cache, or rendered and stored for the next visitor, with this
    visitor's CSRF token put in `CSRF_SLOT` either way.

    Only a visitor without state of their own fills the cache, and only with a render that
    used no CSRF token of theirs and added no message. A visitor with a session (signed in,
    say) is served the cached page too, unless flash messages wait for them: the page they
    get then is rendered for them alone, showing the messages, and never stored."""
    stateful = carries_visitor_state(request)
    if stateful and has_pending_messages(request):
        return with_csrf_token(request, render())
    cached = cache_get(key)
    if cached is not None:
        return with_csrf_token(request, HttpResponse(cached))
    response = render()
    if (
        not stateful
        and response.status_code == 200
        and not rendered_visitor_state(request, response)
    ):
        cache_set(key, response.content, seconds)
    return with_csrf_token(request, response)


def with_csrf_token(request: HttpRequest, response: HttpResponse) -> HttpResponse:
    slot = CSRF_SLOT.encode()
    if slot in response.content:
        # get_token() also has the CSRF middleware set the cookie for a first-time visitor.
        response.content = response.content.replace(slot, get_token(request).encode())
    return response
