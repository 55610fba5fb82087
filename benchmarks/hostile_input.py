"""Hostile input, measured: peak memory against input size, a 5 MB article with and without chunks, lock waits.

Three parts, each printing figures and ratios (nothing is asserted):

- memory: real `annotate ingest` runs (subprocesses, --no-preannotate unless
  said) on a 200 MB JSONL line (over the limit: refused), a record and a
  .txt just under the 20 MB limit, and a user gazetteer file (checked at
  start, then loaded into the pre-annotator's index); prints the peak RSS
  of the process tree, the same command's RSS on a tiny input, and
  (peak - baseline) / input size (target: within 5x).
- chunking: one long article of real news pages (tests/data/real/dev back to
  back) ingested with pre-annotation, unsplit (one task, one core) and
  split into chunks across the pool; prints both times and the speed-up.
- lock: while an ingest of N articles runs, a second connection takes the
  write lock every 20 ms the way a reviewer's decision does; prints how
  long it waited (p50, p95, max).

    python benchmarks/hostile_input.py [--part memory|chunking|lock|all] [--article-mb 5] [--workers N]
"""
from __future__ import annotations

import argparse
import json
import os
import random
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from annotate.text.readers import RawArticle, read_articles  # noqa: E402

REAL_DEV = ROOT / "tests" / "data" / "real" / "dev"
MB = 1_000_000


def real_text(chars: int) -> str:
    """Real news pages back to back until the text has this many characters."""
    pages = [i.text for p in sorted(REAL_DEV.glob("*.txt")) for i in read_articles(p) if isinstance(i, RawArticle)]
    parts, size, number = [], 0, 0
    while size < chars:
        parts.append(pages[number % len(pages)])
        size += len(parts[-1]) + 1
        number += 1
    return "\n".join(parts)[:chars]


def real_article(chars: int) -> str:
    """One long article: a headline, then the article bodies of the real pages (no page furniture) back to back."""
    items = [i for p in sorted(REAL_DEV.glob("*.txt")) for i in read_articles(p) if isinstance(i, RawArticle)]
    bodies = [i.text[i.layout.article[0] : i.layout.article[1]] for i in items]
    parts, size, number = ["Hợp tác địa phương Việt Nam - Trung Quốc\n"], 0, 0
    while size < chars:
        parts.append(bodies[number % len(bodies)])
        size += len(parts[-1]) + 1
        number += 1
    return "\n".join(parts)[:chars]


# -- peak memory of a process tree ---------------------------------------------------
class TreePeak:
    """Polls /proc for a process and its descendants: the highest summed RSS and each process's own peak."""

    def __init__(self, pid: int):
        self.pid, self.peak_sum, self.peaks = pid, 0, {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._poll, daemon=True)
        self._thread.start()

    def _poll(self) -> None:
        while not self._stop.is_set():
            total = 0
            for pid in _tree(self.pid):
                status = _status(pid)
                total += status.get("VmRSS", 0)
                self.peaks[pid] = max(self.peaks.get(pid, 0), status.get("VmHWM", 0))
            self.peak_sum = max(self.peak_sum, total)
            time.sleep(0.02)

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()


def _status(pid: int) -> dict[str, int]:
    try:
        lines = Path(f"/proc/{pid}/status").read_text().splitlines()
    except OSError:
        return {}
    return {k: int(v.split()[0]) * 1024 for k, v in (line.split(":", 1) for line in lines) if k in ("VmRSS", "VmHWM")}


def _tree(root: int) -> list[int]:
    parents: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                parents[int(entry)] = int(Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                pass
    found, frontier = [root], [root]
    while frontier:
        frontier = [pid for pid, parent in parents.items() if parent in frontier]
        found += frontier
    return found


def measured_ingest(paths: list[Path], db: Path, *extra: str, env: dict | None = None) -> tuple[int, int, float, str]:
    """(peak summed RSS, peak of the biggest process, seconds, last output line) of one real ingest."""
    started = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "-m", "annotate", "ingest", *map(str, paths), "--db", str(db), *extra],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT, env={**os.environ, **(env or {})},
    )
    peak = TreePeak(process.pid)
    out, err = process.communicate()
    peak.stop()
    seconds = time.perf_counter() - started
    biggest = max(peak.peaks.values(), default=0)
    said = (err.strip().splitlines() or [""])[-1] if process.returncode else (out.strip().splitlines() or [""])[-1]
    return max(peak.peak_sum, biggest), biggest, seconds, said[:110]


