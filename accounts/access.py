"""Who may see what: the one place views ask.

The rule (DESIGN.md, "Tenancy and access"): anything outside the user's organizations is 404,
so we never confirm it exists; inside, an action the role does not allow is 403. Views fetch
through these helpers; templates never decide access.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from functools import wraps
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from accounts.models import Membership, Organization

SESSION_KEY = "current_organization_id"
# When this session last proved who it is (signed in, or typed the password again).
SIGNED_IN_AT_KEY = "signed_in_at"


def memberships(request: HttpRequest) -> list[Membership]:
    """The user's memberships, loaded once per request (one query)."""
    cached: list[Membership] | None = getattr(request, "_memberships", None)
    if cached is None:
        cached = list(Membership.objects.for_user(request.user))
        request._memberships = cached  # type: ignore[attr-defined]
    return cached


def current_membership(request: HttpRequest) -> Membership | None:
    """The membership of the organization the user works in now (remembered in the session)."""
    mine = memberships(request)
    if not mine:
        return None
    wanted = request.session.get(SESSION_KEY)
    for membership in mine:
        if membership.organization_id == wanted:
            return membership
    return mine[0]


def set_current_organization(request: HttpRequest, slug: str) -> Membership:
    for membership in memberships(request):
        if membership.organization.slug == slug:
            request.session[SESSION_KEY] = membership.organization_id
            return membership
    raise Http404("No such organization.")


def get_membership_for_user(request: HttpRequest, slug: str) -> Membership:
    """The user's membership of the organization `slug`: 404 when they are not a member."""
    for membership in memberships(request):
        if membership.organization.slug == slug:
            return membership
    raise Http404("No such organization.")


def require(allowed: bool, message: str = "Your role does not allow this.") -> None:
    if not allowed:
        raise PermissionDenied(message)


def organization_ids(user: Any) -> list[int]:
    return list(Organization.objects.for_user(user).values_list("pk", flat=True))


def superuser_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """For pages that act across every organization (the queue dashboard): anyone who isn't
    active staff signs in to the admin first; staff who are not superusers get 403."""

    @wraps(view)
    def gate(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        user = request.user
        if not (user.is_active and user.is_staff):
            return redirect_to_login(request.get_full_path(), reverse("admin:login"))
        if not user.is_superuser:
            raise PermissionDenied(_("Only superusers may open the queue dashboard."))
        return view(request, *args, **kwargs)

    return never_cache(gate)


def mark_signed_in(request: HttpRequest) -> None:
    """The session just proved who it is: sensitive actions need no password for a while."""
    request.session[SIGNED_IN_AT_KEY] = int(time.time())


def signed_in_recently(request: HttpRequest) -> bool:
    proved = request.session.get(SIGNED_IN_AT_KEY)
    if not isinstance(proved, int):
        return False
    return time.time() - proved < settings.REAUTHENTICATE_AFTER_SECONDS


def safe_next(request: HttpRequest, target: str, fallback: str = "/") -> str:
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return fallback


def recent_sign_in_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """For sensitive actions (team changes, two-factor changes): a session whose last sign-in is
    older than REAUTHENTICATE_AFTER_SECONDS types its password again first, then comes back.
    A POST can't be replayed after the detour, so it returns to the page the form was on."""

    @wraps(view)
    def gate(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated or signed_in_recently(request):
            return view(request, *args, **kwargs)
        if request.method == "GET":
            back = request.get_full_path()
        else:
            back = safe_next(request, request.headers.get("Referer", ""), request.path)
        target = f"{reverse('confirm_password')}?{urlencode({'next': back})}"
        if getattr(request, "htmx", False):
            response = HttpResponse(status=204)
            response["HX-Redirect"] = target
            return response
        return redirect(target)

    return gate
