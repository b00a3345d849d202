from __future__ import annotations

from django.urls import path

from screening import views

urlpatterns = [
    path("fit-scores/", views.how_scores_work, name="how_scores_work"),
    path("postings/<int:pk>/scoring/", views.scoring_progress, name="scoring_progress"),
    path("applications/<int:pk>/fit/", views.application_fit, name="application_fit"),
]
