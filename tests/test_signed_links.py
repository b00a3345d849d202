"""Signed links (password resets and invitations now; status pages and slot picks later) are made
by the email builder when the outbox sends, never stored in a payload and never logged.

Every kind registered in config.logs.SIGNED_LINKS needs a scenario here that makes one such
email go out; a kind without one fails `test_every_signed_link_kind_has_a_scenario`.
"""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Callable, Iterator
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.test import Client
from django.urls import Resolver404, resolve

from accounts.models import Role
from config.logs import SIGNED_LINKS
from outbox.models import Message
from outbox.services import deliver_message
from tests.conftest import make_persona
from tests.factories import OrganizationFactory, UserFactory

pytestmark = pytest.mark.django_db


def _password_reset() -> None:
    user = UserFactory.create(email="ada@example.com")
    Client().post("/accounts/password_reset/", {"email": user.email})


def _invitation() -> None:
    admin = make_persona(OrganizationFactory.create(slug="kolanut-pay"), Role.ADMIN)
    admin.client.post(
        "/orgs/kolanut-pay/team/invite/", {"email": "ada@example.com", "role": "admin"}
    )


# What makes one email with a link of each kind go out, through the real pages.
SCENARIOS: dict[str, Callable[[], None]] = {
    "password_reset_confirm": _password_reset,
    "invitation_accept": _invitation,
}


@pytest.fixture
def console_log() -> Iterator[io.StringIO]:
    """What the real log handler (the one production writes to) prints during the test."""
    handler = next(h for h in logging.getLogger().handlers if h.get_name() == "console")
    assert isinstance(handler, logging.StreamHandler)
    stream = io.StringIO()
    previous = handler.setStream(stream)
    try:
        yield stream
    finally:
        if previous is not None:
            handler.setStream(previous)


def _links(name: str) -> list[str]:
    found = []
    for email in mail.outbox:
        for word in email.body.split():
            if "://" not in word:
                continue
            try:
                match = resolve(urlsplit(word).path)
            except Resolver404:
                continue
            if match.url_name == name:
                found.append(urlsplit(word).path)
    return found


def _stored(messages: list[Message]) -> str:
    """Everything the outbox keeps about these messages, as one text."""
    rows = Message.objects.filter(pk__in=[m.pk for m in messages])
    return json.dumps(
        [[m.payload, m.idempotency_key, m.last_error] for m in rows], ensure_ascii=False
    )


def test_every_signed_link_kind_has_a_scenario():
    assert set(SIGNED_LINKS) == set(SCENARIOS)


@pytest.mark.parametrize("name", sorted(SCENARIOS))
def test_a_signed_link_is_made_at_send_time_and_never_stored_or_logged(name, console_log):
    kind = SIGNED_LINKS[name]
    SCENARIOS[name]()
    messages = list(Message.objects.filter(kind="send_email"))
    assert messages, "the scenario recorded no email"
    before = _stored(messages)
    for message in messages:
        deliver_message(message.pk)
    after = _stored(messages)
    (path,) = _links(name)
    secrets = [resolve(path).kwargs[arg] for arg in kind.secret_kwargs]
    # Following the link, and a forged post to it (Django logs the refused CSRF check).
    visitor = Client()
    visitor.get(path, follow=True)
    Client(enforce_csrf_checks=True).post(path, {"new_password1": "x", "new_password2": "x"})
    logged = console_log.getvalue()
    assert '"logger": "shortlist.access"' in logged
    assert '"logger": "django.security.csrf"' in logged
    for secret in secrets:
        assert len(secret) > 8
        assert secret not in before
        assert secret not in after
        assert secret not in logged


def test_a_sent_message_keeps_no_signed_link_made_before_send_time_existed():
    # Rows recorded before links were made at send time carry the whole text, link included.
    from django.db import transaction

    from outbox.email import record_email

    link = "http://testserver/accounts/reset/MQ/ct1r2b-0123456789abcdef0123456789abcdef/"
    with transaction.atomic():
        message = record_email(
            "raw",
            key="old-reset",
            args={"to": ["ada@example.com"], "subject": "Reset", "text": f"Go to {link} now"},
        )
    deliver_message(message.pk)
    (sent,) = mail.outbox
    assert link in sent.body
    message.refresh_from_db()
    assert message.state == "sent"
    assert "0123456789abcdef" not in json.dumps(message.payload)
    assert message.payload["args"]["text"] == (
        "Go to http://testserver/accounts/reset/MQ/<token>/ now"
    )
