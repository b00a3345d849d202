from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import BaseUserCreationForm, UserChangeForm
from django.core.exceptions import PermissionDenied
from django.db.models import Model, QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.admin_scope import OrganizationScopedAdmin, OrganizationScopedInline, is_scoped
from accounts.models import AuditEntry, Membership, Organization, Role, User, normalize_email
from accounts.services import add_member, reset_two_factor
from outbox.admin import MessageAdmin
from outbox.models import Message


class MembershipInline(OrganizationScopedInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]


class UserMembershipInline(OrganizationScopedInline):
    model = Membership
    fk_name = "user"
    extra = 1
    fields = ["organization", "role"]


class UserCreationForm(BaseUserCreationForm[User]):
    """Superusers only: an account is global and its first password is a credential."""

    organization = forms.ModelChoiceField(
        queryset=Organization.objects.all(),
        required=False,
        help_text=_("The new person joins this organization."),
    )
    role = forms.ChoiceField(choices=Role.choices, initial=Role.INTERVIEWER)

    class Meta:
        model = User
        fields = ("email", "full_name")

    def clean_email(self) -> str:
        email = normalize_email(self.cleaned_data["email"])
        if User.objects.filter(email=email).exists():
            raise forms.ValidationError(_("A user with that email already exists."))
        return email


class UserEditForm(UserChangeForm[User]):
    class Meta:
        model = User
        fields = "__all__"

    def clean_email(self) -> str:
        return normalize_email(self.cleaned_data["email"])


@admin.register(User)
class UserAdmin(OrganizationScopedAdmin, DjangoUserAdmin[User]):
    form = UserEditForm
    add_form = UserCreationForm
    ordering = ["email"]
    list_display = ["email", "full_name", "is_staff", "is_active", "last_login"]
    list_filter = ["is_staff", "is_superuser", "is_active"]
    search_fields = ["email", "full_name"]
    inlines = [UserMembershipInline]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Personal info"), {"fields": ("full_name",)}),
        (_("Status"), {"fields": ("is_active", "is_staff", "is_superuser")}),
        (_("Django permissions"), {"fields": ("groups", "user_permissions")}),
        (_("Dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": ("email", "full_name", "organization", "role", "password1", "password2"),
            },
        ),
    )
    readonly_fields = ["last_login", "date_joined"]
    actions = ["reset_two_factor"]
    # What tenant staff see of an account: accounts are global (a person may belong to several
    # organizations), so its credentials, email, name and status belong to the person and to
    # superusers. Tenant staff manage memberships only.
    tenant_fieldsets = ((None, {"fields": ("email", "full_name")}),)

    def get_fieldsets(self, request: HttpRequest, obj: Model | None = None) -> Any:
        if obj is not None and is_scoped(request):
            return self.tenant_fieldsets
        return super().get_fieldsets(request, obj)

    def get_readonly_fields(self, request: HttpRequest, obj: Model | None = None) -> Any:
        if obj is not None and is_scoped(request):
            return ["email", "full_name"]
        return super().get_readonly_fields(request, obj)

    def user_change_password(
        self, request: HttpRequest, id: str, form_url: str = ""
    ) -> HttpResponse:
        if is_scoped(request):
            raise PermissionDenied(_("Only the person and superusers change a password."))
        return super().user_change_password(request, id, form_url)

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        organization = form.cleaned_data.get("organization") if not change else None
        if organization is not None:
            add_member(organization, obj, role=form.cleaned_data["role"])

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        # Tenant staff never create accounts: whoever sets an account's first password, or
        # joins an existing account to their organization without its owner's word, can take
        # it over or pull it in, and the form would tell which addresses have accounts.
        # Superusers add people until colleagues can be invited to accept (issue 17).
        return request.user.is_superuser

    def history_view(
        self, request: HttpRequest, object_id: str, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        # An account's history holds what every organization's staff did to it.
        if is_scoped(request):
            raise PermissionDenied(_("An account's history is for superusers."))
        return super().history_view(request, object_id, extra_context)

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        # A user may belong to other organizations too; staff remove memberships instead.
        return request.user.is_superuser

    def get_inline_instances(self, request: HttpRequest, obj: Model | None = None) -> Any:
        # The add form is followed by the change form, where memberships are set.
        return super().get_inline_instances(request, obj) if obj is not None else []

    def get_actions(self, request: HttpRequest) -> Any:
        actions = super().get_actions(request)
        if not request.user.is_superuser:
            # Devices are credentials: tenant staff neither see nor reset them.
            actions.pop("reset_two_factor", None)
        return actions

    @admin.action(description=_("Reset two-factor sign-in (lost device)"))
    def reset_two_factor(self, request: HttpRequest, queryset: QuerySet[User]) -> None:
        """Remove the chosen people's authenticator and recovery codes, audited one by one;
        they sign in with their password and set two-factor up again."""
        if not request.user.is_superuser:
            raise PermissionDenied(_("Only superusers reset two-factor sign-in."))
        with_devices = [
            user
            for user in queryset
            if TOTPDevice.objects.filter(user=user).exists()
            or StaticDevice.objects.filter(user=user).exists()
        ]
        for user in with_devices:
            reset_two_factor(user)
        self.message_user(
            request,
            ngettext(
                "Two-factor sign-in reset for %(count)d person.",
                "Two-factor sign-in reset for %(count)d people.",
                len(with_devices),
            )
            % {"count": len(with_devices)},
            messages.SUCCESS if with_devices else messages.WARNING,
        )


@admin.register(Organization)
class OrganizationAdmin(OrganizationScopedAdmin):
    list_display = ["name", "slug", "timezone", "default_currency", "retention_months"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ("name",)}
    inlines = [MembershipInline]

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return request.user.is_superuser

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return request.user.is_superuser


@admin.register(Membership)
class MembershipAdmin(OrganizationScopedAdmin):
    list_display = ["user", "user__email", "organization", "role", "created_at"]
    list_filter = ["role", "organization"]
    search_fields = ["user__email", "user__full_name", "organization__name"]
    autocomplete_fields = ["user"]
    list_select_related = ["user", "organization"]


@admin.register(Message)
class ScopedMessageAdmin(MessageAdmin, OrganizationScopedAdmin):
    """MessageAdmin's own rules first (no adding; only superusers delete), then the tenant scope."""


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin[AuditEntry]):
    """Superusers read every organization's audit log here (org admins read theirs in the app);
    nobody adds, changes or deletes an entry, here or anywhere (the table refuses it too)."""

    list_display = ["at", "action", "actor_email", "organization", "target_label", "ip_address"]
    list_filter = ["action", ("at", admin.DateFieldListFilter)]
    search_fields = ["actor_email", "target_label", "target_id"]
    list_select_related = ["organization"]
    date_hierarchy = "at"
    show_full_result_count = False  # counting a large log on every page is the slow part

    def get_readonly_fields(self, request: HttpRequest, obj: Model | None = None) -> Any:
        return [field.name for field in self.model._meta.fields]

    def has_module_permission(self, request: HttpRequest) -> bool:
        return bool(request.user.is_active and request.user.is_superuser)

    def has_view_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return bool(request.user.is_active and request.user.is_superuser)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False


# django-otp registers admins for its devices: they hold secrets and recovery codes, and would
# let tenant staff read any account's. Superusers reset a person's devices from the user list.
for _device_model in (TOTPDevice, StaticDevice):
    if admin.site.is_registered(_device_model):
        admin.site.unregister(_device_model)
