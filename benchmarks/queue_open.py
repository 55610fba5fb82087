"""The review queue on a 1,000,000-article database: first rows on screen, search, filters.

Builds the database quickly (schema and search index from open_database, rows
bulk-inserted through sqlite with the real triggers, so the full-text index is
filled as ingest fills it): generated Vietnamese news sentences over the
shipped gazetteer's 14,000 place names and the officials list, about 600
characters each, machine suggestions on every article (FIGURE on one in
twenty), and a reviewer who finished 2,000 of them. Then it times:

- the app started with Pilot until the first rows are on screen (target <= 1 s),
  and until a full screen of rows;
- ReviewService.queue for the first page under each search (target <= 100 ms)
  and each status and label filter (target <= 300 ms), and the summary line.

Text written for this benchmark, not real news. Prints figures and ratios to
the targets; asserts nothing.

    python benchmarks/queue_open.py [--articles 1000000] [--db PATH] [--runs 3]

--db keeps the database (built when the file does not exist yet) for the next run.
"""
from __future__ import annotations

import argparse
import asyncio
import hashlib
import json
import random
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import yaml  # noqa: E402

from annotate.gazetteer.index import default_entries  # noqa: E402
from annotate.services.review import ReviewService  # noqa: E402
from annotate.store.database import open_database  # noqa: E402

REVIEWER = "bench"
STAMP = "2024-01-01T00:00:00+00:00"
SENTENCES = (
    "{official} tiếp đoàn đại biểu {place} tại trụ sở Ủy ban nhân dân.",
    "Hai bên trao đổi về hợp tác thương mại, du lịch và giao thông giữa {place} và {place2}.",
    "Lãnh đạo {place} đề nghị đẩy mạnh kết nối cửa khẩu, logistics và chuyển đổi số.",
    "{official} nhấn mạnh quan hệ hữu nghị truyền thống giữa nhân dân hai nước.",
    "Đoàn công tác đã khảo sát khu công nghiệp và cảng cạn tại {place}.",
    "Các doanh nghiệp của {place2} quan tâm đầu tư vào nông nghiệp công nghệ cao.",
    "Hội nghị thông qua kế hoạch phối hợp quản lý biên giới trong thời gian tới.",
    "Phía bạn cam kết tạo điều kiện cho hàng nông sản thông quan nhanh chóng.",
)
FIGURE_SENTENCE = "Kim ngạch xuất nhập khẩu qua {place} đạt {amount} tỷ USD, tăng {rise}% so với cùng kỳ."
SEARCHES = (
    ("trung khanh", "a place in about 1 article in 7,000, typed without accents"),
    ("hợp tác thương mại", "a phrase in about half the articles"),
    ("da nang", "đ typed as d"),
    ("quang t", "a prefix while typing"),
    ("hop tac th", "two words and a two-letter prefix"),
    ("trung kha", "a three-letter prefix with many endings"),
    ("xyzzy plugh", "nothing matches"),
)


def _vocabulary() -> tuple[list[str], list[str]]:
    places = sorted({entry.name for entry in default_entries()})
    data = Path(__file__).resolve().parent.parent / "annotate" / "gazetteer" / "data" / "officials.yaml"
    officials = [f"{o.get('title', '')} {o['name']}".strip() for o in yaml.safe_load(data.read_text(encoding="utf-8"))["officials"]]
    return places, officials


