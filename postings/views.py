from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.db.models import Model, Prefetch
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts import access
from config.http import HtmxRequest
from config.ratelimit import limited
from postings import extensions, services
from postings.access import (
    can_create_posting,
    can_edit_posting,
    can_transition_posting,
    can_work_posting,
    get_posting_for_transition,
    get_posting_for_user,
    require_current_membership,
    with_team_flag,
)
from postings.forms import (
    MoveForm,
    PostingFilterForm,
    PostingForm,
    PreviewForm,
    QuestionForm,
    RequirementForm,
    StageForm,
)
from postings.markdown import render_markdown
from postings.models import Posting, PostingStatus, Question, Requirement, Stage


@dataclass(frozen=True)
class Collection:
    """The lists edited inline on a posting: requirements, questions and stages."""

    name: str
    model: type[Model]
    form: type[Any]  # a ModelForm taking posting=
    title: Any
    add_label: Any


COLLECTIONS = {
    "requirements": Collection(
        "requirements",
        Requirement,
        RequirementForm,
        gettext_lazy("Requirements"),
        gettext_lazy("Add requirement"),
    ),
    "questions": Collection(
        "questions",
        Question,
        QuestionForm,
        gettext_lazy("Screening questions"),
        gettext_lazy("Add question"),
    ),
    "stages": Collection(
        "stages", Stage, StageForm, gettext_lazy("Stages"), gettext_lazy("Add stage")
    ),
}


@require_GET
@login_required
def posting_list(request: HtmxRequest) -> HttpResponse:
    membership = require_current_membership(request)
    filters = PostingFilterForm(request.GET)
    postings = with_team_flag(
        Posting.objects.visible_to(membership).prefetch_related(
            Prefetch("stages", queryset=Stage.objects.with_active_counts())
        ),
        membership.user_id,
    )
    if filters.is_valid():
        if filters.cleaned_data["status"]:
            postings = postings.filter(status=filters.cleaned_data["status"])
        if filters.cleaned_data["department"]:
            postings = postings.filter(department__iexact=filters.cleaned_data["department"])
    # Each row links only what the member may open: an interviewer on the team has no editor.
    rows = [
        (p, {"edit": can_edit_posting(membership, p), "board": can_work_posting(membership, p)})
        for p in postings
    ]
    departments = (
        Posting.objects.visible_to(membership)
        .exclude(department="")
        .values_list("department", flat=True)
        .distinct()
        .order_by("department")
    )
    context = {
        "rows": rows,
        "filters": filters,
        "departments": list(departments),
        "can_create": can_create_posting(membership),
    }
    return render(request, "postings/list.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def posting_new(request: HtmxRequest) -> HttpResponse:
    membership = require_current_membership(request)
    access.require(can_create_posting(membership), _("Only admins and recruiters create postings."))
    form = PostingForm(request.POST or None, organization=membership.organization)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "hiring_team"}
        posting = services.create_posting(
            membership.organization,
            by=request.user,
            hiring_team=list(form.cleaned_data["hiring_team"]),
            **data,
        )
        messages.success(request, _("Draft saved. Add requirements and questions, then publish."))
        return redirect("posting_edit", pk=posting.pk)
    return render(request, "postings/new.html", {"form": form})


@require_http_methods(["GET", "POST"])
@login_required
def posting_edit(request: HtmxRequest, pk: int) -> HttpResponse:
    posting, _membership = get_posting_for_user(request, pk, edit=True)
    form = PostingForm(request.POST or None, instance=posting, organization=posting.organization)
    if request.method == "POST" and form.is_valid():
        posting = form.save(commit=False)
        posting.slug = posting.slug or services.unique_slug(
            posting.organization, posting.title, exclude=posting.pk
        )
        with transaction.atomic():
            posting.save()
            services.set_hiring_team(posting, form.cleaned_data["hiring_team"])
        messages.success(request, _("Saved."))
        url = reverse("posting_edit", args=[posting.pk])
        # A new description brings suggestions: take the recruiter to them (nothing is added).
        before = " ".join(str(form.initial.get("description") or "").split())
        if before != " ".join(posting.description.split()) and services.pending_suggestions(
            posting, posting.requirements.all()
        ):
            url += "#suggestions"
        return redirect(url)
    return render(request, "postings/edit.html", _edit_context(request, posting, form))


