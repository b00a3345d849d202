"""One JSON object per log line, each carrying the id of the request (or job) it belongs to;
or, on a developer's terminal (LOG_FORMAT=text), one readable line (`TextFormatter`).

Log records must never carry candidate personal data (names, emails, resume text): log ids.
Nor the secret of a signed link (a password reset, later invitations, status pages, slot
picks): each kind is registered here with `register_signed_link`, and `redact` replaces its
secret parts with placeholders in the access log, in every line the console handler writes
(`SignedLinkFilter`) and in outbox payloads once they are sent.
"""

from __future__ import annotations

import logging
import re
import threading
from contextvars import ContextVar
from dataclasses import dataclass
from functools import partial
from typing import Any

from pythonjsonlogger.json import JsonFormatter as _BaseJsonFormatter

request_id_var: ContextVar[str] = ContextVar("request_id", default="-")


class RequestIdFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if not hasattr(record, "request_id"):
            record.request_id = request_id_var.get()
        return True


class JsonFormatter(_BaseJsonFormatter):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("timestamp", "time")
        kwargs.setdefault("rename_fields", {"levelname": "level", "name": "logger"})
        super().__init__("%(levelname)s %(name)s %(message)s %(request_id)s", *args, **kwargs)

    def add_fields(
        self, log_data: dict[str, Any], record: logging.LogRecord, message_dict: dict[str, Any]
    ) -> None:
        super().add_fields(log_data, record, message_dict)
        # Django attaches the request object to error records; it is not serializable and
        # would drag cookies and form data into the log.
        log_data.pop("request", None)
        if record.exc_info and "exc_info" not in log_data:
            log_data["exc_info"] = self.formatException(record.exc_info)


class TextFormatter(logging.Formatter):
    """A line a person reads: the time, level, logger and the request's short id, then the
    message. An access line says what it is about, `GET /postings/3/board/ 200 41 ms`, from
    the same fields the JSON line carries (the path has no query string; no user, no address)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(
            "%(asctime)s %(levelname)-7s %(name)s [%(short_id)s] %(message)s", "%H:%M:%S"
        )

    def format(self, record: logging.LogRecord) -> str:
        record.short_id = str(getattr(record, "request_id", "-"))[:8]
        if record.name == ACCESS_LOGGER and hasattr(record, "status"):
            summary = _access_summary(record)
            saved = record.msg, record.args
            record.msg, record.args = summary, None
            try:
                return super().format(record)
            finally:
                record.msg, record.args = saved
        return super().format(record)


ACCESS_LOGGER = "shortlist.access"


def _access_summary(record: logging.LogRecord) -> str:
    duration = getattr(record, "duration_ms", None)
    took = f" {duration:.0f} ms" if isinstance(duration, int | float) else ""
    method = getattr(record, "method", "-")
    path = getattr(record, "path", "-")
    return f"{method} {path} {record.__dict__['status']}{took}"


@dataclass(frozen=True)
class SignedLink:
    """A URL whose path carries a secret: `url_name` and the path arguments that are secret."""

    url_name: str
    secret_kwargs: tuple[str, ...]
    builder: str  # the outbox email builder that makes the link when it sends


SIGNED_LINKS: dict[str, SignedLink] = {}
_patterns: tuple[tuple[SignedLink, ...], list[tuple[re.Pattern[str], tuple[str, ...]]]] | None = (
    None
)
_building = threading.local()


def register_signed_link(url_name: str, *, secret_kwargs: tuple[str, ...], builder: str) -> None:
    SIGNED_LINKS[url_name] = SignedLink(url_name, secret_kwargs, builder)


def _compiled() -> list[tuple[re.Pattern[str], tuple[str, ...]]]:
    """Unanchored regexes for every registered URL, built from the URLconf's own patterns."""
    global _patterns
    links = tuple(SIGNED_LINKS.values())
    if _patterns is not None and _patterns[0] == links:
        return _patterns[1]
    from django.urls import get_resolver

    compiled = []
    resolver = get_resolver()
    for link in links:
        for _possibilities, pattern, _defaults, _converters in resolver.reverse_dict.getlist(
            link.url_name
        ):
            body = pattern.removeprefix("^").removesuffix(r"\Z").removesuffix("$")
            compiled.append((re.compile("/" + body), link.secret_kwargs))
    _patterns = (links, compiled)
    return compiled


def redact(text: str) -> str:
    """`text` with the secret parts of every signed link in it replaced by `<name>`."""
    if "/" not in text or not SIGNED_LINKS or getattr(_building, "active", False):
        return text
    _building.active = True  # loading the URLconf may log; that line is not redacted again
    try:
        patterns = _compiled()
    finally:
        _building.active = False
    for regex, secrets in patterns:
        text = regex.sub(partial(_placeholders, secrets=secrets), text)
    return text


def _placeholders(match: re.Match[str], *, secrets: tuple[str, ...]) -> str:
    whole, start = match.group(0), match.start()
    spans = sorted((match.span(name), name) for name in secrets if match.group(name) is not None)
    for (begin, end), name in reversed(spans):
        whole = whole[: begin - start] + f"<{name}>" + whole[end - start :]
    return whole


class SignedLinkFilter(logging.Filter):
    """Redacts signed links in a record's message and in its `path`, whoever logged it."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
            redacted = redact(message)
            if redacted != message:
                record.msg, record.args = redacted, None
            path = getattr(record, "path", None)
            if isinstance(path, str):
                record.path = redact(path)
        except Exception:  # noqa: BLE001, S110 - a log line is never lost to its redaction
            pass
        return True
