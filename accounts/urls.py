from __future__ import annotations

from django.contrib.auth import views as auth_views
from django.urls import include, path

from accounts import views
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
    path("accounts/confirm-password/", views.confirm_password, name="confirm_password"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("orgs/switch/", views.switch_organization, name="switch_organization"),
    path("orgs/<slug:slug>/team/", views.team, name="team"),
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
