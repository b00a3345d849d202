"""SMTP for the outbox: Django's backend with a total deadline, and which replies are permanent.

EMAIL_TIMEOUT is a socket timeout, so it bounds each read, not a send: a server that answers one
byte every few seconds keeps a worker for as long as it likes. This backend arms a watchdog for
each `send_messages` call; at EMAIL_SEND_DEADLINE_SECONDS it shuts the connection's socket down,
which ends the read the worker is blocked in, and the send fails with SendDeadlineExceeded (the
outbox retries it with backoff). EMAIL_URL's smtp schemes select it (config/env.py).
"""

from __future__ import annotations

import contextlib
import smtplib
import socket
import threading
from collections.abc import Sequence
from functools import partial
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage
from django.core.mail.backends import smtp


class SendDeadlineExceeded(smtplib.SMTPException):
    """The SMTP server did not finish within the send deadline: retried like a timeout."""


class _Watchdog:
    """Shuts down every socket it watches once its time is up (from a timer thread)."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.expired = False
        self._lock = threading.Lock()
        self._watched: list[tuple[smtplib.SMTP, socket.socket]] = []
        self._timer = threading.Timer(seconds, self._expire)
        self._timer.daemon = True

    def __enter__(self) -> _Watchdog:
        self._timer.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._timer.cancel()

    def watch(self, client: smtplib.SMTP, sock: socket.socket) -> None:
        with self._lock:
            self._watched.append((client, sock))
            if self.expired:  # the connect itself outlasted the deadline
                self._shut(client, sock)

    def _expire(self) -> None:
        with self._lock:
            self.expired = True
            for client, sock in self._watched:
                self._shut(client, sock)

    @staticmethod
    def _shut(client: smtplib.SMTP, sock: socket.socket) -> None:
        # STARTTLS replaces the client's socket with a TLS one on the same descriptor. The
        # plain socket's shutdown() is called on it because SSLSocket's own would drop its TLS
        # state under the reading thread's feet; the read only needs its descriptor shut.
        current = getattr(client, "sock", None) or sock
        with contextlib.suppress(OSError):
            socket.socket.shutdown(current, socket.SHUT_RDWR)


class _Watched:
    """Hands the connection's socket to the watchdog as soon as it is opened (plain or SSL)."""

    def __init__(self, *args: Any, watchdog: _Watchdog, **kwargs: Any) -> None:
        self._watchdog = watchdog
        super().__init__(*args, **kwargs)

    def _get_socket(self, host: str, port: int, timeout: float) -> socket.socket:
        sock = super()._get_socket(host, port, timeout)  # type: ignore[misc]
        self._watchdog.watch(self, sock)  # type: ignore[arg-type]
        return sock  # type: ignore[no-any-return]


class _WatchedSMTP(_Watched, smtplib.SMTP):
    pass


class _WatchedSMTPSSL(_Watched, smtplib.SMTP_SSL):
    pass


class EmailBackend(smtp.EmailBackend):
    """Django's SMTP backend; each `send_messages` call ends by `deadline` seconds."""

    def __init__(self, *args: Any, deadline: float | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.deadline = float(
            settings.EMAIL_SEND_DEADLINE_SECONDS if deadline is None else deadline
        )
        # No single read may outlast the whole send either (connect included, which happens
        # before there is a socket to shut).
        self.timeout = min(self.timeout or self.deadline, self.deadline)
        self._watchdog: _Watchdog | None = None

    @property
    def connection_class(self) -> Any:
        base = _WatchedSMTPSSL if self.use_ssl else _WatchedSMTP
        return partial(base, watchdog=self._watchdog or _Watchdog(self.deadline))

    def send_messages(self, email_messages: Sequence[EmailMessage]) -> int:
        watchdog = _Watchdog(self.deadline)
        self._watchdog = watchdog
        try:
            with watchdog:
                return super().send_messages(email_messages)
        except (smtplib.SMTPException, OSError) as exc:
            if watchdog.expired:
                raise SendDeadlineExceeded(
                    f"The SMTP server did not finish within the {self.deadline:g} s send "
                    f"deadline ({type(exc).__name__}: {exc})."
                ) from exc
            raise
        finally:
            self._watchdog = None


def permanent_refusal(exc: BaseException) -> str | None:
    """What the server said when its reply refuses the message for good (a 5xx), else None.

    A 4xx, a dropped connection or a deadline are worth retrying. So is a refused login (535):
    that is our configuration, not this message, and it works again once someone fixes it."""
    if isinstance(exc, smtplib.SMTPAuthenticationError):
        return None
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        replies = list(exc.recipients.items())
        if replies and all(500 <= code < 600 for _, (code, _text) in replies):
            return "; ".join(f"{to}: {code} {_text(text)}" for to, (code, text) in replies)
        return None
    if isinstance(exc, smtplib.SMTPResponseException) and 500 <= exc.smtp_code < 600:
        return f"{exc.smtp_code} {_text(exc.smtp_error)}"
    return None


def _text(reply: bytes | str) -> str:
    return reply.decode(errors="replace") if isinstance(reply, bytes) else str(reply)
