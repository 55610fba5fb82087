"""How good the pre-annotator is, on every gold set, the real news first.

Each article is read from its file as `annotate ingest` reads it (decoding,
layout) and pre-annotated twice: inside the tool's own article region (what a
reviewer gets) and inside the hand-marked region (the rules alone). Scores are
strict and overlap P/R/F1 per label, attribute accuracy, and how often the
tool's region equals the gold one. Then calibration: a reliability table
(confidence bins -> observed precision of the own-layout suggestions inside
the gold region) and the expected calibration error, out-of-fold (the
confidence table refitted 5 times by article over the scored sets, each
article estimated by the fit that never saw it), for the real dev set and the
older sets; a holdout set is estimated by the shipped table, which never saw it.

    python benchmarks/preannotate_quality.py                    # real dev + the older sets
    python benchmarks/preannotate_quality.py --sets real-dev --errors 60
    python benchmarks/preannotate_quality.py --sets real-holdout  # once, at the end of a round

The real holdout set (tests/data/real/holdout) is never part of the default:
it stays untouched while rules are developed and is scored once.
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from annotate.io.evaluate import EvaluationReport, evaluate, format_report, report_to_dict  # noqa: E402
from annotate.metrics.calibration import expected_calibration_error, format_reliability, reliability  # noqa: E402
from annotate.metrics.spans import MICRO  # noqa: E402
from annotate.preannotate.confidence import DEFAULT_SMOOTHING, Example, label_suggestions, out_of_fold, read_first_suggestions  # noqa: E402
from annotate.preannotate.pipeline import Preannotator  # noqa: E402
from annotate.text.readers import RawArticle, read_articles  # noqa: E402

DATA = ROOT / "tests" / "data"


@dataclass(frozen=True)
class GoldSet:
    name: str
    gold: Path
    folder: Path
    kind: str  # "real news" or "written for the test"


SETS = {
    "real-dev": GoldSet("real-dev", DATA / "real" / "dev_gold.jsonl", DATA / "real" / "dev", "real news"),
    "real-holdout": GoldSet("real-holdout", DATA / "real" / "holdout_gold.jsonl", DATA / "real" / "holdout", "real news"),
    "seeds": GoldSet("seeds", DATA / "dev_gold.jsonl", ROOT / "annotate" / "samples", "real news (the bundled samples)"),
    "heldout": GoldSet("heldout", DATA / "heldout_gold.jsonl", DATA / "heldout", "written for the test"),
    "heldout2": GoldSet("heldout2", DATA / "heldout2_gold.jsonl", DATA / "heldout2", "written for the test"),
    "heldout3": GoldSet("heldout3", DATA / "heldout3_gold.jsonl", DATA / "heldout3", "written for the test"),
}
DEFAULT_SETS = ("real-dev", "seeds", "heldout", "heldout2", "heldout3")
FIT_SETS = DEFAULT_SETS
"""The labelled sets the confidence table is fitted on (tools/fit_confidence.py); never a holdout."""
FIRST_SUGGESTIONS = {"real-dev": DATA / "real" / "dev_first_suggestions.jsonl"}
"""Suggestions recorded before issue 9's rule fixes were made against these articles: the evidence the
confidence table counts for them (today's rules are right on every one, which says nothing about unseen text)."""
FOLDS = 5


def load_gold(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def _document(text: str, source: str, spans) -> dict:
    return {
        "text": text,
        "meta": {"source": source},
        "spans": [{"start": s.start, "end": s.end, "label": s.label, "attrs": s.attrs, "origin": s.origin} for s in spans],
    }


@dataclass
class SetResult:
    own: EvaluationReport
    gold_region: EvaluationReport
    region_exact: int
    articles: int
    region_misses: list[str]
    seconds: float
    examples: list[Example]


def read_gold_article(gold_set: GoldSet, doc: dict) -> RawArticle:
    """The gold document's article read from its file as `annotate ingest` reads it (decoding, layout)."""
    source = doc["meta"]["source"]
    raw = next(item for item in read_articles(gold_set.folder / source) if isinstance(item, RawArticle))
    if raw.text != doc["text"]:
        raise SystemExit(f"{gold_set.folder / source}: the file no longer matches its gold text")
    return raw


def suggestion_examples(preannotator: Preannotator, gold_set: GoldSet) -> list[Example]:
    """Every own-layout suggestion inside the gold region, marked correct or not: what the confidence table counts."""
    examples: list[Example] = []
    for doc in load_gold(gold_set.gold):
        raw = read_gold_article(gold_set, doc)
        suggested = preannotator.annotate(raw.text, raw.layout.article, list(raw.layout.furniture))
        examples += label_suggestions(f"{gold_set.name}/{doc['meta']['source']}", doc, suggested)
    return examples


def score_set(preannotator: Preannotator, gold_set: GoldSet) -> SetResult:
    gold = load_gold(gold_set.gold)
    own, inside_gold, misses = [], [], []
    examples: list[Example] = []
    exact = 0
    started = time.perf_counter()
    for doc in gold:
        source = doc["meta"]["source"]
        raw = read_gold_article(gold_set, doc)
        layout = raw.layout
        suggested = preannotator.annotate(raw.text, layout.article, list(layout.furniture))
        own.append(_document(raw.text, source, suggested))
        examples += label_suggestions(f"{gold_set.name}/{source}", doc, suggested)
        region = tuple(doc["meta"]["article"])
        furniture = [tuple(f) for f in doc["meta"].get("furniture_inside") or ()]
        inside_gold.append(_document(raw.text, source, preannotator.annotate(raw.text, region, furniture)))
        if tuple(layout.article) == region:
            exact += 1
        else:
            misses.append(f"{source}: tool {tuple(layout.article)} gold {region}")
    seconds = time.perf_counter() - started
    return SetResult(evaluate(gold, own), evaluate(gold, inside_gold), exact, len(gold), misses, seconds, examples)


def fit_examples(name: str, result: SetResult) -> list[Example]:
    """What the confidence table counts for a fit set: the recorded first suggestions where there are
    some (FIRST_SUGGESTIONS), else today's suggestions."""
    path = FIRST_SUGGESTIONS.get(name)
    return read_first_suggestions(path, name) if path is not None else result.examples


def calibration(results: dict[str, SetResult]) -> tuple[str, dict[str, float]]:
    """Reliability tables and ECE: out-of-fold over the fit examples of the sets scored (for real-dev its
    first suggestions), the shipped table on today's real-dev suggestions and on any set it never saw."""
    fitted = {name: fit_examples(name, r) for name, r in results.items() if name in FIT_SETS}
    pooled = [e for examples in fitted.values() for e in examples]
    oof = dict(zip(map(id, pooled), out_of_fold(pooled, FOLDS, DEFAULT_SMOOTHING)))
    older = [n for n in fitted if n not in FIRST_SUGGESTIONS]
    groups = [(n, [n], f"its first suggestions, out-of-fold, {FOLDS} folds by article", True) for n in fitted if n in FIRST_SUGGESTIONS]
    groups.append(("older sets", older, f"out-of-fold, {FOLDS} folds by article", True))
    groups += [(f"{n} today", [n], "today's suggestions, the shipped table; the rules have been fixed against these", False)
               for n in fitted if n in FIRST_SUGGESTIONS]
    groups += [(n, [n], "the shipped table, which never saw it", False) for n in results if n not in FIT_SETS]
    out, eces = [], {}
    for title, names, how, out_of_fold_fit in groups:
        examples = [e for n in names for e in (fitted[n] if out_of_fold_fit else results[n].examples)]
        if not examples:
            continue
        confidences = [oof[id(e)] if out_of_fold_fit else e.confidence for e in examples]
        correct = [e.correct for e in examples]
        out.append(f"\n--- calibration on {title} ({', '.join(names)}; {how})")
        out.append(format_reliability(confidences, correct))
        eces[title] = expected_calibration_error(reliability(confidences, correct))
    return "\n".join(out), eces


def summary_row(name: str, kind: str, result: SetResult) -> str:
    report = result.own
    labels = " ".join(f"{label[:3]} {report.strict[label].f1:.3f}" for label in ("OFFICIAL", "LOCALITY", "FIGURE") if label in report.strict)
    return (
        f"{name:<13} {result.articles:>3} art  strict F1 {report.strict[MICRO].f1:.3f} (gold region {result.gold_region.strict[MICRO].f1:.3f})"
        f"  {labels}  attrs {report.attribute_accuracy:.3f}  region exact {result.region_exact}/{result.articles}  [{kind}]"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sets", default=",".join(DEFAULT_SETS), help=f"comma-separated, from {', '.join(SETS)}")
    parser.add_argument("--errors", type=int, default=0, help="list this many errors per set (own layout)")
    parser.add_argument("--gold-region", action="store_true", help="list errors inside the gold region instead")
    parser.add_argument("--json", type=Path, default=None, help="also write every report here")
    args = parser.parse_args(argv)
    names = [n.strip() for n in args.sets.split(",") if n.strip()]
    unknown = [n for n in names if n not in SETS]
    if unknown:
        parser.error(f"unknown set(s) {', '.join(unknown)}")
    started = time.perf_counter()
    preannotator = Preannotator()
    print(f"pre-annotator ready in {time.perf_counter() - started:.2f} s", file=sys.stderr)
    rows, dump = [], {}
    results: dict[str, SetResult] = {}
    for name in names:
        gold_set = SETS[name]
        if not gold_set.gold.exists():
            print(f"{name}: no gold at {gold_set.gold}", file=sys.stderr)
            continue
        result = score_set(preannotator, gold_set)
        rows.append(summary_row(name, gold_set.kind, result))
        dump[name] = {"own_layout": report_to_dict(result.own), "gold_region": report_to_dict(result.gold_region),
                      "region_exact": result.region_exact, "articles": result.articles, "seconds": result.seconds}
        print(f"\n=== {name} ({gold_set.kind}): {result.articles} articles, {result.seconds:.1f} s")
        print(f"region exact {result.region_exact}/{result.articles}")
        for miss in result.region_misses:
            print(f"  region {miss}")
        report = result.gold_region if args.gold_region else result.own
        print(f"--- {'inside the gold region' if args.gold_region else 'with the tool’s own layout'}")
        print(format_report(report, max_errors=args.errors))
        results[name] = result
    tables, eces = calibration(results)
    print("\n=== confidence calibration (own-layout suggestions inside the gold region; correct = strict match)")
    print(tables)
    for title, value in eces.items():
        dump.setdefault("calibration", {})[title] = {"ece": value}
    print("\n=== summary (own layout; in brackets: inside the gold region)")
    print("\n".join(rows))
    if eces:
        print("ECE " + ", ".join(f"{title} {value:.4f}" for title, value in eces.items()) + " (target <= 0.05)")
    if args.json:
        args.json.write_text(json.dumps(dump, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
