from __future__ import annotations

import importlib

import pytest
from django.apps import apps

from outbox.models import Message, State

pytestmark = pytest.mark.django_db

forget = importlib.import_module("accounts.migrations.0004_forget_stored_reset_tokens")


def test_stored_reset_tokens_are_forgotten_and_unsent_ones_cancelled():
    token_link = "https://jobs.example.com/accounts/reset/MQ/cbk2x1-0123456789abcdef/"
    pending = Message.objects.create(
        kind="send_email",
        idempotency_key="password-reset:MQ:cbk2x1-0123456789abcdef",
        payload={"builder": "raw", "args": {"to": ["a@x.test"], "text": f"Go to {token_link}"}},
    )
    sent = Message.objects.create(
        kind="send_email",
        state=State.SENT,
        idempotency_key="password-reset:Mg:cbk2x1-fedcba9876543210",
        payload={"builder": "raw", "args": {"to": ["b@x.test"], "text": f"Go to {token_link}"}},
    )
    current = Message.objects.create(
        kind="send_email",
        idempotency_key="password-reset:3:0f0f",
        payload={"builder": "password_reset", "args": {"user_id": 3}},
    )
    forget.forget_tokens(apps, None)
    for message in (pending, sent, current):
        message.refresh_from_db()
    assert "cbk2x1" not in pending.idempotency_key + str(pending.payload)
    assert "cbk2x1" not in sent.idempotency_key + str(sent.payload)
    assert pending.state == State.CANCELLED
    assert sent.state == State.SENT
    assert current.payload == {"builder": "password_reset", "args": {"user_id": 3}}
    assert current.state == State.PENDING
