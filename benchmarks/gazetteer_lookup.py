"""Times the gazetteer the way ingest uses it, printing p50/p95 in ms.

Ingest builds one PlaceIndex per worker (the shipped gazetteer plus the user's
files and confirmed places; compiled once, then read from the cache), then, for every capitalised word of every
article, asks it for the longest place name there and asks for a country
name; unknown runs after a unit word go to the diacritic-folded lookup and to
fuzzy search, which is also what the review screen's `g` uses. The words
timed here are those of the bundled samples.

Run: PYTHONPATH=. python benchmarks/gazetteer_lookup.py
"""
from __future__ import annotations

import os
import random
import statistics
import sys
import tempfile
import time
import unicodedata
from pathlib import Path
from typing import Callable

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from annotate.gazetteer.countries import country_at  # noqa: E402
from annotate.gazetteer.index import PlaceIndex  # noqa: E402
from annotate.preannotate.localities import find_localities  # noqa: E402
from annotate.text.syllables import is_name_syllable, words_in  # noqa: E402

SAMPLES = ROOT / "annotate" / "samples"
FUZZY = ["Trung Khánh", "Quang Tay", "Chiết Giamg", "Ha Noi", "Tham Quyen", "Hang Chau", "Thành phố Hồ Chí Minh"]


def percentiles(fn: Callable[[object], object], items: list, rounds: int = 5) -> tuple[float, float]:
    """p50 and p95 in milliseconds over shuffled repeated calls."""
    calls = items * rounds
    random.Random(0).shuffle(calls)
    times = []
    for item in calls:
        t0 = time.perf_counter()
        fn(item)
        times.append((time.perf_counter() - t0) * 1000)
    times.sort()
    return statistics.median(times), times[int(len(times) * 0.95)]


def report(label: str, fn: Callable[[object], object], items: list, rounds: int = 5) -> None:
    """Print one line of p50/p95 for fn over items."""
    p50, p95 = percentiles(fn, items, rounds)
    print(f"{label:31s} n={len(items):5d}  p50 {p50:.4f} ms  p95 {p95:.4f} ms")


def main() -> None:
    """Build as a worker does, then time each look-up ingest makes."""
    with tempfile.TemporaryDirectory() as folder:
        os.environ["ANNOTATE_CACHE_DIR"] = folder
        t0 = time.perf_counter()
        index = PlaceIndex()  # compiled from the data, then written to the (empty) cache
        cold = time.perf_counter() - t0
        t0 = time.perf_counter()
        index = PlaceIndex()
        warm = time.perf_counter() - t0
        assert index.from_cache
    print(f"build: compiled {cold:.3f} s, read from the cache {warm:.3f} s ({len(index)} entries)")
    texts = [unicodedata.normalize("NFC", p.read_text(encoding="utf-8")) for p in sorted(SAMPLES.glob("*.txt"))]
    positions = []
    for text in texts:
        words = words_in(text, 0, len(text))
        positions += [(words, i) for i, w in enumerate(words) if is_name_syllable(w.text)]
    report("place_at (capitalised word)", lambda p: index.place_at(*p), positions)
    report("country_at (capitalised word)", lambda p: country_at(*p), positions)
    runs = [" ".join(w.text for w in words[i : i + 2]) for words, i in positions[:2000]]
    report("lookup_folded (2-word run)", index.lookup_folded, runs)
    report("fuzzy(limit=3, cutoff=90)", lambda q: index.fuzzy(q, limit=3, score_cutoff=90), FUZZY, rounds=30)
    report("fuzzy(limit=24, cutoff=50) (g)", lambda q: index.fuzzy(q, limit=24, score_cutoff=50), FUZZY, rounds=30)
    report("find_localities (article)", lambda t: find_localities(t, [(0, len(t))], index), texts, rounds=3)


if __name__ == "__main__":
    main()
