from __future__ import annotations

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from accounts import access
from accounts.models import Membership
from candidates.models import Application
from postings.access import can_work_posting


def get_application_for_user(request: HttpRequest, pk: int) -> tuple[Application, Membership]:
    """The application if it belongs to one of the user's organizations (404 otherwise); 403
    unless the user's role works its posting."""
    application = get_object_or_404(
        Application.objects.for_user(request.user)
        .select_related("posting__organization", "candidate", "stage")
        .distinct(),
        pk=pk,
    )
    membership = next(
        m
        for m in access.memberships(request)
        if m.organization_id == application.posting.organization_id
    )
    access.require(
        can_work_posting(membership, application.posting),
        _("Your role can't work this application."),
    )
    return application, membership
