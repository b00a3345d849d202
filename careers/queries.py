"""Reads behind the careers site that the ORM would make slower than the page they serve."""

from __future__ import annotations

import functools
from typing import NamedTuple

from django.db import connection

from accounts.models import Organization
from postings.models import Posting, Question


class PageStamp(NamedTuple):
    posting_id: int
    status: str
    digest: str  # of every column of the posting, its organization and its questions


@functools.cache
def _stamp_sql() -> str:
    models = (Posting, Organization, Question)
    posting, organization, question = (
        connection.ops.quote_name(model._meta.db_table) for model in models
    )
    # A row cast to text is all its columns, so a column added later is in the digest too.
    return f"""
        SELECT p.id, p.status, md5(
            p::text || o::text || coalesce(
                (SELECT string_agg(q::text, '|' ORDER BY q."order", q.id)
                 FROM {question} q WHERE q.posting_id = p.id),
                ''
            )
        )
        FROM {posting} p JOIN {organization} o ON o.id = p.organization_id
        WHERE o.slug = %s AND p.slug = %s
    """  # noqa: S608 - table names from our models' metadata; values are parameters


def posting_page_stamp(org: str, slug: str) -> PageStamp | None:
    """The posting's id and status, and a digest of everything the posting page shows from the
    database: one query, and no ORM query to build (it costs more than the query itself)."""
    with connection.cursor() as cursor:
        cursor.execute(_stamp_sql(), [org, slug])
        row = cursor.fetchone()
    return None if row is None else PageStamp(*row)
