from __future__ import annotations

from django.apps import AppConfig


class CandidatesConfig(AppConfig):
    name = "candidates"

    def ready(self) -> None:
        # Registers the candidate email builders with the outbox in every process.
        from candidates import emails  # noqa: F401
