from __future__ import annotations

from django.apps import AppConfig


class ScreeningConfig(AppConfig):
    name = "screening"

    def ready(self) -> None:
        # Imported here, not at the top, because models are loaded only now.
        from screening import registrations

        registrations.register()
