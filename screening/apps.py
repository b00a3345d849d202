from __future__ import annotations

from django.apps import AppConfig


class ScreeningConfig(AppConfig):
    name = "screening"

    def ready(self) -> None:
        # Registers the score kinds with the outbox in every process, web and worker alike.
        from outbox.models import Message
        from outbox.signals import message_finished
        from postings.hooks import register_requirements_changed
        from screening import jobs, services

        message_finished.connect(jobs.on_message_finished, sender=Message, dispatch_uid="screening")
        # The postings services call this inside the transaction that changed the
        # requirements (editor, suggestions, admin), so the rescoring commits with the change.
        register_requirements_changed(services.requirements_changed)
