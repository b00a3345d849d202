from __future__ import annotations

import logging
import random
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import partial
from typing import Any

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist
from django.db import Error, InterfaceError, OperationalError, connection, models, transaction
from django.utils import timezone

from outbox import queues
from outbox.handlers import KINDS, NoLongerWanted, PermanentFailure, get_kind
from outbox.models import FINAL_STATES, Message, State
from outbox.signals import message_finished

logger = logging.getLogger(__name__)


def record(
    kind: str,
    payload: dict[str, Any],
    *,
    key: str,
    not_before: datetime | None = None,
    organization: models.Model | None = None,
    queue: str | None = None,
) -> Message:
    """Record a side effect in the caller's transaction; it is enqueued once that commits.

    `key` names the logical side effect: recording the same key twice returns the first message,
    so retried requests and jobs never double an email. Call this from a service function's
    transaction; a rollback takes the message with it. `organization` is the tenant the message
    belongs to (an accounts.Organization; typed as any model because the outbox sits below
    every domain app and imports none of them).
    """
    now = timezone.now()
    scheduled = not_before is not None and not_before > now
    known = KINDS.get(kind)
    defaults: dict[str, Any] = {
        "kind": kind,
        "payload": payload,
        "organization": organization,
        "queue": queue or (known.queue if known else "default"),
        "state": State.SCHEDULED if scheduled else State.PENDING,
        "not_before": not_before,
        "next_attempt_at": not_before if scheduled and not_before else now,
        "max_attempts": settings.OUTBOX_MAX_ATTEMPTS,
    }
    message, created = Message.objects.get_or_create(idempotency_key=key, defaults=defaults)
    if created:
        transaction.on_commit(
            partial(queues.enqueue, message.pk, message.queue, at=not_before if scheduled else None)
        )
    return message


def _claim(message_id: int) -> Message | None:
    """Lock the row and mark it sending, or None when there is nothing for this run to do."""
    now = timezone.now()
    lease = timedelta(seconds=settings.OUTBOX_SENDING_LEASE_SECONDS)
    with transaction.atomic():
        message = Message.objects.select_for_update(skip_locked=True).filter(pk=message_id).first()
        if message is None or message.state in FINAL_STATES:
            return None  # gone, locked by another worker, or already done
        if message.state == State.SENDING and message.updated_at > now - lease:
            return None  # another worker is on it
        if message.state != State.SENDING and message.next_attempt_at > now:
            return None  # enqueued early (a retry's backoff, a not-before time): later
        message.state = State.SENDING
        message.attempts += 1
        message.save(update_fields=["state", "attempts", "updated_at"])
        return message


def backoff(attempts: int) -> timedelta:
    """Exponential backoff with full jitter: base·2^(n-1), capped, times a random 0.5 to 1.5."""
    base = settings.OUTBOX_RETRY_BASE_SECONDS * 2 ** max(attempts - 1, 0)
    capped = min(base, settings.OUTBOX_RETRY_MAX_SECONDS)
    return timedelta(seconds=capped * random.uniform(0.5, 1.5))  # noqa: S311 - not crypto


def _finish(message: Message, **fields: Any) -> None:
    for name, value in fields.items():
        setattr(message, name, value)
    message.save(update_fields=[*fields, "updated_at"])


# The outcome's commit is tried this many times, each on a fresh connection, before the job
# gives up and leaves the message to the lease: after a send, giving up means sending again.
FINISH_ATTEMPTS = 5


def _finish_claimed(message: Message, **fields: Any) -> bool:
    """Write the outcome of the run that holds the claim; False when the claim was lost (this
    worker stalled past its lease and another took the message over: its outcome stands)."""
    for name, value in fields.items():
        setattr(message, name, value)
    message.updated_at = timezone.now()
    for attempt in range(1, FINISH_ATTEMPTS + 1):
        try:
            if message.state == State.SENT:
                # A success is a fact (the email left) even when another worker took the
                # message over meanwhile; a failure counts only while the claim is ours.
                claim = Message.objects.filter(pk=message.pk).exclude(state=State.SENT)
            else:
                claim = Message.objects.filter(
                    pk=message.pk, state=State.SENDING, attempts=message.attempts
                )
            return bool(claim.update(**fields, updated_at=message.updated_at))
        except (OperationalError, InterfaceError):
            if attempt == FINISH_ATTEMPTS or connection.in_atomic_block:
                raise
            logger.warning(
                "outbox outcome not saved; retrying on a fresh connection",
                extra={**message.as_log(), "try": attempt},
            )
            _drop_connection()
            time.sleep(0.2 * 2 ** (attempt - 1))
    return False  # pragma: no cover - the loop returns or raises


def _drop_connection() -> None:
    """Close this thread's connection (broken or not) so its next query opens a fresh one."""
    with suppress(Error):
        connection.close()


