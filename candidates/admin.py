from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from accounts.admin_scope import OrganizationScopedAdmin, ReadOnlyScopedInline
from accounts.models import User
from candidates import services
from candidates.board_version import bump_board
from candidates.models import Application, ApplicationEvent, ApplicationStatus, Candidate
from postings.models import Stage

ACTIVE = ApplicationStatus.ACTIVE
# Saving one of these changes what the timeline says, so admin saves it through the services.
TIMELINE_FIELDS = ("stage", "status")


@admin.register(Candidate)
class CandidateAdmin(OrganizationScopedAdmin):
    list_display = ["name", "email", "organization", "created_at"]
    search_fields = ["name", "email"]
    list_select_related = ["organization"]

    def save_model(self, request: HttpRequest, obj: Candidate, form: Any, change: bool) -> None:
        """An edit goes through the service, which updates what the applications copy (the
        list's sort by name)."""
        if change:
            services.update_candidate(obj, fields=form.changed_data)
        else:
            super().save_model(request, obj, form, change)


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
        stage = cleaned.get("stage")
        if stage is not None and stage.posting_id != self.instance.posting_id:
            self.add_error("stage", _("Pick a stage of this application's posting."))
        self._check_timeline_change(cleaned)
        return cleaned

    def _check_timeline_change(self, cleaned: dict[str, Any]) -> None:
        """Refuse, next to the field, what the services would refuse on save, from the
        application's own truths (`is_reopenable`), as the board and the profile ask them."""
        stored = self.instance
        after = cleaned.get("status")
        if after is None:
            return
        closed = stored.status != ACTIVE
        if after != stored.status:
            if after == ACTIVE and not stored.is_reopenable:
                self.add_error("status", _("A hired application can't be reopened."))
            elif closed and after != ACTIVE:
                self.add_error("status", _("Reopen the application first."))
            elif after == ApplicationStatus.REJECTED and not cleaned.get("rejection_reason"):
                self.add_error("rejection_reason", _("Choose a reason for the rejection."))
        stage = cleaned.get("stage")
        if stage is not None and stage.pk != stored.stage_id and closed and after != ACTIVE:
            self.add_error("stage", _("Reopen the application before moving it."))


@admin.register(Application)
class ApplicationAdmin(OrganizationScopedAdmin):
    form = ApplicationAdminForm
    list_display = ["candidate", "posting", "stage", "status", "applied_at"]
    list_filter = ["status"]
    search_fields = ["candidate__name", "candidate__email", "posting__title"]
    list_select_related = ["candidate", "posting", "stage"]
    raw_id_fields = ["stage"]
    inlines = [EventInline]
    # What the candidate submitted and what the board keeps is shown, not edited: an
    # application comes from applying, moves through the services, and is tagged on its
    # profile (each writes its timeline), so none of these is typed in here.
    readonly_fields = [
        "candidate",
        "posting",
        "tags",
        "version",
        "position",
        "applied_at",
        "stage_entered_at",
        "consent_at",
        "consent_version",
    ]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # applications come from applying: its event, score and emails

    def save_model(self, request: HttpRequest, obj: Application, form: Any, change: bool) -> None:
        """A change of stage or status goes through the services that write the timeline; the
        other fields are saved as edited. The admin's change is one transaction, tags included:
        the board's counter goes up with it."""
        bump_board(obj.posting_id)
        timeline = [name for name in TIMELINE_FIELDS if name in form.changed_data] if change else []
        if not timeline:
            super().save_model(request, obj, form, change)
            return
        to_stage, to_status, reason = obj.stage, obj.status, obj.rejection_reason
        stored = Application.objects.get(pk=obj.pk)
        obj.stage_id, obj.status = stored.stage_id, stored.status
        others = [
            name
            for name in form.changed_data
            if name not in TIMELINE_FIELDS and not Application._meta.get_field(name).many_to_many
        ]
        if others:
            obj.save(update_fields=[*others, "updated_at"])
        assert isinstance(request.user, User)
        try:
            with transaction.atomic():
                _change_timeline(
                    obj, to_stage=to_stage, to_status=to_status, reason=reason, by=request.user
                )
        except (services.ActionRefused, services.MoveRefused) as refused:
            # The form checked the same rules; a change made meanwhile (on the board) can
            # still make the services refuse, and then nothing of the timeline change is kept.
            self.message_user(request, str(refused), level=messages.ERROR)
        obj.refresh_from_db()


def _change_timeline(
    application: Application, *, to_stage: Stage, to_status: str, reason: str, by: User
) -> None:
    """Reopen before a move and close after it, so a move always finds the application open."""
    if to_status == ACTIVE and application.status != ACTIVE:
        application = services.reopen_application(application, by=by)
    if to_stage.pk != application.stage_id:
        version = Application.objects.values_list("version", flat=True).get(pk=application.pk)
        application = services.move_application(
            application, to_stage=to_stage, by=by, expected_version=version
        )
    if to_status == application.status or to_status == ACTIVE:
        return
    if to_status == ApplicationStatus.REJECTED:
        services.reject_application(application, by=by, reason=reason, send_email=False)
    elif to_status == ApplicationStatus.HIRED:
        services.hire_application(application, by=by)
    elif to_status == ApplicationStatus.WITHDRAWN:
        services.withdraw_application(application, by=by)
