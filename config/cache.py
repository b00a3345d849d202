"""Cache calls that fail open: a Redis outage costs speed, never a page.

Every read answers "not cached" and every write is skipped when the cache can't be reached,
with one log line each time.
"""

from __future__ import annotations

import logging
from typing import Any

from django.core.cache import cache

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
