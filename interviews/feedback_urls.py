from __future__ import annotations

from django.urls import path

from interviews import feedback_views as views

urlpatterns = [
    path("interviews/", views.my_interviews, name="my_interviews"),
    path("interviews/<int:pk>/", views.interview_brief, name="interview_brief"),
    path("interviews/<int:pk>/resume/", views.interview_resume, name="interview_resume"),
    path("interviews/<int:pk>/scorecard/", views.scorecard, name="scorecard"),
    path("interviews/<int:pk>/scorecard/draft/", views.scorecard_draft, name="scorecard_draft"),
    path(
        "applications/<int:pk>/feedback/",
        views.application_feedback,
        name="application_feedback",
    ),
]
