"""Who may schedule what, by the design's rule: outside the user's organizations 404; inside,
403 unless their role works the posting (admins, recruiters, its hiring team's managers)."""

from __future__ import annotations

from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _

from accounts import access
from accounts.models import Membership
from interviews.models import Interview, InterviewKind
from postings.access import can_work_posting, get_posting_for_user
from postings.models import Posting


def get_interview_for_user(request: HttpRequest, pk: int) -> tuple[Interview, Membership]:
    """An interview to reschedule or cancel: checked exactly as its application's profile."""
    mine = {m.organization_id: m for m in access.memberships(request)}
    interview = (
        Interview.objects.select_related(
            "kind__stage", "application__candidate", "application__posting__organization"
        )
        .filter(pk=pk, application__posting__organization_id__in=mine)
        .first()
    )
    if interview is None:
        raise Http404("No such interview.")
    membership = mine[interview.application.posting.organization_id]
    access.require(
        can_work_posting(membership, interview.application.posting),
        _("Your role can't schedule interviews for this posting."),
    )
    return interview, membership


def get_kind_for_user(
    request: HttpRequest, pk: int, kind_id: int
) -> tuple[Posting, Membership, InterviewKind]:
    """An interview kind of a posting the user may edit (404/403 as the posting's editor)."""
    posting, membership = get_posting_for_user(request, pk, edit=True)
    kind = (
        InterviewKind.objects.select_related("scorecard_template", "stage")
        .filter(stage__posting=posting, pk=kind_id)
        .first()
    )
    if kind is None:
        raise Http404("No such interview kind.")
    return posting, membership, kind
