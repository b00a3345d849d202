"""A Redis outage costs speed, never a page: staff sign in and work while Redis refuses
connections (issue 18, defect 1: sessions must not depend on Redis)."""

from __future__ import annotations

import logging

import pytest
from django.test import Client

from accounts.models import Role
from tests.conftest import free_port
from tests.factories import (
    PASSWORD,
    ApplicationFactory,
    CandidateFactory,
    MembershipFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def _point_redis_at(settings, url: str) -> None:
    settings.REDIS_URL = url
    settings.CACHES = {"default": {**settings.CACHES["default"], "LOCATION": url}}


@pytest.fixture
def redis_down(settings) -> str:
    """Every Redis client of this process points at a port nothing listens on."""
    real = settings.REDIS_URL
    _point_redis_at(settings, f"redis://127.0.0.1:{free_port()}/0")
    return real


def _sign_in(client: Client, email: str) -> None:
    response = client.post("/accounts/login/", {"username": email, "password": PASSWORD})
    assert response.status_code == 302, response.content.decode()[:500]
    assert response["Location"] == "/"


def test_staff_sign_in_and_use_their_pages_while_redis_is_down(
    redis_down, organization, posting, caplog
):
    caplog.set_level(logging.WARNING)
    user = UserFactory.create(email="recruiter@kolanut.test")
    MembershipFactory.create(user=user, organization=organization, role=Role.RECRUITER)
    candidate = CandidateFactory.create(organization=organization, name="Ngozi Okafor")
    application = ApplicationFactory.create(posting=posting, candidate=candidate)
    client = Client()

    _sign_in(client, "recruiter@kolanut.test")

    assert "Welcome" in client.get("/").content.decode()
    postings = client.get("/postings/")
    assert postings.status_code == 200
    assert "Backend Lead" in postings.content.decode()
    board = client.get(f"/postings/{posting.pk}/board/")
    assert board.status_code == 200
    assert "Ngozi Okafor" in board.content.decode()  # rendered afresh: its cache is unreachable
    profile = client.get(f"/applications/{application.pk}/")
    assert profile.status_code == 200
    assert "Ngozi Okafor" in profile.content.decode()
    assert "cache unavailable" in caplog.text

    signed_out = client.post("/accounts/logout/")
    assert signed_out.status_code == 302
    assert client.get("/postings/").status_code == 302  # to the sign-in page


def test_a_sign_out_while_redis_is_down_holds_once_redis_is_back(settings, organization):
    user = UserFactory.create(email="recruiter@kolanut.test")
    MembershipFactory.create(user=user, organization=organization, role=Role.RECRUITER)
    client = Client()
    _sign_in(client, "recruiter@kolanut.test")
    stolen = client.cookies[settings.SESSION_COOKIE_NAME].value
    real = settings.REDIS_URL

    _point_redis_at(settings, f"redis://127.0.0.1:{free_port()}/0")
    assert client.post("/accounts/logout/").status_code == 302
    _point_redis_at(settings, real)

    # A copy of the session cached before the sign-out must not bring it back.
    replay = Client()
    replay.cookies[settings.SESSION_COOKIE_NAME] = stolen
    assert replay.get("/postings/").status_code == 302
