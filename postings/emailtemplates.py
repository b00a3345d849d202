"""Stage email templates: plain text with a fixed set of {{ placeholders }}.

Users never write Django template code: placeholders are substituted by us, values escaped for
the HTML part, and a template with an unknown placeholder can't be saved.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.html import escape, linebreaks

PLACEHOLDER = re.compile(r"\{\{\s*([^{}]*?)\s*\}\}")
PLACEHOLDERS = {
    "first_name": "The candidate's first name",
    "posting_title": "The posting's title",
    "organization_name": "Your organization's name",
    "stage_name": "The stage they moved into",
}


def validate_placeholders(text: str) -> None:
    unknown = sorted({name for name in PLACEHOLDER.findall(text) if name not in PLACEHOLDERS})
    if unknown:
        raise ValidationError(
            "Unknown placeholder(s): %(unknown)s. Use only %(known)s.",
            params={
                "unknown": ", ".join(f"{{{{ {name} }}}}" for name in unknown),
                "known": ", ".join(f"{{{{ {name} }}}}" for name in PLACEHOLDERS),
            },
        )
    if "{%" in text:
        raise ValidationError("Template tags ({%% ... %%}) are not allowed; use placeholders only.")


@dataclass(frozen=True)
class RenderedEmail:
    subject: str
    text: str
    html: str


def render_template(subject: str, body: str, values: dict[str, str]) -> RenderedEmail:
    """Fill the placeholders; the HTML part escapes the user's text first, then the values."""

    def fill(text: str, value_of: object) -> str:
        return PLACEHOLDER.sub(lambda m: value_of(values.get(m.group(1), "")), text)  # type: ignore[operator]

    text = fill(body, str)
    html = linebreaks(fill(str(escape(body)), lambda value: str(escape(value))))
    return RenderedEmail(subject=" ".join(fill(subject, str).split()), text=text, html=html)
