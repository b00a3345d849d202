from __future__ import annotations

from django.urls import path
from django.views.decorators.http import require_safe

from careers import views

urlpatterns = [
    path("careers/<slug:org>/", views.careers, name="careers"),
    # A Feed answers any method with the feed; a feed is only ever read (GET, or HEAD).
    path(
        "careers/<slug:org>/feed.xml", require_safe(views.OpenPostingsFeed()), name="careers_feed"
    ),
    path("careers/<slug:org>/<slug:slug>/", views.posting_page, name="careers_posting"),
    path("careers/<slug:org>/<slug:slug>/applied/", views.applied, name="careers_applied"),
]
