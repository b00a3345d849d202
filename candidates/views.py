from __future__ import annotations

import zoneinfo
from datetime import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import FileResponse, Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_htmx.http import HttpResponseClientRedirect, trigger_client_event

from accounts.models import User
from candidates import board, export, extensions, keyset
from candidates.access import get_application_for_user
from candidates.emails import application_rejected
from candidates.filters import KNOCKOUT, SORTS, Filters
from candidates.forms import AdvanceForm, BulkForm, MergeDetailsForm, MoveForm, RejectForm
from candidates.hooks import closing_notices
from candidates.models import (
    DEFAULT_REJECTION_REASONS,
    MERGEABLE_DETAILS,
    Application,
    Note,
    NotifyMode,
    RejectionReason,
    mentions_waiting_here,
)
from candidates.services import (
    NOTE_MAX_LENGTH,
    REJECTION_DELAY_DEFAULT,
    REJECTION_EMAIL_DEFAULT,
    UNDO_WINDOW,
    ActionRefused,
    MoveRefused,
    StageEmail,
    StaleMove,
    add_note,
    advance_application,
    bulk_act,
    cancel_application_email,
    delete_note,
    edit_note,
    hire_application,
    mark_mentions_seen,
    merge_submitted_details,
    move_application,
    record_export,
    record_list_view,
    record_resume_download,
    reject_application,
    reopen_application,
    send_stage_email,
    set_notification_preference,
    stage_email_values,
    undo_rejection,
    withdraw_application,
)
from candidates.visits import record_visit
from config.http import HtmxRequest
from config.ratelimit import limited
from config.validators import one_line
from postings.access import get_board_posting_for_user
from postings.emailtemplates import render_template
from postings.models import Posting, Stage


@require_GET
@login_required
def board_page(request: HtmxRequest, pk: int) -> HttpResponse:
    posting, _membership = get_board_posting_for_user(request, pk)
    sort = board.remembered_sort(request, posting)
    if sort is not None and not request.htmx:
        return redirect(f"{request.path}?{urlencode({**request.GET.dict(), 'sort': sort})}")
    page = board.board_page(request, posting)
    notify_mode = record_visit(posting, by=request.user)  # the home page's "new since"
    context = {
        "posting": posting,
        "page": page,
        "panels": extensions.render_panels(extensions.board_panels(), request, posting),
        "filters": page.filters,
        "notify_mode": notify_mode,
        "notify_modes": NotifyMode.choices,
    }
    # A filter change swaps only the columns; the URL (pushed by htmx) keeps the filters.
    if request.htmx:
        return HttpResponse(page.columns_html)
    return render(request, "candidates/board.html", context)


@require_GET
@login_required
def board_column(request: HtmxRequest, pk: int, stage_id: int) -> HttpResponse:
    posting, _membership = get_board_posting_for_user(request, pk)
    stage = get_object_or_404(Stage, posting=posting, pk=stage_id)
    _form, filters = board.filter_form(request.GET, posting)
    offset = max(0, int(request.GET["offset"])) if request.GET.get("offset", "").isdigit() else 0
    column = board.more_cards(posting, stage, filters, offset)
    stages = list(posting.stages.all())
    board.render_cards(request, posting, [column], stages, filters)
    template = "candidates/_more_cards.html" if request.htmx else "candidates/column.html"
    context = {"posting": posting, "column": column, "filters": filters, "stages": stages}
    return render(request, template, context)


@require_POST
@login_required
def move(request: HtmxRequest, pk: int) -> HttpResponse:
    application, _membership = get_application_for_user(request, pk)
    posting = application.posting
    stages = list(posting.stages.all())
    form = MoveForm(request.POST, posting=posting, stages=stages)
    filters = board.parse_filters(request.POST)
    touched, error, emailable = {application.stage_id}, "", False
    if not form.is_valid():
        error = str(next(iter(form.errors.values()))[0])
    else:
        data = form.cleaned_data
        touched.add(data["stage"].pk)
        try:
            move_application(
                application,
                to_stage=data["stage"],
                by=request.user,
                expected_version=data["version"],
                after=data["after"],
                before=data["before"],
            )
            # A move into a stage with an email template hands over to its preview.
            emailable = (
                bool(data["stage"].email_template_id) and data["stage"].pk != application.stage_id
            )
        except StaleMove as exc:
            error, touched = str(exc), touched | {exc.application.stage_id}
        except MoveRefused as exc:
            error = str(exc)
    if request.htmx:
        columns = board.columns(posting, filters, only=touched, stages=stages)
        board.render_cards(request, posting, columns, stages, filters)
        context = {
            "posting": posting,
            "columns": columns,
            "filters": filters,
            "stages": stages,
            "error": error,
            "emailable": application if emailable else None,
            "back": reverse("board", args=[posting.pk])
            + (f"?{filters.querystring()}" if filters.querystring() else ""),
        }
        return render(request, "candidates/_move_result.html", context)
    if error:
        messages.error(request, error)
    url = reverse("board", args=[posting.pk])
    back = _safe_next(request) or (
        f"{url}?{filters.querystring()}" if filters.querystring() else url
    )
    if emailable:
        return redirect(
            reverse("stage_email", args=[application.pk]) + "?" + urlencode({"next": back})
        )
    return redirect(back)


