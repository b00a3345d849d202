"""The session policy (issue 17): signed-in sessions end after SESSION_IDLE_TIMEOUT hours idle
and SESSION_MAX_AGE days after the sign-in, without a session write on every request."""

from __future__ import annotations

import time

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts import access, sessions
from tests.conftest import run_python

pytestmark = pytest.mark.django_db

HOUR, DAY = 60 * 60, 24 * 60 * 60


def _shift(client, **ago: int) -> None:
    """Move the session's clocks back: started=seconds ago, last_seen=seconds ago."""
    session = client.session
    now = int(time.time())
    if "started" in ago:
        session[sessions.STARTED_AT_KEY] = now - ago["started"]
    if "last_seen" in ago:
        session[sessions.LAST_SEEN_KEY] = now - ago["last_seen"]
    session.save()


def _session_writes(queries) -> list[str]:
    return [
        q["sql"]
        for q in queries
        if "django_session" in q["sql"]
        and q["sql"].lstrip().upper().startswith(("UPDATE", "INSERT"))
    ]


def test_sign_in_starts_both_clocks(recruiter):
    session = recruiter.client.session
    now = time.time()
    assert now - session[sessions.STARTED_AT_KEY] < 60
    assert now - session[sessions.LAST_SEEN_KEY] < 60


def test_a_session_idle_for_longer_than_the_limit_is_signed_out_with_a_message(recruiter):
    _shift(recruiter.client, last_seen=8 * HOUR + 60)
    response = recruiter.client.get("/postings/?page=2")
    assert response["Location"] == "/accounts/login/?next=%2Fpostings%2F%3Fpage%3D2"
    assert "_auth_user_id" not in recruiter.client.session
    login = recruiter.client.get(response["Location"]).content.decode()
    assert "Your session has ended after a while. Please sign in again." in login


def test_a_busy_session_still_ends_days_after_its_sign_in(recruiter):
    _shift(recruiter.client, started=7 * DAY + 60, last_seen=60)
    response = recruiter.client.get("/postings/")
    assert response["Location"].startswith("/accounts/login/")
    assert "_auth_user_id" not in recruiter.client.session


def test_within_the_limits_the_session_goes_on(recruiter):
    _shift(recruiter.client, started=7 * DAY - HOUR, last_seen=8 * HOUR - 300)
    assert recruiter.client.get("/postings/").status_code == 200


def test_an_htmx_request_of_an_expired_session_is_sent_to_the_login(recruiter, posting):
    _shift(recruiter.client, last_seen=9 * HOUR)
    response = recruiter.client.post(
        f"/postings/{posting.pk}/edit/",
        headers={"HX-Request": "true", "Referer": f"http://testserver/postings/{posting.pk}/edit/"},
    )
    assert response.status_code == 204
    # Back to the page the form was on (a POST is not replayed).
    assert response["HX-Redirect"] == (
        f"/accounts/login/?next=http%3A%2F%2Ftestserver%2Fpostings%2F{posting.pk}%2Fedit%2F"
    )


def test_typing_the_password_again_does_not_extend_the_absolute_limit(recruiter):
    from tests.factories import PASSWORD

    _shift(recruiter.client, started=6 * DAY)
    started = recruiter.client.session[sessions.STARTED_AT_KEY]
    recruiter.client.post("/accounts/confirm-password/", {"password": PASSWORD, "next": "/"})
    session = recruiter.client.session
    assert session[sessions.STARTED_AT_KEY] == started
    assert time.time() - session[access.SIGNED_IN_AT_KEY] < 60


def test_last_seen_is_written_only_every_few_minutes(recruiter):
    client = recruiter.client
    client.get("/postings/")
    with CaptureQueriesContext(connection) as queries:
        client.get("/postings/")
        client.get("/postings/")
    assert _session_writes(queries.captured_queries) == []

    _shift(client, last_seen=sessions.TOUCH_EVERY_SECONDS + 5)
    with CaptureQueriesContext(connection) as queries:
        client.get("/postings/")
    assert len(_session_writes(queries.captured_queries)) == 1
    assert time.time() - client.session[sessions.LAST_SEEN_KEY] < 60


def test_a_session_from_before_the_policy_gets_its_clocks_on_its_next_request(recruiter):
    session = recruiter.client.session
    del session[sessions.STARTED_AT_KEY]
    del session[sessions.LAST_SEEN_KEY]
    session.save()
    assert recruiter.client.get("/postings/").status_code == 200
    assert time.time() - recruiter.client.session[sessions.STARTED_AT_KEY] < 60


def test_the_limits_are_read_from_the_environment_and_production_requires_two_factor(
    production_env,
):
    shown = run_python(
        "import django; django.setup(); from django.conf import settings as s;"
        "print(s.SESSION_IDLE_TIMEOUT, s.SESSION_MAX_AGE, s.SESSION_COOKIE_AGE,"
        " s.TWO_FACTOR_REQUIRED)",
        {**production_env, "SESSION_IDLE_TIMEOUT": "2", "SESSION_MAX_AGE": "1"},
    )
    assert shown.stdout.split() == ["2", "1", str(DAY), "True"], shown.stderr
