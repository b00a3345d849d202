"""Reads behind the board: a constant number of queries whatever the number of applicants."""

from __future__ import annotations

import functools
import hashlib
import inspect
import logging
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.contrib.postgres.expressions import ArraySubquery
from django.db.models import Count, F, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce, JSONObject
from django.http import HttpRequest
from django.middleware.csrf import get_token
from django.template.loader import get_template, render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe

from candidates import cards, extensions
from candidates.board_version import board_version
from candidates.filters import KNOCKOUT, SORTS, FilterForm, Filters
from candidates.models import Application, Tag, posting_sources, sort_expressions
from config.cache import cache_get, cache_get_many, cache_set, cache_set_many
from config.validators import has_nul
from postings.models import Posting, Stage

PAGE = 25


CARD_CACHE_SECONDS = 24 * 3600
BOARD_TEMPLATES = (
    "candidates/_toolbar.html",
    "candidates/_board_filters.html",
    "candidates/_column.html",
    "candidates/_columns.html",
    "candidates/_load_more.html",
    "candidates/_filter_inputs.html",
)
# Cards are cached without the visitor's CSRF token; this slot is filled in per request.
CSRF_SLOT = "__shortlist_csrf_slot__"
logger = logging.getLogger(__name__)


@dataclass
class Column:
    stage: Stage
    rows: list[dict[str, Any]]  # the cache-key fields of the cards shown (see KEY_FIELDS)
    count: int
    offset: int = 0
    html: list[str] = field(default_factory=list)

    @property
    def next_offset(self) -> int:
        return self.offset + len(self.rows)

    @property
    def has_more(self) -> bool:
        return self.next_offset < self.count


def filter_form(data: Any, posting: Posting) -> tuple[FilterForm, Filters]:
    sources = posting_sources(posting)
    tags = list(
        Tag.objects.filter(organization_id=posting.organization_id).values_list("name", flat=True)
    )
    form = FilterForm(data, sources=sources, tags=tags)
    return form, form.filters()


def parse_filters(data: Any) -> Filters:
    """Filters sent back by our own board (a move carries them), read without querying choices."""
    # The one value sent is taken as a choice; one PostgreSQL can't compare (a NUL) is dropped.
    source, tag = (str(data.get(name, "")) for name in ("source", "tag"))
    form = FilterForm(
        data,
        sources=[] if has_nul(source) else [source],
        tags=[] if has_nul(tag) else [tag],
    )
    return form.filters()


# The sort each user last chose on each board, in their session (the last few boards only).
SORT_MEMORY = "board_sorts"
SORT_MEMORY_SIZE = 50


def remembered_sort(request: HttpRequest, posting: Posting) -> str | None:
    """The board opens in the sort its user chose there last: a URL naming no sort gets the
    one to send them to (None for the manual order, the default); a URL naming one has it
    remembered. So "Best fit first", chosen once, is where the board opens from then on."""
    sorts: dict[str, str] = request.session.get(SORT_MEMORY, {})
    valid = {value for value, _label in SORTS}
    key, chosen = str(posting.pk), request.GET.get("sort")
    if chosen is None:
        kept = sorts.get(key)
        return kept if kept in valid and kept != "manual" else None
    if chosen in valid and sorts.get(key) != chosen:
        kept_ones = [(k, v) for k, v in sorts.items() if k != key][-(SORT_MEMORY_SIZE - 1) :]
        request.session[SORT_MEMORY] = {**dict(kept_ones), key: chosen}
    return None


# What a card's cache key is made of, read without loading the card itself (with the card
# extras' timestamps, extensions.card_stamps()).
KEY_FIELDS = (
    "pk",
    "stage_id",
    "version",
    "updated_at",
    "candidate__updated_at",
    "tag_names",
)


def _keyed(queryset: Any, *extra: str) -> Any:
    tags = Tag.objects.filter(applications=OuterRef("pk")).order_by("name").values("name")
    return queryset.annotate(tag_names=ArraySubquery(tags), **extensions.card_annotations()).values(
        *KEY_FIELDS, *extensions.card_stamps(), *extra
    )


