from __future__ import annotations

import zoneinfo
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_htmx.http import HttpResponseClientRedirect

from accounts import access
from accounts.forms import (
    AuditFilterForm,
    ConfirmPasswordForm,
    EmailPasswordResetForm,
    EmailSettingsForm,
    InviteForm,
    JoinForm,
    RoleForm,
    SwitchOrganizationForm,
    TimeZoneForm,
)
from accounts.invitations import LinkState, open_token
from accounts.models import (
    AuditEntry,
    Invitation,
    Membership,
    Organization,
    OrganizationLogo,
    User,
    normalize_email,
)
from accounts.services import (
    TeamChangeRefused,
    accept_invitation,
    change_role,
    invite_member,
    join_with_new_account,
    remove_member,
    resend_invitation,
    revoke_invitation,
    update_email_settings,
)
from config.http import HtmxRequest, client_ip
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


@require_http_methods(["GET", "POST"])
@login_required
def time_zone(request: HttpRequest) -> HttpResponse:
    """The zone a person reads times in (interviews, above all); blank: the organization's.
    One field of their own account, no side effects: the form saves it."""
    membership = access.current_membership(request)
    organization = membership.organization if membership is not None else None
    form = TimeZoneForm(request.POST or None, instance=request.user, organization=organization)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Your time zone is saved."))
        return redirect("time_zone")
    return render(request, "accounts/time_zone.html", {"form": form})


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


def _team_admin(request: HtmxRequest, slug: str) -> Membership:
    """The user's membership of `slug`, if they manage its team: 404 outside, 403 inside."""
    membership = access.get_membership_for_user(request, slug)
    access.require(membership.can_manage_team(), _("Only organization admins manage the team."))
    return membership


def _team_context(membership: Membership, **extra: Any) -> dict[str, Any]:
    organization = membership.organization
    members = (
        Membership.objects.filter(organization=organization)
        .select_related("user")
        .order_by("user__email")
    )
    invitations = (
        Invitation.objects.open().filter(organization=organization).select_related("invited_by")
    )
    return {
        "organization": organization,
        "members": members,
        "invitations": invitations,
        "role_form": RoleForm(),
        "invite_form": InviteForm(organization=organization),
        "me": membership,
        "max_age_days": settings.INVITATION_MAX_AGE_DAYS,
        **extra,
    }


def _team_page(request: HtmxRequest, membership: Membership, **extra: Any) -> HttpResponse:
    """The page, or for HTMX the team section only (members, invitations, the invite form)."""
    template = "accounts/_team.html" if request.htmx else "accounts/team.html"
    return render(request, template, _team_context(membership, **extra))


def _team_changed(
    request: HtmxRequest, membership: Membership, text: str, *, ok: bool = True
) -> HttpResponse:
    """After a change (or its refusal): HTMX gets the updated section saying so; a plain POST
    is redirected to the page, which says it once."""
    if request.htmx:
        return _team_page(request, membership, notice=text, notice_ok=ok)
    (messages.success if ok else messages.error)(request, text)
    return redirect("team", slug=membership.organization.slug)


def _left_the_team_page(request: HtmxRequest, text: str) -> HttpResponse:
    # An admin who made themselves something else (or left) may not see the team page any more.
    messages.success(request, text)
    return HttpResponseClientRedirect("/") if request.htmx else redirect("/")


@require_GET
@login_required
@access.two_factor_required
def team(request: HtmxRequest, slug: str) -> HttpResponse:
    return _team_page(request, _team_admin(request, slug))


@require_http_methods(["GET", "POST"])
@login_required
@access.two_factor_required
@access.recent_sign_in_required  # where candidates' replies go: asked before the form is filled
def email_settings(request: HtmxRequest, slug: str) -> HttpResponse:
    """How emails to candidates present the organization: its admins set the sender name, the
    reply-to address and the logo. A refused field leaves every saved setting as it was."""
    membership = access.get_membership_for_user(request, slug)
    access.require(membership.can_manage_team(), _("Only organization admins set up emails."))
    organization = membership.organization
    form = EmailSettingsForm(request.POST or None, request.FILES or None, organization=organization)
    if request.method == "POST" and form.is_valid():
        update_email_settings(organization, by=request.user, **form.cleaned_data)
        messages.success(request, _("The email settings are saved."))
        return redirect("email_settings", slug=organization.slug)
    return render(
        request, "accounts/email_settings.html", {"organization": organization, "form": form}
    )


@require_GET
def organization_logo(request: HttpRequest, slug: str, digest: str) -> HttpResponse:
    """The logo candidates' mail clients load: public, as the emails are; its digest in the URL,
    so a copy can be kept for a year and a new logo is a new address."""
    organization = get_object_or_404(Organization, slug=slug, email_logo_digest=digest)
    logo = get_object_or_404(OrganizationLogo, organization=organization)
    response = HttpResponse(bytes(logo.image), content_type="image/png")
    response["Cache-Control"] = "public, max-age=31536000, immutable"
    return response


@require_POST
@login_required
@access.two_factor_required
@access.recent_sign_in_required
def team_invite(request: HtmxRequest, slug: str) -> HttpResponse:
    membership = _team_admin(request, slug)
    form = InviteForm(request.POST, organization=membership.organization)
    if form.is_valid():
        rate = settings.INVITATION_RATE_LIMIT
        if not hit("invitations", str(request.user.pk), rate):
            context = {"organization": membership.organization}
            return too_many_requests(request, rate, "accounts/invitations_limited.html", context)
        try:
            invitation = invite_member(
                membership.organization, by=request.user, **form.cleaned_data
            )
        except TeamChangeRefused as refused:
            form.add_error("email", str(refused))
        else:
            text = _("Invitation sent to %(email)s.") % {"email": invitation.email}
            return _team_changed(request, membership, text)
    return _team_page(request, membership, invite_form=form)


