from __future__ import annotations

from django.urls import path, re_path

from candidates import views

urlpatterns = [
    path("postings/<int:pk>/board/", views.board_page, name="board"),
    path("postings/<int:pk>/board/stages/<int:stage_id>/", views.board_column, name="board_column"),
    path("postings/<int:pk>/applications/", views.application_list, name="application_list"),
    path(
        "postings/<int:pk>/notifications/",
        views.notification_preference,
        name="notification_preference",
    ),
    path("postings/<int:pk>/applications/bulk/", views.application_bulk, name="application_bulk"),
    path(
        "postings/<int:pk>/applications/export.csv",
        views.application_export,
        name="application_export",
    ),
    path("applications/<int:pk>/", views.profile, name="application_profile"),
    path("applications/<int:pk>/move/", views.move, name="application_move"),
    path("applications/<int:pk>/resume/", views.resume, name="application_resume"),
    path("applications/<int:pk>/stage-email/", views.stage_email, name="stage_email"),
    path("applications/<int:pk>/advance/", views.advance, name="application_advance"),
    path("applications/<int:pk>/rejection/", views.rejection, name="application_reject"),
    path("applications/<int:pk>/notes/", views.note_add, name="note_add"),
    path("applications/<int:pk>/mentions/", views.mention_suggestions, name="mention_suggestions"),
    re_path(
        r"^applications/(?P<pk>\d+)/notes/(?P<note_id>\d+)/(?P<action>edit|delete)/$",
        views.note_change,
        name="note_change",
    ),
    re_path(
        r"^applications/(?P<pk>\d+)/(?P<action>reject|undo-reject|hire|withdraw|reopen|cancel-email|merge-details)/$",
        views.application_action,
        name="application_action",
    ),
]