def columns(
    posting: Posting,
    filters: Filters,
    *,
    only: set[int] | None = None,
    stages: list[Stage] | None = None,
) -> list[Column]:
    """Every stage's column (or only some), each with its count and the cache keys of its
    first page of cards: one query for all columns, whatever their size."""
    every = stages if stages is not None else list(posting.stages.all())
    shown = [s for s in every if only is None or s.pk in only]
    base = Application.objects.for_posting(posting).filtered(filters)
    if only is not None:
        base = base.filter(stage_id__in=only)
    # One read whatever the number of applicants: per stage, its count (an index-only scan of
    # the board index) and its first page's key fields as JSON, LIMITed inside the subquery and
    # read in the sort's order from an index starting with the stage where there is one
    # (application_board_manual for the default order). The key fields (tags, the extras'
    # subqueries) are computed for the page's rows alone, never for every application; and the
    # ORM compiles one query, not one per stage.
    per_stage = base.filter(stage_id=OuterRef("pk"))
    count = per_stage.order_by().values("stage_id").annotate(n=Count("id")).values("n")
    names = (*KEY_FIELDS, *extensions.card_stamps())
    first_page = _keyed(per_stage.order_by(*sort_expressions(filters.sort))[:PAGE]).values(
        json=JSONObject(**{name: F(name) for name in names})
    )
    found = {
        stage_id: (n, page)
        for stage_id, n, page in Stage.objects.filter(pk__in=[s.pk for s in shown])
        .annotate(
            n=Coalesce(Subquery(count, output_field=IntegerField()), 0),
            page=ArraySubquery(first_page),
        )
        .values_list("pk", "n", "page")
    }
    times = ("updated_at", "candidate__updated_at", *extensions.card_stamps())
    rows = {
        stage_id: [_row(card, times) for card in page or []]
        for stage_id, (_, page) in found.items()
    }
    counts = {stage_id: n for stage_id, (n, _) in found.items()}
    return [Column(stage=s, rows=rows.get(s.pk, []), count=counts.get(s.pk, 0)) for s in shown]


def _row(card: dict[str, Any], times: tuple[str, ...]) -> dict[str, Any]:
    """A card's key fields read back from JSON: its times as datetimes again."""
    for name in times:
        if isinstance(card.get(name), str):
            card[name] = datetime.fromisoformat(card[name])
    return card


def more_cards(posting: Posting, stage: Stage, filters: Filters, offset: int) -> Column:
    base = Application.objects.for_posting(posting).filtered(filters).filter(stage=stage)
    count = base.count()
    page = list(_keyed(base.sorted_by(filters.sort))[offset : offset + PAGE])
    return Column(stage=stage, rows=page, count=count, offset=offset)


@functools.cache
def templates_digest() -> str:
    """Part of every cache key, so a deploy that changes the board's templates starts afresh."""
    names = [*BOARD_TEMPLATES]
    for extra in extensions.card_extras():
        names += [extra.template, *extra.includes]
    sources = "".join(get_template(name).template.source for name in names)  # type: ignore[attr-defined]
    # The cards are built in Python (candidates.cards, and the extras' render functions): a
    # deploy that changes that code starts afresh too.
    modules = {cards, *(inspect.getmodule(e.render) for e in extensions.card_extras() if e.render)}
    sources += "".join(inspect.getsource(module) for module in modules if module is not None)
    # Where each extra sits on a card, and in which order, is the registrations' to say.
    sources += repr([(e.name, e.order, e.place) for e in extensions.card_extras()])
    return hashlib.sha256(sources.encode()).hexdigest()[:16]


def _card_key(row: dict[str, Any], shared: str, stamp_names: tuple[str, ...]) -> str:
    """Everything a card shows: the row (version, updated_at), its candidate and tags, its
    extras' last change (a fit score's), and `shared`: the stages in its menu, the filters its
    no-JS form carries, the day (days in stage), the templates' and builder's digest and the
    organization's zone."""
    stamps = ":".join(str(row[name].timestamp()) if row[name] else "" for name in stamp_names)
    raw = (
        f"{row['pk']}:{row['version']}:{row['updated_at'].timestamp()}:"
        f"{row['candidate__updated_at'].timestamp()}:{stamps}:"
        f"{','.join(row['tag_names'] or [])}:{shared}"
    )
    return "card:" + hashlib.sha256(raw.encode()).hexdigest()


