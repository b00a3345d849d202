from __future__ import annotations

from django.contrib.auth import views as auth_views
from django.urls import include, path

from accounts import passwords, two_factor, views
from accounts.forms import LoginForm
from config.ratelimit import limited

urlpatterns = [
    # Django's auth views at their usual paths and names; these two come first to override
    # the login form (email, not username) and the reset form (our email, sent by the outbox).
    path(
        "accounts/login/",
        # Beside axes (which locks an account or address out after failures): a cap on how
        # fast one address may try at all, whatever the usernames.
        limited("login", "LOGIN_RATE_LIMIT", methods=("POST",))(
            auth_views.LoginView.as_view(
                authentication_form=LoginForm, redirect_authenticated_user=True
            )
        ),
        name="login",
    ),
    path("accounts/password_reset/", views.password_reset, name="password_reset"),
    # Password changes and resets save through accounts.services (audited, one transaction).
    path(
        "accounts/password_change/",
        passwords.PasswordChangeView.as_view(),
        name="password_change",
    ),
    path(
        "accounts/reset/<uidb64>/<token>/",
        passwords.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path("accounts/confirm-password/", views.confirm_password, name="confirm_password"),
    path("accounts/two-factor/", two_factor.status, name="two_factor"),
    path("accounts/two-factor/setup/", two_factor.setup, name="two_factor_setup"),
    path("accounts/two-factor/verify/", two_factor.verify, name="two_factor_verify"),
    path(
        "accounts/two-factor/recovery-codes/",
        two_factor.recovery_codes,
        name="two_factor_recovery_codes",
    ),
    path(
        "accounts/two-factor/recovery-codes/new/",
        two_factor.regenerate_recovery_codes,
        name="two_factor_regenerate_codes",
    ),
    path("accounts/two-factor/disable/", two_factor.disable, name="two_factor_disable"),
    path("accounts/time-zone/", views.time_zone, name="time_zone"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("orgs/switch/", views.switch_organization, name="switch_organization"),
    path("orgs/<slug:slug>/team/", views.team, name="team"),
    path("orgs/<slug:slug>/audit/", views.audit_log, name="audit_log"),
    path("orgs/<slug:slug>/email/", views.email_settings, name="email_settings"),
    path(
        "orgs/<slug:slug>/logo/<str:digest>.png",
        views.organization_logo,
        name="organization_logo",
    ),
    path("orgs/<slug:slug>/team/invite/", views.team_invite, name="team_invite"),
    path("orgs/<slug:slug>/team/members/<int:pk>/role/", views.member_role, name="member_role"),
    path(
        "orgs/<slug:slug>/team/members/<int:pk>/remove/", views.member_remove, name="member_remove"
    ),
    path(
        "orgs/<slug:slug>/team/invitations/<int:pk>/<str:action>/",
        views.invitation_action,
        name="invitation_action",
    ),
    path("invitations/<str:token>/", views.invitation_accept, name="invitation_accept"),
]
