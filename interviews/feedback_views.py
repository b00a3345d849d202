"""The interviewer's side of the loop ("My interviews", an interview's brief, the resume, the
scorecard with its autosave) and the decision view on the profile."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts import access
from candidates.access import get_application_for_user
from candidates.models import Application
from candidates.services import record_resume_download
from config.http import HtmxRequest
from interviews import scorecards, times
from interviews.feedback_access import Standing, get_panel_interview_for_user
from interviews.feedback_forms import ScorecardForm
from interviews.models import Interview


def _zones(request: HtmxRequest, interview: Interview) -> dict[str, Any]:
    organization = interview.application.posting.organization
    return {
        "organization": organization,
        "me": request.user,
        "viewer_zone": times.viewer_zone(request.user, organization),
        "org_zone": organization.zone,
    }


# --- "My interviews" ------------------------------------------------------------------------


@require_GET
@login_required
def my_interviews(request: HtmxRequest) -> HttpResponse:
    """The signed-in person's interviews in every organization of theirs: upcoming, and those
    whose feedback is due."""
    memberships = access.memberships(request)
    mine = scorecards.my_interviews(request.user, [m.organization_id for m in memberships])
    zones = {m.organization_id: m.organization for m in memberships}
    context = {"mine": mine, "me": request.user, "organizations": zones}
    return render(request, "interviews/mine.html", context)


# --- An interview's brief: what an interviewer may read ----------------------------------------


def feedback_visible(interview: Interview, request: HtmxRequest, standing: Standing) -> bool:
    """Those who work the posting read every scorecard; an interviewer only once theirs is in."""
    return standing.works_posting or scorecards.sees_colleagues_feedback(
        request.user, interview.application_id
    )


@require_GET
@login_required
def interview_brief(request: HtmxRequest, pk: int) -> HttpResponse:
    """What the interviewer needs: the candidate's details and answers, the resume, the
    posting's requirements, the interview and their own scorecard; colleagues' feedback only
    once their own is submitted."""
    interview, standing = get_panel_interview_for_user(request, pk)
    application = interview.application
    own = scorecards.own_scorecard(interview, request.user) if standing.on_panel else None
    visible = feedback_visible(interview, request, standing)
    decision = (
        scorecards.decision_for(application, exclude_author=request.user if own else None)
        if visible
        else None
    )
    context = {
        "interview": interview,
        "application": application,
        "candidate": application.candidate,
        "posting": application.posting,
        "requirements": list(application.posting.requirements.all()),
        "answers": list(application.answers.all()),
        "panel": list(interview.participants.select_related("user")),
        "standing": standing,
        "own": own,
        "decision": decision,
        "feedback_hidden": not visible,
        "started": interview.has_started(),
        **_zones(request, interview),
    }
    return render(request, "interviews/brief.html", context)


@require_GET
@login_required
def interview_resume(request: HtmxRequest, pk: int) -> FileResponse:
    """The resume, for the interviewers on the panel too; recorded on the timeline as any
    download is."""
    interview, _standing = get_panel_interview_for_user(request, pk)
    application = interview.application
    if not application.resume:
        raise Http404("This application has no resume.")
    record_resume_download(application, by=request.user)
    return FileResponse(
        application.resume.open("rb"),
        as_attachment=True,
        filename=application.resume_filename or "resume",
    )


# --- The scorecard -----------------------------------------------------------------------------


def _scorecard_page(
    request: HtmxRequest,
    interview: Interview,
    form: ScorecardForm | None,
    own: Any,
    *,
    error: str = "",
    status: int = 200,
) -> HttpResponse:
    context = {
        "interview": interview,
        "application": interview.application,
        "candidate": interview.application.candidate,
        "form": form,
        "own": own,
        "error": error,
        "started": interview.has_started(),
        **_zones(request, interview),
    }
    return render(request, "interviews/scorecard.html", context, status=status)


@require_http_methods(["GET", "POST"])
@login_required
def scorecard(request: HtmxRequest, pk: int) -> HttpResponse:
    """GET: the interviewer's own scorecard (from the interview's start). POST: keep the draft,
    or with `submit`, submit it (or amend it once submitted)."""
    interview, _standing = get_panel_interview_for_user(request, pk, panel_only=True)
    areas = scorecards.template_areas(interview)
    own = scorecards.own_scorecard(interview, request.user)
    if request.method == "GET":
        form = ScorecardForm(areas=areas, scorecard=own) if interview.has_started() else None
        return _scorecard_page(request, interview, form, own)
    submitting = "submit" in request.POST
    form = ScorecardForm(request.POST, areas=areas, submitting=submitting)
    if not form.is_valid():
        return _scorecard_page(request, interview, form, own)
    try:
        if submitting:
            scorecards.submit_scorecard(interview, by=request.user, answers=form.answers())
        else:
            scorecards.save_draft(interview, by=request.user, answers=form.answers())
    except scorecards.ScorecardRefused as exc:
        shown = form if interview.has_started() else None
        return _scorecard_page(request, interview, shown, own, error=str(exc))
    if submitting:
        was_in = own is not None and own.is_submitted
        messages.success(
            request,
            _("Your amendment is saved and on the timeline.")
            if was_in
            else _("Thank you: your feedback is in. Your colleagues' is shown below."),
        )
        return redirect("interview_brief", pk=interview.pk)
    messages.success(request, _("Draft saved."))
    return redirect("scorecard", pk=interview.pk)


@require_POST
@login_required
def scorecard_draft(request: HtmxRequest, pk: int) -> HttpResponse:
    """The autosave: the form posts here a second after each change (HTMX) and gets back a
    line saying whether the draft is kept. Never submits."""
    interview, _standing = get_panel_interview_for_user(request, pk, panel_only=True)
    form = ScorecardForm(request.POST, areas=scorecards.template_areas(interview))
    saved_at, error = None, ""
    if not form.is_valid():
        error = _("Not saved: %(problem)s") % {
            "problem": " ".join(str(e) for errors in form.errors.values() for e in errors)
        }
    else:
        try:
            scorecards.save_draft(interview, by=request.user, answers=form.answers())
            saved_at = timezone.now()
        except scorecards.ScorecardRefused as exc:
            error = str(exc)
    if not request.htmx:
        if error:
            messages.error(request, error)
        else:
            messages.success(request, _("Draft saved."))
        return redirect("scorecard", pk=interview.pk)
    context = {"saved_at": saved_at, "error": error, **_zones(request, interview)}
    return render(request, "interviews/_draft_status.html", context)


# --- The decision view --------------------------------------------------------------------


def decision_url(application: Application) -> str:
    return reverse("application_feedback", args=[application.pk])


@require_GET
@login_required
def application_feedback(request: HtmxRequest, pk: int) -> HttpResponse:
    """The profile's feedback section: every submitted scorecard side by side per attribute,
    the recommendations counted, who still owes feedback. Access as the profile (those who
    work the posting see all feedback)."""
    application, _membership = get_application_for_user(request, pk)
    organization = application.posting.organization
    context = {
        "application": application,
        "decision": scorecards.decision_for(application),
        "organization": organization,
        "me": request.user,
        "viewer_zone": times.viewer_zone(request.user, organization),
        "org_zone": organization.zone,
    }
    template = "interviews/_decision.html" if request.htmx else "interviews/decision.html"
    return render(request, template, context)
