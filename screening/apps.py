from __future__ import annotations

from django.apps import AppConfig


class ScreeningConfig(AppConfig):
    name = "screening"

    def ready(self) -> None:
        # Registers the score kinds with the outbox in every process, web and worker alike.
        from outbox import periodic
        from outbox.models import Message
        from outbox.signals import message_finished
        from screening import jobs
        from screening.services import rescore_outdated_versions

        message_finished.connect(jobs.on_message_finished, sender=Message, dispatch_uid="screening")
        # Requirements change in the editor, through suggestions and in admin: one hook sees all.
        from django.db.models.signals import post_delete, post_save

        from postings.models import Requirement

        for signal in (post_save, post_delete):
            signal.connect(jobs.on_requirement_change, sender=Requirement, dispatch_uid="screening")
        # A deploy with a new SCORING_VERSION rescores every posting's applications, 20 at a time.
        periodic.register("rescore_outdated", rescore_outdated_versions, every_seconds=600)

        # Screening's parts of candidates' pages and of applying (candidates.extensions).
        from screening import extensions

        extensions.register()
