"""When each member last opened a posting's board or list, and the applicants who came after:
the home page's "new since your last visit".

A visit is recorded on every opening of the board or the list, and writes its row at most
once a minute (a visit within the minute only reads it: no row version, no row lock). On the
board it costs no query of its own: the board reads the visitor's notification preference
anyway, and the upsert rides along in that statement (a data-modifying WITH), so the board
keeps its query count on its cached path and the uncached one. The list, which shows no
toggle, pays that one statement.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from django.db import connection
from django.db.models import IntegerField, OuterRef, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from candidates.models import Application, NotificationPreference, NotifyMode, PostingVisit
from postings.models import Posting

# A visit within this long of the one recorded leaves the row alone: the home page's counts
# may be this much behind, and a busy board writes one row a minute, not one per click.
VISIT_EVERY = timedelta(minutes=1)
# "New" is counted up to this: a posting nobody has opened in months costs what a quiet one does.
NEW_COUNTED_UP_TO = 99
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def record_visit(posting: Posting, *, by: Any) -> str:
    """Remember that `by` opened the posting now (at most once per VISIT_EVERY), and answer
    their notification mode for it (what the board's toggle shows): one statement."""
    visits, preferences = PostingVisit._meta.db_table, NotificationPreference._meta.db_table
    sql = f"""
        WITH visit AS (
            INSERT INTO {visits} (user_id, posting_id, seen_at)
            SELECT %(user)s, %(posting)s, %(now)s
            WHERE NOT EXISTS (
                SELECT 1 FROM {visits} WHERE user_id = %(user)s AND posting_id = %(posting)s
                AND seen_at > %(now)s - %(every)s
            )
            ON CONFLICT (user_id, posting_id) DO UPDATE SET seen_at = EXCLUDED.seen_at
        )
        SELECT mode FROM {preferences} WHERE user_id = %(user)s AND posting_id = %(posting)s
    """  # noqa: S608 - the table names are ours, the values parameters
    params = {"user": by.pk, "posting": posting.pk, "now": timezone.now(), "every": VISIT_EVERY}
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        row = cursor.fetchone()
    return str(row[0]) if row else NotifyMode.NONE


class CountUpTo(Subquery):
    """The number of rows of a LIMITed subquery: (SELECT COUNT(*) FROM (...) counted)."""

    template = "(SELECT COUNT(*) FROM (%(subquery)s) counted)"
    output_field = IntegerField()


def with_new_applicants(postings: QuerySet[Posting], user: Any) -> QuerySet[Posting]:
    """Postings annotated with `last_visit` (None before the first) and `new_applicants`: the
    applications made since (all of them before a first visit), counted up to
    NEW_COUNTED_UP_TO + 1 from the list's (posting, applied_at) index."""
    last = PostingVisit.objects.filter(posting_id=OuterRef("pk"), user_id=user.pk).values(
        "seen_at"
    )[:1]
    since = Coalesce(OuterRef("last_visit"), Value(EPOCH))
    new = Application.objects.filter(posting_id=OuterRef("pk"), applied_at__gt=since)
    return postings.annotate(last_visit=Subquery(last)).annotate(
        new_applicants=CountUpTo(new.order_by().values("pk")[: NEW_COUNTED_UP_TO + 1])
    )
