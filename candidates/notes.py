"""Notes are plain text with a small Markdown subset (links, bold, lists), rendered inert."""

from __future__ import annotations

from functools import lru_cache

from postings.markdown import parser, sanitize

NOTE_TAGS = {"p", "br", "strong", "em", "a", "ul", "ol", "li", "code"}
# The posting parser's bounded-time CommonMark; a line break in a note is a line break.
_NOTES = parser(breaks=True)


@lru_cache(maxsize=1024)
def render_note(body: str) -> str:
    return sanitize(_NOTES.render(body), NOTE_TAGS, {"a": {"href"}})
