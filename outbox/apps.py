from __future__ import annotations

from django.apps import AppConfig


class OutboxConfig(AppConfig):
    name = "outbox"
    verbose_name = "Outbox"

    def ready(self) -> None:
        # Registers the send_email kind in every process, web and worker alike.
        from outbox import email  # noqa: F401
