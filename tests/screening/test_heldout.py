"""The held-out set: written and graded blind to the scorer, committed before it was scored.

It is never used to tune the scorer; this test only guards what the first (and only) scoring
of it measured: the fit score clearly beats TF-IDF, BM25 and a keyword count on it.
"""

from __future__ import annotations

from datetime import date

from bench.baselines import bm25_scores, keyword_scores, tfidf_scores
from screening.engine.extract import extract_file
from screening.engine.scoring import score_resume
from screening.engine.suggest import suggest_requirements
from tests.screening.heldout.resumes import HELDOUT
from tests.screening.labeled.metrics import HELDOUT_GRADES, grades, ndcg_at, rank
from tests.screening.labeled.render import render_all
from tests.screening.test_ranking import seed_path

TODAY = date(2026, 11, 1)


def test_the_fit_score_beats_the_baselines_on_the_held_out_set(tmp_path) -> None:
    texts = {rid: extract_file(p).text for rid, p in render_all(tmp_path, resumes=HELDOUT).items()}
    assert len(texts) >= 40
    table = grades(HELDOUT_GRADES)
    means = {"fit": 0.0, "tfidf": 0.0, "bm25": 0.0, "keywords": 0.0}
    for prefix in ("000", "001", "002", "003"):
        job = seed_path(prefix).read_text(encoding="utf-8")
        requirements = suggest_requirements(job)
        grade = {rid: table[rid][prefix] for rid in texts}
        keywords = sorted({s for r in requirements for s in r.skills})
        fit = {
            rid: float(score_resume(requirements, text, today=TODAY).score or 0.0)
            for rid, text in texts.items()
        }
        for name, scores in (
            ("fit", fit),
            ("tfidf", tfidf_scores(job, texts)),
            ("bm25", bm25_scores(job, texts)),
            ("keywords", keyword_scores(keywords, texts)),
        ):
            means[name] += ndcg_at(rank(scores), grade) / 4
    best_baseline = max(means["tfidf"], means["bm25"], means["keywords"])
    assert means["fit"] >= 0.85, means
    assert means["fit"] - best_baseline >= 0.1, means