def memory(tmp: Path, workers: int) -> None:
    print("== memory: peak RSS of `annotate ingest` against the input size")
    tiny = tmp / "tiny.txt"
    tiny.write_text(real_text(2_000), encoding="utf-8")
    base, _, _, _ = measured_ingest([tiny], tmp / "base.db", "--no-preannotate")
    print(f"baseline (a 2 kB article, no pre-annotation): {base / MB:7.0f} MB")
    paragraph = real_text(200_000)
    cases = []
    huge = tmp / "huge_line.jsonl"
    _jsonl_line(huge, paragraph, 200 * MB)
    cases.append(("one 200 MB JSONL line (over the limit)", huge, []))
    under = tmp / "under_limit.jsonl"
    _jsonl_line(under, paragraph, 19 * MB)
    cases.append(("one 19 MB JSONL line", under, []))
    text = tmp / "under_limit.txt"
    text.write_text((paragraph * (19 * MB // len(paragraph.encode("utf-8")) + 1))[: 19 * MB // 1], encoding="utf-8")
    cases.append(("one 19 MB .txt", text, []))
    for label, path, extra in cases:
        size = path.stat().st_size
        peak, _, seconds, said = measured_ingest([path], tmp / f"{path.name}.db", "--no-preannotate", *extra)
        print(f"{label:40s} input {size / MB:6.1f} MB  peak {peak / MB:6.0f} MB  (peak-baseline)/input {(peak - base) / size:5.2f}x  {seconds:5.1f} s  {said}")
    _gazetteer_memory(tmp, workers)


def _jsonl_line(path: Path, paragraph: str, size: int) -> None:
    """One JSONL record of about size bytes, written in pieces."""
    piece = json.dumps(paragraph, ensure_ascii=False)[1:-1]
    with path.open("w", encoding="utf-8") as out:
        out.write('{"id": "huge", "text": "')
        written = 0
        while written < size:
            out.write(piece)
            written += len(piece.encode("utf-8"))
        out.write('"}\n{"id": "next", "text": "Tỉnh Lào Cai và châu Hồng Hà ký 3 văn kiện hợp tác."}\n')


def _gazetteer_memory(tmp: Path, workers: int) -> None:
    """A user place file named in schema.yaml: checked at start and loaded by every pre-annotator."""
    article = tmp / "one.txt"
    article.write_text(real_text(3_000), encoding="utf-8")
    schema_text = (ROOT / "schema.yaml").read_text(encoding="utf-8")
    plain = tmp / "schema_plain.yaml"
    plain.write_text(schema_text, encoding="utf-8")
    base, _, base_s, _ = measured_ingest([article], tmp / "g0.db", "--workers", "1", env={"ANNOTATE_SCHEMA": str(plain)})
    print(f"baseline with pre-annotation (one article, in process): {base / MB:7.0f} MB, {base_s:.1f} s")
    for megabytes in (5, 100):
        places = tmp / f"places_{megabytes}.yaml"
        _place_file(places, megabytes * MB)
        schema = tmp / f"schema_{megabytes}.yaml"
        schema.write_text(schema_text.replace("  places: []", f"  places: [{places.name}]"), encoding="utf-8")
        size = places.stat().st_size
        peak, _, seconds, said = measured_ingest([article], tmp / f"g{megabytes}.db", "--workers", "1", env={"ANNOTATE_SCHEMA": str(schema)})
        print(f"gazetteer of {size / MB:5.1f} MB ({megabytes:3d} MB asked)    peak {peak / MB:6.0f} MB  (peak-baseline)/input {(peak - base) / size:5.2f}x  {seconds:5.1f} s  {said}")


def _place_file(path: Path, size: int) -> None:
    rng = random.Random(3)
    syllables = "Bắc Nam Đông Tây Hà Sơn Lâm Thủy Giang Châu Ninh Hải Long Phú Quang Minh An Bình Tân Xuân".split()
    with path.open("w", encoding="utf-8") as out:
        out.write("places:\n")
        number = 0
        while out.tell() < size:
            name = " ".join(rng.choice(syllables) for _ in range(rng.randint(2, 3)))
            out.write(f"  - {{id: u-{number}, name: {name} {number}, country: LA, level: city, variants: [{name} Mới {number}]}}\n")
            number += 1


# -- a long article, unsplit and in chunks --------------------------------------------------
def chunking(tmp: Path, workers: int, megabytes: float) -> None:
    from annotate.io import chunks
    from annotate.io.ingest import ingest

    print(f"== chunking: one {megabytes:g} MB article of real news, pre-annotated, {workers} workers")
    from annotate.text.readers import read_articles as read

    article = tmp / "long.txt"
    article.write_text(real_article(int(megabytes * MB)), encoding="utf-8")
    raw = next(read(article))
    chars = chunks.annotated_chars(raw.text, raw.layout.article, raw.layout.furniture)
    print(f"{len(raw.text):,} characters, {chars:,} of them in the article region: {len(chunks.plan_chunks(raw.text, raw.layout.article, raw.layout.furniture))} chunks")
    timings = {}
    for label, threshold in (("unsplit (one task)", 10**12), ("in chunks", chunks.LONG_ARTICLE_CHARS)):
        chunks.LONG_ARTICLE_CHARS = threshold
        started = time.perf_counter()
        report = ingest([str(article)], tmp / f"long_{len(timings)}.db", workers=workers)
        timings[label] = time.perf_counter() - started
        print(f"{label:20s} {timings[label]:8.1f} s  {chars / timings[label]:9,.0f} chars/s  {report.summary()}")
    print(f"speed-up from chunks: {timings['unsplit (one task)'] / timings['in chunks']:.2f}x on {workers} workers"
          f" (the chunked run includes starting the pool; load average now {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores)")


# -- how long a reviewer's write waits during an ingest --------------------------------------
def lock(tmp: Path, workers: int, articles: int, preannotate: bool) -> None:
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from ingest import build_corpus

    print(f"== lock: a second writer's wait for the write lock during an ingest of {articles} articles"
          f" ({'with' if preannotate else 'without'} pre-annotation)")
    folder = tmp / "corpus"
    folder.mkdir(exist_ok=True)
    build_corpus(folder, articles)
    db = tmp / "lock.db"
    subprocess.run([sys.executable, "-m", "annotate", "ingest", str(REAL_DEV / "h1_01_lang-son-quang-tay-vi-thao.txt"), "--db", str(db), "--no-preannotate"],
                   check=True, capture_output=True, cwd=ROOT)
    extra = ["--workers", str(workers)] + ([] if preannotate else ["--no-preannotate"])
    process = subprocess.Popen([sys.executable, "-m", "annotate", "ingest", str(folder), "--db", str(db), *extra],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT)
    waits = []
    conn = sqlite3.connect(db, timeout=60, isolation_level=None)
    while process.poll() is None:
        started = time.perf_counter()
        conn.execute("BEGIN IMMEDIATE")
        waits.append(time.perf_counter() - started)
        conn.execute("COMMIT")
        time.sleep(0.02)
    conn.close()
    out = process.communicate()[0].strip()
    waits.sort()
    p95 = waits[int(0.95 * (len(waits) - 1))]
    print(f"{len(waits)} writes: p50 {statistics.median(waits) * 1000:6.1f} ms  p95 {p95 * 1000:6.1f} ms  max {waits[-1] * 1000:6.1f} ms  ({out})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--part", choices=["memory", "chunking", "lock", "all"], default="all")
    parser.add_argument("--article-mb", type=float, default=5.0, help="Size of the long article (chunking).")
    parser.add_argument("--articles", type=int, default=2000, help="Articles ingested during the lock measurement.")
    parser.add_argument("--preannotate", action="store_true", help="Pre-annotate during the lock measurement (slower).")
    parser.add_argument("--workers", type=int, default=len(os.sched_getaffinity(0)))
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        if args.part in ("memory", "all"):
            memory(Path(tmp), args.workers)
        if args.part in ("chunking", "all"):
            chunking(Path(tmp), args.workers, args.article_mb)
        if args.part in ("lock", "all"):
            lock(Path(tmp), args.workers, args.articles, args.preannotate)


if __name__ == "__main__":
    main()
