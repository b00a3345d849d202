"""Emails to candidates, rendered from ids at send time (outbox builders)."""

from __future__ import annotations

from django.conf import settings
from django.template.loader import render_to_string

from candidates.models import Application
from outbox.email import Email, builder


def _load(application_id: int) -> Application:
    return Application.objects.select_related("candidate", "posting__organization").get(
        pk=application_id
    )


def _email(application: Application, template: str, subject: str) -> Email:
    context = {
        "application": application,
        "posting": application.posting,
        "organization": application.posting.organization,
        "site_url": settings.SITE_URL,
    }
    return Email(
        to=[application.candidate.email],
        subject=subject,
        text=render_to_string(f"candidates/emails/{template}.txt", context),
        html=render_to_string(f"candidates/emails/{template}.html", context),
    )


@builder("application_received")
def application_received(*, application_id: int) -> Email:
    application = _load(application_id)
    return _email(
        application,
        "application_received",
        f"We received your application: {application.posting.title}",
    )


@builder("application_duplicate")
def application_duplicate(*, application_id: int) -> Email:
    application = _load(application_id)
    return _email(
        application,
        "application_duplicate",
        f"Your application stands: {application.posting.title}",
    )
