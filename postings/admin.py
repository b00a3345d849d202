from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.core.exceptions import ValidationError
from django.forms import BaseInlineFormSet, ModelForm
from django.http import HttpRequest
from django.utils.translation import gettext as _

from accounts.admin import OrganizationAdmin
from accounts.admin_scope import (
    OrganizationScopedAdmin,
    OrganizationScopedInline,
    ReadOnlyScopedInline,
)
from postings import services
from postings.models import (
    DefaultStage,
    EmailTemplate,
    Posting,
    PostingEvent,
    PostingStatus,
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


class StageFormSet(BaseInlineFormSet[Stage, Posting, ModelForm[Stage]]):
    def clean(self) -> None:
        # The editor's rule, said next to the stages rather than as an error after saving.
        super().clean()
        kept = [f for f in self.forms if f.cleaned_data and not f.cleaned_data.get("DELETE")]
        if self.instance.status == PostingStatus.OPEN and not kept:
            raise ValidationError(_("An open posting needs at least one stage."))


class StageInline(PostingChildInline):
    model = Stage
    formset = StageFormSet
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

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        """Stages, requirements and questions are saved by the editor's services, so an admin
        edit records its events and reschedules scoring in this same transaction."""
        if formset.model not in services.COLLECTION_NAMES:
            super().save_formset(request, form, formset, change)
            return
        formset.save(commit=False)
        services.save_collection_changes(
            form.instance,
            added=[(item, item.order) for item in formset.new_objects],
            changed=[item for item, _fields in formset.changed_objects],
            removed=list(formset.deleted_objects),
            by=request.user,  # type: ignore[arg-type]
        )


@admin.register(EmailTemplate)
class EmailTemplateAdmin(OrganizationScopedAdmin):
    list_display = ["name", "organization", "subject"]
    search_fields = ["name", "subject"]
