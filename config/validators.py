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


def one_line(text: str) -> str:
    """`text` on one line: line breaks and control characters become single spaces. For values
    that must pass `validate_single_line` but come from outside a form (a URL's parameter, an
    uploaded file's name) and for email headers built from rows saved before it existed."""
    return " ".join(_CONTROL.sub(" ", text).split())
