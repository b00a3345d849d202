from __future__ import annotations

import json
import logging

import pytest
from django.test import Client
from django.urls import path

from config.logs import JsonFormatter, RequestIdFilter

pytestmark = pytest.mark.django_db


def _boom(request):
    raise RuntimeError("kaboom with secret details")


urlpatterns = [path("boom/", _boom)]
handler404 = "config.views.page_not_found"
handler500 = "config.views.server_error"


def test_healthz_answers_without_touching_the_database(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/healthz")
    assert response.status_code == 200
    assert response.content == b"ok\n"
    assert "no-cache" in response["Cache-Control"]


def test_readyz_reports_database_and_redis_ok(client):
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "checks": {"database": "ok", "redis": "ok"}}


def test_readyz_names_redis_when_it_is_unreachable_but_stays_ready(client, settings):
    # A Redis outage costs speed, not service: no probe should take the web processes out.
    settings.REDIS_URL = "redis://127.0.0.1:1/0"
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json()["status"] == "degraded"
    assert response.json()["failed"] == ["redis"]
    assert "ConnectionError" in response.json()["errors"]["redis"]


def test_every_response_carries_the_security_headers(client):
    for url in ("/", "/accounts/login/", "/no-such-page/"):
        response = client.get(url)
        csp = response["Content-Security-Policy"]
        assert "default-src 'self'" in csp
        assert "script-src 'self'" in csp
        assert "style-src 'self'" in csp
        assert "frame-ancestors 'none'" in csp
        assert "unsafe-inline" not in csp
        assert "unsafe-eval" not in csp
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Referrer-Policy"] == "same-origin"
        assert response["X-Frame-Options"] == "DENY"


def test_production_adds_hsts_and_redirects_to_https_except_probes(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_HSTS_SECONDS = 31_536_000
    response = client.get("/")
    assert response.status_code == 301
    assert response["Location"] == "https://testserver/"
    assert client.get("/healthz").status_code == 200
    assert client.get("/readyz").status_code == 200
    secure = client.get("/", secure=True)
    assert secure["Strict-Transport-Security"].startswith("max-age=31536000")


def test_it_tags_each_response_with_a_request_id(client):
    first = client.get("/accounts/login/")["X-Request-ID"]
    second = client.get("/accounts/login/")["X-Request-ID"]
    assert len(first) == 32
    assert first != second
    assert (
        client.get("/accounts/login/", HTTP_X_REQUEST_ID="lb-trace-0001")["X-Request-ID"]
        == "lb-trace-0001"
    )
    injected = client.get("/accounts/login/", HTTP_X_REQUEST_ID="x\n{evil}")["X-Request-ID"]
    assert injected != "x\n{evil}"
    assert len(injected) == 32


def test_the_access_log_is_json_with_the_request_id_and_no_query_string(client, caplog):
    caplog.set_level(logging.INFO, logger="shortlist.access")
    response = client.get("/accounts/login/?q=ada@example.com")
    record = next(r for r in caplog.records if r.name == "shortlist.access")
    RequestIdFilter().filter(record)
    line = JsonFormatter().format(record)
    data = json.loads(line)
    assert "\n" not in line
    assert data["request_id"] == response["X-Request-ID"]
    assert data["path"] == "/accounts/login/"
    assert data["status"] == 200
    assert data["level"] == "INFO"
    assert "ada@example.com" not in line


def test_probes_are_answered_before_the_stack_on_any_host(client, settings, caplog):
    """No session, user, language, CSRF, audit context or access line for a probe: the
    middleware after ProbeMiddleware never runs (so a probe from a pod's IP isn't a 400)."""
    settings.SECURE_SSL_REDIRECT = True
    caplog.set_level(logging.INFO, logger="shortlist.access")
    healthz = client.get("/healthz", HTTP_HOST="10.0.0.7:8000")
    assert (healthz.status_code, healthz.content) == (200, b"ok\n")
    assert "no-store" in healthz["Cache-Control"]
    ready = client.get("/readyz", HTTP_HOST="10.0.0.7:8000")
    assert ready.status_code == 200
    assert ready.json()["status"] == "ok"
    for response in (healthz, ready):
        assert "X-Request-ID" not in response
        assert "Vary" not in response
        assert "Content-Language" not in response
    assert not [r for r in caplog.records if r.name == "shortlist.access"]
    assert client.post("/healthz").status_code == 405
    # A path that merely starts like a probe goes through the whole stack.
    assert "X-Request-ID" in client.get("/healthz/extra")


def test_the_policy_is_built_once_and_follows_the_settings(client, settings):
    first = client.get("/accounts/login/")["Content-Security-Policy"]
    assert first == client.get("/no-such-page/")["Content-Security-Policy"]
    settings.CONTENT_SECURITY_POLICY = {"DIRECTIVES": {"default-src": ["'none'"]}}
    assert client.get("/accounts/login/")["Content-Security-Policy"] == "default-src 'none'"


def test_unknown_urls_get_the_apps_404_page(client):
    response = client.get("/definitely/not/here/")
    assert response.status_code == 404
    content = response.content.decode()
    assert "We couldn&#x27;t find that page" in content or "We couldn't find that page" in content
    assert 'href="/static/css/app.css"' in content
    assert "Traceback" not in content


@pytest.mark.urls("tests.config.test_http")
def test_a_crash_answers_a_plain_friendly_500_without_a_traceback(settings):
    settings.DEBUG = False
    client = Client(raise_request_exception=False)
    response = client.get("/boom/")
    assert response.status_code == 500
    content = response.content.decode()
    assert "Something went wrong on our side" in content
    assert "kaboom" not in content
    assert "Traceback" not in content
