"""The fit badge of a board card in Python, as templates/screening/_card_badge.html gives it
(the board builds its cards without templates: candidates.cards): the score coloured by its
band, a must-have not fully met as a mark of its own, and a link to the breakdown on the
profile."""

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
    missing = escape(gettext("a must-have is not fully met"))
    if fit.has_number:
        title = gettext("Fit score %(score)s of 100") % {"score": badge}
        if fit.must_have_missing:
            title += " · " + missing
        if fit.resume_unreadable:
            title += " · " + escape(gettext("resume unreadable: scored on the form only"))
    else:
        title = badge
    title += " · " + escape(gettext("See the breakdown"))
    star = "*" if fit.resume_unreadable else ""
    url = reverse("application_profile", args=[application.pk]) + "#fit"
    mark = (
        f'<span class="fit-must" title="{missing}"><span aria-hidden="true">!</span>'
        f'<span class="visually-hidden">{missing}</span></span>'
        if fit.must_have_missing
        else ""
    )
    return (
        f'<span class="card-fit"><a class="fit-score fit-{escape(fit.level)}" href="{url}" '
        f'title="{title}">{badge}{star}</a>{mark}</span>'
    )
