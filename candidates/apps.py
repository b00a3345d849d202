from __future__ import annotations

from typing import Any

from django.apps import AppConfig


class CandidatesConfig(AppConfig):
    name = "candidates"

    def ready(self) -> None:
        # Registers the candidate email builders with the outbox in every process.
        from candidates import emails  # noqa: F401
        from candidates.services import send_daily_digests
        from outbox import periodic
        from outbox.models import Message
        from outbox.signals import message_finished

        message_finished.connect(_on_message_finished, sender=Message, dispatch_uid="candidates")
        # Each digest is keyed by its day, so running hourly sends it once, soon after 08:00 local.
        periodic.register("daily_digests", send_daily_digests, every_seconds=3600)


def _on_message_finished(sender: type, *, message: Any, **kwargs: Any) -> None:
    from candidates.services import record_email_outcome

    record_email_outcome(message)
