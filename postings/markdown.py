"""Posting descriptions: Markdown rendered to HTML that is safe to show anywhere, in bounded time.

A description is typed by a recruiter and rendered on a public page for every visitor, so a
pathological one (tens of thousands of `[`, deep nesting) must not cost seconds per visit:
markdown-it-py parses in time close to linear in its input (a CommonMark parser built
against the reference's pathological cases; Python-Markdown took 7 s for 5,000 `[`), nesting
is capped, the text the parser sees is capped, and the result is cached under a digest of the
text and the renderer's version, so even the worst description is parsed once, not per visit.
"""

from __future__ import annotations

import hashlib
from functools import lru_cache

import nh3
from markdown_it import MarkdownIt

from config.cache import cache_get, cache_set

# Bump when the rendering changes (parser, options, allowed tags): cached HTML of the old
# renderer is then never served again.
RENDERER_VERSION = "2"
# What the editor accepts; longer text saved before the limit (or through the admin) is
# rendered up to here. 30,000 characters is several times the longest real posting.
DESCRIPTION_MAX_CHARS = 30_000
# Blocks and inlines nested deeper than this are left as text.
MAX_NESTING = 20
CACHE_SECONDS = 24 * 3600

ALLOWED_TAGS = {
    "p",
    "br",
    "hr",
    "strong",
    "em",
    "b",
    "i",
    "s",
    "ul",
    "ol",
    "li",
    "a",
    "h2",
    "h3",
    "h4",
    "blockquote",
    "code",
    "pre",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
}


def parser(*, breaks: bool = False) -> MarkdownIt:
    """CommonMark with tables and strikethrough; raw HTML is parsed and then removed by nh3."""
    return (
        MarkdownIt("commonmark", {"maxNesting": MAX_NESTING, "breaks": breaks, "html": True})
        .enable("table")
        .enable("strikethrough")
    )


_DESCRIPTION = parser()


def sanitize(html: str, tags: set[str], attributes: dict[str, set[str]]) -> str:
    return nh3.clean(
        html,
        tags=tags,
        attributes=attributes,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
    )


def render_markdown(text: str) -> str:
    """Markdown to sanitized HTML: no script, style, event handlers or javascript: links.

    Memoized in the process by the text and cached across processes by its digest."""
    return _render_markdown(text or "")


@lru_cache(maxsize=256)
def _render_markdown(text: str) -> str:
    key = f"markdown:{RENDERER_VERSION}:{hashlib.sha256(text.encode()).hexdigest()}"
    cached = cache_get(key)
    if isinstance(cached, str):
        return cached
    html = sanitize(
        _DESCRIPTION.render(text[:DESCRIPTION_MAX_CHARS]),
        ALLOWED_TAGS,
        {"a": {"href", "title"}, "th": {"align"}, "td": {"align"}},
    )
    cache_set(key, html, CACHE_SECONDS)
    return html
