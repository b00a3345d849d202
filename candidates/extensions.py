"""Where upper apps add to candidates' pages and processes, so candidates never imports them.

An app above candidates (screening today; interviews later) registers here from its
AppConfig.ready(); candidates reads the registries when it renders a page or submits an
application. Reads across the layers go by relation name (`fit_score__score`), never by import.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils.functional import Promise
from django.utils.safestring import SafeString

if TYPE_CHECKING:
    from candidates.models import Application

CardPlace = Literal["top", "meta", "actions"]


@dataclass(frozen=True)
class Panel:
    """A section an upper app adds to a page, in `order`. Either rendered in place, from the
    template name and context `render(request, obj)` returns, or loaded by HTMX from `url(obj)`
    once the page is shown, with a plain link to the same URL (titled `title`) without
    JavaScript. The URL's view checks access exactly as the page does."""

    name: str
    order: int
    render: Callable[[HttpRequest, Any], tuple[str, dict[str, Any]]] | None = None
    url: Callable[[Any], str] | None = None
    title: str | Promise = ""

    def html(self, request: HttpRequest, obj: Any) -> SafeString:
        if self.render is not None:
            template, context = self.render(request, obj)
            return render_to_string(template, context, request)
        assert self.url is not None, f"Panel {self.name!r} has neither render nor url."
        context = {"panel": self, "url": self.url(obj)}
        return render_to_string("candidates/_loaded_panel.html", context, request)


@dataclass(frozen=True)
class CardExtra:
    """Something an upper app shows on every board card and list row, after the name (the
    list gives it a column headed `label`). `template` is rendered with `application` in its
    context and reads the application's relations by name: `select_related` loads them with the
    cards, and `changed_at` names a timestamp that changes when the extra does, so a cached card
    is rendered afresh. `includes` names the templates `template` includes, so a deploy that
    changes them starts the board's cache afresh too. `place` says where on a compact board
    card it goes: beside the name ("top"), on the line of days in stage ("meta"), or with the
    card's actions ("actions")."""

    name: str
    template: str
    label: str | Promise = ""
    select_related: tuple[str, ...] = ()
    changed_at: str = ""
    includes: tuple[str, ...] = ()
    order: int = 100
    place: CardPlace = "top"
    # Values the template reads that are no single relation (the next interview's time, a
    # count): `annotate()` gives {name: expression} for the cards' query, and `stamps` names
    # those of them, besides `changed_at`, whose change renders a cached card afresh.
    annotate: Callable[[], dict[str, Any]] | None = None
    stamps: tuple[str, ...] = ()
    # The same HTML as `template` gives, built in Python (the board builds up to 150 cards at
    # once, candidates.cards): used instead of the template where given. Its module's source
    # is part of the board's cache keys, as the template's is.
    render: Callable[[Application], SafeString | str] | None = None


@dataclass(frozen=True)
class ExportColumn:
    """A column an upper app adds to the applicants' CSV export: `value(application)` reads
    the application's relations by name, loaded with the rows by `select_related`."""

    name: str
    header: str | Promise
    value: Callable[[Application], object]
    select_related: tuple[str, ...] = ()
    order: int = 100


ApplicationHook = Callable[["Application"], object]

PROFILE_PANELS: dict[str, Panel] = {}
BOARD_PANELS: dict[str, Panel] = {}
CARD_EXTRAS: dict[str, CardExtra] = {}
EXPORT_COLUMNS: dict[str, ExportColumn] = {}
# Event kind → the template that renders its line on the profile's timeline (with `event`).
TIMELINE_RENDERERS: dict[str, str] = {
    kind: f"candidates/timeline/{kind}.html"
    for kind in (
        "applied",
        "moved",
        "note",
        "rejected",
        "details_merged",
        "email_scheduled",
        "email_sent",
        "email_failed",
    )
}
DEFAULT_TIMELINE_RENDERER = "candidates/timeline/_default.html"
# What the timeline calls an upper app's event kinds (candidates' own are EventKind's choices).
TIMELINE_LABELS: dict[str, str | Promise] = {}
APPLICATION_SUBMITTED: dict[str, ApplicationHook] = {}


# Keyed by name, so registering twice (a test reloading an app) replaces rather than doubles.
def add_profile_panel(panel: Panel) -> None:
    PROFILE_PANELS[panel.name] = panel


def add_board_panel(panel: Panel) -> None:
    BOARD_PANELS[panel.name] = panel


def add_card_extra(extra: CardExtra) -> None:
    CARD_EXTRAS[extra.name] = extra


def add_export_column(column: ExportColumn) -> None:
    EXPORT_COLUMNS[column.name] = column


def export_columns() -> list[ExportColumn]:
    return sorted(EXPORT_COLUMNS.values(), key=lambda c: (c.order, c.name))


def add_timeline_renderer(kind: str, template: str, label: str | Promise = "") -> None:
    """`template` renders `kind`'s line on the timeline; `label` names it there, for a kind
    an upper app writes (candidates' EventKind doesn't list it)."""
    TIMELINE_RENDERERS[kind] = template
    if label:
        TIMELINE_LABELS[kind] = label


def on_application_submitted(name: str, hook: ApplicationHook) -> None:
    """`hook(application)` runs inside the transaction that creates a new application, so
    what it writes (rows, outbox messages) commits or rolls back with it."""
    APPLICATION_SUBMITTED[name] = hook


def profile_panels() -> list[Panel]:
    return sorted(PROFILE_PANELS.values(), key=lambda p: (p.order, p.name))


def board_panels() -> list[Panel]:
    return sorted(BOARD_PANELS.values(), key=lambda p: (p.order, p.name))


def card_extras() -> list[CardExtra]:
    return sorted(CARD_EXTRAS.values(), key=lambda e: (e.order, e.name))


def card_relations() -> tuple[str, ...]:
    """The relations the card extras read, for `select_related`."""
    return tuple(name for extra in card_extras() for name in extra.select_related)


def card_stamps() -> tuple[str, ...]:
    """The timestamps, by relation or annotation name, whose change renders a cached card
    afresh."""
    return tuple(
        name
        for extra in card_extras()
        for name in ((extra.changed_at,) if extra.changed_at else ()) + extra.stamps
    )


def card_annotations() -> dict[str, Any]:
    """The expressions the card extras read, for `annotate` (built afresh: they may read the
    time)."""
    return {
        name: expression
        for extra in card_extras()
        if extra.annotate is not None
        for name, expression in extra.annotate().items()
    }


def timeline_renderer(kind: str) -> str:
    return TIMELINE_RENDERERS.get(kind, DEFAULT_TIMELINE_RENDERER)


def timeline_label(kind: str) -> str | Promise | None:
    return TIMELINE_LABELS.get(kind)


def render_panels(panels: list[Panel], request: HttpRequest, obj: Any) -> list[SafeString]:
    return [panel.html(request, obj) for panel in panels]


def application_submitted(application: Application) -> None:
    for hook in APPLICATION_SUBMITTED.values():
        hook(application)
