"""A board card's HTML, built in Python: the board renders up to 150 cards cold, and a
template include per card (with each extra's include inside) costs several times more.

The output is byte for byte what the former template candidates/_card.html gave (with its
`{% spaceless %}`), checked against it when it went; tests/candidates/test_cards.py holds the
visible parts. Every value is escaped here as autoescaping did; card extras give theirs as
`CardExtra.render(application)` (already safe), or by a template for those that only have one.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import pairwise
from typing import TYPE_CHECKING, Any

from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.html import conditional_escape, escape, format_html, strip_spaces_between_tags
from django.utils.translation import gettext, ngettext

from candidates import extensions
from candidates.filters import Filters

if TYPE_CHECKING:
    from candidates.models import Application
    from postings.models import Stage


def filter_inputs(filters: Filters) -> str:
    """The board's filters as hidden inputs, so the no-JS move form keeps them (as
    candidates/_filter_inputs.html gives them to the other forms)."""
    inputs = [
        (name, value)
        for name, value in (
            ("q", filters.q),
            ("source", filters.source),
            ("knockout", filters.knockout),
            ("tag", filters.tag),
        )
        if value
    ]
    if filters.min_score is not None:
        inputs.append(("min_score", str(filters.min_score)))
    if filters.closed:
        inputs.append(("closed", "on"))
    if not filters.manual:
        inputs.append(("sort", filters.sort))
    return "".join(
        format_html('<input type="hidden" name="{}" value="{}">', name, value)
        for name, value in inputs
    )


class CardBuilder:
    """Builds the cards of one board render: what all cards share is worked out once."""

    def __init__(self, stages: Sequence[Stage], filters: Filters, csrf_slot: str) -> None:
        self.stages = [(stage.pk, escape(stage.name)) for stage in stages]
        self.filters = filters
        self.query = f"?{escape(filters.querystring())}" if filters.querystring() else ""
        self.hidden = (
            f'<input type="hidden" name="csrfmiddlewaretoken" value="{escape(csrf_slot)}">'
        )
        self.inputs = filter_inputs(filters)
        self.extras = extensions.card_extras()
        self.context: dict[str, Any] = {
            "stages": stages,
            "filters": filters,
            "csrf_slot": csrf_slot,
            "card_extras": self.extras,
        }
        self.knockout = format_html(
            '<span class="badge badge-knockout" title="{}">{}</span>',
            gettext("A screening answer asks for a person to review it"),
            gettext("Knockout answer"),
        )
        self.move = escape(gettext("Move"))
        # The card's own stage in its move menu, shown but not choosable.
        self.current = escape(gettext("%(stage)s (current)"))
        # Each stage's next one, for the card's Advance; its URL reversed once, around the id
        # (a reverse per card costs 15 µs, 2 ms a cold board of 150).
        self.advance_url = reverse("application_advance", args=[0]).split("/0/")
        self.advance = {
            stage.pk: (
                f"?from=board&amp;{escape(filters.querystring())}"
                if filters.querystring()
                else "?from=board",
                escape(gettext("Advance to %(stage)s") % {"stage": following.name}),
                escape(following.name),
            )
            for stage, following in pairwise(stages)
        }

    def _extra(self, extra: extensions.CardExtra, application: Application) -> str:
        if extra.render is not None:
            return str(extra.render(application))
        context = {**self.context, "application": application, "extra": extra}
        return render_to_string(extra.template, context)

    def __call__(self, application: Application) -> str:
        """A compact card, three short lines: the name (and the extras placed beside it, the
        fit badge), the days in stage with the source and badges, then the actions."""
        pk, is_open = application.pk, application.is_open
        placed: dict[str, list[str]] = {"top": [], "meta": [], "actions": []}
        for extra in self.extras:
            placed[extra.place].append(self._extra(extra, application))
        parts = [
            f'<li class="card{" is-open" if is_open else ""}" id="card-{pk}" data-id="{pk}" '
            f'data-version="{application.version}">',
            f'<div class="card-top"><a class="card-name" '
            f'href="{reverse("application_profile", args=[pk])}{self.query}">'
            f"{escape(application.candidate.name)}</a>",
            *placed["top"],
            "</div>",
            self._meta(application, placed["meta"]),
        ]
        if is_open:
            parts += [
                '<div class="card-actions">',
                self._primary_action(application),
                *placed["actions"],
                self._move_menu(application),
                "</div>",
            ]
        parts.append("</li>")
        # What {% spaceless %} did to the template's output (and to the extras' inside it),
        # and the line break after it.
        return strip_spaces_between_tags("".join(parts).strip()) + "\n"

    def _meta(self, application: Application, extras: list[str]) -> str:
        """Days in stage and source, then the badges (knockout, status, tags) on the same line."""
        days = application.days_in_stage
        parts = [
            '<p class="card-meta"><span>',
            conditional_escape(
                ngettext("%(days)s day in stage", "%(days)s days in stage", days) % {"days": days}
            ),
            f" · {escape(application.source)}" if application.source else "",
            "</span>",
            *extras,
        ]
        if application.knockout:
            parts.append(self.knockout)
        if not application.is_open:
            parts.append(f'<span class="badge">{escape(application.get_status_display())}</span>')
        parts += [
            f'<span class="badge badge-tag">{escape(t.name)}</span>' for t in application.tags.all()
        ]
        parts.append("</p>")
        return "".join(parts)

    def _primary_action(self, application: Application) -> str:
        """The card's one primary action, first among its actions: Advance to the next stage,
        which opens the next stage's email in a dialog (a page without JavaScript)."""
        if application.stage_id not in self.advance:
            return ""  # the last stage: nothing to advance to
        query, label, stage = self.advance[application.stage_id]
        start, end = self.advance_url
        # Seen as "→ Screen" (a card is narrow), heard and hovered as "Advance to Screen".
        return (
            f'<a class="button card-advance" data-dialog title="{label}" aria-label="{label}" '
            f'href="{start}/{application.pk}/{end}{query}">'
            f'<span aria-hidden="true">→ {stage}</span></a>'
        )

    def _move_menu(self, application: Application) -> str:
        """ "Move" opens a small form (a <details>, so it works without JavaScript): the
        stages, the next one chosen and the card's own one not choosable, and a button that
        posts to the move endpoint with the card's version and the board's filters."""
        pk = application.pk
        name = escape(application.candidate.name)
        url = reverse("application_move", args=[pk])
        ids = [stage_pk for stage_pk, _name in self.stages]
        here = ids.index(application.stage_id) if application.stage_id in ids else -1
        chosen = ids[here + 1] if here + 1 < len(ids) else ids[here - 1] if here > 0 else None
        options = "".join(
            f'<option value="{stage_pk}" disabled>{self.current % {"stage": stage_name}}</option>'
            if stage_pk == application.stage_id
            else f'<option value="{stage_pk}"{" selected" if stage_pk == chosen else ""}>'
            f"{stage_name}</option>"
            for stage_pk, stage_name in self.stages
        )
        label = escape(gettext("Move %(name)s to")) % {"name": name}
        return "".join(
            [
                f'<details class="card-move"><summary>{self.move}'
                f'<span class="visually-hidden"> {name}</span></summary>',
                f'<form class="move-form" method="post" action="{url}" hx-post="{url}" '
                f'hx-swap="none" hx-include="#board-filters">',
                self.hidden,
                f'<input type="hidden" name="version" value="{application.version}">',
                self.inputs,
                f'<label class="visually-hidden" for="move-{pk}">{label}</label>',
                f'<select name="stage" id="move-{pk}">{options}</select>',
                f'<button type="submit" class="button-secondary">{self.move}</button>',
                "</form></details>",
            ]
        )
