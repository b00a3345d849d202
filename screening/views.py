from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from candidates.access import get_application_for_user
from candidates.models import Application
from config.http import HtmxRequest
from postings.access import get_board_posting_for_user
from postings.models import Posting
from screening.engine.present import breakdown
from screening.engine.scoring import (
    CORE_FACTOR,
    FIELD_FLOOR,
    FLOOR_FROM_YEARS,
    LISTED_MAX_POINTS,
    MISSING_MUST_PENALTY,
    MUST_FACTOR,
    RELEVANT_SHARE,
    RELEVANT_YEARS,
    SCORING_VERSION,
    SENIOR_YEARS,
)
from screening.models import FitScore, Rescoring, ResumeText


@require_GET
def how_scores_work(request: HtmxRequest) -> HttpResponse:
    """Plain words on what a fit score reads and what it never reads. Public on purpose: the
    people being scored may read how it works too (they never see a score)."""
    context = {
        "version": SCORING_VERSION,
        "must_factor": MUST_FACTOR,
        "core_factor": CORE_FACTOR,
        "penalty": int(MISSING_MUST_PENALTY * 100),
        "listed_points": f"{LISTED_MAX_POINTS:g}",
        "relevant_share": f"{RELEVANT_SHARE * 100:g}",
        "relevant_years": f"{RELEVANT_YEARS:g}",
        "field_floor": f"{FIELD_FLOOR:g}",
        "floor_from": f"{FLOOR_FROM_YEARS:g}",
        "senior_years": f"{SENIOR_YEARS:g}",
    }
    return render(request, "screening/how_scores_work.html", context)


@require_GET
@login_required
def scoring_progress(request: HtmxRequest, pk: int) -> HttpResponse:
    """The board header's rescoring line; HTMX polls it while a run goes."""
    posting, _membership = get_board_posting_for_user(request, pk)
    run = Rescoring.objects.filter(posting=posting).first()
    return render(request, "screening/_progress.html", {"posting": posting, "run": run})


def progress_panel(request: HttpRequest, posting: Posting) -> tuple[str, dict[str, Any]]:
    """The same line, rendered in place on the board (a candidates board panel)."""
    run = Rescoring.objects.filter(posting=posting).first()
    return "screening/_progress.html", {"posting": posting, "run": run}


@require_GET
@login_required
def application_fit(request: HtmxRequest, pk: int) -> HttpResponse:
    """The profile's fit-score section with the resume text its evidence points into: loaded
    into the profile by HTMX, or a page of its own without JavaScript. Access as the profile."""
    application, _membership = get_application_for_user(request, pk)
    template = "screening/_fit.html" if request.htmx else "screening/fit.html"
    return render(request, template, {"application": application, **_fit_context(application)})


def fit_url(application: Application) -> str:
    return reverse("application_fit", args=[application.pk])


# How the breakdown names a row's result and importance; any other result reads "not met".
RESULTS = {"met": _("met"), "partly": _("partly"), "unassessed": _("for you to judge")}
IMPORTANCE = {"must": _("must-have")}


def _fit_context(application: Application) -> dict[str, Any]:
    fit = FitScore.objects.filter(application=application).first()
    resume = ResumeText.objects.filter(application=application).first()
    rows, lines = breakdown(fit.rows() if fit else [], resume.text if resume else "")
    for row in rows:
        row["result"] = RESULTS.get(row.get("status", ""), _("not met"))
        row["importance_label"] = IMPORTANCE.get(row.get("importance", ""), _("nice to have"))
    return {"fit": fit, "fit_rows": rows, "resume_text": resume, "resume_lines": lines}
