"""Text-retrieval baselines the fit score is measured against: TF-IDF cosine between posting
and resume, BM25 with the posting as the query, and a keyword count (how many of the posting's
requirement skills appear verbatim)."""

from __future__ import annotations

import math
import re
from collections import Counter

TOKEN = re.compile(r"[a-z0-9][a-z0-9+#.]*[a-z0-9+#]|[a-z0-9]")
STOP = frozenset(
    (
        "a",
        "an",
        "and",
        "are",
        "as",
        "at",
        "be",
        "by",
        "for",
        "from",
        "has",
        "have",
        "in",
        "is",
        "it",
        "its",
        "of",
        "on",
        "or",
        "our",
        "that",
        "the",
        "this",
        "to",
        "we",
        "with",
        "you",
        "your",
        "will",
        "who",
        "what",
        "not",
        "can",
        "all",
        "into",
    )
)


def tokens(text: str) -> list[str]:
    return [t for t in TOKEN.findall(text.lower()) if t not in STOP]


def tfidf_scores(query: str, docs: dict[str, str]) -> dict[str, float]:
    bags = {k: Counter(tokens(v)) for k, v in docs.items()}
    df: Counter[str] = Counter()
    for bag in bags.values():
        df.update(set(bag))
    n = len(docs)

    def vector(bag: Counter[str]) -> dict[str, float]:
        return {t: (1 + math.log(c)) * math.log((n + 1) / (df[t] + 1) + 1) for t, c in bag.items()}

    q = vector(Counter(tokens(query)))
    qn = math.sqrt(sum(v * v for v in q.values())) or 1.0
    out = {}
    for key, bag in bags.items():
        d = vector(bag)
        dn = math.sqrt(sum(v * v for v in d.values())) or 1.0
        out[key] = sum(w * d.get(t, 0.0) for t, w in q.items()) / (qn * dn)
    return out


def bm25_scores(
    query: str, docs: dict[str, str], k1: float = 1.5, b: float = 0.75
) -> dict[str, float]:
    bags = {k: Counter(tokens(v)) for k, v in docs.items()}
    lengths = {k: sum(bag.values()) for k, bag in bags.items()}
    average = sum(lengths.values()) / len(lengths)
    df: Counter[str] = Counter()
    for bag in bags.values():
        df.update(set(bag))
    n = len(docs)
    terms = set(tokens(query))
    out = {}
    for key, bag in bags.items():
        total = 0.0
        for term in terms:
            if term not in bag:
                continue
            idf = math.log(1 + (n - df[term] + 0.5) / (df[term] + 0.5))
            tf = bag[term]
            total += idf * tf * (k1 + 1) / (tf + k1 * (1 - b + b * lengths[key] / average))
        out[key] = total
    return out


def keyword_scores(keywords: list[str], docs: dict[str, str]) -> dict[str, float]:
    out = {}
    for key, text in docs.items():
        low = text.lower()
        out[key] = float(sum(1 for k in keywords if k.lower() in low))
    return out
