"""One mixin for every ModelAdmin: staff who are not superusers see only their organizations.

A staff user administers the organizations where they are a member with the admin role; every
row they see, change or pick in a form belongs to one of those. Superusers see everything.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db import models
from django.db.models import Model, QuerySet
from django.http import HttpRequest

from accounts.models import Membership, Organization, Role


def administered_organization_ids(request: HttpRequest) -> list[int]:
    cached: list[int] | None = getattr(request, "_administered_org_ids", None)
    if not request.user.is_authenticated:
        return []
    if cached is None:
        cached = list(
            Membership.objects.filter(user=request.user, role=Role.ADMIN).values_list(
                "organization_id", flat=True
            )
        )
        request._administered_org_ids = cached  # type: ignore[attr-defined]
    return cached


class OrganizationScopedAdmin(admin.ModelAdmin):
    # The lookup from this model to its Organization; "" when the model is Organization.
    organization_path: str = "organization"

    def _is_scoped(self, request: HttpRequest) -> bool:
        return not request.user.is_superuser

    def _allowed(self, request: HttpRequest, obj: Model | None) -> bool:
        user = request.user
        if not (user.is_active and user.is_staff and administered_organization_ids(request)):
            return False
        return obj is None or self.get_queryset(request).filter(pk=obj.pk).exists()

    def scope(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        if not self._is_scoped(request):
            return queryset
        ids = administered_organization_ids(request)
        lookup = f"{self.organization_path}__in" if self.organization_path else "pk__in"
        scoped = queryset.filter(**{lookup: ids})
        # A path through a many-valued relation (a user's memberships) can repeat rows.
        return scoped.distinct() if "__" in self.organization_path else scoped

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        return self.scope(request, super().get_queryset(request))

    def has_module_permission(self, request: HttpRequest) -> bool:
        if not self._is_scoped(request):
            return super().has_module_permission(request)
        return self._allowed(request, None)

    def has_view_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        if not self._is_scoped(request):
            return super().has_view_permission(request, obj)
        return self._allowed(request, obj)

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        if not self._is_scoped(request):
            return super().has_change_permission(request, obj)
        return self._allowed(request, obj)

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        if not self._is_scoped(request):
            return super().has_add_permission(request, *args)
        return self._allowed(request, None)

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        if not self._is_scoped(request):
            return super().has_delete_permission(request, obj)
        return self._allowed(request, obj)

    def formfield_for_foreignkey(
        self, db_field: models.ForeignKey[Any, Any], request: HttpRequest, **kwargs: Any
    ) -> Any:
        if self._is_scoped(request):
            related = db_field.related_model
            ids = administered_organization_ids(request)
            if related is Organization:
                kwargs["queryset"] = Organization.objects.filter(pk__in=ids)
            elif isinstance(related, type) and any(
                f.name == "organization" for f in related._meta.get_fields()
            ):
                kwargs["queryset"] = related._default_manager.filter(organization__in=ids)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class OrganizationScopedInline(admin.TabularInline):
    """Inlines follow the same rule: choices limited to the staff user's organizations."""

    def formfield_for_foreignkey(
        self, db_field: models.ForeignKey[Any, Any], request: HttpRequest, **kwargs: Any
    ) -> Any:
        if not request.user.is_superuser and db_field.related_model is Organization:
            kwargs["queryset"] = Organization.objects.filter(
                pk__in=administered_organization_ids(request)
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        queryset = super().get_queryset(request)
        if request.user.is_superuser:
            return queryset
        return queryset.filter(organization__in=administered_organization_ids(request))

    def has_view_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return request.user.is_superuser or bool(administered_organization_ids(request))

    has_change_permission = has_view_permission
    has_delete_permission = has_view_permission

    def has_add_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return request.user.is_superuser or bool(administered_organization_ids(request))
