from __future__ import annotations

import importlib

import pytest
from django.apps import apps

pytestmark = pytest.mark.django_db


backfill = importlib.import_module("candidates.migrations.0010_backfill_application_consent")


def test_applications_from_before_take_their_candidates_consent():
    from django.utils import timezone

    from candidates.models import Application
    from tests.factories import ApplicationFactory

    application = ApplicationFactory.create()
    given = timezone.now()
    application.candidate.__class__.objects.filter(pk=application.candidate_id).update(
        consent_at=given, consent_version="v3"
    )
    Application.objects.filter(pk=application.pk).update(consent_at=None, consent_version="")
    backfill.backfill(apps, None)
    application.refresh_from_db()
    assert application.consent_at == given
    assert application.consent_version == "v3"


def _run_sql_of(module: str) -> None:
    from django.db import connection, migrations

    for operation in importlib.import_module(module).Migration.operations:
        if isinstance(operation, migrations.RunSQL):
            assert isinstance(operation.sql, str)
            with connection.cursor() as cursor:
                cursor.execute(operation.sql)


def test_applications_from_before_take_their_sort_keys():
    from candidates.models import Application
    from screening.models import FitScore
    from tests.factories import ApplicationFactory

    scored, unscored = ApplicationFactory.create_batch(2)
    FitScore.objects.create(application=scored, posting=scored.posting, state="done", score=72.5)
    Application.objects.update(sort_name="", sort_score=None)
    _run_sql_of("candidates.migrations.0012_list_sort_keys")
    _run_sql_of("screening.migrations.0003_copy_scores_to_applications")
    scored.refresh_from_db()
    unscored.refresh_from_db()
    assert (scored.sort_score, scored.sort_name) == (72.5, scored.candidate.name)
    assert (unscored.sort_score, unscored.sort_name) == (None, unscored.candidate.name)


def test_mentions_from_before_the_home_page_are_taken_as_seen(recruiter, hiring_manager, posting):
    from candidates.models import Mention
    from candidates.services import add_note
    from tests.factories import ApplicationFactory

    application = ApplicationFactory.create(posting=posting)
    note = add_note(application, by=hiring_manager.user, body="@recruiter hi")
    Mention.objects.update(seen_at=None)
    _run_sql_of("candidates.migrations.0016_mentions_seen_and_posting_visits")
    assert Mention.objects.get(note=note).seen_at is not None
