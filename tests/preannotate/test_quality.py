"""Quality regression guard: the pre-annotator, with the tool's own layout, against four gold sets.

The held-out sets (tests/data/heldout/*.txt with tests/data/heldout_gold.jsonl, heldout3 likewise, and
tests/data/heldout2/*.txt with tests/data/heldout2_gold.jsonl; gold kept outside the folders so
ingesting them reads articles only) were written by colleagues and never tuned on span by span; the
dev set is the shared gold over the bundled samples. Each article is read as `annotate ingest`
reads it (readers + layout), annotated by one Preannotator and scored with annotate.io.evaluate. The
floors sit below today's scores so that only a real regression fails.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from annotate.io.evaluate import LABELS, EvaluationReport, evaluate
from annotate.metrics.spans import MICRO
from annotate.preannotate.pipeline import Preannotator
from annotate.text.readers import RawArticle, read_articles

from tests.paths import DEV_GOLD, ROOT, SAMPLES

HELDOUT_DIR = ROOT / "tests" / "data" / "heldout"
HELDOUT_GOLD = ROOT / "tests" / "data" / "heldout_gold.jsonl"
HELDOUT2_DIR = ROOT / "tests" / "data" / "heldout2"
HELDOUT2_GOLD = ROOT / "tests" / "data" / "heldout2_gold.jsonl"
HELDOUT3_DIR = ROOT / "tests" / "data" / "heldout3"
HELDOUT3_GOLD = ROOT / "tests" / "data" / "heldout3_gold.jsonl"

MIN_MICRO_F1 = 0.93
MIN_LABEL_F1 = 0.90
MIN_ATTRIBUTE_ACCURACY = 0.95

SETS = {
    "heldout": (HELDOUT_GOLD, HELDOUT_DIR),
    # a second colleague's set: pages with related-story blocks inside the article, doubled headlines,
    # all-caps headlines, names sharing words with places
    "heldout2": (HELDOUT2_GOLD, HELDOUT2_DIR),
    # a third set: headlines next to timestamps, post-2025 units, i/y spelling variants
    "heldout3": (HELDOUT3_GOLD, HELDOUT3_DIR),
    "dev": (DEV_GOLD, SAMPLES),
}


def _load_gold(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


@pytest.fixture(scope="module")
def preannotator() -> Preannotator:
    return Preannotator()


def _predict(preannotator: Preannotator, gold: list[dict], folder: Path) -> list[dict]:
    """Export-format predictions for every gold article, read from its file with the tool's layout."""
    predicted = []
    for record in gold:
        source = record["meta"]["source"]
        raw = next(item for item in read_articles(folder / source) if isinstance(item, RawArticle))
        assert raw.text == record["text"], f"{source}: the file no longer matches its gold text"
        spans = preannotator.annotate(raw.text, raw.layout.article, list(raw.layout.furniture))
        predicted.append({
            "text": raw.text,
            "meta": {"source": source},
            "spans": [{"start": s.start, "end": s.end, "label": s.label, "attrs": s.attrs} for s in spans],
        })
    return predicted


def _describe(report: EvaluationReport) -> str:
    scores = ", ".join(f"{k} {v.f1:.3f}" for k, v in report.strict.items())
    errors = "\n".join(f"  {e.doc[:12]} {e.kind} {e.label} {e.context} {e.detail}" for e in report.errors[:30])
    return f"strict F1: {scores}; attributes {report.attribute_accuracy:.3f}\n{errors}"


@pytest.mark.parametrize("name", sorted(SETS))
def test_preannotator_quality_with_its_own_layout(name: str, preannotator: Preannotator) -> None:
    gold_path, folder = SETS[name]
    if not gold_path.exists():
        pytest.skip(f"{gold_path} not available")
    gold = _load_gold(gold_path)
    report = evaluate(gold, _predict(preannotator, gold, folder))
    assert not report.unmatched_gold
    detail = _describe(report)
    assert report.strict[MICRO].f1 >= MIN_MICRO_F1, detail
    for label in LABELS:
        assert report.strict[label].f1 >= MIN_LABEL_F1, f"{label}: {detail}"
    assert report.attribute_accuracy >= MIN_ATTRIBUTE_ACCURACY, detail
