"""The fit badge of a board card in Python, as templates/screening/_card_badge.html gives it
(the board builds its cards without templates: candidates.cards)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.html import escape
from django.utils.translation import gettext


def card_badge(application: Any) -> str:
    fit = getattr(application, "fit_score", None)
    if fit is None:
        return ""
    badge = escape(fit.badge)
    if fit.has_number:
        title = gettext("Fit score %(score)s of 100") % {"score": badge}
        if not fit.must_haves_met:
            title += " · " + escape(gettext("a must-have is not fully met"))
        if fit.resume_unreadable:
            title += " · " + escape(gettext("resume unreadable: scored on the form only"))
    else:
        title = badge
    title += " · " + escape(gettext("How fit scores work"))
    star = "*" if fit.resume_unreadable else ""
    return (
        f'<a class="fit-score fit-{escape(fit.level)}" href="{reverse("how_scores_work")}" '
        f'title="{title}">{badge}{star}</a>'
    )
