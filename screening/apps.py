from __future__ import annotations

from django.apps import AppConfig


class ScreeningConfig(AppConfig):
    name = "screening"

    def ready(self) -> None:
        # Screening plugs into the registries of the apps below it, in every process (web and
        # worker alike); imported here because models are ready only now.
        from outbox import periodic
        from outbox.models import Message
        from outbox.signals import message_finished
        from postings.hooks import register_requirements_changed
        from screening import extensions, jobs, services

        # The score kinds are registered with the outbox when jobs is imported.
        message_finished.connect(jobs.on_message_finished, sender=Message, dispatch_uid="screening")
        # The postings services call this inside the transaction that changed the
        # requirements (editor, suggestions, admin), so the rescoring commits with the change.
        register_requirements_changed(services.requirements_changed)
        # A deploy with a new SCORING_VERSION rescores every posting's applications, 20 at a time.
        periodic.register("rescore_outdated", services.rescore_outdated_versions, every_seconds=600)
        # Screening's parts of candidates' pages and of applying (candidates.extensions).
        extensions.register()
