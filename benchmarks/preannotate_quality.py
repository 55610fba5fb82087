"""Dev check: run the pre-annotator on the dev-gold seeds (gold article region) and print the evaluation.

Usage: PYTHONPATH=. python benchmarks/preannotate_quality.py [--gold PATH] [--errors N] [--json]
Also prints how long annotating the set took (tests/preannotate/test_quality.py asserts scores only).
"""
from __future__ import annotations

import argparse
import json
import sys
import time
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from annotate.io.evaluate import evaluate, format_report, report_to_dict  # noqa: E402
from annotate.preannotate.pipeline import Preannotator  # noqa: E402

DEFAULT_GOLD = ROOT / "tests" / "data" / "dev_gold.jsonl"


def find_gold(path: str | None) -> Path:
    """The dev gold: an explicit path, else the copy vendored in tests/data."""
    candidates = [Path(path)] if path else [DEFAULT_GOLD]
    for c in candidates:
        if c.exists():
            return c
    raise SystemExit(f"dev gold not found (tried {', '.join(map(str, candidates))})")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--gold", default=None)
    parser.add_argument("--errors", type=int, default=40, help="errors to list")
    parser.add_argument("--json", action="store_true", help="print the report as JSON")
    args = parser.parse_args(argv)
    gold = [json.loads(line) for line in find_gold(args.gold).read_text(encoding="utf-8").splitlines() if line.strip()]
    pre = Preannotator()
    started = time.perf_counter()
    predicted = []
    for doc in gold:
        text = unicodedata.normalize("NFC", doc["text"])
        meta = doc.get("meta") or {}
        region = tuple(meta.get("article") or (0, len(text)))
        furniture = [tuple(f) for f in meta.get("furniture_inside") or ()]
        spans = pre.annotate(text, region, furniture)
        predicted.append({
            "text": text,
            "meta": dict(meta),
            "spans": [
                {"start": s.start, "end": s.end, "label": s.label, "text": text[s.start:s.end], "attrs": s.attrs}
                for s in spans
            ],
        })
    seconds = time.perf_counter() - started
    report = evaluate(gold, predicted)
    print(f"annotated {len(gold)} articles in {seconds:.1f} s", file=sys.stderr)
    if args.json:
        print(json.dumps(report_to_dict(report), ensure_ascii=False, indent=2))
    else:
        print(format_report(report, max_errors=args.errors))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
