from __future__ import annotations

from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"

    def ready(self) -> None:
        # Registers the account email builders (and their signed links) in every process.
        from accounts import emails  # noqa: F401
