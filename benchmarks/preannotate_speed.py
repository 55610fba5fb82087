"""Time underthesea tagging against everything else the pre-annotator does (annotate_tokens).

Usage: PYTHONPATH=. python benchmarks/preannotate_speed.py [--repeat N] [--real] [FILES...]
Targets (issue 9): our rules add at most 10 % to underthesea's own time; the
figure finder takes under 1 ms a sentence (underthesea takes ~12 ms). The
default texts are the bundled samples; --real times the 40 real news pages of
tests/data/real/dev instead (never the holdout).
"""
from __future__ import annotations

import argparse
import statistics
import sys
import time
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from annotate.preannotate.figures import find_figures  # noqa: E402
from annotate.preannotate.pipeline import Preannotator  # noqa: E402
from annotate.preannotate.tokens import tag_text  # noqa: E402

SAMPLES = ROOT / "annotate" / "samples"
REAL_DEV = ROOT / "tests" / "data" / "real" / "dev"
TARGET = 0.10
FIGURE_SENTENCE = (
    "Năm 2023, kim ngạch thương mại giữa Việt Nam và Quảng Đông đạt 48,24 tỷ USD, "
    "tăng 21,1%, trong đó có 261 dự án và tám địa phương đứng thứ 5."
)


def figure_time(rounds: int = 500) -> float:
    """Seconds find_figures takes on one typical sentence (mean over rounds)."""
    find_figures(FIGURE_SENTENCE)
    t0 = time.perf_counter()
    for _ in range(rounds):
        find_figures(FIGURE_SENTENCE)
    return (time.perf_counter() - t0) / rounds


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=5, help="timed rounds (the best round counts)")
    parser.add_argument("--real", action="store_true", help="time the real dev pages (tests/data/real/dev)")
    parser.add_argument("files", nargs="*", help="article files (default: annotate/samples/*.txt)")
    args = parser.parse_args(argv)
    paths = [Path(p) for p in args.files] or sorted((REAL_DEV if args.real else SAMPLES).glob("*.txt"))
    texts = [unicodedata.normalize("NFC", p.read_text(encoding="utf-8")) for p in paths]
    t0 = time.perf_counter()
    pre = Preannotator()
    build = time.perf_counter() - t0
    tag_text(texts[0][:200])  # load the underthesea model outside the timed rounds
    tokens = [tag_text(t) for t in texts]
    pre.annotate_tokens(texts[0], tokens[0])  # warm caches
    tag_rounds, rule_rounds = [], []
    for _ in range(args.repeat):
        t0 = time.perf_counter()
        for text in texts:
            tag_text(text)
        tag_rounds.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        for text, toks in zip(texts, tokens):
            pre.annotate_tokens(text, toks)
        rule_rounds.append(time.perf_counter() - t0)
    tag, rules = min(tag_rounds), min(rule_rounds)
    chars = sum(len(t) for t in texts)
    print(f"articles: {len(texts)} ({chars} chars), rounds: {args.repeat}")
    print(f"Preannotator() build: {build * 1000:.0f} ms (once per process)")
    print(f"underthesea tag_text: best {tag * 1000:.1f} ms, median {statistics.median(tag_rounds) * 1000:.1f} ms")
    print(f"annotate_tokens     : best {rules * 1000:.1f} ms, median {statistics.median(rule_rounds) * 1000:.1f} ms")
    ratio = rules / tag if tag else float("inf")
    print(f"overhead ratio      : {ratio:.3f} ({'OK' if ratio <= TARGET else 'ABOVE'} target {TARGET:.2f})")
    per_sentence = figure_time()
    print(f"find_figures        : {per_sentence * 1000:.3f} ms a sentence ({'OK' if per_sentence < 0.001 else 'ABOVE'} target 1 ms)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
