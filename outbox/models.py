from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class State(models.TextChoices):
    PENDING = "pending", _("Pending")  # due at next_attempt_at (now, or a retry's backoff)
    SCHEDULED = "scheduled", _("Scheduled")  # waits for its not-before time; cancellable
    SENDING = "sending", _("Sending")  # claimed by a worker
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")  # gave up after the last attempt, or could never work
    CANCELLED = "cancelled", _("Cancelled")


OPEN_STATES = (State.PENDING, State.SCHEDULED)
FINAL_STATES = (State.SENT, State.FAILED, State.CANCELLED)


class MessageQuerySet(models.QuerySet["Message"]):
    def due(
        self, now: datetime, *, sending_lease: timedelta, grace: timedelta = timedelta(0)
    ) -> MessageQuerySet:
        """Messages a worker should run now: open and due for `grace` already (its own job is
        normally on the queue), or claimed by a worker whose heartbeat stopped a lease ago."""
        return self.filter(
            Q(state__in=OPEN_STATES, next_attempt_at__lte=now - grace)
            | Q(state=State.SENDING, updated_at__lte=now - sending_lease)
        )

    def prunable(self, before: datetime) -> MessageQuerySet:
        return self.filter(state__in=(State.SENT, State.CANCELLED), updated_at__lt=before)


class Message(models.Model):
    """A side effect to perform after commit: recorded in the transaction that caused it."""

    organization = models.ForeignKey(
        "accounts.Organization",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="outbox_messages",
    )
    kind = models.CharField(_("kind"), max_length=60)
    queue = models.CharField(_("queue"), max_length=30, default="default")
    payload = models.JSONField(_("payload"), default=dict, blank=True)
    state = models.CharField(
        _("state"), max_length=10, choices=State.choices, default=State.PENDING
    )
    not_before = models.DateTimeField(_("not before"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    max_attempts = models.PositiveSmallIntegerField(_("max attempts"), default=8)
    next_attempt_at = models.DateTimeField(_("next attempt"), default=timezone.now)
    last_error = models.TextField(_("last error"), blank=True)
    idempotency_key = models.CharField(_("idempotency key"), max_length=200, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    objects = MessageQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["state", "next_attempt_at"], name="outbox_due"),
            models.Index(fields=["kind", "state"], name="outbox_kind_state"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(state="scheduled") | Q(not_before__isnull=False),
                name="outbox_scheduled_has_not_before",
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} #{self.pk} ({self.state})"

    @property
    def is_cancellable(self) -> bool:
        return self.state in OPEN_STATES

    @property
    def is_retryable(self) -> bool:
        return self.state in (State.FAILED, State.PENDING)

    def as_log(self) -> dict[str, Any]:
        """What log lines say about a message: ids and states, never the payload."""
        return {
            "message_id": self.pk,
            "kind": self.kind,
            "state": self.state,
            "attempts": self.attempts,
        }
