from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from accounts import access
from accounts.models import Membership
from candidates.access import get_application_for_user
from candidates.models import Application
from config.http import HtmxRequest
from interviews import services, times
from interviews.access import get_interview_for_user, get_kind_for_user
from interviews.forms import (
    AttributeForm,
    CancelForm,
    FocusAreaForm,
    InterviewForm,
    KindEditForm,
    KindForm,
    SaveTemplateForm,
)
from interviews.models import Attribute, FocusArea, Interview, InterviewKind, InterviewParticipant
from postings.access import can_work_posting, get_posting_for_user
from postings.models import Posting

# --- The profile's interviews panel ------------------------------------------------------------


def interviews_url(application: Application) -> str:
    return reverse("application_interviews", args=[application.pk])


def _interviews_context(request: HttpRequest, application: Application) -> dict[str, Any]:
    organization = application.posting.organization
    interviews = list(
        Interview.objects.for_application(application)
        .select_related("kind")
        .prefetch_related(
            Prefetch("participants", queryset=InterviewParticipant.objects.select_related("user"))
        )
        .order_by("-starts_at", "-id")
    )
    now = timezone.now()
    return {
        "application": application,
        "organization": organization,
        "upcoming": [i for i in reversed(interviews) if i.is_upcoming(now)],
        "past": [i for i in interviews if not i.is_upcoming(now)],
        "me": request.user,
        "viewer_zone": times.viewer_zone(request.user, organization),
        "org_zone": organization.zone,
    }


@require_http_methods(["GET"])
@login_required
def application_interviews(request: HtmxRequest, pk: int) -> HttpResponse:
    """The profile's interviews section, loaded by HTMX (a page of its own without JavaScript).
    Access as the profile."""
    application, _membership = get_application_for_user(request, pk)
    template = "interviews/_panel.html" if request.htmx else "interviews/application.html"
    return render(request, template, _interviews_context(request, application))


# --- Scheduling, rescheduling, cancelling ----------------------------------------------------


def _back_to_profile(application_id: int) -> HttpResponse:
    return redirect(reverse("application_profile", args=[application_id]) + "#interviews")


def _schedule_page(
    request: HtmxRequest,
    application: Application,
    form: InterviewForm,
    *,
    interview: Interview | None = None,
    conflicts: list[services.Conflict] | None = None,
) -> HttpResponse:
    organization = application.posting.organization
    membership = next(
        m for m in access.memberships(request) if m.organization_id == organization.pk
    )
    context = {
        "application": application,
        "posting": application.posting,
        "candidate": application.candidate,
        "form": form,
        "interview": interview,
        # A busy interviewer's other interview is named only to someone who works its
        # posting: the time is theirs to know, another posting's or organization's loop isn't.
        "conflicts": [
            (conflict, _may_see(membership, conflict.interview.application.posting))
            for conflict in conflicts or []
        ],
        "organization": organization,
        "me": request.user,
        "org_zone": organization.zone,
        "viewer_zone": times.viewer_zone(request.user, organization),
        "has_kinds": form.fields["kind"].queryset.exists(),  # type: ignore[attr-defined]
    }
    return render(request, "interviews/schedule.html", context)


def _may_see(membership: Membership, posting: Posting) -> bool:
    return posting.organization_id == membership.organization_id and can_work_posting(
        membership, posting
    )


def _confirmed_slot(
    form: InterviewForm, *, exclude: Interview | None = None
) -> tuple[services.Slot | None, list[services.Conflict]]:
    """The slot once the form is valid and its conflicts, if any, were shown and confirmed."""
    if not form.is_valid():
        return None, []
    slot = form.slot()
    conflicts = services.find_conflicts(
        slot.interviewers, slot.starts_at, slot.ends_at, exclude=exclude
    )
    if conflicts and not form.cleaned_data["confirm"]:
        return None, conflicts
    return slot, conflicts


def _refused(form: InterviewForm, exc: services.InterviewRefused) -> None:
    field = exc.field if exc.field in form.fields else None
    form.add_error(field, str(exc))


