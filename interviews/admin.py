from __future__ import annotations

from django.contrib import admin

from accounts.admin_scope import OrganizationScopedAdmin, OrganizationScopedInline
from interviews.models import Attribute, DefaultInterviewKind, FocusArea, ScorecardTemplate


class FocusAreaInline(OrganizationScopedInline):
    model = FocusArea
    extra = 0
    fields = ["order", "name"]
    show_change_link = True  # its attributes are edited on its own page


@admin.register(ScorecardTemplate)
class ScorecardTemplateAdmin(OrganizationScopedAdmin):
    """The organization's reusable scorecards (and, filtered by "reusable: no", the copies its
    postings' interview kinds own)."""

    list_display = ["name", "organization", "reusable"]
    list_filter = ["reusable", "organization"]
    search_fields = ["name"]
    fields = ["organization", "name", "reusable"]
    inlines = [FocusAreaInline]


class AttributeInline(OrganizationScopedInline):
    model = Attribute
    extra = 0
    fields = ["order", "name", "guidance"]


@admin.register(FocusArea)
class FocusAreaAdmin(OrganizationScopedAdmin):
    list_display = ["name", "template"]
    search_fields = ["name", "template__name"]
    fields = ["template", "name", "order"]
    inlines = [AttributeInline]


@admin.register(DefaultInterviewKind)
class DefaultInterviewKindAdmin(OrganizationScopedAdmin):
    """The organization's default interview plan: kinds on its default stages, copied with
    their scorecard into every new posting."""

    list_display = ["name", "default_stage", "duration_minutes", "scorecard_template"]
    fields = ["default_stage", "name", "duration_minutes", "scorecard_template", "order"]
