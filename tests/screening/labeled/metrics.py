"""Ranking metrics for the labeled set: NDCG@k and pairwise accuracy."""

from __future__ import annotations

import json
import math
from pathlib import Path

GRADES = Path(__file__).with_name("grades.json")
SEEDS = Path(__file__).resolve().parents[3].parent / "shared" / "seeds"


HELDOUT_GRADES = Path(__file__).parents[1] / "heldout" / "grades.json"


def grades(path: Path = GRADES) -> dict[str, dict[str, int]]:
    return json.loads(path.read_text(encoding="utf-8"))


def ndcg_at(ranked: list[str], grade: dict[str, int], k: int = 10) -> float:
    def dcg(values: list[int]) -> float:
        return sum((2**g - 1) / math.log2(i + 2) for i, g in enumerate(values[:k]))

    ideal = dcg(sorted(grade.values(), reverse=True))
    return dcg([grade[r] for r in ranked]) / ideal if ideal else 0.0


def pairwise_accuracy(scores: dict[str, float], grade: dict[str, int]) -> float:
    """Share of pairs with different grades that the scores put in the right order (ties 1/2)."""
    right = total = 0.0
    ids = list(scores)
    for i, a in enumerate(ids):
        for b in ids[i + 1 :]:
            if grade[a] == grade[b]:
                continue
            total += 1
            high, low = (a, b) if grade[a] > grade[b] else (b, a)
            if scores[high] > scores[low]:
                right += 1
            elif scores[high] == scores[low]:
                right += 0.5
    return right / total if total else 1.0


def rank(scores: dict[str, float]) -> list[str]:
    # Ties broken by id so the result is stable, never in a resume's favour by position.
    return sorted(scores, key=lambda r: (-scores[r], r))
