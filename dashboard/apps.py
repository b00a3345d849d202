from __future__ import annotations

from django.apps import AppConfig


class DashboardConfig(AppConfig):
    """Pages that gather from every app, such as the team's home page after sign-in."""

    name = "dashboard"