@require_http_methods(["GET", "POST"])
@login_required
def interview_schedule(request: HtmxRequest, pk: int) -> HttpResponse:
    application, _membership = get_application_for_user(request, pk)
    posting = application.posting
    form = InterviewForm(request.POST or None, posting=posting)
    if request.method == "GET":
        return _schedule_page(request, application, form)
    slot, conflicts = _confirmed_slot(form)
    if slot is None:
        return _confirm_or_errors(request, application, form, conflicts)
    try:
        services.schedule_interview(application, slot=slot, by=request.user)
    except services.InterviewRefused as exc:
        _refused(form, exc)
        return _schedule_page(request, application, form)
    messages.success(request, _("Interview scheduled; the invitations are on their way."))
    return _back_to_profile(application.pk)


def _confirm_or_errors(
    request: HtmxRequest,
    application: Application,
    form: InterviewForm,
    conflicts: list[services.Conflict],
    interview: Interview | None = None,
) -> HttpResponse:
    if conflicts:
        # The same form again, its answers kept, with the conflicts and a "schedule anyway".
        data = request.POST.copy()
        data["confirm"] = "on"
        confirming = InterviewForm(data, posting=application.posting)
        confirming.is_valid()
        return _schedule_page(
            request, application, confirming, interview=interview, conflicts=conflicts
        )
    return _schedule_page(request, application, form, interview=interview)


@require_http_methods(["GET", "POST"])
@login_required
def interview_reschedule(request: HtmxRequest, pk: int) -> HttpResponse:
    interview, _membership = get_interview_for_user(request, pk)
    application = interview.application
    if interview.is_cancelled:
        messages.error(request, _("This interview was cancelled."))
        return _back_to_profile(application.pk)
    initial = {
        "kind": interview.kind,
        "starts_at": interview.starts_at,
        "duration_minutes": interview.duration_minutes,
        "interviewers": list(interview.interviewers.all()),
        "location": interview.location,
        "video_link": interview.video_link,
        "candidate_note": interview.candidate_note,
        "internal_note": interview.internal_note,
        "version": interview.version,
    }
    form = InterviewForm(request.POST or None, posting=application.posting, initial=initial)
    if request.method == "GET":
        return _schedule_page(request, application, form, interview=interview)
    slot, conflicts = _confirmed_slot(form, exclude=interview)
    if slot is None:
        return _confirm_or_errors(request, application, form, conflicts, interview)
    try:
        services.reschedule_interview(
            interview,
            slot=slot,
            by=request.user,
            expected_version=form.cleaned_data["version"] or 0,
        )
    except services.StaleInterview as exc:
        messages.error(request, str(exc))
        return redirect("interview_reschedule", pk=interview.pk)
    except services.InterviewRefused as exc:
        _refused(form, exc)
        return _schedule_page(request, application, form, interview=interview)
    messages.success(request, _("Interview changed; the updated invitations are on their way."))
    return _back_to_profile(application.pk)


@require_http_methods(["GET", "POST"])
@login_required
def interview_cancel(request: HtmxRequest, pk: int) -> HttpResponse:
    interview, _membership = get_interview_for_user(request, pk)
    application = interview.application
    if request.method == "GET":
        organization = application.posting.organization
        context = {
            "interview": interview,
            "application": application,
            "organization": organization,
            "me": request.user,
        }
        return render(request, "interviews/cancel.html", context)
    form = CancelForm(request.POST)
    version = form.cleaned_data["version"] if form.is_valid() else None
    try:
        services.cancel_interview(interview, by=request.user, expected_version=version)
    except services.InterviewRefused as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Interview cancelled; the panel and the candidate are told."))
    return _back_to_profile(application.pk)


# --- The interview plan, a section of the posting editor -----------------------------------


def plan_section(request: HttpRequest, posting: Posting) -> tuple[str, dict[str, Any]]:
    """The editor's "Interview plan" section (a postings editor section)."""
    return "interviews/_plan.html", plan_context(posting)


