from __future__ import annotations

from django.contrib import admin

from accounts.admin_scope import OrganizationScopedAdmin
from candidates.models import Application, ApplicationEvent, Candidate


@admin.register(Candidate)
class CandidateAdmin(OrganizationScopedAdmin):
    list_display = ["name", "email", "organization", "created_at"]
    search_fields = ["name", "email"]
    list_select_related = ["organization"]


class EventInline(admin.TabularInline):
    model = ApplicationEvent
    extra = 0
    fields = ("created_at", "kind", "actor", "from_stage", "to_stage", "data")
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False  # the timeline is written by services only


@admin.register(Application)
class ApplicationAdmin(OrganizationScopedAdmin):
    organization_path = "posting__organization"
    list_display = ["candidate", "posting", "stage", "status", "applied_at"]
    list_filter = ["status"]
    search_fields = ["candidate__name", "candidate__email", "posting__title"]
    list_select_related = ["candidate", "posting", "stage"]
    raw_id_fields = ["candidate", "posting", "stage"]
    inlines = [EventInline]
