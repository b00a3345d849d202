from __future__ import annotations

from django.urls import path, register_converter

from postings import suggestions, views


class CollectionConverter:
    regex = "requirements|questions|stages"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


class TransitionConverter(CollectionConverter):
    regex = "publish|close|reopen|duplicate"


register_converter(CollectionConverter, "collection")
register_converter(TransitionConverter, "transition")

urlpatterns = [
    path("postings/", views.posting_list, name="posting_list"),
    path("postings/new/", views.posting_new, name="posting_new"),
    path("postings/preview/", views.description_preview, name="posting_preview"),
    path("postings/<int:pk>/edit/", views.posting_edit, name="posting_edit"),
    path(
        "postings/<int:pk>/<transition:action>/",
        views.posting_transition,
        name="posting_transition",
    ),
    path(
        "postings/<int:pk>/suggestions/<slug:key>/",
        suggestions.suggestion_edit,
        name="suggestion_edit",
    ),
    path(
        "postings/<int:pk>/suggestions/<slug:key>/accept/",
        suggestions.suggestion_accept,
        name="suggestion_accept",
    ),
    path(
        "postings/<int:pk>/suggestions/<slug:key>/drop/",
        suggestions.suggestion_drop,
        name="suggestion_drop",
    ),
    path("postings/<int:pk>/<collection:collection>/", views.collection_add, name="collection_add"),
    path(
        "postings/<int:pk>/<collection:collection>/<int:item_id>/",
        views.collection_item,
        name="collection_item",
    ),
    path(
        "postings/<int:pk>/<collection:collection>/<int:item_id>/delete/",
        views.collection_delete,
        name="collection_delete",
    ),
    path(
        "postings/<int:pk>/<collection:collection>/<int:item_id>/move/",
        views.collection_move,
        name="collection_move",
    ),
]
