"""The password policy (issue 17): twelve characters and Django's other validators; changes
and resets audited with the change; a new password ends the person's other sessions."""

from __future__ import annotations

import pytest
from django.contrib.auth.password_validation import validate_password
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from accounts import audit
from accounts.models import AuditAction, AuditEntry
from demo.organizations import DEMO_PASSWORD
from tests.conftest import sign_in
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

NEW = "a-brand-new-passphrase-42"


def _errors(password: str, user=None) -> list[str]:
    try:
        validate_password(password, user)
    except ValidationError as exc:
        return list(exc.messages)
    return []


def test_passwords_need_twelve_characters_and_pass_the_other_checks():
    user = UserFactory.build(email="ada.lovelace@kolanut.test", full_name="Ada Lovelace")
    assert "This password is too short. It must contain at least 12 characters." in _errors(
        "x7#kq2!mz9a", user
    )
    assert "This password is entirely numeric." in _errors("804719263518", user)
    assert "This password is too common." in _errors("password1234", user)
    assert "The password is too similar to the email address." in _errors(
        "ada.lovelace@kolanut", user
    )
    assert _errors("x7#kq2!mz9aw", user) == []


def test_the_suites_and_the_demos_passwords_pass_the_policy():
    user = UserFactory.build(email="admin@kolanut.example", full_name="Ifeoma Okafor")
    assert _errors(PASSWORD, user) == []
    assert _errors(DEMO_PASSWORD, user) == []


def test_the_password_change_form_refuses_a_short_password(recruiter):
    response = recruiter.client.post(
        "/accounts/password_change/",
        {"old_password": PASSWORD, "new_password1": "short-pw-1", "new_password2": "short-pw-1"},
    )
    assert response.status_code == 200
    assert "at least 12 characters" in response.content.decode()
    recruiter.user.refresh_from_db()
    assert recruiter.user.check_password(PASSWORD)


def test_changing_the_password_is_audited_and_ends_the_other_sessions(recruiter):
    laptop = recruiter.client
    phone = sign_in(Client(), recruiter.user)
    assert phone.get("/postings/").status_code == 200
    response = laptop.post(
        "/accounts/password_change/",
        {"old_password": PASSWORD, "new_password1": NEW, "new_password2": NEW},
    )
    assert response["Location"] == "/accounts/password_change/done/"
    recruiter.user.refresh_from_db()
    assert recruiter.user.check_password(NEW)
    entry = AuditEntry.objects.get(action=AuditAction.PASSWORD_CHANGED)
    assert entry.actor == recruiter.user
    assert entry.target_id == str(recruiter.user.pk)
    # The session that changed it stays signed in; the other one is signed out.
    assert laptop.get("/postings/").status_code == 200
    assert phone.get("/postings/")["Location"] == "/accounts/login/?next=/postings/"
    assert "_auth_user_id" not in phone.session


def test_the_new_password_and_its_audit_entry_are_one_transaction(recruiter, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("audit log unavailable")

    monkeypatch.setattr(audit, "record", broken)
    with pytest.raises(RuntimeError):
        recruiter.client.post(
            "/accounts/password_change/",
            {"old_password": PASSWORD, "new_password1": NEW, "new_password2": NEW},
        )
    recruiter.user.refresh_from_db()
    assert recruiter.user.check_password(PASSWORD)


def test_a_reset_through_the_emailed_link_is_audited_and_signs_out_everywhere(recruiter):
    user = recruiter.user
    link = (
        f"/accounts/reset/{urlsafe_base64_encode(force_bytes(user.pk))}/"
        f"{default_token_generator.make_token(user)}/"
    )
    visitor = Client()
    form_page = visitor.get(link, follow=True)
    set_password_url = form_page.redirect_chain[-1][0]
    response = visitor.post(set_password_url, {"new_password1": NEW, "new_password2": NEW})
    assert response["Location"] == "/accounts/reset/done/"
    user.refresh_from_db()
    assert user.check_password(NEW)
    entry = AuditEntry.objects.get(action=AuditAction.PASSWORD_RESET)
    assert entry.actor == user
    assert not AuditEntry.objects.filter(action=AuditAction.PASSWORD_CHANGED).exists()
    assert recruiter.client.get("/postings/")["Location"].startswith("/accounts/login/")
    # The link worked once.
    assert "new_password1" not in visitor.get(link, follow=True).content.decode()


def test_the_reset_form_refuses_a_short_password_too():
    user = UserFactory.create(email="bo@kolanut.test")
    link = (
        f"/accounts/reset/{urlsafe_base64_encode(force_bytes(user.pk))}/"
        f"{default_token_generator.make_token(user)}/"
    )
    visitor = Client()
    url = visitor.get(link, follow=True).redirect_chain[-1][0]
    response = visitor.post(url, {"new_password1": "tiny-pw", "new_password2": "tiny-pw"})
    assert "at least 12 characters" in response.content.decode()
    assert not AuditEntry.objects.filter(action=AuditAction.PASSWORD_RESET).exists()
