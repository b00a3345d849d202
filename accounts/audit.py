"""The audit log's one writer.

Services call `record()` inside their own transaction, so an entry exists exactly when the
action committed. Who and from which address come from the request being served (set by
`AuditContextMiddleware`); a background job has no request, and its entries say so by having
no address. Entries carry ids and short labels, never document contents.
"""

from __future__ import annotations

import contextvars
import ipaddress
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import Model
from django.http import HttpRequest, HttpResponse

from accounts.models import AuditAction, AuditEntry, Organization, User
from config.http import client_ip
from config.validators import one_line


@dataclass(frozen=True)
class _Context:
    ip_address: str | None
    user: Any


_context: contextvars.ContextVar[_Context | None] = contextvars.ContextVar(
    "audit_context", default=None
)


def _valid_ip(text: str) -> str | None:
    try:
        return str(ipaddress.ip_address(text))
    except ValueError:
        return None


class AuditContextMiddleware:
    """Remembers the client address and user of the request being served, for `record()`."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = _context.set(_Context(_valid_ip(client_ip(request)), request.user))
        try:
            return self.get_response(request)
        finally:
            _context.reset(token)


def request_ip() -> str | None:
    current = _context.get()
    return current.ip_address if current else None


def _request_user() -> User | None:
    current = _context.get()
    user = current.user if current else None
    return user if getattr(user, "is_authenticated", False) else None


def record(
    action: AuditAction | str,
    *,
    actor: User | None = None,
    organization: Organization | int | None = None,
    target: Model | None = None,
    label: str = "",
    actor_email: str = "",
    **details: Any,
) -> AuditEntry:
    """Write one audit entry. `actor` defaults to the signed-in user of the current request;
    `label` names the target for readers (a posting's title, "Application #12"): no personal
    data of candidates, which the retention job may erase while the entry stays."""
    if action not in AuditAction.values:
        raise ValueError(f"Unknown audit action {action!r}.")
    who = actor if actor is not None else _request_user()
    org_id = organization.pk if isinstance(organization, Organization) else organization
    return AuditEntry.objects.create(
        action=str(action),
        actor=who,
        actor_email=one_line(who.email if who is not None else actor_email)[:254],
        organization_id=org_id,
        ip_address=request_ip(),
        target_type=target._meta.label_lower if target is not None else "",
        target_id=str(target.pk) if target is not None else "",
        target_label=one_line(label or (_default_label(target) if target else ""))[:200],
        details=details,
    )


def _default_label(target: Model) -> str:
    return f"{target._meta.verbose_name} #{target.pk}".capitalize()
