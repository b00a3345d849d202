"""The per-posting change counter behind the board page's cache key.

Every service that changes what a board card or the board shows calls `bump_board` (or
`bump_boards_of` with the applications it changed) inside its transaction; upper apps
(screening's fit scores, interviews' schedule and scorecards) call it too, importing down.
A bump is one upsert, so a posting without a row yet (older postings) needs no backfill.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import connection

from candidates.models import BoardVersion


def bump_board(*posting_ids: int) -> None:
    ids = sorted({int(pk) for pk in posting_ids})  # one order, so two bumps never deadlock
    if not ids:
        return
    table = BoardVersion._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (posting_id, version) SELECT unnest(%s::bigint[]), 1 "
            f"ON CONFLICT (posting_id) DO UPDATE SET version = {table}.version + 1",
            [ids],
        )


def bump_boards_of(application_ids: Iterable[int]) -> None:
    """Bump the boards of these applications' postings (one read of their posting ids)."""
    from candidates.models import Application

    ids = list(application_ids)
    if ids:
        postings = Application.objects.filter(pk__in=ids).values_list("posting_id", flat=True)
        bump_board(*postings)


def board_version(posting_id: int) -> int:
    row = BoardVersion.objects.filter(posting_id=posting_id).values_list("version", flat=True)
    return next(iter(row), 0)
