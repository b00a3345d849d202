from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from accounts.admin_scope import OrganizationScopedAdmin, ReadOnlyScopedInline
from candidates.models import Application, ApplicationEvent, Candidate


@admin.register(Candidate)
class CandidateAdmin(OrganizationScopedAdmin):
    list_display = ["name", "email", "organization", "created_at"]
    search_fields = ["name", "email"]
    list_select_related = ["organization"]


class EventInline(ReadOnlyScopedInline):
    # The timeline is written by services only.
    model = ApplicationEvent
    extra = 0
    fields = ("created_at", "kind", "actor", "from_stage", "to_stage", "data")
    readonly_fields = fields


class ApplicationAdminForm(forms.ModelForm[Application]):
    # No Meta: the admin builds it from its own fields.
    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        stage, posting = cleaned.get("stage"), cleaned.get("posting")
        candidate = cleaned.get("candidate")
        if stage is not None and posting is not None and stage.posting_id != posting.pk:
            self.add_error("stage", _("Pick a stage of this application's posting."))
        if (
            candidate is not None
            and posting is not None
            and candidate.organization_id != posting.organization_id
        ):
            self.add_error("candidate", _("Pick a candidate of the posting's organization."))
        return cleaned


@admin.register(Application)
class ApplicationAdmin(OrganizationScopedAdmin):
    form = ApplicationAdminForm
    list_display = ["candidate", "posting", "stage", "status", "applied_at"]
    list_filter = ["status"]
    search_fields = ["candidate__name", "candidate__email", "posting__title"]
    list_select_related = ["candidate", "posting", "stage"]
    raw_id_fields = ["candidate", "posting", "stage"]
    inlines = [EventInline]