def _edit_context(
    request: HtmxRequest, posting: Posting, form: PostingForm, **overrides: Any
) -> dict[str, Any]:
    editing = (request.GET.get("edit_collection"), request.GET.get("edit_item"))
    suggestion = request.GET.get("edit_suggestion", "")
    sections = [
        section_context(
            posting,
            spec,
            editing=editing,
            editing_suggestion=suggestion if spec.name == "requirements" else "",
            **overrides.get(spec.name, {}),
        )
        for spec in COLLECTIONS.values()
    ]
    return {
        "posting": posting,
        "form": form,
        "sections": sections,
        "extra_sections": extensions.render_editor_sections(request, posting),
        "preview": posting.description_html,
        "transitions": _offered_transitions(request, posting),
        "history": posting.events.select_related("actor")[:HISTORY_LENGTH],
    }


# How many of a posting's latest events its editor lists; admin shows them all.
HISTORY_LENGTH = 10


# The transition each status leads to; duplicating is possible from any status.
NEXT_TRANSITION = {
    PostingStatus.DRAFT: "publish",
    PostingStatus.OPEN: "close",
    PostingStatus.CLOSED: "reopen",
}


def _offered_transitions(request: HtmxRequest, posting: Posting) -> set[str]:
    """The transition buttons the editor shows: those the posting's status allows and the
    member's role may do (the same check the transition view makes)."""
    membership = next(
        m for m in access.memberships(request) if m.organization_id == posting.organization_id
    )
    candidates = [NEXT_TRANSITION[PostingStatus(posting.status)], "duplicate"]
    return {a for a in candidates if can_transition_posting(membership, posting, a)}


def section_context(
    posting: Posting,
    spec: Collection,
    *,
    editing: tuple[Any, Any] = (None, None),
    add_form: Any = None,
    edit_form: Any = None,
    error: str = "",
    editing_suggestion: str = "",
    suggestion_form: tuple[str, RequirementForm] | None = None,
) -> dict[str, Any]:
    items = list(spec.model._default_manager.filter(posting=posting))
    rows = []
    for item in items:
        if edit_form is not None and edit_form.instance.pk == item.pk:
            rows.append((item, edit_form))
        elif editing == (spec.name, str(item.pk)):
            rows.append(
                (item, spec.form(instance=item, posting=posting, prefix=f"{spec.name}-{item.pk}"))
            )
        else:
            rows.append((item, None))
    return {
        "spec": spec,
        "rows": rows,
        "add_form": add_form or spec.form(posting=posting, prefix=f"{spec.name}-new"),
        "error": error,
        "posting": posting,
        "row_template": f"postings/_{spec.name}_row.html",
        "suggestions": (
            _suggestion_rows(posting, items, editing_suggestion, suggestion_form)
            if spec.name == "requirements" and posting.description.strip()
            else None
        ),
        "nothing_found": spec.name == "requirements" and services.suggests_nothing(posting),
    }


def _suggestion_rows(
    posting: Posting,
    requirements: list[Any],
    editing: str,
    suggestion_form: tuple[str, RequirementForm] | None,
) -> list[tuple[str, Requirement, RequirementForm | None]]:
    """The pending suggestions as unsaved requirements (for their labels), with the one being
    edited, if any, carrying its form."""
    rows: list[tuple[str, Requirement, RequirementForm | None]] = []
    for key, suggestion in services.pending_suggestions(posting, requirements):
        form = None
        if suggestion_form is not None and suggestion_form[0] == key:
            form = suggestion_form[1]
        elif key == editing:
            form = suggestion_edit_form(posting, key, suggestion.as_dict())
        rows.append((key, Requirement(posting=posting, **suggestion.as_dict()), form))
    return rows


def suggestion_edit_form(
    posting: Posting, key: str, initial: dict[str, Any], data: Any = None
) -> RequirementForm:
    return RequirementForm(data, initial=initial, posting=posting, prefix=f"suggestion-{key}")


def collection_answer(
    request: HtmxRequest, posting: Posting, spec: Collection, *, status: int = 200, **section: Any
) -> HttpResponse:
    """HTMX gets the section back; a plain POST redirects (or, with errors, gets the page)."""
    if request.htmx:
        return render(
            request,
            "postings/_collection.html",
            {"section": section_context(posting, spec, **section)},
            status=status,
        )
    if section.get("add_form") or section.get("edit_form") or section.get("suggestion_form"):
        form = PostingForm(instance=posting, organization=posting.organization)
        return render(
            request,
            "postings/edit.html",
            _edit_context(request, posting, form, **{spec.name: section}),
            status=status,
        )
    if section.get("error"):
        messages.error(request, section["error"])
    return redirect(reverse("posting_edit", args=[posting.pk]) + f"#{spec.name}")