def _article(n: int, rng: random.Random, places: list[str], officials: list[str]) -> tuple[str, str, list[tuple[int, int, str]]]:
    """Title, text and machine spans (start, end, label) of article n."""
    place, place2 = rng.choice(places), rng.choice(places)
    title = f"{place} và {place2} thúc đẩy hợp tác"
    parts: list[str] = [f"Bài {n}. {title}. "]
    spans: list[tuple[int, int, str]] = []
    templates = rng.sample(SENTENCES, 6) + ([FIGURE_SENTENCE] if n % 20 == 0 else [])
    for template in templates:
        values = {"place": rng.choice((place, place2)), "place2": place2, "official": rng.choice(officials),
                  "amount": f"{rng.randint(1, 99)},{rng.randint(0, 9)}", "rise": str(rng.randint(1, 40))}
        sentence = template.format(**values) + " "
        offset = sum(len(p) for p in parts)
        for key, label in (("official", "OFFICIAL"), ("place", "LOCALITY"), ("place2", "LOCALITY")):
            if "{" + key + "}" in template:
                at = sentence.find(values[key])
                spans.append((offset + at, offset + at + len(values[key]), label))
        if template is FIGURE_SENTENCE:
            at = sentence.find(values["amount"])
            spans.append((offset + at, offset + at + len(values["amount"]) + len(" tỷ USD"), "FIGURE"))
        parts.append(sentence)
    return title, "".join(parts).strip(), sorted(set(spans))


def build_db(path: Path, count: int, seed: int = 12) -> float:
    """Schema and search index from open_database, then bulk inserts (triggers fill the index); returns seconds."""
    open_database(path).close()
    started = time.perf_counter()
    rng = random.Random(seed)
    places, officials = _vocabulary()
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = OFF")
    conn.execute("BEGIN")
    batch_articles, batch_spans, reviewed = [], [], []
    for n in range(1, count + 1):
        title, text, spans = _article(n, rng, places, officials)
        batch_articles.append((n, f"article-{n}.txt", f"bao-{n % 40:02d}/bai-{n}.txt", hashlib.sha256(text.encode()).hexdigest(), text, title, 0, len(text), "[]", STAMP, STAMP))
        batch_spans += [(n, "@machine", s, e, label, "{}", "model", "suggested", STAMP, STAMP) for s, e, label in spans]
        if n % 500 == 0 and len(reviewed) < 2000:  # a reviewer who finished 2,000 articles spread over the whole queue
            reviewed.append(n)
            batch_spans += [(n, REVIEWER, s, e, label, "{}", "model", "accepted", STAMP, STAMP) for s, e, label in spans]
        if n % 20_000 == 0 or n == count:
            _flush(conn, batch_articles, batch_spans)
            conn.commit()  # one transaction per batch: the WAL is checkpointed instead of growing to gigabytes
            conn.execute("BEGIN")
            print(f"  built {n:,} articles", end="\r", file=sys.stderr, flush=True)
    conn.executemany("INSERT INTO reviews (article_id, annotator, status, assigned, opened, updated_at) VALUES (?, ?, ?, 0, 1, ?)",
                     [(n, REVIEWER, "done" if i % 20 else "in_progress", STAMP) for i, n in enumerate(reviewed)])
    conn.commit()
    conn.execute("ANALYZE")
    conn.close()
    print(file=sys.stderr)
    return time.perf_counter() - started


