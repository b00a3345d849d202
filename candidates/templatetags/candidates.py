from __future__ import annotations

from typing import Any

from django import template
from django.utils.safestring import SafeString, mark_safe

from accounts.models import User
from candidates.links import Link
from candidates.links import safe_links as _safe_links
from candidates.notes import member_handles
from candidates.notes import render_note as _render_note

register = template.Library()


@register.filter
def render_note(body: str) -> SafeString:
    return mark_safe(_render_note(body))  # noqa: S308 - sanitized by nh3 in render_note


@register.simple_tag(takes_context=True)
def note_html(context: Any, body: str) -> SafeString:
    """A note's body with the @mentions of the organization's active members highlighted.
    Their handles are read once per page (kept on the page's application), and only when a
    note has an @ at all."""
    html = _render_note(body)
    application = context.get("application")
    if "@" not in html or application is None:
        return mark_safe(html)  # noqa: S308 - sanitized by nh3 in render_note
    handles = getattr(application, "_member_handles", None)
    if handles is None:
        emails = User.objects.filter(
            is_active=True, memberships__organization_id=application.posting.organization_id
        ).values_list("email", flat=True)
        handles = application._member_handles = member_handles(emails)
    return mark_safe(_render_note(body, handles))  # noqa: S308 - sanitized, then our own spans


@register.filter
def safe_links(links: object) -> list[Link]:
    """Each link as (name, url, linkable): only an http(s) url may go into an href."""
    return _safe_links(links)
