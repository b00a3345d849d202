from __future__ import annotations

from django.apps import AppConfig


class DemoConfig(AppConfig):
    """Demo data: organizations, postings and applicants to try Shortlist with (`load_demo`)."""

    name = "demo"
