from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from candidates import board
from candidates.access import get_application_for_user
from candidates.services import MoveRefused, StaleMove, move_application
from config.http import HtmxRequest
from postings.access import get_board_posting_for_user
from postings.models import Posting, Stage


@require_GET
@login_required
def board_page(request: HtmxRequest, pk: int) -> HttpResponse:
    posting, _membership = get_board_posting_for_user(request, pk)
    page = board.board_page(request, posting)
    context = {"posting": posting, "page": page, "filters": page.filters}
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


class MoveForm(forms.Form):
    stage = forms.IntegerField(error_messages={"required": _("Choose the stage to move to.")})
    version = forms.IntegerField(
        min_value=1,
        error_messages={"required": _("This card is out of date: reload the board and try again.")},
    )
    after = forms.IntegerField(required=False)
    before = forms.IntegerField(required=False)

    def __init__(self, *args: Any, posting: Posting, stages: list[Stage], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.posting = posting
        self.stages = {stage.pk: stage for stage in stages}

    def clean_stage(self) -> Stage:
        stage_id = self.cleaned_data["stage"]
        if stage_id in self.stages:
            return self.stages[stage_id]
        # Only the refusal costs a query: it tells a stage of another posting from a removed one.
        if Stage.objects.filter(
            pk=stage_id, posting__organization_id=self.posting.organization_id
        ).exists():
            raise forms.ValidationError(_("That stage belongs to another posting."))
        raise forms.ValidationError(
            _("That stage is not on this posting's board any more; it may have been removed.")
        )


@require_POST
@login_required
def move(request: HtmxRequest, pk: int) -> HttpResponse:
    application, _membership = get_application_for_user(request, pk)
    posting = application.posting
    stages = list(posting.stages.all())
    form = MoveForm(request.POST, posting=posting, stages=stages)
    filters = board.parse_filters(request.POST)
    touched, error = {application.stage_id}, ""
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
        }
        return render(request, "candidates/_move_result.html", context)
    if error:
        messages.error(request, error)
    url = reverse("board", args=[posting.pk])
    return redirect(f"{url}?{filters.querystring()}" if filters.querystring() else url)
