"""Who may open an interview's brief and its scorecard, by the design's rule: outside the
user's organizations 404; inside, the interviewers on its panel (whatever their role) and those
who work its posting (admins, recruiters, its hiring team's managers); anyone else 403."""

from __future__ import annotations

from dataclasses import dataclass

from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _

from accounts import access
from accounts.models import Membership
from interviews.models import Interview, InterviewParticipant
from postings.access import can_work_posting


@dataclass(frozen=True)
class Standing:
    membership: Membership
    on_panel: bool  # an interviewer on this interview
    works_posting: bool  # sees all the application's feedback


def get_panel_interview_for_user(
    request: HttpRequest, pk: int, *, panel_only: bool = False
) -> tuple[Interview, Standing]:
    """An interview of one of the user's organizations (404 otherwise); 403 unless they are on
    its panel or work its posting (with `panel_only`, unless they are on its panel: only an
    interviewer writes their own scorecard)."""
    mine = {m.organization_id: m for m in access.memberships(request)}
    interview = (
        Interview.objects.select_related(
            "kind__stage",
            "application__candidate",
            "application__stage",
            "application__posting__organization",
        )
        .filter(pk=pk, application__posting__organization_id__in=mine)
        .first()
    )
    if interview is None:
        raise Http404("No such interview.")
    membership = mine[interview.application.posting.organization_id]
    on_panel = InterviewParticipant.objects.filter(
        interview=interview, user_id=request.user.pk or 0
    ).exists()
    works = can_work_posting(membership, interview.application.posting)
    if panel_only:
        access.require(on_panel, _("Only the interviewers on this interview write its feedback."))
    else:
        access.require(
            on_panel or works, _("You are not on this interview, and your role can't work it.")
        )
    return interview, Standing(membership=membership, on_panel=on_panel, works_posting=works)
