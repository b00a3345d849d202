"""The applicants of a posting as CSV, streamed row by row so a posting of any size costs the
same memory. Cells a spreadsheet would run as a formula are quoted first (CSV injection):
candidates type their own names."""

from __future__ import annotations

import csv
import zoneinfo
from collections.abc import Iterable, Iterator
from typing import Any

from django.utils.translation import gettext as _

from candidates import extensions
from candidates.models import Application

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


class _Echo:
    def write(self, value: str) -> str:
        return value


def safe_cell(value: object) -> str:
    text = "" if value is None else str(value)
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


def headers() -> list[str]:
    base = [
        _("Name"),
        _("Email"),
        _("Phone"),
        _("Location"),
        _("Stage"),
        _("Status"),
        _("Rejection reason"),
        _("Source"),
        _("Applied"),
        _("Tags"),
    ]
    return base + [str(column.header) for column in extensions.export_columns()]


def relations() -> tuple[str, ...]:
    return tuple(name for c in extensions.export_columns() for name in c.select_related)


def row(application: Application, tz: zoneinfo.ZoneInfo) -> list[Any]:
    candidate = application.candidate
    return [
        candidate.name,
        candidate.email,
        candidate.phone,
        candidate.location,
        application.stage.name,
        application.get_status_display(),
        application.rejection_reason,
        application.source,
        application.applied_at.astimezone(tz).strftime("%Y-%m-%d %H:%M"),
        ", ".join(sorted(tag.name for tag in application.tags.all())),
        *(column.value(application) for column in extensions.export_columns()),
    ]


def csv_lines(applications: Iterable[Application], tz: zoneinfo.ZoneInfo) -> Iterator[str]:
    writer = csv.writer(_Echo())
    yield "\ufeff"  # so spreadsheet programs read the file as UTF-8
    yield writer.writerow(headers())
    for application in applications:
        yield writer.writerow([safe_cell(value) for value in row(application, tz)])
