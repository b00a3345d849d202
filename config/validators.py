"""Validators shared by every app's models and forms."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# Control characters (CR, LF, tab, NUL, ...) and the Unicode line and paragraph separators:
# a value that goes into an email header or a one-line label must never carry them.
_CONTROL = re.compile(r"[\x00-\x1f\x7f\u0085\u2028\u2029]")


def validate_single_line(value: str) -> None:
    """Refuse line breaks and other control characters in a one-line text (titles, names)."""
    if isinstance(value, str) and _CONTROL.search(value):
        raise ValidationError(
            _("Use a single line, without line breaks or control characters."),
            code="single_line",
        )


def has_nul(value: object) -> bool:
    """Whether a text, or any text inside a list or dict, holds a NUL: PostgreSQL can store
    none in a text or JSON column, and Django's own check reads a list's repr, where a NUL
    shows as the four characters `\\x00`."""
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(has_nul(k) or has_nul(v) for k, v in value.items())
    if isinstance(value, list | tuple | set | frozenset):
        return any(has_nul(item) for item in value)
    return False


def validate_no_nul(value: object) -> None:
    """Refuse a NUL in a multi-line text or a list of texts (one-line texts refuse every
    control character through `validate_single_line`)."""
    if has_nul(value):
        raise ValidationError(
            _("Remove the null character (\\0): it can't be stored."), code="null_characters"
        )


def one_line(text: str) -> str:
    """`text` on one line: line breaks and control characters become single spaces. For values
    that must pass `validate_single_line` but come from outside a form (a URL's parameter, an
    uploaded file's name) and for email headers built from rows saved before it existed."""
    return " ".join(_CONTROL.sub(" ", text).split())