@contextmanager
def _heartbeat(message: Message) -> Iterator[None]:
    """Renew the claim every third of the lease while the handler runs, from a thread (with its
    own database connection), so a long send or scoring batch is never taken over while its
    worker lives, and a dead worker's message is taken over about one lease later."""
    lease = settings.OUTBOX_SENDING_LEASE_SECONDS
    stop = threading.Event()

    def beat() -> None:
        try:
            while not stop.wait(lease / 3):
                try:
                    Message.objects.filter(
                        pk=message.pk, state=State.SENDING, attempts=message.attempts
                    ).update(updated_at=timezone.now())
                except (OperationalError, InterfaceError):
                    logger.warning("outbox heartbeat failed", extra=message.as_log())
                    _drop_connection()
        finally:
            _drop_connection()

    thread = threading.Thread(target=beat, name=f"outbox-heartbeat-{message.pk}", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join(timeout=10)


def deliver_message(message_id: int) -> str:
    """Perform one message's side effect (what the RQ job runs). Returns the resulting state."""
    message = _claim(message_id)
    if message is None:
        return "skipped"
    retry_at: datetime | None = None
    with _heartbeat(message):
        try:
            get_kind(message.kind).handler(message)
        except ObjectDoesNotExist as exc:
            # The payload names a row that is gone (an application deleted meanwhile, say).
            error = f"A row it refers to no longer exists: {exc}"
            outcome: dict[str, Any] = {"state": State.FAILED, "last_error": error}
        except NoLongerWanted as exc:
            outcome = {"state": State.CANCELLED, "last_error": str(exc)[:2000]}
        except PermanentFailure as exc:
            outcome = {"state": State.FAILED, "last_error": str(exc)[:2000]}
        except Exception as exc:  # noqa: BLE001 - any error of a side effect is retried, then failed
            error = f"{type(exc).__name__}: {exc}"[:2000]
            if message.attempts >= message.max_attempts:
                outcome = {"state": State.FAILED, "last_error": error}
            else:
                retry_at = timezone.now() + backoff(message.attempts)
                outcome = {"state": State.PENDING, "last_error": error, "next_attempt_at": retry_at}
        else:
            # The payload too: the handler may have redacted it (outbox.email).
            outcome = {
                "state": State.SENT,
                "sent_at": timezone.now(),
                "last_error": "",
                "payload": message.payload,
            }
    if not _finish_claimed(message, **outcome):
        logger.warning("outbox message was taken over meanwhile", extra=message.as_log())
        return "superseded"
    _log_outcome(message)
    if retry_at is not None:
        queues.enqueue(message.pk, message.queue, at=retry_at)
    if message.state in (State.SENT, State.FAILED):
        _announce(message)
    return message.state


def _log_outcome(message: Message) -> None:
    if message.state == State.FAILED:
        logger.warning("outbox message failed", extra=message.as_log())
    elif message.state == State.CANCELLED:
        logger.info("outbox message no longer wanted", extra=message.as_log())
    elif message.state == State.PENDING:
        logger.info("outbox message will be retried", extra=message.as_log())


def _announce(message: Message) -> None:
    for receiver, result in message_finished.send_robust(sender=Message, message=message):
        if isinstance(result, Exception):
            logger.error(
                "a message_finished receiver failed",
                exc_info=result,
                extra={**message.as_log(), "receiver": getattr(receiver, "__qualname__", "")},
            )


class OutboxError(Exception):
    pass


@transaction.atomic
def cancel_message(message: Message) -> Message:
    """Cancel a message that has not been sent yet (a delayed rejection email, say)."""
    locked = Message.objects.select_for_update().get(pk=message.pk)
    if not locked.is_cancellable:
        raise OutboxError(
            f"This message is {locked.get_state_display().lower()} and can't be cancelled."
        )
    _finish(locked, state=State.CANCELLED)
    return locked


@transaction.atomic
def retry_message(message: Message) -> Message:
    """Run a failed (or waiting) message again now, with a fresh budget of attempts."""
    locked = Message.objects.select_for_update().get(pk=message.pk)
    if not locked.is_retryable:
        raise OutboxError(
            f"This message is {locked.get_state_display().lower()} and can't be retried."
        )
    _finish(locked, state=State.PENDING, attempts=0, next_attempt_at=timezone.now())
    transaction.on_commit(partial(queues.enqueue, locked.pk, locked.queue))
    return locked


@dataclass(frozen=True)
class SweepResult:
    due: int
    enqueued: int
    pruned: int


def sweep_outbox(*, now: datetime | None = None) -> SweepResult:
    """Re-enqueue what is due but not done (Redis was down, a worker died); prune old rows."""
    now = now or timezone.now()
    # A message enqueued at commit is normally picked up within this grace; sweeping it sooner
    # would only put a second job on a busy queue. A lapsed claim needs no grace: its lease was
    # the wait (the heartbeat stopped, so its worker is gone).
    grace = timedelta(seconds=settings.OUTBOX_SWEEP_GRACE_SECONDS)
    lease = timedelta(seconds=settings.OUTBOX_SENDING_LEASE_SECONDS)
    due = list(
        Message.objects.due(now, sending_lease=lease, grace=grace)
        .order_by("next_attempt_at")
        .values_list("pk", "queue")[: settings.OUTBOX_SWEEP_BATCH]
    )
    enqueued = sum(queues.enqueue(pk, queue) for pk, queue in due)
    cutoff = now - timedelta(days=settings.OUTBOX_PRUNE_AFTER_DAYS)
    pruned, _ = Message.objects.prunable(cutoff).delete()
    if due or pruned:
        logger.info("outbox sweep", extra={"due": len(due), "enqueued": enqueued, "pruned": pruned})
    return SweepResult(due=len(due), enqueued=enqueued, pruned=pruned)