@require_POST
@login_required
@access.two_factor_required
@access.recent_sign_in_required
def invitation_action(request: HtmxRequest, slug: str, pk: int, action: str) -> HttpResponse:
    membership = _team_admin(request, slug)
    invitation = get_object_or_404(Invitation, pk=pk, organization=membership.organization)
    if action not in {"resend", "revoke"}:
        raise Http404("No such action.")
    if action == "resend" and not hit(
        "invitations", str(request.user.pk), settings.INVITATION_RATE_LIMIT
    ):
        context = {"organization": membership.organization}
        return too_many_requests(
            request, settings.INVITATION_RATE_LIMIT, "accounts/invitations_limited.html", context
        )
    try:
        if action == "resend":
            resend_invitation(invitation, by=request.user)
            text = _("Invitation sent again to %(email)s.")
        else:
            revoke_invitation(invitation, by=request.user)
            text = _("The invitation to %(email)s is revoked; its link no longer works.")
    except TeamChangeRefused as refused:
        return _team_changed(request, membership, str(refused), ok=False)
    return _team_changed(request, membership, text % {"email": invitation.email})


def _member(membership: Membership, pk: int) -> Membership:
    queryset = Membership.objects.select_related("user")
    return get_object_or_404(queryset, pk=pk, organization=membership.organization)


@require_POST
@login_required
@access.two_factor_required
@access.recent_sign_in_required
def member_role(request: HtmxRequest, slug: str, pk: int) -> HttpResponse:
    membership = _team_admin(request, slug)
    member = _member(membership, pk)
    form = RoleForm(request.POST)
    if not form.is_valid():
        return _team_changed(request, membership, _("Choose one of the roles."), ok=False)
    try:
        member = change_role(member, role=form.cleaned_data["role"], by=request.user)
    except TeamChangeRefused as refused:
        return _team_changed(request, membership, str(refused), ok=False)
    text = _("%(email)s is now %(role)s.") % {
        "email": member.user.email,
        "role": member.get_role_display(),
    }
    if member.pk == membership.pk and not member.can_manage_team():
        return _left_the_team_page(request, text)
    return _team_changed(request, membership, text)


@require_POST
@login_required
@access.two_factor_required
@access.recent_sign_in_required
def member_remove(request: HtmxRequest, slug: str, pk: int) -> HttpResponse:
    membership = _team_admin(request, slug)
    member = _member(membership, pk)
    try:
        user = remove_member(member, by=request.user)
    except TeamChangeRefused as refused:
        return _team_changed(request, membership, str(refused), ok=False)
    org = membership.organization.name
    text = _("%(email)s is no longer a member of %(org)s.") % {"email": user.email, "org": org}
    if member.pk == membership.pk:
        return _left_the_team_page(request, text)
    return _team_changed(request, membership, text)


# --- Accepting an invitation (public: the signed link is the credential) --------------------


@never_cache
@require_http_methods(["GET", "POST"])
@limited("invitation-accept", "LOGIN_RATE_LIMIT", methods=("POST",))
def invitation_accept(request: HttpRequest, token: str) -> HttpResponse:
    opened = open_token(token)
    invitation = opened.invitation
    if opened.state is not LinkState.PENDING or invitation is None:
        return _closed_invitation(request, opened.state, invitation)
    context: dict[str, Any] = {"invitation": invitation, "organization": invitation.organization}
    user = request.user
    if user.is_authenticated:
        if normalize_email(user.email) != invitation.email:
            return render(request, "accounts/invitation_other_account.html", context, status=403)
        if request.method == "POST":
            return _joined(request, lambda: accept_invitation(invitation, user=user))
        return render(request, "accounts/invitation_join.html", context)
    if User.objects.filter(email=invitation.email).exists():
        return render(request, "accounts/invitation_sign_in.html", context)
    form = JoinForm(request.POST or None, email=invitation.email)
    if request.method == "POST" and form.is_valid():
        return _joined(
            request,
            lambda: join_with_new_account(
                invitation,
                full_name=form.cleaned_data["full_name"],
                password=form.cleaned_data["password1"],
            ),
            sign_in=True,
        )
    return render(request, "accounts/invitation_join.html", {**context, "form": form})


def _joined(request: HttpRequest, join: Any, *, sign_in: bool = False) -> HttpResponse:
    try:
        membership: Membership = join()
    except TeamChangeRefused as refused:
        messages.error(request, str(refused))
        return redirect(request.path)
    if sign_in:
        login(request, membership.user, backend="django.contrib.auth.backends.ModelBackend")
    request.session[access.SESSION_KEY] = membership.organization_id
    messages.success(
        request,
        _("Welcome to %(org)s: you are a member as %(role)s.")
        % {"org": membership.organization.name, "role": membership.get_role_display()},
    )
    return redirect("/")


def _closed_invitation(
    request: HttpRequest, state: LinkState, invitation: Invitation | None
) -> HttpResponse:
    """Why the link doesn't work, and what to do now. A made-up or tampered link is 404 (we
    don't confirm anything exists); a genuine one that was used, revoked or has expired is 403,
    except for the person who accepted it, who is sent on to their dashboard."""
    if (
        state is LinkState.ACCEPTED
        and invitation is not None
        and request.user.is_authenticated
        and invitation.accepted_by_id == request.user.pk
    ):
        messages.info(request, _("You already accepted this invitation."))
        return redirect("/")
    context = {"state": state.value, "invitation": invitation}
    status = 404 if state is LinkState.INVALID else 403
    return render(request, "accounts/invitation_closed.html", context, status=status)


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
