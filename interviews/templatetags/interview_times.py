from __future__ import annotations

from datetime import datetime
from typing import Any

from django import template

from accounts.models import Organization
from interviews import times

register = template.Library()


def _moment(value: Any) -> datetime | None:
    if isinstance(value, datetime):
        return value
    if isinstance(value, str) and value:
        try:
            return datetime.fromisoformat(value)
        except ValueError:
            return None
    return None


@register.simple_tag
def shown_time(value: Any, user: Any, organization: Organization) -> str:
    """A stored time (a datetime or an event's ISO text) in the viewer's zone, zone named."""
    moment = _moment(value)
    return times.shown(moment, times.viewer_zone(user, organization)) if moment else ""


@register.simple_tag
def shown_range(starts_at: Any, ends_at: Any, user: Any, organization: Organization) -> str:
    start, end = _moment(starts_at), _moment(ends_at)
    if start is None or end is None:
        return ""
    return times.shown_range(start, end, times.viewer_zone(user, organization))
