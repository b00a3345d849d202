"""What candidates registers with the outbox below it, which never imports it: its email
builders, the outcome of each candidate email on the timeline, the daily digests.
CandidatesConfig.ready() calls register() in every process, web and worker."""

from __future__ import annotations

from typing import Any

from accounts.hooks import register_member_removed
from accounts.models import Membership
from candidates import emails  # noqa: F401 - registers the candidate email builders
from candidates.held import sweep_held_resumes
from candidates.models import NotificationPreference
from candidates.services import record_email_outcome, send_daily_digests, sweep_orphan_resumes
from outbox import periodic
from outbox.models import Message
from outbox.signals import message_finished


def _on_message_finished(sender: type, *, message: Any, **kwargs: Any) -> None:
    record_email_outcome(message)


def _forget_notification_preferences(membership: Membership) -> None:
    # Someone who leaves hears nothing more; invited again, they choose afresh.
    NotificationPreference.objects.filter(
        user_id=membership.user_id, posting__organization_id=membership.organization_id
    ).delete()


def register() -> None:
    register_member_removed("candidates.notification_preferences", _forget_notification_preferences)
    message_finished.connect(_on_message_finished, sender=Message, dispatch_uid="candidates")
    # Each digest is keyed by its day, so running hourly sends it once, soon after 08:00 local.
    periodic.register("daily_digests", send_daily_digests, every_seconds=3600)
    # Files an apply wrote before its transaction failed outside the service (see
    # submit_application); an hour keeps clear of applies still in flight.
    periodic.register("sweep_orphan_resumes", sweep_orphan_resumes, every_seconds=3600)
    # Resumes held for forms sent back with mistakes, once their tokens can't be used.
    periodic.register("sweep_held_resumes", sweep_held_resumes, every_seconds=3600)