def render_cards(
    request: HttpRequest,
    posting: Posting,
    columns: list[Column],
    stages: list[Stage],
    filters: Filters,
    *,
    token: str | None = None,
) -> None:
    """Fill each column's card HTML from the cache (one round trip for all); only the cards
    missing there are loaded and rendered (two more queries, whatever their number)."""
    signature = hashlib.sha256(repr([(s.pk, s.name) for s in stages]).encode()).hexdigest()
    today = timezone.localdate().isoformat()
    # Worked out once for all the cards, not once per card.
    shared = (
        f"{signature}:{filters.querystring()}:{today}:{templates_digest()}:"
        f"{posting.organization.timezone}"  # interview times are shown in it
    )
    stamp_names = extensions.card_stamps()
    keys = {
        row["pk"]: _card_key(row, shared, stamp_names) for column in columns for row in column.rows
    }
    html: dict[str, str] = cache_get_many(list(keys.values()))
    missing = [pk for pk, key in keys.items() if key not in html]
    fresh: dict[str, str] = {}
    if missing:
        loaded = (
            Application.objects.filter(pk__in=missing)
            .annotate(**extensions.card_annotations())
            .select_related("candidate", *extensions.card_relations())
            .prefetch_related("tags")
        )
        build = cards.CardBuilder(stages, filters, CSRF_SLOT)
        for application in loaded:
            fresh[keys[application.pk]] = build(application)
        html.update(fresh)
    token = get_token(request) if token is None else token
    for column in columns:
        # Our own card builder's output (every value escaped), with this visitor's token put
        # in its slot.
        column.html = [
            mark_safe(html[keys[row["pk"]]].replace(CSRF_SLOT, token))  # noqa: S308
            for row in column.rows
        ]
    if fresh:
        cache_set_many(fresh, CARD_CACHE_SECONDS)


@dataclass
class BoardPage:
    filters: Filters
    toolbar_html: str
    columns_html: str
    # The soonest moment a card shown changes by itself (its next interview starting): the
    # cached page is built afresh from then on, whatever the counter says.
    expires_at: datetime | None = None


PAGE_CACHE_SECONDS = 600


def _expires_at(shown: list[Column]) -> datetime | None:
    now, stamps = timezone.now(), extensions.card_stamps()
    future = [
        row[name]
        for column in shown
        for row in column.rows
        for name in stamps
        if isinstance(row[name], datetime) and row[name] > now
    ]
    return min(future, default=None)


def board_page(request: HttpRequest, posting: Posting) -> BoardPage:
    """The board's columns as HTML, cached whole under a key made of the posting's change
    counter (one row, candidates.board_version: every service that changes what the board
    shows bumps it), its stages, the query string, the day and the organization's zone."""
    stages = list(posting.stages.all())
    raw = (
        f"{posting.pk}|{board_version(posting.pk)}|{[(s.pk, s.name) for s in stages]}|"
        f"{request.GET.urlencode()}|{timezone.localdate()}|{templates_digest()}|"
        # Cards show interview times in the organization's zone, which no board service changes.
        f"{posting.organization.timezone}"
    )
    key = "board:" + hashlib.sha256(raw.encode()).hexdigest()
    page: BoardPage | None = cache_get(key)
    if page is not None and page.expires_at is not None and page.expires_at <= timezone.now():
        page = None
    if page is None:
        form, filters = filter_form(request.GET, posting)
        shown = columns(posting, filters, stages=stages)
        render_cards(request, posting, shown, stages, filters, token=CSRF_SLOT)
        context = {
            "posting": posting,
            "columns": shown,
            "filters": filters,
            "sources": form.sources,
            "tags": form.tags,
            "knockout_choices": KNOCKOUT,
            "sort_choices": SORTS,
        }
        page = BoardPage(
            filters=filters,
            toolbar_html=render_to_string("candidates/_toolbar.html", context),
            columns_html=render_to_string("candidates/_columns.html", context),
            expires_at=_expires_at(shown),
        )
        cache_set(key, page, PAGE_CACHE_SECONDS)
    html = mark_safe(page.columns_html.replace(CSRF_SLOT, get_token(request)))  # noqa: S308
    return BoardPage(page.filters, mark_safe(page.toolbar_html), html)  # noqa: S308
