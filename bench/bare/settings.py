"""The floor the benchmarks measure against: Django with one view, no middleware, no database,
no templates, served by the same gunicorn command as the app (bench/ratios.py)."""

from __future__ import annotations

SECRET_KEY = "bench-bare-not-secret"  # noqa: S105 (answers "ok" and holds nothing)
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
ROOT_URLCONF = "bench.bare.urls"
WSGI_APPLICATION = "bench.bare.wsgi.application"
INSTALLED_APPS: list[str] = []
MIDDLEWARE: list[str] = []
DATABASES: dict[str, dict[str, str]] = {}
USE_TZ = True
