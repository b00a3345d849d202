from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from config.http import HtmxRequest
from postings.access import get_board_posting_for_user
from screening.engine.scoring import CAP_WITH_MISSING_MUST, MUST_FACTOR, SCORING_VERSION
from screening.models import Rescoring


@require_GET
def how_scores_work(request: HtmxRequest) -> HttpResponse:
    """Plain words on what a fit score reads and what it never reads. Public on purpose: the
    people being scored may read how it works too (they never see a score)."""
    context = {
        "version": SCORING_VERSION,
        "must_factor": MUST_FACTOR,
        "cap": int(CAP_WITH_MISSING_MUST),
    }
    return render(request, "screening/how_scores_work.html", context)


@require_GET
@login_required
def scoring_progress(request: HtmxRequest, pk: int) -> HttpResponse:
    """The board header's rescoring line; HTMX polls it while a run goes."""
    posting, _membership = get_board_posting_for_user(request, pk)
    run = Rescoring.objects.filter(posting=posting).first()
    return render(request, "screening/_progress.html", {"posting": posting, "run": run})
