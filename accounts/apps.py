from __future__ import annotations

from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"

    def ready(self) -> None:
        # The account email builders, the audit log's receivers and its admin hook.
        from accounts import registrations  # noqa: F401