# Events shown at once; "Show older" fetches the next ones by keyset. Ten: the latest of a busy
# application fit a screen, and the page weighs the same with 10 events as with 1,000.
TIMELINE_PAGE = 10
TIMELINE_ORDER = ("-created_at", "-id")


@require_GET
@login_required
def profile(request: HtmxRequest, pk: int) -> HttpResponse:
    application, membership = get_application_for_user(request, pk)
    timeline = keyset.paginate(
        application.events.select_related(
            "actor", "from_stage", "to_stage", "note__author", "message"
        ).annotate(mentions_waiting=mentions_waiting_here(request.user)),
        TIMELINE_ORDER,
        size=TIMELINE_PAGE,
        after=request.GET.get("older", ""),
    )
    # Asked along with the timeline, so a profile without a mention waiting costs no query.
    if any(event.mentions_waiting for event in timeline.rows):  # type: ignore[attr-defined]
        mark_mentions_seen(application, by=request.user)
    if request.htmx and not request.htmx.history_restore_request:
        # "Show older": the next events and the control after them, appended in place.
        context = {
            "application": application,
            "timeline": timeline,
            "me": request.user,
            "note_max": NOTE_MAX_LENGTH,
        }
        return render(request, "candidates/_timeline_page.html", context)
    reasons = [
        r.label
        for r in RejectionReason.objects.filter(organization_id=application.posting.organization_id)
    ]
    # Walk the board column this card is in, in the board's sort and filters (one light query).
    filters = board.parse_filters(request.GET)
    column = list(
        Application.objects.for_posting(application.posting)
        .filtered(filters)
        .filter(stage_id=application.stage_id)
        .sorted_by(filters.sort)
        .values_list("pk", flat=True)
    )
    here = column.index(application.pk) if application.pk in column else -1
    walk = {
        "previous": column[here - 1] if here > 0 else None,
        "next": column[here + 1] if 0 <= here < len(column) - 1 else None,
        "position": here + 1,
        "total": len(column),
        "query": filters.querystring(),
    }
    stages = list(application.posting.stages.all())
    # Where an action taken here goes on to: the next candidate of the walk, or back here.
    query = f"?{walk['query']}" if walk["query"] else ""
    after = reverse("application_profile", args=[walk["next"] or application.pk]) + query
    panels = extensions.profile_panels()
    context = {
        "walk": walk,
        "after_action": after,
        "next_stage": _next_stage(application, stages),
        "undo": _take_undo(request),
        "application": application,
        "candidate": application.candidate,
        "differences": application.differing_details(),
        "posting": application.posting,
        "answers": list(application.answers.all()),
        "tags": list(application.tags.all()),
        "others": list(
            Application.objects.workable_by(membership)
            .filter(candidate=application.candidate)
            .exclude(pk=application.pk)
            .select_related("posting", "stage")
        ),
        "timeline": timeline,
        "reasons": reasons or list(DEFAULT_REJECTION_REASONS),
        "pending_emails": application.cancellable_emails(),
        "stages": [stage for stage in stages if stage.pk != application.stage_id],
        "me": request.user,
        "note_max": NOTE_MAX_LENGTH,
        "panels": extensions.render_panels(panels, request, application),
        "panel_links": [(panel.name, panel.title) for panel in panels if panel.title],
    }
    return render(request, "candidates/profile.html", context)


@require_GET
@login_required
def resume(request: HtmxRequest, pk: int) -> FileResponse:
    application, _membership = get_application_for_user(request, pk)
    if not application.resume:
        raise Http404("This application has no resume.")
    record_resume_download(application, by=request.user)
    handle = application.resume.open("rb")
    return FileResponse(
        handle, as_attachment=True, filename=application.resume_filename or "resume"
    )


