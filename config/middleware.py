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

from csp.constants import HEADER
from csp.middleware import CheckableLazyObject, CSPMiddleware
from csp.utils import build_policy
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

from config.logs import ACCESS_LOGGER, redact, request_id_var

access_log = logging.getLogger(ACCESS_LOGGER)

# An id from the proxy is reused so one request can be followed across hops; anything that
# could smuggle text into our logs is replaced.
_SAFE_ID = re.compile(r"^[A-Za-z0-9._-]{8,128}$")


class ProbeMiddleware:
    """Answers the orchestrator's probes (/healthz, /readyz) before the rest of the stack.

    A probe needs no session, language, CSRF check, user, audit context, lockout or page
    headers, and it comes every few seconds from each orchestrator: through the whole stack
    /healthz cost several times a bare Django view (bench/ratios.py), and its access line
    buried the others. Plain HTTP and any Host are answered, as probes from a pod's IP need;
    the views still refuse anything but GET and HEAD. Everything else passes untouched."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response
        self._probes: dict[str, Callable[[HttpRequest], HttpResponseBase]] | None = None

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        if self._probes is None:
            from config import views  # the URLconf's views, loaded once Django is ready

            self._probes = {reverse("healthz"): views.healthz, reverse("readyz"): views.readyz}
        probe = self._probes.get(request.path)
        if probe is not None:
            return probe(request)
        return self.get_response(request)


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware, with the header built once instead of twice per response.

    Nothing here uses nonces or the per-view csp decorators, so every response gets the same
    policy; building it from the settings took a fifth of a request that touches nothing. A
    response or request that does use them (a decorator, `request.csp_nonce`) still gets its
    own policy from django-csp. A change to CONTENT_SECURITY_POLICY in tests rebuilds it."""

    _built: tuple[object, str] | None = None

    def process_response(
        self, request: HttpRequest, response: HttpResponseBase
    ) -> HttpResponseBase:
        custom = getattr(request, "_csp_nonce", None) is not None or any(
            hasattr(response, name) for name in _CSP_RESPONSE_ATTRIBUTES
        )
        report_only = getattr(settings, "CONTENT_SECURITY_POLICY_REPORT_ONLY", None)
        if custom or report_only or (response.status_code in (404, 500) and settings.DEBUG):
            return super().process_response(request, response)
        config = settings.CONTENT_SECURITY_POLICY
        if self._built is None or self._built[0] is not config:
            self._built = (config, build_policy())
        excluded = (config or {}).get("EXCLUDE_URL_PREFIXES") or ()
        if (
            self._built[1]
            and HEADER not in response
            and not request.path_info.startswith(tuple(excluded))
        ):
            response[HEADER] = self._built[1]
        request.csp_nonce = CheckableLazyObject(self._csp_nonce_post_response)  # type: ignore[attr-defined]
        return response


_CSP_RESPONSE_ATTRIBUTES = (
    "_csp_exempt",
    "_csp_config",
    "_csp_update",
    "_csp_replace",
    "_csp_exempt_ro",
    "_csp_config_ro",
    "_csp_update_ro",
    "_csp_replace_ro",
)


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
                    # Asked only where someone can be signed in: a visitor's lazy user stays
                    # unevaluated (no session read for a page that needed none).
                    "user_id": request.user.pk if _signed_in(request) else None,
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
