from __future__ import annotations

import logging

from django.conf import settings
from django.db import connection, transaction
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from config import redis_breaker

logger = logging.getLogger(__name__)


@require_GET
@never_cache
def healthz(request: HttpRequest) -> HttpResponse:
    """The process is alive. Touches nothing else, so a database outage doesn't restart pods."""
    return HttpResponse("ok\n", content_type="text/plain")


def _database_ok() -> str | None:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:  # noqa: BLE001 - any failure means "not ready"
        return type(exc).__name__
    return None


def _redis_ok() -> str | None:
    try:
        # The shared bounded client, but past the breaker: readiness reports what Redis does now.
        redis_breaker.client(settings.REDIS_URL).ping()
    except Exception as exc:  # noqa: BLE001
        return type(exc).__name__
    return None


@require_GET
@never_cache
def readyz(request: HttpRequest) -> HttpResponse:
    """Ready to serve: the database answers (503 otherwise). Redis is reported but never makes
    the process unready: without it the app serves every page and stores every application
    (the outbox row is the truth), so taking every web process out of rotation for a Redis
    outage would turn lost speed into lost service."""
    checks = {"database": _database_ok(), "redis": _redis_ok()}
    failed = {name: error for name, error in checks.items() if error}
    if failed:
        logger.warning(
            "not ready" if "database" in failed else "degraded", extra={"failed": sorted(failed)}
        )
        status = 503 if "database" in failed else 200
        return JsonResponse(
            {
                "status": "unavailable" if status == 503 else "degraded",
                "failed": sorted(failed),
                "errors": failed,
            },
            status=status,
        )
    return JsonResponse({"status": "ok", "checks": dict.fromkeys(checks, "ok")})


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "404.html", status=404)


# Set on the request once what it submitted is committed (mark_committed); the 500 page says
# "nothing is lost" only then.
COMMITTED_ATTRIBUTE = "shortlist_committed"


def mark_committed(request: HttpRequest) -> None:
    """Tell the error page that this request's submission is stored: called inside the
    transaction that stores it, it marks the request when (and only if) that commits."""
    transaction.on_commit(lambda: setattr(request, COMMITTED_ATTRIBUTE, True))


def server_error(request: HttpRequest) -> HttpResponse:
    # Rendered without context processors and without the database: whatever broke the
    # request (PostgreSQL unreachable) may break them too.
    from django.template import loader

    saved = bool(getattr(request, COMMITTED_ATTRIBUTE, False))
    return HttpResponse(loader.get_template("500.html").render({"saved": saved}), status=500)
