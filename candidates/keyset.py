"""Keyset ("seek") pagination: a page is the rows after, or before, the sort values of a row
already shown. Reading the 400th page costs what the first does (OFFSET reads and drops every
row before it), and a row added or removed meanwhile neither repeats nor skips the others.

An order is Django's order_by spelling (`("-applied_at", "-id")`) and must end in a unique
field, so no two rows tie. A field named in `nullable` sorts its NULLs last in either
direction (as `models.sort_expressions` orders: unscored applications at the end). The link
to the next or previous page carries the boundary row's sort values as an opaque token; a
token that doesn't parse (edited, or from another sort) reads as no token: the first page.
"""

from __future__ import annotations

import binascii
import json
from base64 import urlsafe_b64decode, urlsafe_b64encode
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import reduce
from operator import or_
from typing import Any, Generic, TypeVar

from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import models
from django.db.models import F, OrderBy, Q
from django.utils import timezone

M = TypeVar("M", bound=models.Model)


@dataclass(frozen=True)
class Page(Generic[M]):
    rows: list[M]
    next: str  # the token of the page after this one, "" at the end
    previous: str  # the token of the page before, "" when nothing is before it
    is_first: bool  # no token was followed: the list's first page


@dataclass(frozen=True)
class _Key:
    path: str
    descending: bool
    nullable: bool
    field: models.Field[Any, Any]


def paginate(
    queryset: models.QuerySet[M],
    order: Sequence[str],
    *,
    size: int,
    after: str = "",
    before: str = "",
    nullable: frozenset[str] = frozenset(),
) -> Page[M]:
    """The `size` rows after the row `after` names (or before the one `before` names; else
    the first rows), in `order`. One query, whatever the page."""
    keys = _keys(queryset.model, order, nullable)
    annotated = queryset.annotate(**{f"keyset_{n}": F(k.path) for n, k in enumerate(keys)})
    backward = _decode(before, keys) if before else None
    forward = _decode(after, keys) if after and backward is None else None
    if backward is not None:
        found = list(
            annotated.filter(_beyond(keys, backward, forward=False)).order_by(
                *_ordering(keys, forward=False)
            )[: size + 1]
        )
        rows = found[:size][::-1]
        return Page(
            rows=rows,
            next=_token(rows[-1], keys) if rows else "",
            previous=_token(rows[0], keys) if len(found) > size else "",
            is_first=False,
        )
    if forward is not None:
        annotated = annotated.filter(_beyond(keys, forward, forward=True))
    found = list(annotated.order_by(*_ordering(keys, forward=True))[: size + 1])
    rows = found[:size]
    return Page(
        rows=rows,
        next=_token(rows[-1], keys) if len(found) > size else "",
        previous=_token(rows[0], keys) if forward is not None and rows else "",
        is_first=forward is None,
    )


def _keys(model: type[models.Model], order: Sequence[str], nullable: frozenset[str]) -> list[_Key]:
    keys = []
    for name in order:
        path = name.lstrip("-")
        keys.append(_Key(path, name.startswith("-"), path in nullable, _field(model, path)))
    return keys


def _field(model: type[models.Model], path: str) -> models.Field[Any, Any]:
    """The model field at the end of a relation path (`fit_score__score`)."""
    *relations, last = path.split("__")
    for name in relations:
        related = model._meta.get_field(name).related_model
        if not isinstance(related, type):
            raise FieldDoesNotExist(path)
        model = related
    field = model._meta.get_field(last)
    assert isinstance(field, models.Field), path
    return field


def _ordering(keys: list[_Key], *, forward: bool) -> list[OrderBy]:
    # NULLs are named only for nullable fields: a NOT NULL column ordered "NULLS LAST" on the
    # way down no longer matches its index (PostgreSQL's DESC default is NULLS FIRST).
    order = []
    for key in keys:
        field, descending = F(key.path), key.descending == forward
        if key.nullable:  # NULLs last forward, so first on the way back
            nulls: dict[str, bool] = {"nulls_last": True} if forward else {"nulls_first": True}
            order.append(field.desc(**nulls) if descending else field.asc(**nulls))
        else:
            order.append(field.desc() if descending else field.asc())
    return order


def _beyond(keys: list[_Key], values: list[Any], *, forward: bool) -> Q:
    """The rows strictly after (forward) or before the row whose sort values are `values`:
    equal on the first fields and past it on the next one, for each field in turn, plus a
    range on the first field alone, redundant but what lets an index start at the cursor."""
    terms, equal = [], Q()
    for key, value in zip(keys, values, strict=True):
        past = _past(key, value, forward=forward)
        if past is not None:
            terms.append(equal & past)
        equal &= Q(**{f"{key.path}__isnull": True}) if value is None else Q(**{key.path: value})
    if not terms:
        return Q(pk__in=[])
    return _start(keys[0], values[0], forward=forward) & reduce(or_, terms)


def _past(key: _Key, value: Any, *, forward: bool) -> Q | None:
    """The rows past `value` in this one field; None when there are none (after a NULL)."""
    if value is None:  # NULLs sort last: nothing follows them, every value precedes them
        return None if forward else Q(**{f"{key.path}__isnull": False})
    lookup = "lt" if key.descending == forward else "gt"
    past = Q(**{f"{key.path}__{lookup}": value})
    return past | Q(**{f"{key.path}__isnull": True}) if forward and key.nullable else past


def _start(key: _Key, value: Any, *, forward: bool) -> Q:
    if value is None:
        return Q(**{f"{key.path}__isnull": True}) if forward else Q()
    bound = Q(**{f"{key.path}__{'lte' if key.descending == forward else 'gte'}": value})
    return bound | Q(**{f"{key.path}__isnull": True}) if forward and key.nullable else bound


def _token(row: models.Model, keys: list[_Key]) -> str:
    values = [getattr(row, f"keyset_{n}") for n in range(len(keys))]
    text = json.dumps(
        [v.isoformat() if isinstance(v, datetime) else v for v in values], separators=(",", ":")
    )
    return urlsafe_b64encode(text.encode()).decode().rstrip("=")


def _decode(token: str, keys: list[_Key]) -> list[Any] | None:
    try:
        raw = json.loads(urlsafe_b64decode(token + "=" * (-len(token) % 4)))
    except (ValueError, binascii.Error):  # not base64, not UTF-8, not JSON
        return None
    if not isinstance(raw, list) or len(raw) != len(keys):
        return None
    values: list[Any] = []
    for key, value in zip(keys, raw, strict=True):
        if value is None and key.nullable:
            values.append(None)
            continue
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            return None
        if isinstance(value, str) and "\x00" in value:  # PostgreSQL refuses NUL in text
            return None
        try:
            parsed = key.field.to_python(value)
            key.field.run_validators(parsed)  # an integer's range, a text's length
        except (ValidationError, TypeError, ValueError):
            return None
        if parsed is None or (isinstance(parsed, datetime) and timezone.is_naive(parsed)):
            return None
        values.append(parsed)
    return values
