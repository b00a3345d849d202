"""Typed readers for environment variables.

Each helper raises ImproperlyConfigured naming the variable and what was expected, so a
malformed value stops start-up with a message an operator can act on.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from urllib.parse import parse_qs, unquote, urlsplit

from django.core.exceptions import ImproperlyConfigured

TRUE_VALUES = {"1", "true", "yes", "on"}
FALSE_VALUES = {"0", "false", "no", "off"}


def _raw(name: str) -> str | None:
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return None
    return value.strip()


def env_str(name: str, default: str | None = None) -> str | None:
    value = _raw(name)
    return default if value is None else value


def env_required(name: str, why: str) -> str:
    value = _raw(name)
    if value is None:
        raise ImproperlyConfigured(f"{name} must be set {why}.")
    return value


def env_bool(name: str, default: bool) -> bool:
    value = _raw(name)
    if value is None:
        return default
    lowered = value.lower()
    if lowered in TRUE_VALUES:
        return True
    if lowered in FALSE_VALUES:
        return False
    raise ImproperlyConfigured(
        f"{name} must be a boolean (one of true/false, 1/0, yes/no, on/off), got {value!r}."
    )


def env_int(name: str, default: int, *, minimum: int | None = None) -> int:
    value = _raw(name)
    if value is None:
        return default
    try:
        number = int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, got {value!r}.") from None
    if minimum is not None and number < minimum:
        raise ImproperlyConfigured(f"{name} must be at least {minimum}, got {number}.")
    return number


def env_list(name: str, default: list[str] | None = None) -> list[str]:
    value = _raw(name)
    if value is None:
        return list(default or [])
    return [item.strip() for item in value.split(",") if item.strip()]


def env_choice(name: str, choices: tuple[str, ...], default: str) -> str:
    value = _raw(name)
    if value is None:
        return default
    if value not in choices:
        raise ImproperlyConfigured(f"{name} must be one of {', '.join(choices)}, got {value!r}.")
    return value


def env_database_url(name: str, value: str) -> dict[str, object]:
    """Parse a PostgreSQL URL into a Django DATABASES entry (PostgreSQL is the only database)."""
    import dj_database_url

    scheme = urlsplit(value).scheme
    if scheme not in {"postgres", "postgresql", "pgsql"}:
        raise ImproperlyConfigured(
            f"{name} must be a PostgreSQL URL such as postgres://user:pass@host:5432/db, "
            f"got scheme {scheme!r}."
        )
    try:
        config = dj_database_url.parse(value)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} is not a valid database URL: {exc}.") from None
    options = config.get("OPTIONS") or {}
    if not config.get("HOST") and "host" in options:
        # postgres:///db?host=/run/postgresql names a socket folder; Django wants it as HOST.
        config["HOST"] = options.pop("host")
    if not config.get("NAME"):
        raise ImproperlyConfigured(f"{name} must name a database, e.g. postgres://host/shortlist.")
    return dict(config)


def env_redis_url(name: str, value: str) -> str:
    parts = urlsplit(value)
    if parts.scheme not in {"redis", "rediss", "unix"}:
        raise ImproperlyConfigured(
            f"{name} must be a redis://, rediss:// or unix:// URL, got {value!r}."
        )
    if parts.scheme != "unix" and not parts.hostname:
        raise ImproperlyConfigured(f"{name} must name a host, e.g. redis://127.0.0.1:6379/0.")
    if parts.scheme == "unix" and not parts.path:
        raise ImproperlyConfigured(f"{name} must give a socket path, e.g. unix:///run/redis.sock.")
    return value


@dataclass(frozen=True)
class EmailConfig:
    backend: str
    host: str = "localhost"
    port: int = 25
    user: str = ""
    password: str = ""
    use_tls: bool = False
    use_ssl: bool = False
    timeout: int = 10
    file_path: str = ""


EMAIL_SCHEMES = "smtp://, smtp+tls://, smtps:// (or smtp+ssl://), console:// or file:///path"


def parse_email_url(name: str, value: str) -> EmailConfig:
    """Read EMAIL_URL: smtp://user:pass@host:587/?tls=true, smtps://host:465, console://."""
    parts = urlsplit(value)
    scheme = parts.scheme.lower()
    if scheme == "console":
        # Django's, each email printed readably between banners (outbox/console.py).
        return EmailConfig(backend="outbox.console.EmailBackend")
    if scheme == "file":
        if not parts.path:
            raise ImproperlyConfigured(
                f"{name} with file:// must give a folder, e.g. file:///tmp/mail."
            )
        return EmailConfig(
            backend="django.core.mail.backends.filebased.EmailBackend", file_path=parts.path
        )
    if scheme not in {"smtp", "smtp+tls", "smtps", "smtp+ssl"}:
        raise ImproperlyConfigured(f"{name} must start with one of {EMAIL_SCHEMES}, got {value!r}.")
    if not parts.hostname:
        raise ImproperlyConfigured(
            f"{name} must name the SMTP host, e.g. smtp://mail.example.com:587."
        )
    try:
        port = parts.port
    except ValueError:
        raise ImproperlyConfigured(f"{name} has a port that is not a number: {value!r}.") from None
    query = {key: values[-1].lower() for key, values in parse_qs(parts.query).items()}
    use_ssl = scheme in {"smtps", "smtp+ssl"} or query.get("ssl") in TRUE_VALUES
    use_tls = scheme == "smtp+tls" or query.get("tls") in TRUE_VALUES
    if use_ssl and use_tls:
        raise ImproperlyConfigured(f"{name} cannot ask for both SSL and STARTTLS.")
    timeout_text = query.get("timeout", "10")
    if not timeout_text.isdigit():
        raise ImproperlyConfigured(f"{name} timeout must be a whole number of seconds.")
    return EmailConfig(
        # Django's SMTP backend, with a total deadline for each send.
        backend="outbox.smtp.EmailBackend",
        host=parts.hostname,
        port=port or (465 if use_ssl else 587 if use_tls else 25),
        user=unquote(parts.username or ""),
        password=unquote(parts.password or ""),
        use_tls=use_tls,
        use_ssl=use_ssl,
        timeout=int(timeout_text),
    )
