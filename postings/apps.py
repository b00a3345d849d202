from __future__ import annotations

from django.apps import AppConfig


class PostingsConfig(AppConfig):
    name = "postings"