def _back(application: Application, anchor: str = "") -> HttpResponse:
    return redirect(reverse("application_profile", args=[application.pk]) + anchor)


@require_POST
@login_required
@limited("note", "NOTE_RATE_LIMIT")
def note_add(request: HtmxRequest, pk: int) -> HttpResponse:
    application, _membership = get_application_for_user(request, pk)
    try:
        note = add_note(application, by=request.user, body=request.POST.get("body", ""))
    except ActionRefused as exc:
        messages.error(request, str(exc))
        return _back(application, "#notes")
    return _back(application, f"#note-{note.pk}")


@require_POST
@login_required
def note_change(request: HtmxRequest, pk: int, note_id: int, action: str) -> HttpResponse:
    application, _membership = get_application_for_user(request, pk)
    note = get_object_or_404(Note, application=application, pk=note_id)
    if note.author_id != request.user.pk:
        raise PermissionDenied(_("Only the author can change a note."))
    try:
        if action == "delete":
            delete_note(note, by=request.user)
        else:
            edit_note(note, by=request.user, body=request.POST.get("body", ""))
    except ActionRefused as exc:
        messages.error(request, str(exc))
    return _back(application, "#notes")


@require_POST
@login_required
def application_action(request: HtmxRequest, pk: int, action: str) -> HttpResponse:
    application, _membership = get_application_for_user(request, pk)
    if action == "merge-details":
        return _merge_details(request, application)
    if action in CLOSING and request.POST.get("confirm_closing") != "1":
        notices = closing_notices(application)
        if notices:
            return _confirm_closing(request, application, action, notices)
    try:
        if action == "reject":
            form = RejectForm(request.POST)
            if not form.is_valid():
                raise ActionRefused(str(next(iter(form.errors.values()))[0]))
            data = form.cleaned_data
            delay = data["delay_days"] if data["delay_days"] is not None else 2
            reject_application(
                application,
                by=request.user,
                reason=data["reason"],
                send_email=data["send_email"],
                delay_days=delay,
            )
            messages.success(
                request,
                _("Rejected %(name)s.") % {"name": application.candidate.name}
                + (
                    " " + _("The email is scheduled; you can cancel it until it goes.")
                    if data["send_email"]
                    else ""
                ),
            )
            _offer_undo(request, [application], application.posting_id)
            # The walk goes on: the next candidate of the column, when the profile named one.
            return redirect(_safe_next(request) or reverse("application_profile", args=[pk]))
        elif action == "undo-reject":
            undo_rejection(application, by=request.user)
            messages.success(
                request,
                _("Undone: %(name)s is back in %(stage)s.")
                % {"name": application.candidate.name, "stage": application.stage.name},
            )
        elif action == "cancel-email":
            message_id = (
                int(request.POST.get("message", "0") or 0)
                if str(request.POST.get("message", "")).isdigit()
                else 0
            )
            cancel_application_email(application, message_id=message_id, by=request.user)
            messages.success(request, _("The email is cancelled; it won't be sent."))
        else:
            ACTIONS[action](application, by=request.user)
            messages.success(request, ACTION_DONE[action])
    except ActionRefused as exc:
        messages.error(request, str(exc))
    return _back(application)


# Closing actions: what else they undo (upcoming interviews) is named and confirmed first.
CLOSING = {
    "reject": _lazy("Reject"),
    "hire": _lazy("Mark as hired"),
    "withdraw": _lazy("Record the withdrawal"),
}


def _confirm_closing(
    request: HtmxRequest, application: Application, action: str, notices: list[str]
) -> HttpResponse:
    """The same action again, its answers kept, once the person has read what it also does."""
    kept = [
        (name, value)
        for name, values in request.POST.lists()
        if name not in ("csrfmiddlewaretoken", "confirm_closing")
        for value in values
    ]
    context = {
        "application": application,
        "candidate": application.candidate,
        "action": action,
        "verb": CLOSING[action],
        "notices": notices,
        "kept": kept,
    }
    return render(request, "candidates/confirm_closing.html", context)


