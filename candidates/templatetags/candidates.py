from __future__ import annotations

from django import template
from django.utils.safestring import SafeString, mark_safe

from candidates.links import Link
from candidates.links import safe_links as _safe_links
from candidates.notes import render_note as _render_note

register = template.Library()


@register.filter
def render_note(body: str) -> SafeString:
    return mark_safe(_render_note(body))  # noqa: S308 - sanitized by nh3 in render_note


@register.filter
def safe_links(links: object) -> list[Link]:
    """Each link as (name, url, linkable): only an http(s) url may go into an href."""
    return _safe_links(links)
