"""Two-factor sign-in with django-otp: an authenticator app (TOTP) and one-time recovery codes.

After the password, a person with a confirmed device owes a code: TwoFactorMiddleware lets the
session reach nothing but the code page (and sign-out) until it is typed. Where two-factor is
required (TWO_FACTOR_REQUIRED: org admins and staff), team pages ask through
`access.two_factor_required` and Django admin through the middleware. A refused code counts
toward the same lockout as a wrong password (django-axes), and is audited.
"""

from __future__ import annotations

from base64 import b32encode
from collections.abc import Callable

import django_otp
import segno
from axes.handlers.proxy import AxesProxyHandler
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.contrib.auth.signals import user_login_failed
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import access, services
from accounts.forms import TwoFactorCodeForm
from accounts.views import locked_out
from config.http import HtmxRequest
from config.ratelimit import limited

# The new recovery codes, between the POST that made them and the one page that shows them.
NEW_CODES_KEY = "two_factor_new_codes"

WRONG_CODE = gettext_lazy(
    "That code didn't work. Type the code your app shows now (each works once), or an unused "
    "recovery code. After a wrong code, wait a few seconds before the next."
)


class TwoFactorMiddleware:
    """A session that owes a code reaches only the code page and sign-out; staff reach Django
    admin only with a verified device when two-factor is required for them."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response
        self._open: frozenset[str] | None = None
        self._admin_prefix = ""

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        # No session cookie, no sign-in: public pages are answered without touching a session.
        if settings.SESSION_COOKIE_NAME in request.COOKIES:
            refused = self._gate(request)
            if refused is not None:
                return refused
        return self.get_response(request)

    def _gate(self, request: HttpRequest) -> HttpResponse | None:
        if self._open is None:
            self._open = frozenset(
                reverse(name) for name in ("two_factor_verify", "logout", "admin:logout")
            )
            self._admin_prefix = reverse("admin:index")
        if request.path in self._open:
            return None
        if access.two_factor_pending(request):
            return access.detour(request, "two_factor_verify")
        if (
            request.path.startswith(self._admin_prefix)
            and request.user.is_authenticated
            and request.user.is_staff
        ):
            return access.two_factor_detour(request)
        return None


def _next(request: HttpRequest) -> str:
    wanted = request.POST.get("next") or request.GET.get("next", "")
    return access.safe_next(request, wanted, settings.LOGIN_REDIRECT_URL)


def _qr_code(device: TOTPDevice) -> str:
    # Drawn here as inline SVG (paths with presentation attributes, no style, no script), so
    # the page needs no image URL, CDN or CSP exception, and the secret never leaves the page.
    svg = segno.make(device.config_url, error="m").svg_inline(
        scale=5, dark="#000", light="#fff", title=_("QR code for your authenticator app")
    )
    return mark_safe(svg)  # noqa: S308 - segno's own markup around our URL, escaped by segno


def _secret(device: TOTPDevice) -> str:
    text = b32encode(device.bin_key).decode()
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))


@require_GET
@login_required
def status(request: HtmxRequest) -> HttpResponse:
    """Whether two-factor is on, with the ways to turn it on, renew the codes or turn it off."""
    user = request.user
    enabled = TOTPDevice.objects.filter(user=user, confirmed=True).exists()
    codes_left = StaticToken.objects.filter(device__user=user, device__confirmed=True).count()
    required = access.must_use_two_factor(request)
    context = {
        "enabled": enabled,
        "codes_left": codes_left,
        "required": required,
        "can_disable": enabled and not required,
    }
    return render(request, "accounts/two_factor/status.html", context)


@require_http_methods(["GET", "POST"])
@login_required
@access.recent_sign_in_required
def setup(request: HtmxRequest) -> HttpResponse:
    """Scan the QR code (or type the secret), then type a first code: only that confirms it."""
    device = services.unconfirmed_totp_device(request.user)
    form = TwoFactorCodeForm(request.POST or None, initial={"next": request.GET.get("next", "")})
    if request.method == "POST" and form.is_valid():
        codes = services.enable_two_factor(device, form.cleaned_data["code"])
        if codes is not None:
            device.refresh_from_db()
            access.finish_two_factor_sign_in(request, device)
            request.session[NEW_CODES_KEY] = codes
            messages.success(request, _("Two-factor sign-in is on."))
            return access.detour(request, "two_factor_recovery_codes", _next(request))
        form.add_error("code", WRONG_CODE)
    context = {"form": form, "qr_code": _qr_code(device), "secret": _secret(device)}
    return render(request, "accounts/two_factor/setup.html", context)


@require_GET
@login_required
def recovery_codes(request: HtmxRequest) -> HttpResponse:
    """The new recovery codes, shown this once (the page is never cached)."""
    codes = request.session.pop(NEW_CODES_KEY, None)
    if not codes:
        messages.info(request, _("Recovery codes are shown once. You can make new ones here."))
        return redirect("two_factor")
    return render(
        request, "accounts/two_factor/recovery_codes.html", {"codes": codes, "next": _next(request)}
    )


@require_POST
@login_required
@access.recent_sign_in_required
def regenerate_recovery_codes(request: HtmxRequest) -> HttpResponse:
    if not TOTPDevice.objects.filter(user=request.user, confirmed=True).exists():
        messages.error(request, _("Turn two-factor on first: recovery codes come with it."))
        return redirect("two_factor")
    request.session[NEW_CODES_KEY] = services.regenerate_recovery_codes(request.user)
    return redirect("two_factor_recovery_codes")


@require_POST
@login_required
@access.recent_sign_in_required
def disable(request: HtmxRequest) -> HttpResponse:
    access.require(
        not access.must_use_two_factor(request),
        _("Two-factor sign-in is required for organization admins and staff."),
    )
    if django_otp.user_has_device(request.user, confirmed=None):
        services.disable_two_factor(request.user)
        request.session.pop(django_otp.DEVICE_ID_SESSION_KEY, None)
    messages.success(request, _("Two-factor sign-in is off."))
    return redirect("two_factor")


def _locked_out(request: HttpRequest) -> HttpResponse:
    # Locked out halfway through signing in: the half-signed-in session goes too.
    logout(request)
    return locked_out(request, None, None)


@require_http_methods(["GET", "POST"])
@login_required
@limited("two-factor", "LOGIN_RATE_LIMIT", methods=("POST",))
def verify(request: HtmxRequest) -> HttpResponse:
    """The second step of signing in: a code from the app, or a recovery code."""
    user = request.user
    target = _next(request)
    if not django_otp.user_has_device(user):
        # Nothing to verify any more (a superuser reset the devices).
        request.session.pop(access.TWO_FACTOR_PENDING_KEY, None)
        return redirect(target)
    if not access.two_factor_pending(request) and access.verified_device(request) is not None:
        return redirect(target)
    form = TwoFactorCodeForm(request.POST or None, initial={"next": request.GET.get("next", "")})
    if request.method == "POST" and form.is_valid():
        credentials = {"username": user.email, access.TWO_FACTOR_FAILURE: True}
        if AxesProxyHandler.is_locked(request, credentials):
            return _locked_out(request)
        device = services.verify_two_factor_code(user, form.cleaned_data["code"])
        if device is not None:
            access.finish_two_factor_sign_in(request, device)
            if isinstance(device, StaticDevice):
                messages.info(
                    request,
                    _("You used a recovery code; it won't work again. Codes left: %(n)d.")
                    % {"n": device.token_set.count()},
                )
            return redirect(target)
        # As a wrong password: axes counts it toward the lockout, accounts.registrations audits
        # it (once, as a refused code, by the marker).
        user_login_failed.send(sender=__name__, credentials=credentials, request=request)
        if getattr(request, "axes_locked_out", False):
            return _locked_out(request)
        form.add_error("code", WRONG_CODE)
    return render(request, "accounts/two_factor/verify.html", {"form": form})