def _merge_details(request: HtmxRequest, application: Application) -> HttpResponse:
    """Copy the chosen details sent with the application to the candidate record."""
    form = MergeDetailsForm(request.POST)
    level, notice = messages.SUCCESS, ""
    try:
        if not form.is_valid():
            raise ActionRefused(str(next(iter(form.errors.values()))[0]))
        chosen = form.cleaned_data["detail"]
        merge_submitted_details(application, by=request.user, fields=chosen)
        labels = ", ".join(
            str(label) for name, label in MERGEABLE_DETAILS.items() if name in chosen
        )
        notice = _("Copied to the candidate record: %(details)s.") % {"details": labels}
    except ActionRefused as exc:
        level, notice = messages.ERROR, str(exc)
    if not request.htmx:
        messages.add_message(request, level, notice)
        return _back(application, "#details")
    application.refresh_from_db()
    context = {
        "application": application,
        "candidate": application.candidate,
        "differences": application.differing_details(),
        "tags": list(application.tags.all()),
        "notice": notice,
        "notice_level": "success" if level == messages.SUCCESS else "error",
        "oob": True,
    }
    return render(request, "candidates/_details.html", context)


ACTIONS = {"hire": hire_application, "withdraw": withdraw_application, "reopen": reopen_application}
ACTION_DONE = {
    "hire": _lazy("Marked as hired. Congratulations to the team!"),
    "withdraw": _lazy("Recorded that the candidate withdrew."),
    "reopen": _lazy("Reopened in the stage it was in."),
}


LIST_PAGE = 50
LIST_COUNT_UP_TO = 1000  # "all N matching" counts this far; past it, says "more than"


@require_GET
@login_required
def application_list(request: HtmxRequest, pk: int) -> HttpResponse:
    posting, _membership = get_board_posting_for_user(request, pk)
    form, filters = board.filter_form(request.GET, posting)
    matching = Application.objects.for_posting(posting).filtered(filters)
    page = (
        matching.select_related("candidate", "stage", *extensions.card_relations())
        .annotate(**extensions.card_annotations())
        .prefetch_related("tags")
        .page(
            filters.sort,
            size=LIST_PAGE,
            after=request.GET.get("after", ""),
            before=request.GET.get("before", ""),
        )
    )
    record_list_view(
        posting, by=request.user, first=page.rows[0].pk if page.rows else None, shown=len(page.rows)
    )
    record_visit(posting, by=request.user)
    context = {
        "posting": posting,
        "page": page,
        "filters": filters,
        "stages": list(posting.stages.all()),
        "card_extras": extensions.card_extras(),
    }
    if request.htmx and not request.htmx.history_restore_request:
        return render(request, "candidates/_list_page.html", context)
    context["undo"] = _take_undo(request)
    reasons = [
        r.label for r in RejectionReason.objects.filter(organization_id=posting.organization_id)
    ]
    # Counted up to a bound, so a posting of 20,000 costs what one of 200 does; in no order,
    # so the count stops at the bound instead of sorting every match first.
    counted = matching.order_by().values("pk")[: LIST_COUNT_UP_TO + 1].count()
    context |= {
        "matching": min(counted, LIST_COUNT_UP_TO),
        "more_matching": counted > LIST_COUNT_UP_TO,
        "sources": form.sources,
        "tags": form.tags,
        "knockout_choices": KNOCKOUT,
        "rejection_delay": REJECTION_DELAY_DEFAULT,
        "sort_choices": SORTS,
        "reasons": reasons or list(DEFAULT_REJECTION_REASONS),
    }
    return render(request, "candidates/list.html", context)


