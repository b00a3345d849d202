from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.http import HttpRequest
from django_htmx.middleware import HtmxDetails

if TYPE_CHECKING:
    from accounts.models import User


def client_ip(request: HttpRequest) -> str:
    """The client's address, read from the trusted proxy's header only when one is configured.

    With TRUSTED_CLIENT_IP_HEADER=X-Forwarded-For and TRUSTED_PROXY_COUNT=N, the address is the
    N-th entry from the right: the one our outermost trusted proxy saw. Entries further left
    were written by the client and cannot be trusted.
    """
    header = settings.TRUSTED_CLIENT_IP_HEADER
    if header:
        value = request.headers.get(header, "")
        hops = [hop.strip() for hop in value.split(",") if hop.strip()]
        if len(hops) >= settings.TRUSTED_PROXY_COUNT:
            return hops[-settings.TRUSTED_PROXY_COUNT]
    return str(request.META.get("REMOTE_ADDR", ""))


def axes_client_str(
    username: str | None,
    ip_address: str | None,
    user_agent: str | None,
    path_info: object,
    request: HttpRequest,
) -> str:
    """What django-axes writes into log lines: the request id, never the email or address."""
    return f"request {getattr(request, 'request_id', '-')}"


class HtmxRequest(HttpRequest):
    """The request as our views see it: django-htmx's details, and the user once logged in."""

    htmx: HtmxDetails
    user: User
