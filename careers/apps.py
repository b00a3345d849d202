from __future__ import annotations

from django.apps import AppConfig


class CareersConfig(AppConfig):
    """The public careers site: a company's open postings, a posting's page, applying."""

    name = "careers"
