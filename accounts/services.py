from __future__ import annotations

from django.db import transaction

from accounts.models import Membership, Organization, Role, User


@transaction.atomic
def add_member(organization: Organization, user: User, *, role: str) -> Membership:
    """Make `user` a member of `organization` with `role`; an existing membership keeps its role."""
    if role not in Role.values:
        raise ValueError(f"Unknown role {role!r}.")
    membership, _ = Membership.objects.get_or_create(
        user=user, organization=organization, defaults={"role": role}
    )
    return membership
