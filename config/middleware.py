from __future__ import annotations

import contextlib
import logging
import re
import socket
import threading
import time
import uuid
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.http import (
    FileResponse,
    HttpRequest,
    HttpResponse,
    HttpResponseBase,
    UnreadablePostError,
)
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.functional import SimpleLazyObject, empty

from config.logs import redact, request_id_var

access_log = logging.getLogger("shortlist.access")

# An id from the proxy is reused so one request can be followed across hops; anything that
# could smuggle text into our logs is replaced.
_SAFE_ID = re.compile(r"^[A-Za-z0-9._-]{8,128}$")


class RequestIdMiddleware:
    """Tags each request with an id (logs and the X-Request-ID header) and logs one access line."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        incoming = request.headers.get("X-Request-ID", "")
        request_id = incoming if _SAFE_ID.match(incoming) else uuid.uuid4().hex
        request.request_id = request_id  # type: ignore[attr-defined]
        token = request_id_var.set(request_id)
        started = time.perf_counter()
        try:
            response = self.get_response(request)
            response["X-Request-ID"] = request_id
            # The path only, never the query string: search boxes put names and emails there;
            # and without the secret of a signed link (a password reset's token).
            access_log.info(
                "request",
                extra={
                    "method": request.method,
                    "path": redact(request.path),
                    "status": response.status_code,
                    "duration_ms": round((time.perf_counter() - started) * 1000, 1),
                    "user_id": getattr(getattr(request, "user", None), "pk", None),
                },
            )
            return response
        finally:
            request_id_var.reset(token)


class NoStoreMiddleware:
    """`Cache-Control: no-store, private` on everything that may hold candidate or account data:
    every response to a signed-in user, every admin page and every file download. A value the
    view set that already says no-store is kept; public pages to visitors keep theirs."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response
        self._admin_prefix: str | None = None

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        if "no-store" in response.get("Cache-Control", ""):
            return response
        if _is_download(response) or self._is_admin(request) or _signed_in(request):
            patch_cache_control(response, no_store=True, private=True)
        return response

    def _is_admin(self, request: HttpRequest) -> bool:
        if self._admin_prefix is None:
            self._admin_prefix = reverse("admin:index")
        return request.path.startswith(self._admin_prefix)


def _is_download(response: HttpResponseBase) -> bool:
    return isinstance(response, FileResponse) or "Content-Disposition" in response


def _signed_in(request: HttpRequest) -> bool:
    user = getattr(request, "user", None)
    if user is None:
        return False
    # Nobody can be signed in without a session cookie (login() replaces request.user), and
    # asking would touch the session, adding "Vary: Cookie" to public pages.
    if (
        isinstance(user, SimpleLazyObject)
        and user._wrapped is empty
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
    ):
        return False
    return bool(user.is_authenticated)


class BodyReadTimeout(UnreadablePostError):
    """The client took longer than REQUEST_BODY_TIMEOUT_SECONDS to send its body."""


class _DeadlineStream:
    """The request's body stream, refusing to read past the deadline (checked between reads,
    which is enough where each read returns what has arrived, as under the test client)."""

    def __init__(self, stream: Any, deadline: float) -> None:
        self.stream, self.deadline = stream, deadline

    def _check(self) -> None:
        if time.monotonic() > self.deadline:
            raise BodyReadTimeout("request body read timed out")

    def read(self, *args: Any) -> bytes:
        self._check()
        return bytes(self.stream.read(*args))

    def readline(self, *args: Any) -> bytes:
        self._check()
        return bytes(self.stream.readline(*args))

    def __getattr__(self, name: str) -> Any:  # close() and the rest, as the stream has them
        return getattr(self.stream, name)


class _Watchdog:
    """Under gunicorn one read waits until it has all it asked for, however slowly the bytes
    drip in; at the deadline this closes the socket's reading side, so the blocked read
    returns at once (the response can still be written)."""

    def __init__(self, sock: socket.socket, seconds: float) -> None:
        self.sock, self.fired = sock, False
        self.timer = threading.Timer(seconds, self._fire)
        self.timer.daemon = True

    def _fire(self) -> None:
        self.fired = True
        with contextlib.suppress(OSError):  # the client is gone already
            self.sock.shutdown(socket.SHUT_RD)


def body_too_large_page(
    handler: Callable[..., HttpResponse],
) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Give a view its own 413 page (RequestBodyMiddleware calls `handler(request, *args,
    **kwargs)` instead of the generic page), e.g. one in the careers site's layout."""

    def decorate(view: Callable[..., Any]) -> Callable[..., Any]:
        view.body_too_large = handler  # type: ignore[attr-defined]
        return view

    return decorate


class RequestBodyMiddleware:
    """Refuses a body announced larger than MAX_REQUEST_BODY_BYTES before anything reads it
    (CsrfViewMiddleware reads a POST's form data, so this sits before it), and reads a POST's
    form data itself against REQUEST_BODY_TIMEOUT_SECONDS, so a client that announces a body
    and sends it slowly is answered 408 instead of holding a worker for as long as it likes.
    The proxy in front should buffer bodies and refuse large ones first (README, Operations)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        return self.get_response(request)

    def process_view(
        self,
        request: HttpRequest,
        view_func: Callable[..., Any],
        view_args: tuple[Any, ...],
        view_kwargs: dict[str, Any],
    ) -> HttpResponseBase | None:
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0  # as Django reads it: no body
        if length > settings.MAX_REQUEST_BODY_BYTES:
            access_log.warning("request body too large", extra={"content_length": length})
            handler = getattr(view_func, "body_too_large", None)
            if handler is not None:
                response: HttpResponseBase = handler(request, *view_args, **view_kwargs)
                return response
            return _error_page(request, "413.html", 413)
        if request.method != "POST" or length == 0 or not hasattr(request, "_stream"):
            return None
        seconds = settings.REQUEST_BODY_TIMEOUT_SECONDS
        request._stream = _DeadlineStream(request._stream, time.monotonic() + seconds)  # type: ignore[assignment]
        sock = request.META.get("gunicorn.socket")
        watchdog = _Watchdog(sock, seconds) if isinstance(sock, socket.socket) else None
        if watchdog is not None:
            watchdog.timer.start()
        unreadable = False
        try:
            request.POST  # noqa: B018 - parsed now, under the deadline, instead of by CSRF
        except UnreadablePostError:
            # Our deadline (HttpRequest.read re-raises it as a plain UnreadablePostError) or a
            # client that went away mid-body: either way nothing of it is used.
            unreadable = True
        finally:
            if watchdog is not None:
                watchdog.timer.cancel()
        if unreadable or (watchdog is not None and watchdog.fired):
            # A cut-off body may still parse (a form with its last fields missing): never used.
            access_log.warning("request body unreadable", extra={"content_length": length})
            return _error_page(request, "408.html", 408)
        return None


def _error_page(request: HttpRequest, template: str, status: int) -> HttpResponse:
    # No context processors and no database: nothing of the request is needed to say this.
    from django.template import loader

    response = HttpResponse(loader.get_template(template).render(), status=status)
    response["Connection"] = "close"  # the rest of the body is never read
    return response
