"""Reads behind the careers site that the ORM would make slower than the page they serve."""

from __future__ import annotations

import functools
from typing import NamedTuple

from django.db import InterfaceError, OperationalError, connection

from accounts.models import Organization
from postings.models import Posting, Question


class PageStamp(NamedTuple):
    posting_id: int
    status: str
    versions: str  # of the rows of the posting, its organization and its questions


@functools.cache
def _stamp_sql() -> str:
    models = (Posting, Organization, Question)
    posting, organization, question = (
        connection.ops.quote_name(model._meta.db_table) for model in models
    )
    # A row's version: every UPDATE writes a new one, whatever column it changes (a column added
    # later too), at a new ctid, and a later transaction's also under a new xmin, so the pair
    # never comes back within a cluster's life (a dead version's ctid is reused only by a later
    # transaction; xids don't repeat short of wraparound, far beyond a cached page's minutes).
    # The server's start time stands for the cluster: a restored or replaced one starts afresh.
    # Reading versions instead of a digest of the rows' text spares PostgreSQL hashing them.
    return f"""
        SELECT p.id, p.status, concat_ws(
            '|', pg_postmaster_start_time(), p.xmin, p.ctid, o.xmin, o.ctid,
            (SELECT string_agg(concat_ws(':', q.id, q.xmin, q.ctid), ',' ORDER BY q.id)
             FROM {question} q WHERE q.posting_id = p.id)
        )
        FROM {posting} p JOIN {organization} o ON o.id = p.organization_id
        WHERE o.slug = %s AND p.slug = %s
    """  # noqa: S608 - table names from our models' metadata; values are parameters


def posting_page_stamp(org: str, slug: str) -> PageStamp | None:
    """The posting's id and status, and the versions of every row the posting page shows from
    the database: one query, and no ORM query to build (it costs more than the query itself).

    The query is the request's first, and it checks the connection too: CONN_HEALTH_CHECKS
    would first send a `SELECT 1` of its own, a round trip as long as this query. A connection
    that turns out dead (a database restart, an idle timeout) is closed and this query sent once
    more on a new one, outside a transaction."""
    for attempt in (1, 2):
        connection.health_check_done = True  # type: ignore[attr-defined]  # not in the stubs
        try:
            with connection.cursor() as cursor:
                cursor.execute(_stamp_sql(), [org, slug])
                row = cursor.fetchone()
            break
        except (OperationalError, InterfaceError):
            if attempt == 2 or connection.in_atomic_block:
                raise
            connection.close()
    return None if row is None else PageStamp(*row)
