from __future__ import annotations

import uuid

from django.db import transaction

from accounts.models import Membership, Organization, Role, User
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
