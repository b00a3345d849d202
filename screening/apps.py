from __future__ import annotations

from django.apps import AppConfig


class ScreeningConfig(AppConfig):
    name = "screening"

    def ready(self) -> None:
        # Registers the score kinds with the outbox in every process, web and worker alike.
        from outbox.models import Message
        from outbox.signals import message_finished
        from screening import jobs

        message_finished.connect(jobs.on_message_finished, sender=Message, dispatch_uid="screening")
