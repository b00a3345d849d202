from __future__ import annotations

from django.urls import path

from candidates import views

urlpatterns = [
    path("postings/<int:pk>/board/", views.board_page, name="board"),
    path("postings/<int:pk>/board/stages/<int:stage_id>/", views.board_column, name="board_column"),
    path("applications/<int:pk>/move/", views.move, name="application_move"),
]
