"""Notes are plain text with a small Markdown subset (links, bold, lists), rendered inert, and
@mentions of the organization's members highlighted."""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from postings.markdown import parser, sanitize

NOTE_TAGS = {"p", "br", "strong", "em", "a", "ul", "ol", "li", "code"}
# The posting parser's bounded-time CommonMark; a line break in a note is a line break.
_NOTES = parser(breaks=True)
# @handle (an email's local part) or @email, not inside a word or an address.
MENTION = re.compile(r"(?<![\w@])@([\w.+-]+(?:@[\w-]+(?:\.[\w-]+)+)?)")
# The sanitized HTML in tags and text; a tag's attributes hold no raw "<" or ">" (nh3 escapes
# them in text, and the only attribute kept, href, is percent-encoded by the parser).
_TAG = re.compile(r"(<[^>]*>)")
_SKIP = {"a", "code"}  # a mention inside a link's text or code stays as written


def member_handles(emails: Iterable[str]) -> frozenset[str]:
    """What a member can be mentioned as: their email, or its local part (lower case)."""
    handles: set[str] = set()
    for email in emails:
        handles.update({email.lower(), email.split("@")[0].lower()})
    return frozenset(handles)


@lru_cache(maxsize=1024)
def render_note(body: str, handles: frozenset[str] = frozenset()) -> str:
    html = sanitize(_NOTES.render(body), NOTE_TAGS, {"a": {"href"}})
    return _highlight(html, handles) if handles and "@" in html else html


def _highlight(html: str, handles: frozenset[str]) -> str:
    """Mark each @mention of a real member (one of `handles`) in the text, outside links and
    code; any other @word is left as plain text."""

    def mark(match: re.Match[str]) -> str:
        handle = match.group(1)
        trimmed = handle.rstrip(".")  # the full stop ending a sentence is not the handle's
        if trimmed.lower() not in handles:
            return match.group(0)
        rest = handle[len(trimmed) :]
        return f'<span class="mention">@{trimmed}</span>{rest}'

    parts = _TAG.split(html)
    skipping = 0
    for index, part in enumerate(parts):
        if index % 2:  # a tag
            name = part.strip("</>").split(" ")[0].lower()
            if name in _SKIP:
                skipping += -1 if part.startswith("</") else 1
        elif part and not skipping:
            parts[index] = MENTION.sub(mark, part)
    return "".join(parts)
