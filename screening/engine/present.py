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
    """The resume sentence inside an evidence string ("Python: built ..." → "built ..."),
    without the marks of a cut ("…" or "...") at either end."""
    quote = evidence.rsplit(": ", 1)[-1].removesuffix("...").strip("… ")
    return _plain(quote)


def breakdown(
    explanation: list[dict[str, Any]], text: str
) -> tuple[list[dict[str, Any]], list[Line]]:
    """The explanation rows, each with the anchor of the first resume line its evidence quotes,
    and the resume's lines marked with the requirements they support."""
    lines = [Line(text=raw) for raw in text.splitlines()]
    plain = [_plain(line.text) for line in lines]
    rows = []
    for number, row in enumerate(explanation):
        row = dict(row)
        row["anchor"] = ""
        evidence = _plain(str(row.get("evidence", "")))
        tail = _quoted(str(row.get("evidence", "")))
        if row.get("status") != "not_met" and evidence:
            for index, line in enumerate(plain):
                # The evidence quotes whole lines (sometimes two, joined), or a window cut
                # out of a long line.
                quoted = len(line) >= 12 and line in evidence
                if quoted or (len(tail) >= 12 and tail[:60] in line):
                    target = lines[index]
                    target.anchor = target.anchor or f"evidence-{number}"
                    target.requirements.append(str(row.get("requirement", "")))
                    row["anchor"] = row["anchor"] or target.anchor
        rows.append(row)
    return rows, lines
