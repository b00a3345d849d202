from __future__ import annotations

import zoneinfo

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts import access
from accounts.forms import (
    AuditFilterForm,
    ConfirmPasswordForm,
    EmailPasswordResetForm,
    SwitchOrganizationForm,
)
from accounts.models import AuditEntry, Membership
from config.http import client_ip
from config.ratelimit import hit, limited, too_many_requests

_password_reset = auth_views.PasswordResetView.as_view(form_class=EmailPasswordResetForm)


@require_http_methods(["GET", "POST"])
def password_reset(request: HttpRequest) -> HttpResponseBase:
    """Django's reset page, with requests limited per client address (and emails per account,
    in the form), so the page can't be used to flood an inbox or probe at speed."""
    if request.method == "POST" and not hit(
        "password-reset", client_ip(request), settings.PASSWORD_RESET_RATE_LIMIT
    ):
        template = "registration/password_reset_limited.html"
        return too_many_requests(request, settings.PASSWORD_RESET_RATE_LIMIT, template)
    return _password_reset(request)


@require_http_methods(["GET", "POST"])
@login_required
@limited("confirm-password", "LOGIN_RATE_LIMIT", methods=("POST",))
def confirm_password(request: HttpRequest) -> HttpResponse:
    """Type the password again before a sensitive action, then go back to it."""
    form = ConfirmPasswordForm(request.POST or None, user=request.user, initial=request.GET)
    if request.method == "POST" and form.is_valid():
        access.mark_signed_in(request)
        return redirect(access.safe_next(request, form.cleaned_data["next"]))
    return render(request, "registration/confirm_password.html", {"form": form})


@require_POST
@login_required
def switch_organization(request: HttpRequest) -> HttpResponse:
    form = SwitchOrganizationForm(request.POST)
    if not form.is_valid():
        raise Http404("No such organization.")
    membership = access.set_current_organization(request, form.cleaned_data["organization"])
    messages.success(
        request, _("You are now working in %(org)s.") % {"org": membership.organization.name}
    )
    target = form.cleaned_data["next"]
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = "/"
    return redirect(target)


@require_GET
@login_required
@access.two_factor_required
def team(request: HttpRequest, slug: str) -> HttpResponse:
    membership = access.get_membership_for_user(request, slug)
    access.require(membership.can_manage_team(), _("Only organization admins manage the team."))
    members = (
        Membership.objects.filter(organization=membership.organization)
        .select_related("user")
        .order_by("user__email")
    )
    return render(
        request, "accounts/team.html", {"organization": membership.organization, "members": members}
    )


def locked_out(request: HttpRequest, response: object, credentials: object) -> HttpResponse:
    """django-axes calls this for a locked-out login: say plainly for how long."""
    minutes = max(1, int(settings.AXES_COOLOFF_TIME.total_seconds() // 60))
    return render(request, "registration/locked_out.html", {"cooloff_minutes": minutes}, status=429)


AUDIT_PAGE = 50


@require_GET
@login_required
@access.two_factor_required
def audit_log(request: HttpRequest, slug: str) -> HttpResponse:
    """The organization's audit log for its admins, newest first, filtered by person, action
    and date. Paged by key (entries older than the last one shown), so every page costs the
    same however long the log grows."""
    membership = access.get_membership_for_user(request, slug)
    access.require(membership.can_manage_team(), _("Only organization admins read the audit log."))
    organization = membership.organization
    form = AuditFilterForm(request.GET or None, organization=organization)
    entries = AuditEntry.objects.none()
    if not form.is_bound or form.is_valid():
        filters = form.cleaned_data if form.is_bound else {}
        entries = AuditEntry.objects.for_organization(organization).filtered(
            filters, tz=zoneinfo.ZoneInfo(organization.timezone)
        )
    rows = list(entries.order_by("-pk")[: AUDIT_PAGE + 1])
    older = rows[AUDIT_PAGE - 1].pk if len(rows) > AUDIT_PAGE else None
    query = request.GET.copy()
    query.pop("before", None)
    context = {
        "organization": organization,
        "form": form,
        "entries": rows[:AUDIT_PAGE],
        "older_query": f"{query.urlencode()}&before={older}" if older else "",
        "newest_query": query.urlencode(),
        "paged": bool(request.GET.get("before")),
        "timezone": organization.timezone,
    }
    return render(request, "accounts/audit_log.html", context)
