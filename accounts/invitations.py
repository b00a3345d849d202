"""The signed link of an invitation, made by the email builder when the outbox sends it.

The token carries the invitation's id and a digest of what changes once it is used (accepted or
revoked), signed with SECRET_KEY under its own salt: a tampered token fails the signature, and a
used one no longer matches its invitation. Nothing of it is stored.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from urllib.parse import urljoin

from django.conf import settings
from django.core import signing
from django.urls import reverse
from django.utils.crypto import constant_time_compare, salted_hmac

from accounts.models import Invitation

SALT = "shortlist.accounts.invitation"


def _state(invitation: Invitation) -> str:
    value = f"{invitation.pk}:{invitation.accepted_at}:{invitation.revoked_at}"
    return salted_hmac(SALT, value, algorithm="sha256").hexdigest()[:20]


def make_token(invitation: Invitation) -> str:
    return signing.dumps([invitation.pk, _state(invitation)], salt=SALT)


def accept_url(invitation: Invitation) -> str:
    path = reverse("invitation_accept", kwargs={"token": make_token(invitation)})
    return urljoin(settings.SITE_URL, path)


class LinkState(Enum):
    INVALID = "invalid"  # tampered, truncated, or of no invitation we have
    ACCEPTED = "accepted"
    REVOKED = "revoked"
    EXPIRED = "expired"
    PENDING = "pending"


@dataclass(frozen=True)
class Opened:
    state: LinkState
    invitation: Invitation | None = None


def open_token(token: str) -> Opened:
    """What a link stands for. A genuine link says why it stopped working; anything else is
    INVALID, and says nothing about which invitations exist."""
    try:
        pk, state = signing.loads(token, salt=SALT)
        pk = int(pk)
    except (signing.BadSignature, TypeError, ValueError):
        return Opened(LinkState.INVALID)
    invitation = (
        Invitation.objects.select_related("organization", "invited_by").filter(pk=pk).first()
    )
    if invitation is None:
        return Opened(LinkState.INVALID)
    if invitation.is_accepted:
        return Opened(LinkState.ACCEPTED, invitation)
    if invitation.is_revoked:
        return Opened(LinkState.REVOKED, invitation)
    if not constant_time_compare(str(state), _state(invitation)):
        return Opened(LinkState.INVALID)
    if invitation.is_expired():
        return Opened(LinkState.EXPIRED, invitation)
    return Opened(LinkState.PENDING, invitation)
