from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from accounts import access
from accounts.forms import SwitchOrganizationForm
from accounts.models import Membership


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