def plan_context(
    posting: Posting,
    *,
    add_form: KindForm | None = None,
    editing: InterviewKind | None = None,
    edit_form: KindEditForm | None = None,
    forms_for: dict[tuple[str, int], Any] | None = None,
    error: str = "",
) -> dict[str, Any]:
    """The plan by stage: each kind with its scorecard (focus areas of attributes)."""
    kinds = list(
        InterviewKind.objects.for_posting(posting)
        .select_related("scorecard_template", "based_on", "stage")
        .prefetch_related(
            Prefetch(
                "scorecard_template__focus_areas",
                queryset=FocusArea.objects.prefetch_related("attributes"),
            )
        )
    )
    forms_for = forms_for or {}
    rows: list[dict[str, Any]] = []
    for kind in kinds:
        template = kind.scorecard_template
        areas = list(template.focus_areas.all())
        rows.append(
            {
                "kind": kind,
                "areas": areas,
                "edit_form": (edit_form if editing is not None and editing.pk == kind.pk else None),
                "area_form": forms_for.get(("area", kind.pk))
                or FocusAreaForm(prefix=f"area-{kind.pk}"),
                "attribute_form": forms_for.get(("attribute", kind.pk))
                or AttributeForm(template=template, areas=areas, prefix=f"attribute-{kind.pk}"),
                "save_form": forms_for.get(("save", kind.pk))
                or SaveTemplateForm(prefix=f"save-{kind.pk}", initial={"name": kind.name}),
            }
        )
    stages = [
        {"stage": stage, "rows": [r for r in rows if r["kind"].stage_id == stage.pk]}
        for stage in posting.stages.all()
    ]
    return {
        "posting": posting,
        "stages": stages,
        "add_form": add_form or KindForm(posting=posting, prefix="kind-new"),
        "error": error,
    }


def _plan_answer(request: HtmxRequest, posting: Posting, **section: Any) -> HttpResponse:
    """HTMX gets the section back; a plain POST redirects to the editor (or, with errors,
    gets the plan on a page of its own)."""
    context = plan_context(posting, **section)
    if request.htmx:
        return render(request, "interviews/_plan.html", context)
    has_form_errors = any(
        form is not None and form.errors
        for form in (
            section.get("add_form"),
            section.get("edit_form"),
            *section.get("forms_for", {}).values(),
        )
    )
    if has_form_errors:
        return render(request, "interviews/plan.html", context)
    if section.get("error"):
        messages.error(request, section["error"])
    return redirect(reverse("posting_edit", args=[posting.pk]) + "#interview-plan")


@require_http_methods(["GET", "POST"])
@login_required
def interview_plan(request: HtmxRequest, pk: int) -> HttpResponse:
    """GET: the section (HTMX) or the plan's page; POST: add an interview kind."""
    posting, _membership = get_posting_for_user(request, pk, edit=True)
    if request.method == "GET":
        template = "interviews/_plan.html" if request.htmx else "interviews/plan.html"
        return render(request, template, plan_context(posting))
    form = KindForm(request.POST, posting=posting, prefix="kind-new")
    if not form.is_valid():
        return _plan_answer(request, posting, add_form=form)
    try:
        services.add_interview_kind(
            form.cleaned_data["stage"],
            name=form.cleaned_data["name"],
            duration_minutes=form.cleaned_data["duration_minutes"],
            based_on=form.cleaned_data["based_on"],
        )
    except services.PlanRefused as exc:
        return _plan_answer(request, posting, error=str(exc))
    return _plan_answer(request, posting)


