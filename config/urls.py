from __future__ import annotations

from functools import wraps
from importlib.util import find_spec
from typing import Any

import redis
from django.contrib import admin
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import URLPattern, include, path
from django_rq import urls as rq_urls

from accounts.access import superuser_required
from config import views


def _superusers_only(pattern: object) -> URLPattern:
    # The queue dashboard deletes and requeues every tenant's jobs (DESIGN.md: superusers only).
    if not isinstance(pattern, URLPattern):
        raise ImproperlyConfigured(f"django-rq's URLs grew an include we don't gate: {pattern}")
    return URLPattern(
        pattern.pattern,
        superuser_required(_queue_down_is_503(pattern.callback)),
        pattern.default_args,
        pattern.name,
    )


def _queue_down_is_503(view: Any) -> Any:
    # Every django-rq page reads Redis; with Redis down they raised a ConnectionError (a 500),
    # when the page that matters most then is one that says so.
    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            response: HttpResponse = view(request, *args, **kwargs)
            return response
        except (redis.ConnectionError, redis.TimeoutError):
            return render(request, "admin/rq_unreachable.html", status=503)

    return wrapped


# Every pattern django-rq has, the token-authenticated stats and metrics included: their
# tokens are not configured here, and `is_staff` alone would otherwise let them through. The
# rq-scheduler page is left out unless that package is installed (we schedule with rq's own
# scheduler): mounted without it, the page is a 500.
_unmounted = set() if find_spec("rq_scheduler") else {"scheduler_jobs"}
rq_patterns = [
    _superusers_only(p) for p in rq_urls.urlpatterns if getattr(p, "name", None) not in _unmounted
]

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("readyz", views.readyz, name="readyz"),
    path("admin/rq/", include((rq_patterns, rq_urls.app_name))),
    path("admin/", admin.site.urls),
    path("", include("dashboard.urls")),
    path("", include("accounts.urls")),
    path("", include("careers.urls")),
    path("", include("postings.urls")),
    path("", include("candidates.urls")),
    path("", include("screening.urls")),
    path("", include("interviews.urls")),
    path("", include("interviews.feedback_urls")),
]

handler404 = "config.views.page_not_found"
handler500 = "config.views.server_error"