@require_POST
@login_required
def collection_add(request: HtmxRequest, pk: int, collection: str) -> HttpResponse:
    posting, _membership = get_posting_for_user(request, pk, edit=True)
    spec = COLLECTIONS[collection]
    form = spec.form(request.POST, posting=posting, prefix=f"{spec.name}-new")
    if not form.is_valid():
        return collection_answer(request, posting, spec, add_form=form)
    services.add_collection_item(posting, form.save(commit=False), by=request.user)
    return collection_answer(request, posting, spec)


def _get_item_for_user(
    request: HtmxRequest, pk: int, collection: str, item_id: int
) -> tuple[Posting, Collection, Any]:
    """A requirement, question or stage of a posting the user may edit (404/403 as the posting)."""
    posting, _membership = get_posting_for_user(request, pk, edit=True)
    spec = COLLECTIONS[collection]
    item = get_object_or_404(spec.model._default_manager.all(), posting=posting, pk=item_id)
    return posting, spec, item


@require_http_methods(["GET", "POST"])
@login_required
def collection_item(request: HtmxRequest, pk: int, collection: str, item_id: int) -> HttpResponse:
    posting, spec, item = _get_item_for_user(request, pk, collection, item_id)
    form = spec.form(
        request.POST or None, instance=item, posting=posting, prefix=f"{spec.name}-{item.pk}"
    )
    if request.method == "GET":
        if request.htmx:
            return render(
                request,
                "postings/_collection.html",
                {"section": section_context(posting, spec, edit_form=form)},
            )
        return redirect(
            reverse("posting_edit", args=[posting.pk])
            + f"?edit_collection={spec.name}&edit_item={item.pk}#{spec.name}"
        )
    if not form.is_valid():
        return collection_answer(request, posting, spec, edit_form=form)
    services.update_collection_item(form.save(commit=False), by=request.user)
    return collection_answer(request, posting, spec)


@require_POST
@login_required
def collection_delete(request: HtmxRequest, pk: int, collection: str, item_id: int) -> HttpResponse:
    posting, spec, item = _get_item_for_user(request, pk, collection, item_id)
    try:
        services.remove_collection_item(item, by=request.user)
    except services.PostingError as exc:
        return collection_answer(request, posting, spec, error=str(exc))
    return collection_answer(request, posting, spec)


@require_POST
@login_required
def collection_move(request: HtmxRequest, pk: int, collection: str, item_id: int) -> HttpResponse:
    posting, spec, item = _get_item_for_user(request, pk, collection, item_id)
    form = MoveForm(request.POST)
    if form.is_valid():
        services.move_collection_item(
            item, direction=form.cleaned_data["direction"], by=request.user
        )
    return collection_answer(request, posting, spec)


@require_POST
@login_required
@limited("preview", "PREVIEW_RATE_LIMIT")
def description_preview(request: HtmxRequest) -> HttpResponse:
    membership = require_current_membership(request)
    access.require(
        membership.can_manage_postings() or membership.works_team_postings(),
        _("Your role can't edit postings."),
    )
    form = PreviewForm(request.POST)
    html = render_markdown(form.cleaned_data["description"]) if form.is_valid() else ""
    return render(request, "postings/_preview.html", {"preview": html})


TRANSITIONS = {
    "publish": (
        services.publish_posting,
        gettext_lazy("Published: the posting is on your careers page."),
    ),
    "close": (
        services.close_posting,
        gettext_lazy("Closed. Applications and the board are kept; reopen it any time."),
    ),
    "reopen": (
        services.reopen_posting,
        gettext_lazy("Reopened: the posting takes applications again."),
    ),
    "duplicate": (
        services.duplicate_posting,
        gettext_lazy("Duplicated as a draft, without applications."),
    ),
}


@require_http_methods(["GET", "POST"])
@login_required
def posting_transition(request: HtmxRequest, pk: int, action: str) -> HttpResponse:
    posting, _membership = get_posting_for_transition(request, pk, action)
    if request.method == "GET":
        # Closing asks first; the other actions are plain buttons on the editor.
        return render(request, "postings/confirm.html", {"posting": posting, "action": action})
    service, done = TRANSITIONS[action]
    try:
        result = service(posting, by=request.user)
    except services.PostingError as exc:
        messages.error(request, str(exc))
        return redirect("posting_edit", pk=posting.pk)
    messages.success(request, str(done))
    return redirect("posting_edit", pk=result.pk)
