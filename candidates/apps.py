from __future__ import annotations

from django.apps import AppConfig


class CandidatesConfig(AppConfig):
    name = "candidates"

    def ready(self) -> None:
        # Imported here, not at the top, because models are loaded only now.
        from candidates import registrations

        registrations.register()
