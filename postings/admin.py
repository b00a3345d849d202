from __future__ import annotations

from django.contrib import admin

from accounts.admin import OrganizationAdmin
from accounts.admin_scope import (
    OrganizationScopedAdmin,
    OrganizationScopedInline,
    ReadOnlyScopedInline,
)
from postings.models import (
    DefaultStage,
    EmailTemplate,
    Posting,
    PostingEvent,
    Question,
    Requirement,
    Stage,
)


class DefaultStageInline(OrganizationScopedInline):
    """The organization's stage template, edited by its admins; new postings copy it."""

    model = DefaultStage
    extra = 0
    fields = ["order", "name", "email_template"]


OrganizationAdmin.inlines = [*OrganizationAdmin.inlines, DefaultStageInline]


class PostingChildInline(OrganizationScopedInline):
    extra = 0


class StageInline(PostingChildInline):
    model = Stage
    fields = ["order", "name", "email_template"]


class RequirementInline(PostingChildInline):
    model = Requirement
    fields = ["order", "kind", "skills", "min_years", "importance", "weight", "text"]


class QuestionInline(PostingChildInline):
    model = Question
    fields = ["order", "text", "kind", "choices", "required", "knockout_answer"]


class PostingEventInline(ReadOnlyScopedInline):
    # Who did what, written by the postings services only.
    model = PostingEvent
    extra = 0
    fields = readonly_fields = ("created_at", "kind", "actor", "data")


@admin.register(Posting)
class PostingAdmin(OrganizationScopedAdmin):
    list_display = ["title", "organization", "status", "department", "opened_at"]
    list_filter = ["status", "organization"]
    search_fields = ["title", "slug", "department"]
    list_select_related = ["organization"]
    inlines = [StageInline, RequirementInline, QuestionInline, PostingEventInline]
    filter_horizontal = ["hiring_team"]


@admin.register(EmailTemplate)
class EmailTemplateAdmin(OrganizationScopedAdmin):
    list_display = ["name", "organization", "subject"]
    search_fields = ["name", "subject"]
