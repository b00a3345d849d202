from __future__ import annotations

from django.urls import path

from interviews import views

urlpatterns = [
    path(
        "applications/<int:pk>/interviews/",
        views.application_interviews,
        name="application_interviews",
    ),
    path(
        "applications/<int:pk>/interviews/new/",
        views.interview_schedule,
        name="interview_schedule",
    ),
    path(
        "interviews/<int:pk>/reschedule/",
        views.interview_reschedule,
        name="interview_reschedule",
    ),
    path("interviews/<int:pk>/cancel/", views.interview_cancel, name="interview_cancel"),
    path("postings/<int:pk>/interview-plan/", views.interview_plan, name="interview_plan"),
    path(
        "postings/<int:pk>/interview-plan/<int:kind_id>/",
        views.interview_kind,
        name="interview_kind",
    ),
    path(
        "postings/<int:pk>/interview-plan/<int:kind_id>/delete/",
        views.interview_kind_delete,
        name="interview_kind_delete",
    ),
    path(
        "postings/<int:pk>/interview-plan/<int:kind_id>/areas/",
        views.focus_area_add,
        name="focus_area_add",
    ),
    path(
        "postings/<int:pk>/interview-plan/<int:kind_id>/areas/<int:area_id>/delete/",
        views.focus_area_delete,
        name="focus_area_delete",
    ),
    path(
        "postings/<int:pk>/interview-plan/<int:kind_id>/attributes/",
        views.attribute_add,
        name="attribute_add",
    ),
    path(
        "postings/<int:pk>/interview-plan/<int:kind_id>/attributes/<int:attribute_id>/delete/",
        views.attribute_delete,
        name="attribute_delete",
    ),
    path(
        "postings/<int:pk>/interview-plan/<int:kind_id>/save-template/",
        views.scorecard_template_save,
        name="scorecard_template_save",
    ),
]
