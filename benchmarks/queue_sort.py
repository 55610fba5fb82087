"""The queue sorted by lowest-confidence pending suggestion on a 50,000-article database, against the id order.

Articles (short texts, a few machine suggestions each with varied confidences;
one article in ten opened by the annotator with half its suggestions decided)
are inserted straight through sqlite, then ReviewService.queue is timed for
the first page, a later keyset page, a status filter that one article in ten
passes, and a label filter that none passes (the worst case: the stream gives
up and SQL orders every article), in both sorts. Prints p50 and p95 in milliseconds
and the ratio to the id order.

    python benchmarks/queue_sort.py [--articles 50000] [--runs 15]
"""
from __future__ import annotations

import argparse
import hashlib
import random
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from annotate.services.review import ReviewService  # noqa: E402
from annotate.store.database import MACHINE, open_database  # noqa: E402

ANNOTATOR = "bench"
PAGE = 40


def build_db(path: Path, count: int) -> float:
    """Schema by open_database, rows by plain sqlite; returns seconds."""
    open_database(path).close()
    started = time.perf_counter()
    rng = random.Random(9)
    stamp = "2024-01-01T00:00:00+00:00"
    conn = sqlite3.connect(path)
    conn.execute("BEGIN")
    articles, spans, reviews = [], [], []
    for n in range(1, count + 1):
        text = f"Bài số {n}. Phó Chủ tịch UBND tỉnh Lạng Sơn tiếp đoàn Quảng Tây, kim ngạch đạt 1,2 tỷ USD."
        articles.append((n, f"a-{n}.txt", f"source-{n % 40}.txt", hashlib.sha256(text.encode()).hexdigest(), text, f"Bài {n}", 0, len(text), stamp, stamp))
        confidences = [round(rng.betavariate(20, 1), 3) for _ in range(6)]
        for i, confidence in enumerate(confidences):
            spans.append((n, MACHINE, 10 + i * 5, 14 + i * 5, "LOCALITY", "{}", "gazetteer", "suggested", stamp, stamp, confidence))
        if n % 10 == 0:
            reviews.append((n, ANNOTATOR, "in_progress", 1, stamp))
            for i, confidence in enumerate(confidences):
                status = "accepted" if i % 2 else "suggested"
                spans.append((n, ANNOTATOR, 10 + i * 5, 14 + i * 5, "LOCALITY", "{}", "gazetteer", status, stamp, stamp, confidence))
    conn.executemany(
        "INSERT INTO articles (id, source_key, source, content_hash, text, title, region_start, region_end, created_at, updated_at)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", articles)
    conn.executemany(
        'INSERT INTO spans (article_id, annotator, start, "end", label, attrs, origin, status, created_at, updated_at, confidence)'
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", spans)
    conn.executemany("INSERT INTO reviews (article_id, annotator, status, opened, updated_at) VALUES (?, ?, ?, ?, ?)", reviews)
    conn.commit()
    conn.close()
    return time.perf_counter() - started


def timed(call, runs: int) -> list[float]:
    """Milliseconds per call, after one warm-up."""
    call()
    out = []
    for _ in range(runs):
        started = time.perf_counter()
        call()
        out.append((time.perf_counter() - started) * 1000)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=50_000)
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "queue.db"
        print(f"built {args.articles:,} articles in {build_db(path, args.articles):.1f} s")
        service = ReviewService(path, ANNOTATOR)
        results = {}
        for sort in ("id", "confidence"):
            first = service.queue(sort=sort, limit=PAGE)
            after = service.queue(sort=sort, limit=PAGE, after_id=first[-1].article_id)[-1].article_id
            results[(sort, "first page")] = timed(lambda: service.queue(sort=sort, limit=PAGE), args.runs)
            results[(sort, "keyset page")] = timed(lambda: service.queue(sort=sort, limit=PAGE, after_id=after), args.runs)
            results[(sort, "in progress")] = timed(lambda: service.queue(sort=sort, limit=PAGE, status="in_progress"), args.runs)
            results[(sort, "no match")] = timed(lambda: service.queue(sort=sort, limit=PAGE, label="OFFICIAL"), args.runs)
        lows = [row.lowest_confidence for row in service.queue(sort="confidence", limit=5)]
        service.close()
    print(f"{'sort':<11} {'page':<12} {'p50 ms':>8} {'p95 ms':>8} {'x id':>6}")
    for (sort, page), times in results.items():
        p50 = statistics.median(times)
        p95 = sorted(times)[int(0.95 * (len(times) - 1))]
        base = statistics.median(results[("id", page)])
        print(f"{sort:<11} {page:<12} {p50:>8.1f} {p95:>8.1f} {p50 / base:>6.1f}")
    print(f"least sure articles start at confidence {', '.join(f'{v:.3f}' for v in lows)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
