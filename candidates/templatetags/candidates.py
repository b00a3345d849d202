from __future__ import annotations

from django import template
from django.utils.safestring import SafeString, mark_safe

from candidates.notes import render_note as _render_note

register = template.Library()


@register.filter
def render_note(body: str) -> SafeString:
    return mark_safe(_render_note(body))  # noqa: S308 - sanitized by nh3 in render_note
