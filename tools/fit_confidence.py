"""Refit the pre-annotator's confidence table from the labelled sets; run it after any rule change.

Runs the pre-annotator (own layout, as `annotate ingest` would) over the real
dev set and the older gold sets (never a holdout), marks each suggestion inside
the gold region correct when gold has the same start, end and label, and
counts (n, correct) per evidence signature (annotate/preannotate/confidence.py).

    python tools/fit_confidence.py            # writes annotate/preannotate/data/confidence.yaml
    python tools/fit_confidence.py --check    # exit 1 when the shipped table is stale
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from annotate.preannotate.confidence import DATA_FILE, DEFAULT_SMOOTHING, ConfidenceTable, fit, load_confidence  # noqa: E402
from annotate.preannotate.pipeline import Preannotator  # noqa: E402
from benchmarks.preannotate_quality import FIT_SETS, SETS, load_gold, suggestion_examples  # noqa: E402

HEADER = """How sure the pre-annotator is: counts per evidence signature on labelled articles.
Written by tools/fit_confidence.py (do not edit by hand; refit after changing a rule).
Key: label | rule | detail | model opinion (every prefix has its own line);
value: [suggestions with that evidence, of which matched a gold span strictly].
Estimate: p(root) = (correct + 1) / (n + 2); p(prefix) = (correct + smoothing * p(parent)) / (n + smoothing).
Fitted on: {sets} ({articles} articles, {n} suggestions, {correct} correct)."""


def refit(smoothing: float = DEFAULT_SMOOTHING) -> ConfidenceTable:
    """A table fitted on every fit set, with the data file's header filled in."""
    preannotator = Preannotator()
    examples, articles = [], 0
    for name in FIT_SETS:
        examples += suggestion_examples(preannotator, SETS[name])
        articles += len(load_gold(SETS[name].gold))
    table = fit(((e.signature, e.correct) for e in examples), smoothing)
    table.header = HEADER.format(
        sets=", ".join(FIT_SETS), articles=articles, n=len(examples), correct=sum(e.correct for e in examples),
    )
    return table


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--check", action="store_true", help="compare with the shipped table instead of writing it")
    parser.add_argument("--smoothing", type=float, default=DEFAULT_SMOOTHING, help="pseudo-counts drawn from the parent signature")
    parser.add_argument("-o", "--output", type=Path, default=DATA_FILE, help="where to write the table")
    args = parser.parse_args(argv)
    table = refit(args.smoothing)
    if args.check:
        shipped = load_confidence(args.output)
        stale = sorted(set(shipped.counts) ^ set(table.counts) | {k for k in table.counts if shipped.counts.get(k) != table.counts[k]})
        for key in stale:
            print(f"{' | '.join(key) or '(all)'}: shipped {shipped.counts.get(key)} refit {table.counts.get(key)}")
        print(f"{len(stale)} signature(s) differ" if stale else "the shipped table matches a refit")
        return 1 if stale or shipped.smoothing != table.smoothing else 0
    args.output.write_text(table.to_yaml(), encoding="utf-8")
    print(f"wrote {args.output}: {len(table.counts)} signatures")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
