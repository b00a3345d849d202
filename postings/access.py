from __future__ import annotations

from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from accounts import access
from accounts.models import Membership, Role
from postings.models import Posting


def can_edit_posting(membership: Membership, posting: Posting) -> bool:
    if membership.can_manage_postings():
        return True
    return (
        membership.role == Role.HIRING_MANAGER
        and posting.hiring_team.filter(pk=membership.user_id).exists()
    )


def get_posting_for_user(
    request: HttpRequest, pk: int, *, edit: bool = False
) -> tuple[Posting, Membership]:
    """The posting, if it belongs to one of the user's organizations (404 otherwise), and the
    user's membership there; with `edit`, 403 unless their role may edit this posting."""
    posting = get_object_or_404(
        Posting.objects.for_user(request.user).select_related("organization").distinct(), pk=pk
    )
    membership = next(
        m for m in access.memberships(request) if m.organization_id == posting.organization_id
    )
    if edit:
        access.require(
            can_edit_posting(membership, posting), _("Your role can't edit this posting.")
        )
    elif posting not in Posting.objects.visible_to(membership):
        access.require(False, _("This posting's hiring team doesn't include you."))
    return posting, membership


def require_current_membership(request: HttpRequest) -> Membership:
    membership = access.current_membership(request)
    if membership is None:
        raise Http404(_("You are not a member of any organization."))
    return membership


def can_work_posting(membership: Membership, posting: Posting) -> bool:
    """Work its applicants (board, moves): admins and recruiters, and its team's hiring managers."""
    return can_edit_posting(membership, posting)


def get_board_posting_for_user(request: HttpRequest, pk: int) -> tuple[Posting, Membership]:
    posting, membership = get_posting_for_user(request, pk)
    access.require(
        can_work_posting(membership, posting), _("Your role has no board for this posting.")
    )
    return posting, membership
