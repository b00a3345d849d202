from __future__ import annotations

from django.db.models import Exists, OuterRef
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _

from accounts import access
from accounts.models import Membership, Role
from postings.models import Posting


def on_hiring_team(membership: Membership, posting: Posting) -> bool:
    # Read from the fetch's annotation when there is one (see get_posting_for_user).
    known = posting.__dict__.get("user_on_team")
    if known is not None and posting.__dict__.get("user_on_team_id") == membership.user_id:
        return bool(known)
    return posting.hiring_team.filter(pk=membership.user_id).exists()


def can_edit_posting(membership: Membership, posting: Posting) -> bool:
    if membership.can_manage_postings():
        return True
    return membership.role == Role.HIRING_MANAGER and on_hiring_team(membership, posting)


def get_posting_for_user(
    request: HttpRequest, pk: int, *, edit: bool = False, refusal: str = ""
) -> tuple[Posting, Membership]:
    """The posting, if it belongs to one of the user's organizations (404 otherwise), and the
    user's membership there; with `edit`, 403 unless their role may edit (and work) it."""
    mine = {m.organization_id: m for m in access.memberships(request)}
    team = Posting.hiring_team.through.objects.filter(
        posting_id=OuterRef("pk"), user_id=request.user.pk or 0
    )
    posting = (
        Posting.objects.select_related("organization")
        .annotate(user_on_team=Exists(team))
        .filter(pk=pk, organization_id__in=mine)
        .first()
    )
    if posting is None:
        raise Http404("No such posting.")
    posting.user_on_team_id = request.user.pk  # type: ignore[attr-defined]
    membership = mine[posting.organization_id]
    if edit:
        access.require(
            can_edit_posting(membership, posting),
            refusal or _("Your role can't edit this posting."),
        )
    elif not membership.can_manage_postings() and not on_hiring_team(membership, posting):
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
    # Working a posting's applicants takes the same rights as editing it.
    return get_posting_for_user(
        request, pk, edit=True, refusal=_("Your role has no board for this posting.")
    )
