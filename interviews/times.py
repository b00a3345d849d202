"""Interview times as people read them: stored in UTC, shown in the reader's zone, named."""

from __future__ import annotations

import zoneinfo
from datetime import datetime

from django.utils import formats, timezone

from accounts.models import Organization, User


def viewer_zone(user: object, organization: Organization) -> zoneinfo.ZoneInfo:
    """The zone `user` reads times in (their own setting, else the organization's)."""
    if isinstance(user, User):
        return user.zone(organization)
    return organization.zone


def shown(moment: datetime, zone: zoneinfo.ZoneInfo) -> str:
    """The moment in `zone`, with the zone named: "Tue 8 Dec 2026, 14:00 (Africa/Lagos)"."""
    local = timezone.localtime(moment, zone)
    return f"{formats.date_format(local, 'D j M Y, H:i')} ({zone.key})"


def shown_range(starts_at: datetime, ends_at: datetime, zone: zoneinfo.ZoneInfo) -> str:
    """The span as "Tue 8 Dec 2026, 14:00 to 15:00 (Africa/Lagos)", with the end's date too
    when it is another day."""
    start, end = timezone.localtime(starts_at, zone), timezone.localtime(ends_at, zone)
    last = "H:i" if start.date() == end.date() else "D j M Y, H:i"
    begin = formats.date_format(start, "D j M Y, H:i")
    return f"{begin} to {formats.date_format(end, last)} ({zone.key})"
