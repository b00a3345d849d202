from __future__ import annotations

import json
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.test import Client
from django.urls import resolve, reverse

from accounts.forms import EmailPasswordResetForm, LoginForm
from outbox.models import Message
from outbox.services import deliver_message
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

GENERIC = "That email and password don&#x27;t match an account we can sign in."


def _deliver_outbox() -> list:
    """Run the recorded emails as the worker would (the test's transaction never commits)."""

    for message in Message.objects.filter(kind="send_email"):
        deliver_message(message.pk)
    return mail.outbox


def _login(client: Client, email: str, password: str, **extra):
    return client.post("/accounts/login/", {"username": email, "password": password}, **extra)


def test_it_signs_in_with_the_email_in_any_case_and_spacing():
    UserFactory.create(email="ada@example.com")
    client = Client()
    response = _login(client, "  Ada@Example.COM ", PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert "Welcome" in client.get("/").content.decode()


def test_a_wrong_password_and_an_unknown_email_get_the_same_message():
    UserFactory.create(email="ada@example.com")
    UserFactory.create(email="gone@example.com", is_active=False)
    wrong = _login(Client(), "ada@example.com", "not-the-password").content.decode()
    unknown = _login(Client(), "nobody@example.com", "whatever").content.decode()
    inactive = _login(Client(), "gone@example.com", PASSWORD).content.decode()
    for page in (wrong, unknown, inactive):
        assert GENERIC in page
    assert "exist" not in wrong.lower()


def test_repeated_failures_lock_the_account_and_say_for_how_long(settings):
    settings.AXES_FAILURE_LIMIT = 3
    UserFactory.create(email="ada@example.com")
    for attempt in range(3):
        # Case and spaces don't buy extra attempts: one counter per normalized email.
        email = ["ada@example.com", "ADA@example.com", " ada@EXAMPLE.com"][attempt]
        _login(
            Client(REMOTE_ADDR=f"10.0.0.{attempt}"), email, "guess", REMOTE_ADDR=f"10.0.0.{attempt}"
        )
    locked = _login(Client(), "ada@example.com", PASSWORD, REMOTE_ADDR="10.0.0.99")
    assert locked.status_code == 429
    page = locked.content.decode()
    assert "signing in is paused for 15 minutes" in page
    assert "_auth_user_id" not in Client().session


def test_repeated_failures_from_one_address_lock_that_address(settings):
    settings.AXES_FAILURE_LIMIT = 3
    UserFactory.create(email="victim@example.com")
    for n in range(3):
        _login(Client(), f"guess{n}@example.com", "guess", REMOTE_ADDR="203.0.113.7")
    response = _login(Client(), "victim@example.com", PASSWORD, REMOTE_ADDR="203.0.113.7")
    assert response.status_code == 429
    elsewhere = _login(Client(), "victim@example.com", PASSWORD, REMOTE_ADDR="198.51.100.1")
    assert elsewhere.status_code == 302


def test_password_reset_never_reveals_whether_an_account_exists():
    UserFactory.create(email="ada@example.com")
    known = Client().post("/accounts/password_reset/", {"email": "ADA@example.com"})
    unknown = Client().post("/accounts/password_reset/", {"email": "nobody@example.com"})
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"] == "/accounts/password_reset/done/"
    sent = _deliver_outbox()
    assert len(sent) == 1
    assert sent[0].to == ["ada@example.com"]
    assert "/accounts/reset/" in sent[0].body


def test_the_reset_link_sets_a_new_password():
    user = UserFactory.create(email="ada@example.com")
    Client().post("/accounts/password_reset/", {"email": "ada@example.com"})
    link = next(
        line for line in _deliver_outbox()[0].body.splitlines() if "/accounts/reset/" in line
    )
    client = Client()
    form_page = client.get(urlsplit(link.strip()).path, follow=True)
    assert "Choose a new password" in form_page.content.decode()
    new = "a-much-better-passphrase-42"
    done = client.post(
        form_page.redirect_chain[-1][0], {"new_password1": new, "new_password2": new}
    )
    assert done["Location"] == "/accounts/reset/done/"
    user.refresh_from_db()
    assert user.check_password(new)


def _reset_link() -> str:
    (email,) = _deliver_outbox()
    (link,) = (word for word in email.body.split() if "/accounts/reset/" in word)
    return urlsplit(link).path


def test_the_outbox_keeps_the_user_id_and_never_the_reset_token():
    user = UserFactory.create(email="ada@example.com")
    Client().post("/accounts/password_reset/", {"email": "ada@example.com"})
    message = Message.objects.get(kind="send_email")
    assert message.payload == {"builder": "password_reset", "args": {"user_id": user.pk}}
    token = resolve(_reset_link()).kwargs["token"]
    message.refresh_from_db()
    assert message.state == "sent"
    assert token not in json.dumps(message.payload)
    assert token not in message.idempotency_key


def test_the_access_log_line_of_a_reset_link_has_no_token(caplog):
    UserFactory.create(email="ada@example.com")
    Client().post("/accounts/password_reset/", {"email": "ada@example.com"})
    path = _reset_link()
    uid, token = resolve(path).kwargs["uidb64"], resolve(path).kwargs["token"]
    with caplog.at_level("INFO", logger="shortlist.access"):
        caplog.clear()
        Client().get(path)
    (line,) = [r for r in caplog.records if r.name == "shortlist.access"]
    assert token not in line.path
    assert line.path == f"/accounts/reset/{uid}/<token>/"


INVALID_LINK = "This password reset link is invalid, expired or already used."
NEW_LINK = '<a class="button" href="/accounts/password_reset/">Ask for a new link</a>'


def _assert_refused_with_a_way_forward(response) -> None:
    page = response.content.decode()
    assert response.status_code == 200
    assert INVALID_LINK in page
    assert NEW_LINK in page
    assert "new_password1" not in page


def test_a_tampered_reset_link_says_so_and_offers_a_new_one():
    UserFactory.create(email="ada@example.com")
    Client().post("/accounts/password_reset/", {"email": "ada@example.com"})
    path = _reset_link()
    tampered = path.rstrip("/")[:-3] + "xyz/"
    _assert_refused_with_a_way_forward(Client().get(tampered, follow=True))
    _assert_refused_with_a_way_forward(Client().get("/accounts/reset/not-a-uid/abc-def/"))


def test_an_expired_reset_link_says_so_and_offers_a_new_one(settings):
    from datetime import datetime, timedelta

    from django.contrib.auth.tokens import PasswordResetTokenGenerator
    from django.utils.encoding import force_bytes
    from django.utils.http import urlsafe_base64_encode

    user = UserFactory.create(email="ada@example.com")
    uid = urlsafe_base64_encode(force_bytes(user.pk))

    class FourHoursAgo(PasswordResetTokenGenerator):
        def _now(self) -> datetime:
            return super()._now() - timedelta(seconds=settings.PASSWORD_RESET_TIMEOUT + 60)

    old = FourHoursAgo().make_token(user)
    _assert_refused_with_a_way_forward(Client().get(f"/accounts/reset/{uid}/{old}/", follow=True))
    # A link made before the password changed is dead too.
    Client().post("/accounts/password_reset/", {"email": "ada@example.com"})
    path = _reset_link()
    user.set_password("changed-in-the-meantime-55")
    user.save(update_fields=["password"])
    _assert_refused_with_a_way_forward(Client().get(path, follow=True))


def test_a_reset_link_works_once():
    UserFactory.create(email="ada@example.com")
    Client().post("/accounts/password_reset/", {"email": "ada@example.com"})
    path = _reset_link()
    client = Client()
    form_page = client.get(path, follow=True)
    new = "a-much-better-passphrase-42"
    done = client.post(
        form_page.redirect_chain[-1][0], {"new_password1": new, "new_password2": new}
    )
    assert done["Location"] == "/accounts/reset/done/"
    _assert_refused_with_a_way_forward(Client().get(path, follow=True))
    _assert_refused_with_a_way_forward(client.get(path, follow=True))


def test_password_change_requires_the_old_password(recruiter):
    response = recruiter.client.post(
        "/accounts/password_change/",
        {
            "old_password": "wrong",
            "new_password1": "fresh-passphrase-77",
            "new_password2": "fresh-passphrase-77",
        },
    )
    assert response.status_code == 200
    recruiter.user.refresh_from_db()
    assert recruiter.user.check_password(PASSWORD)
    ok = recruiter.client.post(
        "/accounts/password_change/",
        {
            "old_password": PASSWORD,
            "new_password1": "fresh-passphrase-77",
            "new_password2": "fresh-passphrase-77",
        },
    )
    assert ok["Location"] == "/accounts/password_change/done/"
    recruiter.user.refresh_from_db()
    assert recruiter.user.check_password("fresh-passphrase-77")


def test_sign_out_is_a_post(recruiter):
    response = recruiter.client.post("/accounts/logout/")
    assert response.status_code == 302
    assert "_auth_user_id" not in recruiter.client.session


def test_the_overridden_auth_views_are_the_ones_requests_reach():
    login = resolve(reverse("login")).func.view_initkwargs  # type: ignore[attr-defined]
    assert login["authentication_form"] is LoginForm
    page = Client().get(reverse("password_reset"))
    assert isinstance(page.context["form"], EmailPasswordResetForm)


def test_password_reset_requests_are_limited_per_address_with_a_friendly_429(settings):
    settings.PASSWORD_RESET_RATE_LIMIT = "2/900"
    UserFactory.create(email="ada@example.com")
    client = Client(REMOTE_ADDR="198.51.100.30")
    for _ in range(2):
        sent = client.post("/accounts/password_reset/", {"email": "ada@example.com"})
        assert sent.status_code == 302
    limited = client.post("/accounts/password_reset/", {"email": "ada@example.com"})
    assert limited.status_code == 429
    assert 1 <= int(limited["Retry-After"]) <= 900
    assert "Please wait a few minutes" in limited.content.decode()
    assert Message.objects.filter(payload__builder="password_reset").count() == 2
    elsewhere = Client(REMOTE_ADDR="198.51.100.31")
    assert (
        elsewhere.post("/accounts/password_reset/", {"email": "x@example.com"}).status_code == 302
    )


def test_an_account_gets_a_few_reset_emails_and_the_page_never_tells_when_it_stops(settings):
    # Six requests in six seconds from six addresses: three emails, six identical answers.
    settings.PASSWORD_RESET_ACCOUNT_RATE_LIMIT = "3/3600"
    user = UserFactory.create(email="ada@example.com")
    answers = {
        Client(REMOTE_ADDR=f"203.0.113.{n}").post(
            "/accounts/password_reset/", {"email": "ada@example.com"}
        )["Location"]
        for n in range(6)
    }
    assert answers == {"/accounts/password_reset/done/"}
    sent = Message.objects.filter(payload__builder="password_reset", payload__args__user_id=user.pk)
    assert sent.count() == 3


def test_sign_in_attempts_are_capped_per_address_beside_the_lockout(settings):
    settings.LOGIN_RATE_LIMIT = "3/300"
    settings.AXES_FAILURE_LIMIT = 100  # the cap here, not the lockout, is under test
    client = Client(REMOTE_ADDR="198.51.100.40")
    tries = [
        client.post("/accounts/login/", {"username": f"u{n}@example.com", "password": "x"})
        for n in range(4)
    ]
    assert [t.status_code for t in tries] == [200, 200, 200, 429]
    assert 1 <= int(tries[-1]["Retry-After"]) <= 300
    assert client.get("/accounts/login/").status_code == 200  # reading the page is not a try
    other = Client(REMOTE_ADDR="198.51.100.41")
    assert (
        other.post("/accounts/login/", {"username": "a@example.com", "password": "x"}).status_code
        == 200
    )


@pytest.mark.parametrize("url", ["/accounts/login/", "/admin/login/"])
def test_an_overlong_username_is_a_failed_sign_in_not_a_500(url):
    response = Client().post(url, {"username": "0" * 6000, "password": " x"})
    assert response.status_code == 200
    assert "_auth_user_id" not in Client().session
