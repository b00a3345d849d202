"""Signals other apps listen to, so the outbox never imports them."""

from __future__ import annotations

from django.dispatch import Signal

# Sent after a message reached SENT or FAILED and that state is committed, with `message`.
# Receivers record what it means for their rows (a timeline entry); an error in one is logged
# and never undoes the delivery.
message_finished = Signal()
