from __future__ import annotations

from django.apps import AppConfig


class PostingsConfig(AppConfig):
    name = "postings"

    def ready(self) -> None:
        # Imported here, not at the top, because models are loaded only now.
        from postings import registrations

        registrations.register()
