from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.admin import OrganizationAdmin
from accounts.admin_scope import (
    LabelledInlineFormSet,
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


class StageFormSet(LabelledInlineFormSet):
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
    fields = ["order", *Requirement.EDITABLE_FIELDS]


class QuestionInline(PostingChildInline):
    model = Question
    fields = ["order", *Question.EDITABLE_FIELDS]


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
    # The lifecycle moves only through its services (the actions below), which check what it
    # needs and record who did it; a typed-in status would skip both.
    readonly_fields = ["status", "opened_at", "closed_at", "created_by"]
    actions = ["publish", "close", "reopen"]

    def save_model(self, request: HttpRequest, obj: Posting, form: Any, change: bool) -> None:
        if not change:
            obj.created_by = request.user  # type: ignore[assignment]
        super().save_model(request, obj, form, change)

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        if not change:
            services.set_up_new_posting(form.instance, by=request.user)  # type: ignore[arg-type]

    @admin.action(description=gettext_lazy("Publish the selected postings"), permissions=["change"])
    def publish(self, request: HttpRequest, queryset: QuerySet[Posting]) -> None:
        self._each(request, queryset, services.publish_posting)

    @admin.action(description=gettext_lazy("Close the selected postings"), permissions=["change"])
    def close(self, request: HttpRequest, queryset: QuerySet[Posting]) -> None:
        self._each(request, queryset, services.close_posting)

    @admin.action(description=gettext_lazy("Reopen the selected postings"), permissions=["change"])
    def reopen(self, request: HttpRequest, queryset: QuerySet[Posting]) -> None:
        self._each(request, queryset, services.reopen_posting)

    def _each(self, request: HttpRequest, queryset: QuerySet[Posting], action: Any) -> None:
        done = 0
        for posting in queryset:
            try:
                action(posting, by=request.user)
                done += 1
            except services.PostingError as exc:
                self.message_user(request, f"{posting.title}: {exc}", level=messages.WARNING)
        if done:
            self.message_user(request, _("%(count)d posting(s) changed.") % {"count": done})

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
