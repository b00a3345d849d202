"""Reads behind the board: a constant number of queries whatever the number of applicants."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, F, OrderBy, Window
from django.db.models.functions import RowNumber

from candidates.filters import FilterForm, Filters
from candidates.models import SORT_ORDER, Application, Tag
from postings.models import Posting, Stage

PAGE = 25


@dataclass
class Column:
    stage: Stage
    cards: list[Application]
    count: int
    offset: int = 0

    @property
    def next_offset(self) -> int:
        return self.offset + len(self.cards)

    @property
    def has_more(self) -> bool:
        return self.next_offset < self.count


def _window_order(sort: str) -> list[OrderBy]:
    order = []
    for name in SORT_ORDER.get(sort, SORT_ORDER["manual"]):
        field = F(name.lstrip("-"))
        order.append(field.desc() if name.startswith("-") else field.asc())
    return order


def filter_form(data: Any, posting: Posting) -> tuple[FilterForm, Filters]:
    sources = sorted(
        s
        for s in Application.objects.for_posting(posting)
        .order_by()
        .values_list("source", flat=True)
        .distinct()
        if s
    )
    tags = list(
        Tag.objects.filter(organization_id=posting.organization_id).values_list("name", flat=True)
    )
    form = FilterForm(data, sources=sources, tags=tags)
    return form, form.filters()


def parse_filters(data: Any) -> Filters:
    """Filters sent back by our own board (a move carries them), read without querying choices."""
    form = FilterForm(data, sources=[str(data.get("source", ""))], tags=[str(data.get("tag", ""))])
    return form.filters()


def columns(
    posting: Posting,
    filters: Filters,
    *,
    only: set[int] | None = None,
    stages: list[Stage] | None = None,
) -> list[Column]:
    """Every stage's column (or only some), each with its count and first page of cards."""
    every = stages if stages is not None else list(posting.stages.all())
    shown = [s for s in every if only is None or s.pk in only]
    base = Application.objects.for_posting(posting).filtered(filters)
    if only is not None:
        base = base.filter(stage_id__in=only)
    counts = dict(base.order_by().values_list("stage_id").annotate(n=Count("id", distinct=True)))
    ranked = (
        base.annotate(
            row=Window(
                RowNumber(), partition_by=[F("stage_id")], order_by=_window_order(filters.sort)
            )
        )
        .filter(row__lte=PAGE)
        .select_related("candidate")
        .prefetch_related("tags")
        .order_by("stage_id", "row")
    )
    cards: dict[int, list[Application]] = {}
    for application in ranked:
        cards.setdefault(application.stage_id, []).append(application)
    return [Column(stage=s, cards=cards.get(s.pk, []), count=counts.get(s.pk, 0)) for s in shown]


def more_cards(posting: Posting, stage: Stage, filters: Filters, offset: int) -> Column:
    base = Application.objects.for_posting(posting).filtered(filters).filter(stage=stage)
    count = base.count()
    page = list(
        base.sorted_by(filters.sort)
        .select_related("candidate")
        .prefetch_related("tags")[offset : offset + PAGE]
    )
    return Column(stage=stage, cards=page, count=count, offset=offset)
