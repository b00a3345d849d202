"""The one place that decides what tenant staff see in Django admin.

A staff user who is not a superuser administers the organizations where they are a member with
the admin role. Every row they list, open or change, and every choice or value a form, inline,
raw-id field, autocomplete or list filter offers or accepts, belongs to one of those
organizations. Superusers see everything.

The rule is decided per related model, not per field: `organization_lookup(model)` finds the
path from any model to its Organization (`posting__organization` for a Stage), and
`scoped_queryset` filters by it. A model with no path to an Organization (Django's groups,
permissions, content types) offers tenant staff nothing at all, so a new field or admin is
scoped by default rather than by remembering to.
"""

from __future__ import annotations

from collections import deque
from typing import Any

from django.contrib import admin
from django.contrib.admin.filters import RelatedFieldListFilter
from django.contrib.admin.utils import get_fields_from_path
from django.db import models
from django.db.models import Model, QuerySet
from django.forms import BaseForm
from django.forms.models import BaseInlineFormSet
from django.http import HttpRequest

from accounts.models import Membership, Organization, User

# Paths that can't be found by following foreign keys: a user belongs to organizations through
# memberships (accounts are global: a person may be a member of several).
_EXPLICIT_LOOKUPS: dict[type[Model], str] = {User: "memberships__organization"}
_MAX_DEPTH = 4


def administered_organization_ids(request: HttpRequest) -> list[int]:
    cached: list[int] | None = getattr(request, "_administered_org_ids", None)
    if not request.user.is_authenticated:
        return []
    if cached is None:
        cached = list(
            Membership.objects.filter(user=request.user)
            .managing_the_team()
            .values_list("organization_id", flat=True)
        )
        request._administered_org_ids = cached  # type: ignore[attr-defined]
    return cached


def is_scoped(request: HttpRequest) -> bool:
    return not request.user.is_superuser


def administers_an_organization(request: HttpRequest) -> bool:
    """Active staff who are an admin of at least one organization: tenant staff."""
    user = request.user
    return bool(user.is_active and user.is_staff and administered_organization_ids(request))


def organization_lookup(model: type[Model]) -> str | None:
    """The ORM path from `model` to its Organization: "" for Organization itself, None when the
    model belongs to no organization. The shortest path over forward foreign keys wins."""
    if model not in _LOOKUPS:
        _LOOKUPS[model] = _find_lookup(model)
    return _LOOKUPS[model]


_LOOKUPS: dict[type[Model], str | None] = {}


def _find_lookup(model: type[Model]) -> str | None:
    if model is Organization:
        return ""
    if model in _EXPLICIT_LOOKUPS:
        return _EXPLICIT_LOOKUPS[model]
    found: list[str] = []
    queue: deque[tuple[type[Model], str, int]] = deque([(model, "", 0)])
    seen = {model}
    while queue:
        current, path, depth = queue.popleft()
        if depth >= _MAX_DEPTH:
            continue
        for field in current._meta.get_fields():
            if not (field.is_relation and (field.many_to_one or field.one_to_one)):
                continue
            if not field.concrete:  # the reverse side of a one-to-one
                continue
            related = field.related_model
            if not isinstance(related, type):
                continue
            step = f"{path}__{field.name}" if path else field.name
            if related is Organization:
                # A row without an organization (a platform-wide message) is nobody's.
                found.append(step)
            elif getattr(field, "null", False) or related is User:
                # An optional reference (an event's message, a note's author) or a person
                # (who may belong to several organizations) says nothing of whose row it is.
                continue
            elif related not in seen:
                seen.add(related)
                queue.append((related, step, depth + 1))
    # Fewest joins first.
    return min(found, key=lambda lookup: lookup.count("__"), default=None)