@require_GET
@login_required
@limited("export", "EXPORT_RATE_LIMIT")
def application_export(request: HtmxRequest, pk: int) -> StreamingHttpResponse:
    """The list's applicants, with its filters and order, as a CSV download (audited)."""
    posting, _membership = get_board_posting_for_user(request, pk)
    _form, filters = board.filter_form(request.GET, posting)
    applications = (
        Application.objects.for_posting(posting)
        .filtered(filters)
        .sorted_by(filters.sort)
        .select_related("candidate", "stage", *export.relations())
        .prefetch_related("tags")
    )
    record_export(posting, by=request.user, rows=applications.count())
    tz = zoneinfo.ZoneInfo(posting.organization.timezone)
    response = StreamingHttpResponse(
        export.csv_lines(applications.iterator(chunk_size=500), tz),
        content_type="text/csv; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="{posting.slug}-applicants.csv"'
    return response


@require_POST
@login_required
@limited("bulk", "BULK_RATE_LIMIT")
def application_bulk(request: HtmxRequest, pk: int) -> HttpResponse:
    posting, _membership = get_board_posting_for_user(request, pk)
    form = BulkForm(request.POST)
    filters = board.parse_filters(request.POST)
    back = reverse("application_list", args=[posting.pk]) + (
        f"?{filters.querystring()}" if filters.querystring() else ""
    )
    if not form.is_valid():
        messages.error(request, _("Choose an action."))
        return redirect(back)
    data = form.cleaned_data
    chosen = Application.objects.for_posting(posting).select_related("candidate")
    chosen = (
        chosen.filtered(filters)
        if data["all_matching"]
        else chosen.filter(pk__in=data["ids"] or [])
    )
    applications = list(chosen.order_by("pk"))
    if not applications:
        messages.error(request, _("Select at least one application first."))
        return redirect(back)
    stage = next((s for s in posting.stages.all() if s.pk == data["stage"]), None)
    if data["action"] == "move" and stage is None:
        messages.error(request, _("Choose the stage to move them to."))
        return redirect(back)
    # The versions the list showed: a row changed since then is reported, not overwritten.
    versions = {
        int(key[2:]): int(value)
        for key in request.POST
        if key.startswith("v_")
        and key[2:].isdigit()
        and (value := request.POST.get(key, "")).isdigit()
    }
    if data["action"] != "undo-reject" and request.POST.get("confirmed") != "1":
        return _confirm_bulk(request, posting, applications, versions, stage)
    result = bulk_act(
        applications,
        action=data["action"],
        by=request.user,
        versions=versions,
        stage=stage,
        reason=data["reason"],
        send_email=data["send_email"],
        delay_days=(
            data["delay_days"] if data["delay_days"] is not None else REJECTION_DELAY_DEFAULT
        ),
        tag=data["tag_name"],
        stage_emails=data["stage_emails"],
    )
    if data["action"] == "reject" and result.done_ids:
        done = set(result.done_ids)
        _offer_undo(request, [a for a in applications if a.pk in done], posting.pk)
    messages.success(
        request,
        _("Done for %(count)d of %(total)d.") % {"count": result.done, "total": len(applications)},
    )
    for name, why in result.refused[:20]:
        messages.warning(request, _("%(name)s: %(why)s") % {"name": name, "why": why})
    if len(result.refused) > 20:
        messages.warning(
            request, _("…and %(more)d more not done.") % {"more": len(result.refused) - 20}
        )
    return redirect(back)


BULK_NAMES_SHOWN = 50
BULK_VERBS = {
    "move": _lazy("Move"),
    "reject": _lazy("Reject"),
    "tag": _lazy("Tag"),
    "untag": _lazy("Untag"),
}


def _confirm_bulk(
    request: HtmxRequest,
    posting: Posting,
    applications: list[Application],
    versions: dict[int, int],
    stage: Stage | None,
) -> HttpResponse:
    """Who a bulk action touches, by name, before it acts. The confirmation carries the chosen
    rows by id and the versions seen, so "all matching" can't grow between the two clicks."""
    kept = [
        (name, value)
        for name, values in request.POST.lists()
        if name not in ("csrfmiddlewaretoken", "ids", "all_matching", "confirmed")
        and not name.startswith("v_")
        for value in values
    ]
    chosen = [(a.pk, versions.get(a.pk, a.version)) for a in applications]
    action = request.POST.get("action", "")
    context = {
        "posting": posting,
        "action": action,
        "verb": BULK_VERBS.get(action, action),
        "stage": stage,
        "names": [a.candidate.name for a in applications[:BULK_NAMES_SHOWN]],
        "more": max(0, len(applications) - BULK_NAMES_SHOWN),
        "count": len(applications),
        "kept": kept,
        "chosen": chosen,
        "reason": request.POST.get("reason", ""),
        "send_email": bool(request.POST.get("send_email")),
        "delay_days": request.POST.get("delay_days") or REJECTION_DELAY_DEFAULT,
        "tag": request.POST.get("tag_name", ""),
        "back": reverse("application_list", args=[posting.pk]),
    }
    return render(request, "candidates/confirm_bulk.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def stage_email(request: HtmxRequest, pk: int) -> HttpResponse:
    """After a hand move into a stage with an email: preview, then send, edit once, or skip."""
    application, _membership = get_application_for_user(request, pk)
    template = application.stage.email_template
    back = _safe_next(request) or reverse("application_profile", args=[application.pk])
    if template is None:
        return redirect(back)
    if request.method == "POST":
        if request.POST.get("action") == "send":
            try:
                send_stage_email(
                    application,
                    by=request.user,
                    subject=request.POST.get("subject", ""),
                    body=request.POST.get("body", ""),
                )
                messages.success(request, _("The email is on its way."))
            except ActionRefused as exc:
                messages.error(request, str(exc))
                return redirect(request.get_full_path())
        else:
            messages.info(request, _("No email sent."))
        return redirect(back)
    preview = render_template(template.subject, template.body, stage_email_values(application))
    context = {"application": application, "template": template, "preview": preview, "next": back}
    return render(request, "candidates/stage_email.html", context)


def _safe_next(request: HtmxRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    ok = url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return target if ok else ""


@require_POST
@login_required
def notification_preference(request: HtmxRequest, pk: int) -> HttpResponse:
    posting, _membership = get_board_posting_for_user(request, pk)
    try:
        set_notification_preference(posting, user=request.user, mode=request.POST.get("mode", ""))
        messages.success(request, _("Saved how you hear about new applicants."))
    except ActionRefused as exc:
        messages.error(request, str(exc))
    return redirect("board", pk=posting.pk)


@require_GET
@login_required
@limited("mentions", "MENTION_RATE_LIMIT")
def mention_suggestions(request: HtmxRequest, pk: int) -> HttpResponse:
    """Members of the application's organization whose name or email starts with what was typed."""
    application, _membership = get_application_for_user(request, pk)
    # A lookup, not stored: control characters (a NUL PostgreSQL refuses) become spaces.
    typed = one_line(request.GET.get("q", "")).lstrip("@").strip()[:60]
    members = []
    if typed:
        members = list(
            User.objects.filter(
                memberships__organization_id=application.posting.organization_id, is_active=True
            )
            .filter(
                Q(email__istartswith=typed)
                | Q(full_name__istartswith=typed)
                | Q(full_name__icontains=f" {typed}")
            )
            .order_by("full_name", "email")
            .distinct()[:8]
        )
    suggestions = [(member, member.email.split("@")[0]) for member in members]
    return render(
        request, "candidates/_mentions.html", {"suggestions": suggestions, "typed": typed}
    )


def _next_stage(application: Application, stages: list[Stage]) -> Stage | None:
    later = [stage for stage in stages if (stage.order, stage.pk) > _place(application.stage)]
    return later[0] if later else None


def _place(stage: Stage) -> tuple[int, int]:
    return (stage.order, stage.pk)


@require_http_methods(["GET", "POST"])
@login_required
def advance(request: HtmxRequest, pk: int) -> HttpResponse:
    """The next stage with its email previewed (a dialog; a page without JavaScript): one POST
    moves the application and sends the email, as written or edited once, or skips it."""
    application, _membership = get_application_for_user(request, pk)
    stages = list(application.posting.stages.all())
    data = request.POST if request.method == "POST" else request.GET
    filters = board.parse_filters(data)
    error = ""
    if request.method == "POST":
        form = AdvanceForm(request.POST, posting=application.posting, stages=stages)
        try:
            if not form.is_valid():
                raise ActionRefused(str(next(iter(form.errors.values()))[0]))
            moved = _advance(request, application, form.cleaned_data)
            touched = {application.stage_id, moved.stage_id}
            return _advanced(request, moved, stages, filters, form.cleaned_data, touched)
        except (ActionRefused, MoveRefused) as exc:
            error = str(exc)
            application, _membership = get_application_for_user(request, pk)
    context = _advance_context(request, application, stages, filters, error)
    template = "candidates/_advance.html" if request.htmx else "candidates/advance.html"
    return render(request, template, context)


def _advance(
    request: HtmxRequest, application: Application, data: dict[str, object]
) -> Application:
    to_stage = data["stage"]
    assert isinstance(to_stage, Stage)
    template = to_stage.email_template
    email = None
    if template is not None and data["action"] != "skip":
        email = StageEmail(subject=str(data["subject"] or ""), body=str(data["body"] or ""))
    return advance_application(
        application,
        to_stage=to_stage,
        by=request.user,
        expected_version=int(str(data["version"])),
        email=email,
    )


def _advanced(
    request: HtmxRequest,
    moved: Application,
    stages: list[Stage],
    filters: Filters,
    data: dict[str, object],
    touched: set[int],
) -> HttpResponse:
    emailed = moved.stage.email_template_id is not None and data["action"] != "skip"
    notice = (
        _("%(name)s is in %(stage)s; the email is on its way.")
        if emailed
        else _("%(name)s is in %(stage)s; no email sent.")
    ) % {"name": moved.candidate.name, "stage": moved.stage.name}
    if request.POST.get("from") == "board" and request.htmx:
        posting = moved.posting
        columns = board.columns(posting, filters, only=touched, stages=stages)
        board.render_cards(request, posting, columns, stages, filters)
        context = {"columns": columns, "filters": filters, "stages": stages, "notice": notice}
        context["posting"] = posting
        response = render(request, "candidates/_advance_result.html", context)
        return trigger_client_event(response, "shortlist:close-dialog")
    messages.success(request, notice)
    back = _safe_next(request) or _board_url(moved.posting_id, filters)
    return HttpResponseClientRedirect(back) if request.htmx else redirect(back)


def _board_url(posting_id: int, filters: Filters) -> str:
    url = reverse("board", args=[posting_id])
    return f"{url}?{filters.querystring()}" if filters.querystring() else url


def _advance_context(
    request: HtmxRequest,
    application: Application,
    stages: list[Stage],
    filters: Filters,
    error: str,
) -> dict[str, object]:
    to_stage = _next_stage(application, stages) if application.is_open else None
    template = to_stage.email_template if to_stage else None
    preview = None
    if template is not None and to_stage is not None:
        values = stage_email_values(application) | {"stage_name": to_stage.name}
        preview = render_template(template.subject, template.body, values)
    if not application.is_open:
        error = error or _("%(name)s's application is %(status)s; reopen it first.") % {
            "name": application.candidate.name,
            "status": application.get_status_display().lower(),
        }
    elif to_stage is None:
        error = error or _("%(name)s is in the last stage.") % {"name": application.candidate.name}
    origin = "board" if (request.POST or request.GET).get("from") == "board" else "profile"
    return {
        "application": application,
        "to_stage": to_stage,
        "template": template,
        "preview": preview,
        "subject": request.POST.get("subject", template.subject if template else ""),
        "body": request.POST.get("body", template.body if template else ""),
        "error": error,
        "origin": origin,
        "filters": filters,
        "dialog": bool(request.htmx),
        "next": _safe_next(request),
        "back": _safe_next(request)
        or (
            _board_url(application.posting_id, filters)
            if origin == "board"
            else reverse("application_profile", args=[application.pk])
        ),
    }


@require_GET
@login_required
def rejection(request: HtmxRequest, pk: int) -> HttpResponse:
    """Reject with the email in view: the reason, email on or off, its delay, and the email as
    the candidate would get it. The form posts to the reject action."""
    application, _membership = get_application_for_user(request, pk)
    reasons = [
        r.label
        for r in RejectionReason.objects.filter(organization_id=application.posting.organization_id)
    ]
    email = application_rejected(application_id=application.pk) if application.is_open else None
    context = {
        "application": application,
        "email": email,
        "reasons": reasons or list(DEFAULT_REJECTION_REASONS),
        "send_email": REJECTION_EMAIL_DEFAULT,
        "delay_days": REJECTION_DELAY_DEFAULT,
        "dialog": bool(request.htmx),
        "next": _safe_next(request),
        "back": _safe_next(request) or reverse("application_profile", args=[application.pk]),
    }
    template = "candidates/_rejection.html" if request.htmx else "candidates/rejection.html"
    return render(request, template, context)


UNDO_KEY = "undo_rejection"


def _offer_undo(request: HtmxRequest, applications: list[Application], posting_id: int) -> None:
    """The flash's Undo after a rejection, shown by the next page the person sees."""
    until = timezone.now() + UNDO_WINDOW
    request.session[UNDO_KEY] = {
        "ids": [a.pk for a in applications][:200],
        "names": [a.candidate.name for a in applications][:5],
        "count": len(applications),
        "posting": posting_id,
        "until": until.isoformat(),
    }


def _take_undo(request: HtmxRequest) -> dict[str, object] | None:
    """The Undo to show on this page, once; nothing once its window has passed."""
    if UNDO_KEY not in request.session:
        return None
    undo: dict[str, object] = request.session.pop(UNDO_KEY)
    try:
        until = datetime.fromisoformat(str(undo.get("until", "")))
    except ValueError:
        return None
    return undo if until > timezone.now() else None
