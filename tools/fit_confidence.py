"""Refit the pre-annotator's confidence table from the labelled sets; run it after any rule change.

Runs the pre-annotator (own layout, as `annotate ingest` would) over the older
gold sets (never a holdout), marks each suggestion inside the gold region
correct when gold has the same start, end and label, and counts (n, correct)
per evidence signature (annotate/preannotate/confidence.py). For the real dev
set it counts the suggestions recorded before issue 9's rule fixes were made
against it (tests/data/real/dev_first_suggestions.jsonl): today's rules are
right on every dev article, which would make every estimate 0.999 and say
nothing about text the rules were not fixed on.

    python tools/fit_confidence.py            # writes annotate/preannotate/data/confidence.yaml
    python tools/fit_confidence.py --check    # exit 1 when the shipped table is stale
    python tools/fit_confidence.py --record-first SET FILE   # a newly scored set's first suggestions
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from annotate.preannotate.confidence import (  # noqa: E402
    DATA_FILE, DEFAULT_SMOOTHING, ConfidenceTable, first_suggestion_record, fit, label_suggestions, load_confidence,
    read_first_suggestions,
)
from annotate.preannotate.pipeline import Preannotator  # noqa: E402
from benchmarks.preannotate_quality import (  # noqa: E402
    FIRST_SUGGESTIONS, FIT_SETS, SETS, load_gold, read_gold_article, suggestion_examples,
)

HEADER = """How sure the pre-annotator is: counts per evidence signature on labelled articles.
Written by tools/fit_confidence.py (do not edit by hand; refit after changing a rule).
Key: label | rule | detail | model opinion (every prefix has its own line);
value: [suggestions with that evidence, of which matched a gold span strictly].
Estimate: p(root) = (correct + 1) / (n + 2); p(prefix) = (correct + smoothing * p(parent)) / (n + smoothing).
Fitted on: {sets} ({articles} articles, {n} suggestions, {correct} correct); for {first}
the suggestions recorded before the rules were fixed against those articles (tests/data/real/dev_first_suggestions.jsonl)."""


def refit(smoothing: float = DEFAULT_SMOOTHING) -> ConfidenceTable:
    """A table fitted on every fit set, with the data file's header filled in."""
    preannotator = Preannotator()
    examples, articles = [], 0
    for name in FIT_SETS:
        first = FIRST_SUGGESTIONS.get(name)
        examples += read_first_suggestions(first, name) if first else suggestion_examples(preannotator, SETS[name])
        articles += len(load_gold(SETS[name].gold))
    table = fit(((e.signature, e.correct) for e in examples), smoothing)
    table.header = HEADER.format(
        sets=", ".join(FIT_SETS), first=", ".join(FIRST_SUGGESTIONS), articles=articles, n=len(examples), correct=sum(e.correct for e in examples),
    )
    return table


def record_first(name: str, path: Path) -> tuple[int, int]:
    """Write today's suggestions on a set, marked against its gold, before any rule is fixed on it
    (then add it to FIRST_SUGGESTIONS); (suggestions, correct)."""
    preannotator, lines, correct = Preannotator(), [], 0
    for doc in load_gold(SETS[name].gold):
        raw, source = read_gold_article(SETS[name], doc), doc["meta"]["source"]
        for span in preannotator.annotate(raw.text, raw.layout.article, list(raw.layout.furniture)):
            marked = label_suggestions(source, doc, [span])
            if marked:
                lines.append(first_suggestion_record(source, span, marked[0].correct))
                correct += marked[0].correct
    path.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    return len(lines), correct


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--check", action="store_true", help="compare with the shipped table instead of writing it")
    parser.add_argument("--smoothing", type=float, default=DEFAULT_SMOOTHING, help="pseudo-counts drawn from the parent signature")
    parser.add_argument("-o", "--output", type=Path, default=DATA_FILE, help="where to write the table")
    parser.add_argument("--record-first", nargs=2, metavar=("SET", "FILE"), help="record a set's suggestions as first seen")
    args = parser.parse_args(argv)
    if args.record_first:
        name, path = args.record_first
        n, correct = record_first(name, Path(path))
        print(f"wrote {path}: {n} suggestions on {name}, {correct} correct")
        return 0
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
