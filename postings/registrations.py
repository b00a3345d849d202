"""What postings plugs into the apps below it, imported once from PostingsConfig.ready()."""

from __future__ import annotations

from accounts.hooks import register_member_removed
from accounts.models import Membership
from postings.models import Posting


def leave_hiring_teams(membership: Membership) -> None:
    """Someone who leaves an organization leaves its postings' hiring teams. Membership alone
    already decides access, but a stale row would list a non-member on the team, and silently
    give them the team's postings back (and their alerts) if they were ever invited again."""
    Posting.hiring_team.through.objects.filter(
        user_id=membership.user_id, posting__organization_id=membership.organization_id
    ).delete()


def register() -> None:
    register_member_removed("postings.hiring_teams", leave_hiring_teams)
