from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from accounts import access
from accounts.models import Organization


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """The front page: companies hiring for a visitor, the team's home page after sign-in."""
    if not request.user.is_authenticated:
        hiring = Organization.objects.filter(postings__status="open").distinct().order_by("name")
        return render(request, "home.html", {"hiring": hiring})
    return render(request, "dashboard/home.html", {"memberships": access.memberships(request)})
