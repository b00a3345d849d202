"""Requirement suggestions in the posting editor: accept, edit or drop them one at a time.

The browser only ever names a suggestion by its key; what gets added is recomputed from the
saved description (or, when edited, validated by RequirementForm), so nothing is applied that
the recruiter didn't click and no POST can add a requirement the description doesn't suggest.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from config.http import HtmxRequest
from postings import services
from postings.access import get_posting_for_user
from postings.views import COLLECTIONS, collection_answer, section_context, suggestion_edit_form

REQUIREMENTS = COLLECTIONS["requirements"]


@require_POST
@login_required
def suggestion_accept(request: HtmxRequest, pk: int, key: str) -> HttpResponse:
    posting, _membership = get_posting_for_user(request, pk, edit=True)
    try:
        suggestion = services.find_suggestion(posting, key)
        services.accept_suggested_requirement(posting, suggestion.as_dict(), by=request.user)
    except services.PostingError as exc:
        return collection_answer(request, posting, REQUIREMENTS, error=str(exc))
    return collection_answer(request, posting, REQUIREMENTS)


@require_http_methods(["GET", "POST"])
@login_required
def suggestion_edit(request: HtmxRequest, pk: int, key: str) -> HttpResponse:
    posting, _membership = get_posting_for_user(request, pk, edit=True)
    try:
        suggestion = services.find_suggestion(posting, key)
    except services.PostingError as exc:
        return collection_answer(request, posting, REQUIREMENTS, error=str(exc))
    form = suggestion_edit_form(posting, key, suggestion.as_dict(), request.POST or None)
    if request.method == "GET":
        if request.htmx:
            section = section_context(posting, REQUIREMENTS, suggestion_form=(key, form))
            return render(request, "postings/_collection.html", {"section": section})
        url = reverse("posting_edit", args=[posting.pk])
        return redirect(f"{url}?edit_suggestion={key}#suggestion-{key}")
    if not form.is_valid():
        return collection_answer(request, posting, REQUIREMENTS, suggestion_form=(key, form))
    try:
        services.accept_suggested_requirement(
            posting, form.cleaned_data, by=request.user, settles=key
        )
    except services.PostingError as exc:
        return collection_answer(request, posting, REQUIREMENTS, error=str(exc))
    return collection_answer(request, posting, REQUIREMENTS)


@require_POST
@login_required
def suggestion_drop(request: HtmxRequest, pk: int, key: str) -> HttpResponse:
    posting, _membership = get_posting_for_user(request, pk, edit=True)
    try:
        services.drop_suggestion(posting, key, by=request.user)
    except services.PostingError as exc:
        return collection_answer(request, posting, REQUIREMENTS, error=str(exc))
    return collection_answer(request, posting, REQUIREMENTS)
