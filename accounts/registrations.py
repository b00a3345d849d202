"""What accounts plugs into Django and its libraries, imported once from AccountsConfig.ready().

The receivers here keep records (audit entries, the session's sign-in time); they decide
nothing, and no business rule hangs on them."""

from __future__ import annotations

from functools import wraps
from typing import Any

from axes.signals import user_locked_out
from django.contrib.admin.models import ADDITION, CHANGE, DELETION, LogEntryManager
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.db.models import Model
from django.dispatch import receiver
from django.http import HttpRequest

from accounts import access, audit, sessions
from accounts import emails as _emails  # noqa: F401  (registers the account email builders)
from accounts.admin_scope import organization_lookup
from accounts.models import AuditAction, Organization, User, normalize_email


@receiver(user_logged_in, dispatch_uid="accounts.mark_signed_in")
def _mark_signed_in(sender: Any, request: HttpRequest | None, user: User, **kwargs: Any) -> None:
    if request is not None and hasattr(request, "session"):
        access.mark_signed_in(request)
        sessions.start(request)
        access.start_two_factor_sign_in(request, user)


def _account(email: object) -> User | None:
    return User.objects.filter(email=normalize_email(str(email or ""))).first()


@receiver(user_login_failed, dispatch_uid="accounts.audit_login_failed")
def _audit_login_failed(sender: Any, credentials: dict[str, Any], **kwargs: Any) -> None:
    # The typed email is kept only when it names an account: a stranger's typo (or a password
    # typed into the email box) is not written down.
    user = _account(credentials.get("username"))
    # A refused two-factor code (accounts.two_factor.verify) is sent as a failed sign-in too,
    # so axes counts it: one entry, saying which step failed.
    if credentials.get(access.TWO_FACTOR_FAILURE):
        audit.record(AuditAction.TWO_FACTOR_FAILED, actor=user)
    else:
        audit.record(AuditAction.LOGIN_FAILED, actor=user)


@receiver(user_locked_out, dispatch_uid="accounts.audit_locked_out")
def _audit_locked_out(sender: Any, username: str | None = None, **kwargs: Any) -> None:
    audit.record(AuditAction.LOGIN_LOCKED_OUT, actor=_account(username))


_ADMIN_ACTIONS = {
    ADDITION: AuditAction.ADMIN_ADDED,
    CHANGE: AuditAction.ADMIN_CHANGED,
    DELETION: AuditAction.ADMIN_DELETED,
}


def _organization_of(obj: Model) -> int | None:
    path = organization_lookup(type(obj))
    if path is None or obj.pk is None:
        return None
    if path == "":
        return int(obj.pk)
    found = list(type(obj)._default_manager.filter(pk=obj.pk).values_list(path, flat=True)[:2])
    # A person is a member of several organizations: their account's changes belong to none.
    return found[0] if len(found) == 1 else None


def _audit_admin_changes(log_actions: Any) -> Any:
    """Every add, change and delete made through Django admin goes through LogEntry's manager,
    whatever the ModelAdmin (ours, django-otp's, axes'): one audit entry per object, in the
    admin's own transaction."""

    @wraps(log_actions)
    def logged(
        self: LogEntryManager,
        user_id: int,
        queryset: Any,
        action_flag: int,
        change_message: Any = "",
        **kwargs: Any,
    ) -> Any:
        objects = list(queryset)
        actor = User.objects.filter(pk=user_id).first()
        for obj in objects:
            audit.record(
                _ADMIN_ACTIONS[action_flag],
                actor=actor,
                organization=_organization_of(obj) if not isinstance(obj, Organization) else obj,
                target=obj,
                change=str(change_message) if action_flag == CHANGE else "",
            )
        return log_actions(self, user_id, objects, action_flag, change_message, **kwargs)

    return logged


if not getattr(LogEntryManager.log_actions, "_audited", False):
    LogEntryManager.log_actions = _audit_admin_changes(LogEntryManager.log_actions)  # type: ignore[method-assign]
    LogEntryManager.log_actions._audited = True  # type: ignore[attr-defined]
