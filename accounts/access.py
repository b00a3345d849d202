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

import django_otp
from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.models import Device

from accounts.models import Membership, Organization, Role

SESSION_KEY = "current_organization_id"
# When this session last proved who it is (signed in, or typed the password again).
SIGNED_IN_AT_KEY = "signed_in_at"
# Set at sign-in for a person with a confirmed two-factor device, until they type a code: the
# session reaches nothing but the code page meanwhile (accounts.two_factor.TwoFactorMiddleware).
TWO_FACTOR_PENDING_KEY = "two_factor_pending"
# In the credentials of the user_login_failed signal sent for a refused two-factor code.
TWO_FACTOR_FAILURE = "two_factor_code"


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
        return detour(request, "confirm_password")

    return gate


def return_path(request: HttpRequest) -> str:
    """Where to come back to after a detour (a password, a code): the page asked for, or for a
    POST (which can't be replayed) the page its form was on."""
    if request.method == "GET":
        return request.get_full_path()
    return safe_next(request, request.headers.get("Referer", ""), request.path)


def detour(request: HttpRequest, url_name: str, back: str | None = None) -> HttpResponse:
    """Send the browser to `url_name` with ?next= back here; htmx follows an HX-Redirect."""
    target = f"{reverse(url_name)}?{urlencode({'next': back or return_path(request)})}"
    # The header itself: middleware ahead of django-htmx's asks too.
    if request.headers.get("HX-Request") == "true":
        response = HttpResponse(status=204)
        response["HX-Redirect"] = target
        return response
    return redirect(target)


# --- Two-factor ------------------------------------------------------------------------------


def start_two_factor_sign_in(request: HttpRequest, user: Any) -> None:
    """The password was right: a person with a confirmed device still owes a code. Every
    sign-in asks afresh, whatever an earlier session of theirs verified."""
    request.session.pop(DEVICE_ID_SESSION_KEY, None)
    if django_otp.user_has_device(user):
        request.session[TWO_FACTOR_PENDING_KEY] = True
    else:
        request.session.pop(TWO_FACTOR_PENDING_KEY, None)


def finish_two_factor_sign_in(request: HttpRequest, device: Device) -> None:
    """The code was right: remember the device (django-otp's session key) and lift the gate.
    A new session key, as at any change of privilege."""
    django_otp.login(request, device)
    request.session.pop(TWO_FACTOR_PENDING_KEY, None)
    request.session.cycle_key()
    request._verified_device = device  # type: ignore[attr-defined]


def two_factor_pending(request: HttpRequest) -> bool:
    return bool(request.session.get(TWO_FACTOR_PENDING_KEY))


def verified_device(request: HttpRequest) -> Device | None:
    """The device this session verified, while it is still the user's and confirmed. Read only
    where asked (team pages, admin), so other pages pay no query for it: a device reset by a
    superuser stops counting at the next such page."""
    if hasattr(request, "_verified_device"):
        cached: Device | None = request._verified_device
        return cached
    device = None
    persistent_id = request.session.get(DEVICE_ID_SESSION_KEY)
    if persistent_id and request.user.is_authenticated:
        found = Device.from_persistent_id(str(persistent_id))
        if found is not None and found.user_id == request.user.pk and found.confirmed:
            device = found
    request._verified_device = device  # type: ignore[attr-defined]
    return device


def must_use_two_factor(request: HttpRequest) -> bool:
    """With TWO_FACTOR_REQUIRED: every staff user, and anyone who is an admin of any of their
    organizations (an org admin changes who sees the hiring data)."""
    user = request.user
    if not settings.TWO_FACTOR_REQUIRED or not user.is_authenticated:
        return False
    return bool(user.is_staff) or any(m.role == Role.ADMIN for m in memberships(request))


def two_factor_detour(request: HttpRequest) -> HttpResponse | None:
    """None when the session may go on; else a redirect to set up two-factor (no device yet)
    or to type a code (a device, but this session hasn't verified it)."""
    if not must_use_two_factor(request) or verified_device(request) is not None:
        return None
    if django_otp.user_has_device(request.user):
        return detour(request, "two_factor_verify")
    return detour(request, "two_factor_setup")


def two_factor_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """For pages that change who sees the hiring data (team pages): when TWO_FACTOR_REQUIRED,
    an org admin or staff user sets up two-factor first, or types a code, then comes back."""

    @wraps(view)
    def gate(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return two_factor_detour(request) or view(request, *args, **kwargs)

    return gate
