"""The queue dashboard (/admin/rq/) is for superusers (issue 14, hole 4).

django-rq lets in every `is_staff` user, and its pages delete, requeue and empty every tenant's
jobs. Each of its URL patterns, as mounted by config/urls.py, is walked here.
"""

from __future__ import annotations

from typing import Any

import django_rq
import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from rq.job import Job
from rq.results import Result
from rq.worker import Worker

pytestmark = pytest.mark.django_db


def _noop() -> None:  # pragma: no cover - enqueued, never run
    return None


def rq_job() -> tuple[Job, Result]:
    """A real job (with a result) on the default queue and a registered worker, so the job and
    worker pages have one to show (the suite's Redis is flushed before every test)."""
    # Now, not at the commit that never comes in a test transaction.
    queue = django_rq.get_queue("default", commit_mode="auto")
    job = queue.enqueue(_noop)
    result = Result.create(job, Result.Type.SUCCESSFUL, ttl=600, return_value=None)
    Worker([queue], connection=queue.connection, name="matrix-worker").register_birth()
    return job, result


def rq_patterns() -> list[URLPattern]:
    """The patterns mounted under the django_rq namespace, as the project serves them."""
    (resolver,) = [
        entry
        for entry in get_resolver().url_patterns
        if isinstance(entry, URLResolver) and entry.namespace == "django_rq"
    ]
    return [entry for entry in resolver.url_patterns if isinstance(entry, URLPattern)]


def _params(pattern: URLPattern) -> list[str]:
    converters = getattr(pattern.pattern, "converters", None)
    if converters is not None:
        return list(converters)
    return list(pattern.pattern.regex.groupindex)


def rq_urls(job: Job, result: Result) -> list[tuple[str, str]]:
    """(pattern, url) for every django-rq pattern, with ids that exist where the page needs one."""
    values: dict[str, Any] = {
        "queue_index": 0,
        "scheduler_index": 0,
        "connection_index": 0,
        "job_id": job.id,
        "result_id": result.id,
        "key": Worker.redis_worker_namespace_prefix + "matrix-worker",
        "scheduler_name": "no-such-scheduler",
        "cron_job_name": "no-such-job",
        "token": "not-the-token",
    }
    urls = []
    for pattern in rq_patterns():
        kwargs = {name: values[name] for name in _params(pattern)}
        urls.append((str(pattern.pattern), reverse(f"django_rq:{pattern.name}", kwargs=kwargs)))
    return urls


# What a superuser's GET gets where it isn't the page: 404 where the URL names something that
# isn't there (no cron job runs in the tests), 405 for a POST-only action,
# 302 for a bulk action asked for nothing.
SUPERUSER_GET = {
    "cron-schedulers/<int:connection_index>/<str:scheduler_name>/": 404,
    "cron-schedulers/<int:connection_index>/<str:scheduler_name>/jobs/<path:cron_job_name>/": 404,
    "queues/<int:queue_index>/<str:job_id>/stop/": 405,
    "queues/actions/<int:queue_index>/": 302,
    "queues/confirm-action/<int:queue_index>/": 302,
}


def test_every_rq_pattern_is_walked():
    job, result = rq_job()
    routes = [route for route, _url in rq_urls(job, result)]
    assert len(routes) == len(rq_patterns()) >= 25
    assert set(SUPERUSER_GET) <= set(routes)


@pytest.mark.parametrize("method", ["get", "post"])
def test_anonymous_visitors_and_non_staff_sign_in_to_the_admin_first(method, client, recruiter):
    job, result = rq_job()
    for route, url in rq_urls(job, result):
        for who, visitor in (("anonymous", client), ("non-staff", recruiter.client)):
            response = getattr(visitor, method)(url)
            assert response.status_code == 302, f"{route} {method} {who}: {response.status_code}"
            assert response["Location"].startswith("/admin/login/?next="), f"{route} {who}"
    assert Job.exists(job.id, connection=job.connection)


@pytest.mark.parametrize("method", ["get", "post"])
def test_staff_who_are_not_superusers_get_403_and_touch_no_job(method, staff):
    job, result = rq_job()
    for route, url in rq_urls(job, result):
        response = getattr(staff.client, method)(url)
        assert response.status_code == 403, f"{route} {method}: {response.status_code}"
    assert Job.exists(job.id, connection=job.connection)
    assert job.id in django_rq.get_queue("default").job_ids


def test_superusers_get_every_page(superuser):
    job, result = rq_job()
    for route, url in rq_urls(job, result):
        response = superuser.client.get(url)
        expected = SUPERUSER_GET.get(route, 200)
        assert response.status_code == expected, f"{route}: {response.status_code}"


def test_a_superuser_deletes_a_job(superuser):
    job, _result = rq_job()
    response = superuser.client.post(reverse("django_rq:delete_job", args=[0, job.id]))
    assert response.status_code == 302
    assert not Job.exists(job.id, connection=job.connection)


def test_the_dashboard_has_no_second_door_in_the_admin(staff):
    """django-rq also registers a Dashboard ModelAdmin serving every one of its views under
    /admin/django_rq/dashboard/, behind is_staff only: no pattern outside /admin/rq/ may serve
    a django-rq view."""
    from tests.test_url_walk import all_patterns

    doors = [
        route
        for route, _name, pattern in all_patterns()
        if pattern.callback.__module__.startswith("django_rq") and not route.startswith("admin/rq/")
    ]
    assert not doors, doors
    response = staff.client.get("/admin/django_rq/dashboard/")
    assert response.status_code in (302, 404), response.status_code
    assert not response.get("Location", "").startswith("/admin/django_rq/")


def test_with_redis_unreachable_every_page_says_so_with_a_503(superuser, settings):
    """Redis down is when the queue dashboard is opened; every one of its pages answered 500."""
    job, result = rq_job()
    urls = rq_urls(job, result)
    dead = "redis://127.0.0.1:1/0?socket_connect_timeout=0.5&socket_timeout=0.5"
    queues = settings.RQ_QUEUES
    settings.RQ_QUEUES = {name: {**queue, "URL": dead} for name, queue in queues.items()}
    for route, url in urls:
        for method in ("get", "post"):
            response = getattr(superuser.client, method)(url)
            assert response.status_code != 500, f"{route} {method}"
            if response.status_code == 503:
                assert b"The job queue (Redis) is unreachable" in response.content
    home = superuser.client.get(reverse("django_rq:home"))
    assert home.status_code == 503
    assert b"Outbox messages" in home.content
