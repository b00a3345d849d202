"""What a hostile or broken client sends: any text (control characters, NUL, unicode, very long
strings), wrong types, fields missing or sent twice, and ids that are not the client's."""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

SPECIAL = [
    "",
    " ",
    "\x00",
    "a\x00b",
    "\r\n",
    "line\r\nBcc: x@example.com",
    "\x01\x1f\x7f",
    "\u2028\u2029\u0085",
    "é漢字🙂",
    "<script>alert(1)</script>",
    "{{ first_name }}{% load x %}",
    "[" * 500,
    "-1",
    "0",
    "1e309",
    "NaN",
    "99999999999999999999999",
    "on",
    "true",
]
# Any character a browser can send (no lone surrogates: they are not encodable).
CHARACTERS = st.characters(exclude_categories=["Cs"])
TEXT = st.text(CHARACTERS, max_size=40)
LONG = st.text(CHARACTERS, min_size=300, max_size=2000).map(lambda s: s * 20)
# A NUL inside ordinary text: the character PostgreSQL refuses, so the one most worth finding.
WITH_NUL = TEXT.map(lambda s: f"{s}\x00{s}")
VALUE = st.one_of(st.sampled_from(SPECIAL), WITH_NUL, TEXT, LONG)


def form_data(
    fields: list[str], fixed: dict[str, st.SearchStrategy[Any]] | None = None
) -> st.SearchStrategy[dict[str, Any]]:
    """A form of these fields, each missing, once or twice, with any value (or one of
    `fixed`'s, such as a real or a forged id)."""
    fixed = fixed or {}

    def value_for(name: str) -> st.SearchStrategy[Any]:
        one = st.one_of(VALUE, fixed[name]) if name in fixed else VALUE
        return st.one_of(one, st.lists(one, min_size=2, max_size=3))

    return st.fixed_dictionaries({}, optional={name: value_for(name) for name in fields})
