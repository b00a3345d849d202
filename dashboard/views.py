from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from accounts import access
from accounts.models import Organization
from dashboard import queries


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """The front page: companies hiring for a visitor; after sign-in, the team's home page,
    each item a link to where its work is (queries.home says who sees what)."""
    if not request.user.is_authenticated:
        hiring = Organization.objects.filter(postings__status="open").distinct().order_by("name")
        return render(request, "home.html", {"hiring": hiring})
    memberships = access.memberships(request)
    context = {
        "memberships": memberships,
        "home": queries.home(request.user, memberships),
        "several_organizations": len(memberships) > 1,
    }
    return render(request, "dashboard/home.html", context)