def _flush(conn: sqlite3.Connection, articles: list, spans: list) -> None:
    conn.executemany(
        "INSERT INTO articles (id, source_key, source, content_hash, text, title, region_start, region_end, furniture, created_at, updated_at)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", articles)
    conn.executemany(
        'INSERT INTO spans (article_id, annotator, start, "end", label, attrs, origin, status, created_at, updated_at)'
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", spans)
    articles.clear()
    spans.clear()


def rebuild_index(path: Path) -> float:
    """Seconds open_database takes to run m004 on this database, as an upgrade from before it does."""
    conn = sqlite3.connect(path)
    conn.execute("DELETE FROM _sqlite_migrations WHERE name = 'm004_article_search'")
    conn.commit()
    conn.close()
    started = time.perf_counter()
    open_database(path).close()
    return time.perf_counter() - started


async def open_queue(path: Path) -> tuple[float, float, int, str]:
    """Seconds from creating the app to the frame that first shows rows, and to a full screen of rows."""
    from tui.app import make_app
    from tui.screens.queue import QueueScreen

    started = time.perf_counter()
    app = make_app(path, REVIEWER)
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


def time_queries(path: Path, runs: int) -> list[dict]:
    """Median seconds of the queue's first page (20 rows) under each search and filter, and of the summary."""
    service = ReviewService(path, REVIEWER)
    newcomer = ReviewService(path, "newcomer")
    cases = [("first page, no filter", {}, "first rows", 1.0), ("summary line", None, "first rows", 1.0)]
    cases += [(f"search {text!r}: {why}", {"search": text}, "search", 0.1) for text, why in SEARCHES]
    cases += [(f"status {s}", {"status": s}, "filter", 0.3) for s in ("new", "in_progress", "done")]
    cases += [(f"label {label}", {"label": label}, "filter", 0.3) for label in ("OFFICIAL", "LOCALITY", "FIGURE")]
    cases += [(f"label {label}, a reviewer with no work yet", {"label": label, "reviewer": "newcomer"}, "filter", 0.3) for label in ("OFFICIAL", "FIGURE")]
    cases += [("status done + label FIGURE", {"status": "done", "label": "FIGURE"}, "filter", 0.3),
              ("search 'trung khanh' + status new", {"search": "trung khanh", "status": "new"}, "search", 0.1),
              ("page at article 900,000 (go to #)", {"after_id": 900_000}, "first rows", 1.0),
              ("last page (end)", {"last": True}, "first rows", 1.0)]
    results = []
    try:
        for name, filters, kind, target in cases:
            times, rows = [], 0
            for _ in range(runs):
                started = time.perf_counter()
                if filters is None:
                    service.summary()
                    rows = 1
                else:
                    asked = dict(filters)
                    who = newcomer if asked.pop("reviewer", None) == "newcomer" else service
                    rows = len(who.queue(**asked, limit=20))
                times.append(time.perf_counter() - started)
            median = statistics.median(times)
            results.append({"case": name, "kind": kind, "rows": rows, "median_ms": round(median * 1000, 1),
                            "max_ms": round(max(times) * 1000, 1), "target_ms": target * 1000, "of_target": round(median / target, 3)})
    finally:
        service.close()
        newcomer.close()
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--db", type=Path, help="keep the database here (built if missing) instead of a temporary one")
    parser.add_argument("--no-app", action="store_true", help="time the queries only, not the app's first paint")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--rebuild-index", action="store_true",
                        help="with --db: forget m004 and time its run on open (what an existing database pays once on upgrade)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = args.db or Path(tmp) / "queue.db"
        build_seconds = build_db(path, args.articles) if not path.exists() else None
        upgrade_seconds = rebuild_index(path) if args.rebuild_index and build_seconds is None else None
        queries = time_queries(path, args.runs)
        opens = [] if args.no_app else [asyncio.run(open_queue(path)) for _ in range(args.runs)]
        size_mb = path.stat().st_size / 1e6
    result = {"articles": args.articles, "build_s": None if build_seconds is None else round(build_seconds, 1), "db_mb": round(size_mb), "queries": queries}
    if opens:
        result["first_rows_s"] = [round(o[0], 3) for o in opens]
        result["screenful_s"] = [round(o[1], 3) for o in opens]
    if args.json:
        print(json.dumps(result))
        return
    built = f"built in {build_seconds:.0f} s" if build_seconds is not None else "reused"
    if upgrade_seconds is not None:
        built += f"; m004 (search and label indexes) run again on open: {upgrade_seconds:.0f} s"
    print(f"queue on {args.articles:,} generated articles ({size_mb:,.0f} MB, {built}), medians of {args.runs} runs")
    if opens:
        first = statistics.median(result["first_rows_s"])
        print(f"  app start to first rows on screen: {first:.3f} s {result['first_rows_s']}  ({first / 1.0:.2f} of the 1 s target)")
        print(f"  app start to a full screen of rows: {statistics.median(result['screenful_s']):.3f} s {result['screenful_s']}")
        print(f"  summary shown: {opens[0][3]}")
    for row in queries:
        print(f"  {row['case']:<58} {row['median_ms']:>8.1f} ms (max {row['max_ms']:.1f})  {row['rows']:>3} rows  {row['of_target']:.2f} of {row['target_ms']:.0f} ms")


if __name__ == "__main__":
    main()
