from __future__ import annotations

import json
from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from outbox.models import Message
from outbox.services import OutboxError, cancel_message, retry_message


class AgeFilter(admin.SimpleListFilter):
    title = _("age")
    parameter_name = "age"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, Any]]:
        return [
            ("1h", _("Last hour")),
            ("24h", _("Last 24 hours")),
            ("7d", _("Last 7 days")),
            ("old", _("Older than 7 days")),
        ]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        from datetime import timedelta

        from django.utils import timezone

        spans = {"1h": timedelta(hours=1), "24h": timedelta(days=1), "7d": timedelta(days=7)}
        value = self.value()
        if value in spans:
            return queryset.filter(created_at__gte=timezone.now() - spans[value])
        if value == "old":
            return queryset.filter(created_at__lt=timezone.now() - spans["7d"])
        return queryset


class MessageAdmin(admin.ModelAdmin[Message]):
    """The outbox's admin, registered by `accounts.admin`, which scopes it to the organizations
    a tenant's staff administer: the outbox sits below the tenancy app and imports no domain app.
    """

    list_display = [
        "id",
        "kind",
        "state",
        "queue",
        "attempts",
        "next_attempt_at",
        "created_at",
        "short_error",
    ]
    list_filter = ["kind", "state", AgeFilter, "queue"]
    search_fields = ["idempotency_key"]
    date_hierarchy = "created_at"
    actions = ["retry_now", "cancel"]
    readonly_fields = [
        "organization",
        "kind",
        "queue",
        "state",
        "pretty_payload",
        "idempotency_key",
        "not_before",
        "attempts",
        "max_attempts",
        "next_attempt_at",
        "last_error",
        "created_at",
        "updated_at",
        "sent_at",
    ]
    fields = tuple(readonly_fields)

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return False  # messages are recorded by services, never typed in

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return request.user.is_superuser

    @admin.display(description=_("payload"))
    def pretty_payload(self, obj: Message) -> str:
        return format_html("<pre>{}</pre>", json.dumps(obj.payload, indent=2, ensure_ascii=False))

    @admin.display(description=_("last error"))
    def short_error(self, obj: Message) -> str:
        return obj.last_error[:80]

    def change_view(
        self,
        request: HttpRequest,
        object_id: str,
        form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        # The change page's "Retry now" button posts the changelist's action for this one row,
        # so it goes through the same scoped queryset (get_queryset) as the action does.
        message = self.get_object(request, object_id)
        context = {**(extra_context or {}), "retryable": bool(message and message.is_retryable)}
        return super().change_view(request, object_id, form_url, context)

    @admin.action(description=_("Retry now"))
    def retry_now(
        self, request: HttpRequest, queryset: QuerySet[Message]
    ) -> HttpResponseRedirect | None:
        self._each(request, queryset, retry_message, _("retried"))
        if request.POST.get("_from_change") and len(queryset) == 1:
            opts = self.model._meta
            url = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[queryset[0].pk])
            return HttpResponseRedirect(url)
        return None

    @admin.action(description=_("Cancel"))
    def cancel(self, request: HttpRequest, queryset: QuerySet[Message]) -> None:
        self._each(request, queryset, cancel_message, _("cancelled"))

    def _each(
        self, request: HttpRequest, queryset: QuerySet[Message], action: Any, verb: Any
    ) -> None:
        done, refused = 0, []
        for message in queryset:
            try:
                action(message)
                done += 1
            except OutboxError as exc:
                refused.append(f"#{message.pk}: {exc}")
            else:
                # Django admin's history (and through it the audit log) records who did it.
                self.log_change(request, message, str(verb).capitalize())
        if done:
            self.message_user(
                request, _("%(count)d message(s) %(verb)s.") % {"count": done, "verb": verb}
            )
        for line in refused:
            self.message_user(request, line, level=messages.WARNING)
