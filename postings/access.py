from __future__ import annotations

from django.db.models import Exists, OuterRef, QuerySet, Value
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _

from accounts import access
from accounts.models import Membership
from postings.models import Posting


def on_hiring_team(membership: Membership, posting: Posting) -> bool:
    # Read from the fetch's annotation when there is one for this user (see with_team_flag).
    known = posting.__dict__.get("user_on_team")
    if known is not None and posting.__dict__.get("user_on_team_id") == membership.user_id:
        return bool(known)
    return posting.hiring_team.filter(pk=membership.user_id).exists()


def can_create_posting(membership: Membership) -> bool:
    """Create postings (and so duplicate them) and put them on the careers page or take them
    off it: admins and recruiters."""
    return membership.can_manage_postings()


def can_edit_posting(membership: Membership, posting: Posting) -> bool:
    if membership.can_manage_postings():
        return True
    return membership.works_team_postings() and on_hiring_team(membership, posting)


# The posting transitions. Each opens, closes or creates a posting (duplicating creates one),
# so none is "editing": whoever may create postings may do them, and nobody else. The
# transition view checks this for its confirm page and its POST alike, and the editor asks it
# before offering a button.
TRANSITIONS = frozenset({"publish", "close", "reopen", "duplicate"})


def can_transition_posting(membership: Membership, posting: Posting, action: str) -> bool:
    return action in TRANSITIONS and can_create_posting(membership)


def with_team_flag(postings: QuerySet[Posting], user_id: int | None) -> QuerySet[Posting]:
    """Postings annotated with whether `user_id` is on each one's hiring team, and for whom,
    so that `on_hiring_team` asks no query per posting."""
    team = Posting.hiring_team.through.objects.filter(
        posting_id=OuterRef("pk"), user_id=user_id or 0
    )
    return postings.annotate(user_on_team=Exists(team), user_on_team_id=Value(user_id or 0))


def get_posting_for_user(
    request: HttpRequest, pk: int, *, edit: bool = False, refusal: str = ""
) -> tuple[Posting, Membership]:
    """The posting, if it belongs to one of the user's organizations (404 otherwise), and the
    user's membership there; with `edit`, 403 unless their role may edit (and work) it."""
    mine = {m.organization_id: m for m in access.memberships(request)}
    posting = (
        with_team_flag(Posting.objects.select_related("organization"), request.user.pk)
        .filter(pk=pk, organization_id__in=mine)
        .first()
    )
    if posting is None:
        raise Http404("No such posting.")
    membership = mine[posting.organization_id]
    if edit:
        access.require(
            can_edit_posting(membership, posting),
            refusal or _("Your role can't edit this posting."),
        )
    elif not membership.can_manage_postings() and not on_hiring_team(membership, posting):
        access.require(False, _("This posting's hiring team doesn't include you."))
    return posting, membership


def get_posting_for_transition(
    request: HttpRequest, pk: int, action: str
) -> tuple[Posting, Membership]:
    """The posting for `action` (publish, close, reopen, duplicate): 404 outside the user's
    organizations, 403 unless their role may do that action."""
    posting, membership = get_posting_for_user(request, pk)
    access.require(
        can_transition_posting(membership, posting, action),
        _("Only admins and recruiters publish, close, reopen or duplicate postings."),
    )
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
