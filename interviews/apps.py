from __future__ import annotations

from django.apps import AppConfig


class InterviewsConfig(AppConfig):
    name = "interviews"

    def ready(self) -> None:
        # Imported here, not at the top, because models are loaded only now.
        from interviews import feedback_registrations, registrations

        registrations.register()
        feedback_registrations.register()
