"""The session policy: a signed-in session ends after SESSION_IDLE_TIMEOUT hours without a
request, and SESSION_MAX_AGE days after its sign-in, however busy.

Saving the session on every request would be a database write per page (sessions are written
through to PostgreSQL), so the last-seen time is written only when it is older than
TOUCH_EVERY_SECONDS: the idle limit is kept to within those few minutes.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import SESSION_KEY as AUTH_USER_KEY
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponseBase
from django.utils.translation import gettext as _

from accounts import access

# Set at sign-in only (a password re-typed refreshes SIGNED_IN_AT_KEY, never this one).
STARTED_AT_KEY = "session_started_at"
LAST_SEEN_KEY = "session_last_seen_at"
TOUCH_EVERY_SECONDS = 5 * 60


def start(request: HttpRequest) -> None:
    now = int(time.time())
    request.session[STARTED_AT_KEY] = now
    request.session[LAST_SEEN_KEY] = now


def expired(request: HttpRequest, now: int) -> bool:
    started = request.session.get(STARTED_AT_KEY)
    last_seen = request.session.get(LAST_SEEN_KEY)
    if not isinstance(started, int) or not isinstance(last_seen, int):
        # A session signed in before the policy existed: its clock starts now.
        start(request)
        return False
    too_old = now - started > settings.SESSION_MAX_AGE * 24 * 60 * 60
    idle = now - last_seen > settings.SESSION_IDLE_TIMEOUT * 60 * 60
    return too_old or idle


class SessionPolicyMiddleware:
    """Logs an expired session out and sends it to the login, with a message saying why."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        # Visitors without a session cookie are never signed in; asking would touch the
        # session and add "Vary: Cookie" to public pages.
        if settings.SESSION_COOKIE_NAME in request.COOKIES and AUTH_USER_KEY in request.session:
            now = int(time.time())
            if expired(request, now):
                back = access.return_path(request)
                logout(request)
                messages.info(
                    request, _("Your session has ended after a while. Please sign in again.")
                )
                return access.detour(request, "login", back)
            if now - request.session[LAST_SEEN_KEY] >= TOUCH_EVERY_SECONDS:
                request.session[LAST_SEEN_KEY] = now
        return self.get_response(request)
