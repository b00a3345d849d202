from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from accounts import access


def organization(request: HttpRequest) -> dict[str, Any]:
    """The navigation's organization and switcher; nothing (and no query) for anonymous users."""
    if not request.user.is_authenticated:
        return {}
    return {
        "current_membership": access.current_membership(request),
        "user_memberships": access.memberships(request),
    }