@require_http_methods(["GET", "POST"])
@login_required
def interview_kind(request: HtmxRequest, pk: int, kind_id: int) -> HttpResponse:
    """GET: the kind's name and duration form; POST: save them."""
    posting, _membership, kind = get_kind_for_user(request, pk, kind_id)
    form = KindEditForm(request.POST or None, instance=kind, prefix=f"kind-{kind.pk}")
    if request.method == "GET" or not form.is_valid():
        if not request.htmx and request.method == "GET":
            return render(
                request,
                "interviews/plan.html",
                plan_context(posting, editing=kind, edit_form=form),
            )
        return _plan_answer(request, posting, editing=kind, edit_form=form)
    form.save()
    return _plan_answer(request, posting)


@require_POST
@login_required
def interview_kind_delete(request: HtmxRequest, pk: int, kind_id: int) -> HttpResponse:
    posting, _membership, kind = get_kind_for_user(request, pk, kind_id)
    try:
        services.remove_interview_kind(kind)
    except services.PlanRefused as exc:
        return _plan_answer(request, posting, error=str(exc))
    return _plan_answer(request, posting)


@require_POST
@login_required
def focus_area_add(request: HtmxRequest, pk: int, kind_id: int) -> HttpResponse:
    posting, _membership, kind = get_kind_for_user(request, pk, kind_id)
    form = FocusAreaForm(request.POST, prefix=f"area-{kind.pk}")
    if not form.is_valid():
        return _plan_answer(request, posting, forms_for={("area", kind.pk): form})
    area = form.save(commit=False)
    area.template = kind.scorecard_template
    area.order = kind.scorecard_template.focus_areas.count()
    area.save()
    return _plan_answer(request, posting)


@require_POST
@login_required
def focus_area_delete(request: HtmxRequest, pk: int, kind_id: int, area_id: int) -> HttpResponse:
    posting, _membership, kind = get_kind_for_user(request, pk, kind_id)
    area = get_object_or_404(FocusArea, template=kind.scorecard_template, pk=area_id)
    try:
        services.remove_focus_area(area)
    except services.PlanRefused as exc:
        return _plan_answer(request, posting, error=str(exc))
    return _plan_answer(request, posting)


@require_POST
@login_required
def attribute_add(request: HtmxRequest, pk: int, kind_id: int) -> HttpResponse:
    posting, _membership, kind = get_kind_for_user(request, pk, kind_id)
    template = kind.scorecard_template
    form = AttributeForm(request.POST, template=template, prefix=f"attribute-{kind.pk}")
    if not form.is_valid():
        return _plan_answer(request, posting, forms_for={("attribute", kind.pk): form})
    attribute = form.save(commit=False)
    attribute.order = attribute.focus_area.attributes.count()
    attribute.save()
    return _plan_answer(request, posting)


@require_POST
@login_required
def attribute_delete(
    request: HtmxRequest, pk: int, kind_id: int, attribute_id: int
) -> HttpResponse:
    posting, _membership, kind = get_kind_for_user(request, pk, kind_id)
    attribute = get_object_or_404(
        Attribute, focus_area__template=kind.scorecard_template, pk=attribute_id
    )
    try:
        services.remove_attribute(attribute)
    except services.PlanRefused as exc:
        return _plan_answer(request, posting, error=str(exc))
    return _plan_answer(request, posting)


@require_POST
@login_required
def scorecard_template_save(request: HtmxRequest, pk: int, kind_id: int) -> HttpResponse:
    """Put a copy of a kind's scorecard in the organization's reusable templates: a library
    for every posting, so admins and recruiters only."""
    posting, membership, kind = get_kind_for_user(request, pk, kind_id)
    access.require(
        membership.can_manage_postings(),
        _("Only admins and recruiters add to the organization's scorecard templates."),
    )
    form = SaveTemplateForm(request.POST, prefix=f"save-{kind.pk}")
    if not form.is_valid():
        return _plan_answer(request, posting, forms_for={("save", kind.pk): form})
    try:
        services.save_as_reusable(kind, name=form.cleaned_data["name"].strip())
    except services.PlanRefused as exc:
        return _plan_answer(request, posting, error=str(exc))
    if not request.htmx:
        messages.success(request, _("Saved to your organization's scorecard templates."))
    return _plan_answer(request, posting)
