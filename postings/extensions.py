"""Where upper apps add to the posting editor, so postings never imports them.

An app above postings (interviews: the interview plan) registers a section here from its
`registrations` module; the editor renders every section below its own lists. A section's
HTMX endpoints live in its app and check access exactly as the editor does
(postings.access.get_posting_for_user with edit=True).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils.safestring import SafeString

from postings.models import Posting


@dataclass(frozen=True)
class EditorSection:
    """A section of the posting editor, in `order`: `render(request, posting)` returns its
    template and context."""

    name: str
    order: int
    render: Callable[[HttpRequest, Posting], tuple[str, dict[str, Any]]]

    def html(self, request: HttpRequest, posting: Posting) -> SafeString:
        template, context = self.render(request, posting)
        return render_to_string(template, context, request)


EDITOR_SECTIONS: dict[str, EditorSection] = {}


def add_editor_section(section: EditorSection) -> None:
    # Keyed by name, so registering twice (a reloaded app) replaces rather than doubles.
    EDITOR_SECTIONS[section.name] = section


def editor_sections() -> list[EditorSection]:
    return sorted(EDITOR_SECTIONS.values(), key=lambda s: (s.order, s.name))


def render_editor_sections(request: HttpRequest, posting: Posting) -> list[SafeString]:
    return [section.html(request, posting) for section in editor_sections()]
