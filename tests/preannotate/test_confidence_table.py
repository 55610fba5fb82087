"""The shipped confidence table is what today's rules score on the labelled sets: calibrated, not stale.

A rule change that alters suggestions changes the counts; refit with `python tools/fit_confidence.py`
in the same commit. The holdout set is never part of the fit.
"""
from __future__ import annotations

from annotate.preannotate.confidence import load_confidence
from benchmarks.preannotate_quality import FIT_SETS
from tools.fit_confidence import refit


def test_the_holdout_is_never_fitted():
    assert not any("holdout" in name for name in FIT_SETS)


def test_the_shipped_table_matches_a_refit_of_todays_rules():
    fresh, shipped = refit(), load_confidence()
    stale = sorted(k for k in set(fresh.counts) | set(shipped.counts) if fresh.counts.get(k) != shipped.counts.get(k))
    detail = "; ".join(f"{' | '.join(k) or '(all)'}: shipped {shipped.counts.get(k)}, now {fresh.counts.get(k)}" for k in stale[:10])
    assert not stale, f"{len(stale)} signature(s) changed: run `python tools/fit_confidence.py` ({detail})"
    assert fresh.smoothing == shipped.smoothing


def test_recorded_first_suggestions_are_dev_articles_marked_against_todays_gold():
    """The recorded suggestions name real dev pages only, and each 'correct' is what the gold says now."""
    from benchmarks.preannotate_quality import FIRST_SUGGESTIONS, SETS, load_gold
    from annotate.preannotate.confidence import read_first_suggestions
    import json

    for name, path in FIRST_SUGGESTIONS.items():
        assert "holdout" not in str(path) and name in FIT_SETS
        gold = {d["meta"]["source"]: {(s["start"], s["end"], s["label"]) for s in d["spans"]} for d in load_gold(SETS[name].gold)}
        records = [json.loads(line) for line in path.read_text(encoding="utf-8").split("\n") if line.strip()]
        assert records and {r["source"] for r in records} <= set(gold)
        for r in records:
            assert r["correct"] == ((r["start"], r["end"], r["label"]) in gold[r["source"]]), r
        examples = read_first_suggestions(path, name)
        assert len(examples) == len(records) and any(not e.correct for e in examples)
