"""The interview parts of a board card in Python, as templates/interviews/_card_link.html and
_card_status.html give them (the board builds its cards without templates: candidates.cards)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils import dateformat
from django.utils.html import conditional_escape, escape
from django.utils.timezone import localtime
from django.utils.translation import gettext, ngettext

from interviews.templatetags.interview_times import shown_time


def card_link(application: Any) -> str:
    if not application.is_open:
        return ""
    url = reverse("interview_schedule", args=[application.pk])
    title, text = escape(gettext("Schedule an interview")), escape(gettext("Interview"))
    return f'<a class="card-action" href="{url}" title="{title}">{text}</a>'


def card_status(application: Any) -> str:
    starts, count = application.next_interview_at, application.scorecards_in
    if not (starts or count):
        return ""
    parts = ['<span class="card-interviews">']
    if starts:
        moment = escape(dateformat.format(localtime(starts), "c"))
        shown = conditional_escape(shown_time(starts, None, application.posting.organization))
        parts.append(
            f'<time datetime="{moment}" title="{escape(gettext("Next interview"))}">{shown}</time>'
        )
    if count:
        label = ngettext("%(n)s scorecard", "%(n)s scorecards", count) % {"n": count}
        title = escape(gettext("Scorecards submitted"))
        parts.append(f' <span class="badge" title="{title}">{label}</span>')
    parts.append("</span>")
    return "".join(parts)
