"""Time to open the queue screen on a 50,000-article database and show its first rows.

Articles (about 3,000 characters each, with a few machine suggestions) are inserted
straight through sqlite in one transaction, then the app is started with Pilot and
timed from launch until the table shows its first page. Prints seconds.

    python benchmarks/queue_open.py [--articles 50000] [--runs 3] [--core-index]
"""
from __future__ import annotations

import argparse
import asyncio
import hashlib
import json
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from annotate.store.database import open_database  # noqa: E402
from tui.app import make_app  # noqa: E402
from tui.screens.queue import QueueScreen  # noqa: E402

PARAGRAPH = (
    "Phó Thủ tướng Trần Hồng Hà tiếp Thị trưởng thành phố Thượng Hải Cung Chính. Kim ngạch thương mại "
    "giữa Việt Nam và tỉnh Chiết Giang đạt 48,24 tỷ USD, tăng 21,1% so với cùng kỳ năm trước. "
)


def build_db(path: Path, count: int, core_index: bool = False) -> float:
    """Create the schema with open_database, then bulk-insert rows with plain sqlite; returns seconds."""
    open_database(path).close()
    started = time.perf_counter()
    conn = sqlite3.connect(path)
    stamp = "2024-01-01T00:00:00+00:00"
    body = PARAGRAPH * 16
    conn.execute("BEGIN")
    articles, spans = [], []
    for n in range(1, count + 1):
        text = f"Bài số {n}. " + body
        articles.append((n, f"article-{n}.txt", f"source-{n % 40}.txt", hashlib.sha256(text.encode()).hexdigest(), text, f"Hợp tác địa phương số {n}", 0, len(text), "[]", stamp, stamp))
        offset = len(f"Bài số {n}. ")
        for start, end, label in ((14, 26, "OFFICIAL"), (66, 76, "LOCALITY"), (151, 162, "LOCALITY")):
            spans.append((n, "@machine", offset + start, offset + end, label, "{}", "model", "suggested", stamp, stamp))
    conn.executemany(
        "INSERT INTO articles (id, source_key, source, content_hash, text, title, region_start, region_end, furniture, created_at, updated_at)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", articles)
    conn.executemany(
        'INSERT INTO spans (article_id, annotator, start, "end", label, attrs, origin, status, created_at, updated_at)'
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", spans)
    if core_index:
        # what-if for annotate/: queue()'s per-row span counts otherwise scan spans_annotator_status
        conn.execute("CREATE INDEX spans_article_status ON spans(article_id, annotator, status)")
    conn.commit()
    conn.close()
    return time.perf_counter() - started


async def open_queue(path: Path) -> tuple[float, float, int, str]:
    """Seconds from creating the app to the frame that first shows rows, and to a full screen of rows."""
    started = time.perf_counter()
    app = make_app(path, "bench")
    frames: list[float] = []
    original_display = app._display

    def timed_display(screen, renderable):
        if renderable is not None:
            frames.append(time.perf_counter())
        return original_display(screen, renderable)

    app._display = timed_display
    first = full = None
    async with app.run_test(size=(120, 40)):
        screen = None
        seen_rows = seen_full = None
        while time.perf_counter() - started < 120:
            await asyncio.sleep(0.002)  # sleep, not spin: the loaders run in threads
            screen = app.screen
            if not isinstance(screen, QueueScreen):
                continue
            now = time.perf_counter()
            if seen_rows is None and screen.rows:
                seen_rows = now
            if seen_full is None and screen.rows and (len(screen.rows) >= screen.query_one("#queue-table").size.height - 1 or not screen._has_more):
                seen_full = now
            if first is None and seen_rows is not None and frames and frames[-1] > seen_rows:
                first = frames[-1] - started
            if seen_full is not None and frames and frames[-1] > seen_full:
                full = frames[-1] - started
                break
        summary = screen.query_one("#queue-summary").render()
        return first, full, len(screen.rows), str(summary)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=50_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--core-index", action="store_true", help="what-if: add an index on spans(article_id, annotator, status), which annotate/ does not have yet")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "queue.db"
        build_seconds = build_db(path, args.articles, args.core_index)
        runs = [asyncio.run(open_queue(path)) for _ in range(args.runs)]
    firsts, fulls = [r[0] for r in runs], [r[1] for r in runs]
    result = {
        "articles": args.articles, "insert_s": round(build_seconds, 2),
        "first_rows_s": [round(t, 3) for t in firsts], "median_first_rows_s": round(statistics.median(firsts), 3),
        "screenful_s": [round(t, 3) for t in fulls], "median_screenful_s": round(statistics.median(fulls), 3),
        "rows_loaded": runs[0][2],
    }
    if args.json:
        print(json.dumps(result))
        return
    print(f"queue open on {args.articles:,} articles (inserted in {build_seconds:.1f} s), {args.runs} runs at 120x40:")
    print(f"  first rows on screen: median {result['median_first_rows_s']:.3f} s {result['first_rows_s']}")
    print(f"  a full screen of rows: median {result['median_screenful_s']:.3f} s {result['screenful_s']} ({runs[0][2]} rows loaded)")
    print(f"  summary shown: {runs[0][3]}")


if __name__ == "__main__":
    main()
