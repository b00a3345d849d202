from __future__ import annotations

import uuid

from django.conf import settings
from django.db import transaction
from django_otp import devices_for_user
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import audit
from accounts.models import AuditAction, Membership, Organization, Role, User
from outbox.email import record_email
from outbox.models import Message


@transaction.atomic
def add_member(organization: Organization, user: User, *, role: str) -> Membership:
    """Make `user` a member of `organization` with `role`; an existing membership keeps its role."""
    if role not in Role.values:
        raise ValueError(f"Unknown role {role!r}.")
    membership, _ = Membership.objects.get_or_create(
        user=user, organization=organization, defaults={"role": role}
    )
    return membership


@transaction.atomic
def request_password_reset(user: User) -> Message:
    """Send `user` a link to choose a new password. The message names the user only: the
    token is made when the email is sent (accounts.emails), so it is never stored."""
    # Every request sends its own email; the key only needs to be unique and token-free.
    return record_email(
        "password_reset",
        key=f"password-reset:{user.pk}:{uuid.uuid4().hex}",
        args={"user_id": user.pk},
    )


# --- Passwords ---------------------------------------------------------------------------------


@transaction.atomic
def change_password(user: User, password: str) -> User:
    """The signed-in person chose a new password (validated by the form). Their other
    sessions end at their next request: Django checks each session's password hash."""
    user.set_password(password)
    user.save(update_fields=["password"])
    audit.record(AuditAction.PASSWORD_CHANGED, actor=user, target=user, label=user.email)
    return user


@transaction.atomic
def reset_password(user: User, password: str) -> User:
    """A password set through an emailed reset link; every session of the person ends."""
    user.set_password(password)
    user.save(update_fields=["password"])
    audit.record(AuditAction.PASSWORD_RESET, actor=user, target=user, label=user.email)
    return user


# --- Two-factor --------------------------------------------------------------------------------

AUTHENTICATOR_NAME = "Authenticator app"
RECOVERY_CODES_NAME = "Recovery codes"


@transaction.atomic
def unconfirmed_totp_device(user: User) -> TOTPDevice:
    """The device being set up: the same secret on every visit until a first code confirms
    it, so a QR code scanned earlier still works."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=AUTHENTICATOR_NAME, confirmed=False)
    return device


def _new_recovery_codes(user: User) -> list[str]:
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=RECOVERY_CODES_NAME, confirmed=True)
    codes = [StaticToken.random_token() for _ in range(settings.RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


@transaction.atomic
def enable_two_factor(device: TOTPDevice, code: str) -> list[str] | None:
    """Confirm the authenticator being set up with a first code from it: it replaces any
    earlier one, and a fresh set of recovery codes replaces the old. Returns the codes (to
    show once), or None when the code is wrong (nothing is enabled)."""
    device = TOTPDevice.objects.select_for_update().get(pk=device.pk)
    if device.confirmed or not device.verify_token(code):
        return None
    user = device.user
    TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    codes = _new_recovery_codes(user)
    audit.record(AuditAction.TWO_FACTOR_ENABLED, actor=user, target=user, label=user.email)
    audit.record(
        AuditAction.RECOVERY_CODES_CREATED,
        actor=user,
        target=user,
        label=user.email,
        count=len(codes),
    )
    return codes


@transaction.atomic
def regenerate_recovery_codes(user: User) -> list[str]:
    """New recovery codes; the old ones stop working."""
    codes = _new_recovery_codes(user)
    audit.record(
        AuditAction.RECOVERY_CODES_CREATED,
        actor=user,
        target=user,
        label=user.email,
        count=len(codes),
    )
    return codes


def _remove_devices(user: User) -> int:
    removed = 0
    for model in (TOTPDevice, StaticDevice):
        count, _by_model = model.objects.filter(user=user).delete()
        removed += count
    return removed


@transaction.atomic
def disable_two_factor(user: User) -> None:
    """The person turns two-factor off: their authenticator and recovery codes are removed."""
    _remove_devices(user)
    audit.record(AuditAction.TWO_FACTOR_DISABLED, actor=user, target=user, label=user.email)


@transaction.atomic
def reset_two_factor(user: User) -> None:
    """A superuser removes a person's devices (a lost phone and lost codes): they sign in with
    their password and set two-factor up again where it is required."""
    _remove_devices(user)
    audit.record(AuditAction.TWO_FACTOR_RESET, target=user, label=user.email)


@transaction.atomic
def verify_two_factor_code(user: User, code: str) -> Device | None:
    """The device of `user` that accepts `code` at sign-in: the authenticator's current code
    (each one works once: django-otp remembers the last time step used) or an unused recovery
    code (deleted as it is used). None when no device does."""
    # Authenticator codes are digits, recovery codes are letters too: each is tried only on
    # its kind of device, so a typo in one doesn't slow down (throttle) the other.
    kind = TOTPDevice if code.isdigit() else StaticDevice
    for device in devices_for_user(user, confirmed=True, for_verify=True):
        if isinstance(device, kind) and device.verify_token(code):
            return device
    return None
