from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import Model
from django.http import HttpRequest

from accounts.admin_scope import OrganizationScopedAdmin
from screening.models import FitScore, Rescoring


class ReadOnlyScopedAdmin(OrganizationScopedAdmin):
    """Scores are written by the scoring jobs only; admin shows them, scoped to the staff
    user's organizations, and never edits them."""

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False


@admin.register(FitScore)
class FitScoreAdmin(ReadOnlyScopedAdmin):
    list_display = ["application", "posting", "state", "score", "must_haves_met", "scoring_version"]
    list_filter = ["state", "must_haves_met", "resume_unreadable", "scoring_version"]
    list_select_related = ["application__candidate", "posting"]
    search_fields = ["posting__title"]
    raw_id_fields = ["application", "posting", "rescoring"]


@admin.register(Rescoring)
class RescoringAdmin(ReadOnlyScopedAdmin):
    list_display = ["posting", "reason", "done", "failed", "total", "started_at", "finished_at"]
    list_select_related = ["posting"]
    raw_id_fields = ["posting"]
