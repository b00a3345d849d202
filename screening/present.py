"""How a score's evidence is shown: each explanation row linked to the resume line it quotes."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class Line:
    text: str
    anchor: str = ""
    requirements: list[str] = field(default_factory=list)


def _plain(text: str) -> str:
    return " ".join(text.split()).lstrip("-•* ").lower()


def _quoted(evidence: str) -> str:
    """The resume sentence inside an evidence string ("Python: built ..." → "built ...")."""
    quote = evidence.rsplit(": ", 1)[-1].removesuffix("...")
    return _plain(quote)


def breakdown(
    explanation: list[dict[str, Any]], text: str
) -> tuple[list[dict[str, Any]], list[Line]]:
    """The explanation rows, each with the anchor of the resume line its evidence came from,
    and the resume's lines with those anchors and the requirements each one supports."""
    lines = [Line(text=raw) for raw in text.splitlines()]
    plain = [_plain(line.text) for line in lines]
    rows = []
    for number, row in enumerate(explanation):
        row = dict(row)
        quote = _quoted(str(row.get("evidence", "")))
        row["anchor"] = ""
        if len(quote) >= 12 and row.get("status") != "not_met":
            # A long line was cut to 157 characters in the evidence: match its start.
            index = next((i for i, p in enumerate(plain) if p.startswith(quote[:150])), None)
            if index is not None:
                line = lines[index]
                line.anchor = line.anchor or f"evidence-{number}"
                line.requirements.append(str(row.get("requirement", "")))
                row["anchor"] = line.anchor
        rows.append(row)
    return rows, lines
