from __future__ import annotations

import uuid
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_otp import devices_for_user
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import audit, hooks
from accounts.branding import Logo
from accounts.models import (
    AuditAction,
    Invitation,
    Membership,
    Organization,
    OrganizationLogo,
    Role,
    User,
    normalize_email,
)
from outbox.email import record_email
from outbox.models import Message


class TeamChangeRefused(Exception):
    """A team change that can't be made as asked; the message says why, for people."""


class LastAdminRefused(TeamChangeRefused):
    """The change would leave the organization without an admin."""


@transaction.atomic
def add_member(organization: Organization, user: User, *, role: str) -> Membership:
    """Make `user` a member of `organization` with `role`; an existing membership keeps its role."""
    if role not in Role.values:
        raise ValueError(f"Unknown role {role!r}.")
    membership, _created = Membership.objects.get_or_create(
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
    audit.record(AuditAction.TWO_FACTOR_ENABLED, actor=user, target=user, label=user.email)
    return regenerate_recovery_codes(user)


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


# --- Invitations ----------------------------------------------------------------------------


def _send_invitation(invitation: Invitation) -> Message:
    # The payload names the invitation only: accounts.emails makes the link when it sends.
    return record_email(
        "invitation",
        key=f"invitation:{invitation.pk}:{uuid.uuid4().hex}",
        args={"invitation_id": invitation.pk},
        organization=invitation.organization,
    )


def _expiry() -> timedelta:
    return timedelta(days=settings.INVITATION_MAX_AGE_DAYS)


@transaction.atomic
def invite_member(
    organization: Organization, *, email: str, role: str, by: User | None
) -> Invitation:
    """Invite `email` to join with `role`, by an email whose link works once, for
    INVITATION_MAX_AGE_DAYS. An expired invitation of the same address is renewed and sent again."""
    if role not in Role.values:
        raise TeamChangeRefused(_("Choose a role for the new member."))
    email = normalize_email(email)
    if Membership.objects.filter(organization=organization, user__email=email).exists():
        raise TeamChangeRefused(_("%(email)s is already a member of this team.") % {"email": email})
    now = timezone.now()
    invitation = (
        Invitation.objects.select_for_update()
        .open()
        .filter(organization=organization, email=email)
        .first()
    )
    if invitation is not None and not invitation.is_expired(now):
        raise TeamChangeRefused(
            _("%(email)s was already invited; send that invitation again from the list below.")
            % {"email": email}
        )
    if invitation is None:
        invitation = Invitation(organization=organization, email=email, created_at=now)
    invitation.role, invitation.invited_by, invitation.expires_at = role, by, now + _expiry()
    invitation.save()
    _send_invitation(invitation)
    audit.record(
        AuditAction.MEMBER_INVITED,
        actor=by,
        organization=organization,
        target=invitation,
        label=email,
        role=role,
    )
    return invitation


def _lock_open(invitation: Invitation) -> Invitation:
    locked = Invitation.objects.select_for_update().filter(pk=invitation.pk).first()
    if locked is None or locked.is_accepted or locked.is_revoked:
        raise TeamChangeRefused(_("That invitation was already accepted or revoked."))
    return locked


@transaction.atomic
def resend_invitation(invitation: Invitation, *, by: User | None) -> Invitation:
    """Send the invitation again; its link works for INVITATION_MAX_AGE_DAYS from now."""
    invitation = _lock_open(invitation)
    invitation.expires_at = timezone.now() + _expiry()
    invitation.save(update_fields=["expires_at"])
    _send_invitation(invitation)
    audit.record(
        AuditAction.MEMBER_INVITED,
        actor=by,
        organization=invitation.organization_id,
        target=invitation,
        label=invitation.email,
        role=invitation.role,
        resent=True,
    )
    return invitation


@transaction.atomic
def revoke_invitation(invitation: Invitation, *, by: User | None) -> Invitation:
    """The link stops working at once; an email still in the outbox is not sent."""
    invitation = _lock_open(invitation)
    invitation.revoked_at = timezone.now()
    invitation.save(update_fields=["revoked_at"])
    audit.record(
        AuditAction.INVITATION_REVOKED,
        actor=by,
        organization=invitation.organization_id,
        target=invitation,
        label=invitation.email,
    )
    return invitation


@transaction.atomic
def accept_invitation(invitation: Invitation, *, user: User) -> Membership:
    """`user`, signed in as the invited address, joins the organization with the invited role
    (someone already a member keeps theirs). The invitation is used up."""
    invitation = _lock_open(invitation)
    if invitation.is_expired():
        raise TeamChangeRefused(_("This invitation has expired."))
    if normalize_email(user.email) != invitation.email:
        raise TeamChangeRefused(_("This invitation is for another email address."))
    membership, created = Membership.objects.get_or_create(
        user=user, organization_id=invitation.organization_id, defaults={"role": invitation.role}
    )
    invitation.accepted_at, invitation.accepted_by = timezone.now(), user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    audit.record(
        AuditAction.MEMBER_JOINED,
        actor=user,
        organization=invitation.organization_id,
        target=membership,
        label=user.email,
        role=membership.role,
        invitation_id=invitation.pk,
        already_member=not created,
    )
    return membership


@transaction.atomic
def join_with_new_account(invitation: Invitation, *, full_name: str, password: str) -> Membership:
    """The invited person has no account yet: make it, with the password they chose, and join."""
    if User.objects.filter(email=invitation.email).exists():
        raise TeamChangeRefused(
            _("An account with this email exists now: sign in to accept the invitation.")
        )
    user = User.objects.create_user(invitation.email, password, full_name=full_name)
    return accept_invitation(invitation, user=user)


# --- Roles and removals ---------------------------------------------------------------------


def _lock_for_team_change(membership: Membership) -> tuple[Membership, list[Membership]]:
    """The membership, fresh, and the organization's admin memberships, all locked in one
    order (by id), so two concurrent demotions or removals of its last two admins run one
    after the other and the second sees the first's result."""
    admins = list(
        Membership.objects.select_for_update()
        .filter(organization_id=membership.organization_id, role=Role.ADMIN)
        .order_by("pk")
    )
    locked = Membership.objects.select_for_update().select_related("user").filter(pk=membership.pk)
    found = locked.first()
    if found is None:
        raise TeamChangeRefused(_("That person is no longer a member of this team."))
    return found, admins


def _refuse_last_admin(membership: Membership, admins: list[Membership], verb: str) -> None:
    if membership.role == Role.ADMIN and not [a for a in admins if a.pk != membership.pk]:
        raise LastAdminRefused(
            _(
                "%(email)s is the organization's only admin, so they can't be %(verb)s. "
                "Make someone else an admin first."
            )
            % {"email": membership.user.email, "verb": verb}
        )


@transaction.atomic
def change_role(membership: Membership, *, role: str, by: User | None = None) -> Membership:
    """Give a member another role; the organization always keeps at least one admin."""
    if role not in Role.values:
        raise TeamChangeRefused(_("Choose one of the roles."))
    membership, admins = _lock_for_team_change(membership)
    old = membership.role
    if old == role:
        return membership
    if role != Role.ADMIN:
        _refuse_last_admin(membership, admins, _("given another role"))
    membership.role = role
    membership.save(update_fields=["role"])
    audit.record(
        AuditAction.MEMBER_ROLE_CHANGED,
        actor=by,
        organization=membership.organization_id,
        target=membership,
        label=membership.user.email,
        old_role=old,
        new_role=role,
    )
    return membership


@transaction.atomic
def remove_member(membership: Membership, *, by: User | None = None) -> User:
    """Take a member out of the organization. Their account, and the notes and events they
    wrote, stay (attributed to them); what they hear stops at once: the apps above take them
    off hiring teams and notification lists (accounts.hooks), and every email to staff checks
    membership again when it is sent."""
    membership, admins = _lock_for_team_change(membership)
    _refuse_last_admin(membership, admins, _("removed"))
    hooks.notify_member_removed(membership)
    audit.record(
        AuditAction.MEMBER_REMOVED,
        actor=by,
        organization=membership.organization_id,
        target=membership,
        label=membership.user.email,
        role=membership.role,
        user_id=membership.user_id,
    )
    membership.delete()
    return membership.user


def sole_admin_of(user: User) -> list[Organization]:
    """The organizations where `user` is the only admin: deleting the account would leave
    them without one."""
    mine = Membership.objects.filter(user=user, role=Role.ADMIN).values("organization_id")
    others = Membership.objects.filter(role=Role.ADMIN).exclude(user=user)
    return list(
        Organization.objects.filter(pk__in=mine).exclude(pk__in=others.values("organization_id"))
    )


# --- Email settings ----------------------------------------------------------------------------


@transaction.atomic
def update_email_settings(
    organization: Organization,
    *,
    by: User | None,
    sender_name: str,
    reply_to: str,
    logo: Logo | None = None,
    remove_logo: bool = False,
    careers_intro: str | None = None,
    website: str | None = None,
) -> Organization:
    """How emails to candidates and the careers site present the organization
    (accounts.branding, careers/). A new `logo` replaces the old one; `remove_logo` drops it;
    neither keeps it. An intro or website of None is left as it is. Audited with what changed."""
    changed = []
    for field, value in (("careers_intro", careers_intro), ("website", website)):
        if value is not None and getattr(organization, field) != value:
            setattr(organization, field, value)
            changed.append(field)
    if organization.email_sender_name != sender_name:
        changed.append("sender_name")
    if organization.email_reply_to != reply_to:
        changed.append("reply_to")
    organization.email_sender_name = sender_name
    organization.email_reply_to = reply_to
    if logo is not None:
        OrganizationLogo.objects.update_or_create(
            organization=organization,
            defaults={"image": logo.png, "width": logo.width, "height": logo.height},
        )
        organization.email_logo_digest = logo.digest
        changed.append("logo")
    elif remove_logo and organization.email_logo_digest:
        OrganizationLogo.objects.filter(organization=organization).delete()
        organization.email_logo_digest = ""
        changed.append("logo_removed")
    organization.save(
        update_fields=[
            "email_sender_name",
            "email_reply_to",
            "email_logo_digest",
            "careers_intro",
            "website",
        ]
    )
    if changed:
        audit.record(
            AuditAction.EMAIL_SETTINGS_CHANGED,
            actor=by,
            organization=organization,
            target=organization,
            label=organization.name,
            changed=changed,
        )
    return organization
