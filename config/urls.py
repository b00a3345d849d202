from __future__ import annotations

from django.contrib import admin
from django.urls import include, path

from config import views

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("readyz", views.readyz, name="readyz"),
    path("admin/rq/", include("django_rq.urls")),
    path("admin/", admin.site.urls),
    path("", include("accounts.urls")),
    path("", include("postings.urls")),
    path("", include("candidates.urls")),
    path("", include("screening.urls")),
]

handler404 = "config.views.page_not_found"
handler500 = "config.views.server_error"