def scope_queryset(request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
    """`queryset` narrowed to the rows of the organizations the staff user administers."""
    if not is_scoped(request):
        return queryset
    lookup = organization_lookup(queryset.model)
    if lookup is None:
        return queryset.none()
    ids = administered_organization_ids(request)
    scoped = queryset.filter(**{f"{lookup}__in" if lookup else "pk__in": ids})
    # A path through a many-valued relation (a user's memberships) can repeat rows.
    return scoped.distinct() if "memberships" in lookup else scoped


def scoped_queryset(request: HttpRequest, model: type[Model]) -> QuerySet[Any]:
    return scope_queryset(request, model._default_manager.all())


class ScopedRelatedFieldListFilter(RelatedFieldListFilter):
    """A "By <relation>" filter that lists only the related rows the staff user may see."""

    def field_choices(self, field: Any, request: HttpRequest, model_admin: Any) -> Any:
        if not is_scoped(request):
            return super().field_choices(field, request, model_admin)
        ordering = self.field_admin_ordering(field, request, model_admin)
        visible = scoped_queryset(request, field.related_model).values("pk")
        return field.get_choices(
            include_blank=False, limit_choices_to={"pk__in": visible}, ordering=ordering
        )


class _ScopedFieldsMixin:
    """Every foreign key and many-to-many of a form or inline offers and accepts only rows of
    the staff user's organizations (raw-id and autocomplete fields are validated against the
    same queryset, so a typed-in id of another organization is refused)."""

    def formfield_for_dbfield(
        self, db_field: models.Field[Any, Any], request: Any, **kwargs: Any
    ) -> Any:
        # A website typed without a scheme is https (Django 6's default, and what our own
        # forms assume), not http.
        if isinstance(db_field, models.URLField):
            kwargs.setdefault("assume_scheme", "https")
        return super().formfield_for_dbfield(db_field, request, **kwargs)  # type: ignore[misc]

    def formfield_for_foreignkey(
        self, db_field: models.ForeignKey[Any, Any], request: HttpRequest, **kwargs: Any
    ) -> Any:
        if is_scoped(request):
            kwargs["queryset"] = self._scoped_choices(db_field, request, kwargs.get("queryset"))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)  # type: ignore[misc]

    def formfield_for_manytomany(
        self, db_field: models.ManyToManyField[Any, Any], request: HttpRequest, **kwargs: Any
    ) -> Any:
        if is_scoped(request):
            kwargs["queryset"] = self._scoped_choices(db_field, request, kwargs.get("queryset"))
        return super().formfield_for_manytomany(db_field, request, **kwargs)  # type: ignore[misc]

    def _scoped_choices(
        self, db_field: Any, request: HttpRequest, given: QuerySet[Any] | None
    ) -> QuerySet[Any]:
        base = given
        if base is None:
            base = self.get_field_queryset(None, db_field, request)  # type: ignore[attr-defined]
        if base is None:
            base = db_field.remote_field.model._default_manager.all()
        return scope_queryset(request, base)


class OrganizationScopedAdmin(_ScopedFieldsMixin, admin.ModelAdmin[Any]):
    def _allowed(self, request: HttpRequest, obj: Model | None) -> bool:
        if not administers_an_organization(request):
            return False
        return obj is None or self.get_queryset(request).filter(pk=obj.pk).exists()

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        return scope_queryset(request, super().get_queryset(request))

    def get_list_filter(self, request: HttpRequest) -> Any:
        return [_scoped_filter(self.model, entry) for entry in super().get_list_filter(request)]

    def has_module_permission(self, request: HttpRequest) -> bool:
        if not is_scoped(request):
            return super().has_module_permission(request)
        return self._allowed(request, None)

    def has_view_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        if not is_scoped(request):
            return super().has_view_permission(request, obj)
        return self._allowed(request, obj)

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        if not is_scoped(request):
            return super().has_change_permission(request, obj)
        return self._allowed(request, obj)

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        if not is_scoped(request):
            return super().has_add_permission(request, *args)
        return self._allowed(request, None)

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        if not is_scoped(request):
            return super().has_delete_permission(request, obj)
        return self._allowed(request, obj)


def _scoped_filter(model: type[Model], entry: Any) -> Any:
    """A plain relation name in `list_filter` becomes a scoped relation filter."""
    if not isinstance(entry, str):
        return entry
    field = get_fields_from_path(model, entry)[-1]
    if getattr(field, "is_relation", False) and field.related_model is not None:
        return (entry, ScopedRelatedFieldListFilter)
    return entry


class LabelledInlineFormSet(BaseInlineFormSet[Any, Any, Any]):
    """Django's tabular inline names its inputs by the column header alone, which no assistive
    technology ties to them (axe `label` and `select-name`, critical): each input, the delete
    box included, takes its field's label as its accessible name."""

    def add_fields(self, form: BaseForm, index: int | None) -> None:
        super().add_fields(form, index)
        for name, field in form.fields.items():
            # A foreign key's select sits inside the admin's add/change-link wrapper.
            widget: Any = getattr(field.widget, "widget", field.widget)
            widget.attrs.setdefault("aria-label", str(field.label or name))


class OrganizationScopedInline(_ScopedFieldsMixin, admin.TabularInline[Any, Any]):
    """Inlines follow the same rule: their rows and every choice in them belong to the staff
    user's organizations. Rights follow the parent: whoever may change the parent row may
    edit its inline rows."""

    formset = LabelledInlineFormSet

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        return scope_queryset(request, super().get_queryset(request))

    def _may(self, request: HttpRequest) -> bool:
        return request.user.is_superuser or administers_an_organization(request)

    def has_view_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return self._may(request)

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return self._may(request)

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return self._may(request)

    def has_add_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return self._may(request)


class ReadOnlyScopedInline(OrganizationScopedInline):
    """Rows written by services only (the timeline): shown, never added, changed or deleted."""

    can_delete = False

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False

    def has_add_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False
