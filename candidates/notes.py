"""Notes are plain text with a small Markdown subset (links, bold, lists), rendered inert."""

from __future__ import annotations

from functools import lru_cache

import markdown as md
import nh3

NOTE_TAGS = {"p", "br", "strong", "em", "a", "ul", "ol", "li", "code"}


@lru_cache(maxsize=1024)
def render_note(body: str) -> str:
    html = md.markdown(body, extensions=["sane_lists", "nl2br"], output_format="html")
    return nh3.clean(
        html,
        tags=NOTE_TAGS,
        attributes={"a": {"href"}},
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
    )
