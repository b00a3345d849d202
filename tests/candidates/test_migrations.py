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
