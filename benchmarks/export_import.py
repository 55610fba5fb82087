"""Export and import throughput per format, against sqlite3 reading the same rows raw, and peak memory.

    python benchmarks/export_import.py                       # 10,000 and 50,000 articles, 30 spans each
    python benchmarks/export_import.py --sizes 2000 --formats jsonl,conll --imports jsonl

The databases are built from real news (bench_data.py: the hand-annotated
dev articles joined until each holds 30 gold spans) with the store API, as
one annotator's finished work; no pre-annotator runs. Each export and import
runs in its own process, so its peak resident memory (ru_maxrss) is its own:
streaming means that figure stays flat from the small size to the large one.
The baseline is sqlite3 itself fetching every article row and every span row
of the layer, decoding nothing: `ratio` is a format's articles/s over that.
Figures are printed, never asserted (tests never time anything).
"""
from __future__ import annotations

import argparse
import json
import resource
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_data import ANNOTATOR, build  # noqa: E402

FORMATS = ("jsonl", "conll", "spacy", "hf", "doccano", "labelstudio", "prodigy", "brat", "csv")
FOLDERS = {"hf": "", "brat": "", "spacy": ""}  # written to a folder (spaCy: shards of 1,000 docs, flat in memory)
SUFFIX = {"jsonl": ".jsonl", "conll": ".conll", "doccano": ".jsonl", "labelstudio": ".json", "prodigy": ".jsonl", "csv": ".csv"}


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def size_mb(path: Path) -> float:
    files = [path] if path.is_file() else [p for p in path.rglob("*") if p.is_file()]
    return sum(p.stat().st_size for p in files) / 1e6


def raw_read(db_path: Path) -> dict:
    """sqlite3 fetching the rows an export reads (articles, the annotator's spans) as tuples; MB counts their characters."""
    started, cpu = time.perf_counter(), time.process_time()
    conn = sqlite3.connect(db_path)
    count, size = 0, 0
    for row in conn.execute("SELECT * FROM articles ORDER BY id"):
        count += 1
        size += sum(len(value) for value in row if isinstance(value, str))
    for row in conn.execute("SELECT * FROM spans WHERE annotator = ? ORDER BY article_id, start", [ANNOTATOR]):
        size += sum(len(value) for value in row if isinstance(value, str))
    conn.close()
    return {"seconds": time.perf_counter() - started, "cpu": time.process_time() - cpu, "articles": count, "mb": size / 1e6,
            "peak_mb": peak_mb()}


LIBRARIES = {"spacy": ("spacy", "spacy.tokens", "spacy.vocab"), "hf": ("datasets", "datasets.arrow_writer")}


def preload(fmt: str) -> None:
    """Load a format's library before the clock starts: its import time is paid once a process, not per article."""
    import importlib

    for name in LIBRARIES.get(fmt, ()):
        importlib.import_module(name)


def child_export(db_path: Path, fmt: str, out: Path) -> dict:
    from annotate import api

    preload(fmt)
    db = api.open_database(db_path)
    started, cpu = time.perf_counter(), time.process_time()
    result = api.export(db, out, fmt, "reviewed", ANNOTATOR)
    seconds = time.perf_counter() - started
    return {"seconds": seconds, "cpu": time.process_time() - cpu, "articles": result.report.articles, "mb": size_mb(out), "peak_mb": peak_mb(),
            "skipped": len(result.report.skipped)}


def child_import(source: Path, fmt: str, db_path: Path) -> dict:
    from annotate import api
    import annotate.io.importer  # noqa: F401  (the text pipeline it loads, once a process)

    preload(fmt)
    db = api.open_database(db_path)
    started, cpu = time.perf_counter(), time.process_time()
    report = api.import_file(db, source, "imported", fmt)
    seconds = time.perf_counter() - started
    return {"seconds": seconds, "cpu": time.process_time() - cpu, "articles": report.imported, "mb": size_mb(source), "peak_mb": peak_mb(),
            "failed": len(report.failed)}


def child_idle() -> dict:
    """What the interpreter and the libraries weigh before any work (subtract it from the peaks)."""
    import annotate.api  # noqa: F401
    import annotate.io.importer  # noqa: F401

    return {"seconds": 0.0, "cpu": 0.0, "articles": 0, "mb": 0.0, "peak_mb": peak_mb()}


def run_child(*args: str) -> dict:
    done = subprocess.run([sys.executable, __file__, "--child", *args], capture_output=True, text=True, check=False)
    if done.returncode != 0:
        return {"error": (done.stderr.strip().splitlines() or ["?"])[-1]}
    return json.loads(done.stdout.strip().splitlines()[-1])


def line(kind: str, fmt: str, figures: dict, baseline: tuple[float, float]) -> str:
    """Rates by wall clock; the ratio to raw sqlite3 both by wall clock and by CPU seconds (the machine may be shared)."""
    if "error" in figures:
        return f"{kind:<7}{fmt:<12} failed: {figures['error']}"
    seconds, cpu = max(figures["seconds"], 1e-9), max(figures["cpu"], 1e-9)
    rate = figures["articles"] / seconds
    extra = "".join(f"  {k} {figures[k]}" for k in ("skipped", "failed") if figures.get(k))
    return (f"{kind:<7}{fmt:<12}{rate:>9,.0f} art/s {figures['mb'] / seconds:>7.1f} MB/s {figures['mb']:>8.1f} MB "
            f"{seconds:>7.1f} s {cpu:>7.1f} cpu-s  ratio {rate / baseline[0]:>5.2f} wall {figures['articles'] / cpu / baseline[1]:>5.2f} cpu"
            f"  peak {figures['peak_mb']:>6.0f} MB{extra}")


def bench_size(count: int, formats: list[str], imports: set[str], work: Path) -> dict[str, float]:
    db_path = work / f"bench_{count}.db"
    print(f"\n== {count:,} articles, 30 spans each (real news joined; store API, no pre-annotator)", flush=True)
    print(f"built in {build(db_path, count):.1f} s ({db_path.stat().st_size / 1e6:.0f} MB)", flush=True)
    raw = raw_read(db_path)
    baseline = (raw["articles"] / raw["seconds"], raw["articles"] / max(raw["cpu"], 1e-9))
    print(line("raw", "sqlite3", raw, baseline), flush=True)
    idle = run_child("idle")
    print(f"(a process that only loads the workbench peaks at {idle.get('peak_mb', 0):.0f} MB)", flush=True)
    peaks = {}
    for fmt in formats:
        out = work / f"out_{count}_{fmt}{SUFFIX.get(fmt, '')}"
        figures = run_child("export", str(db_path), fmt, str(out))
        print(line("export", fmt, figures, baseline), flush=True)
        peaks[f"export {fmt}"] = figures.get("peak_mb", 0.0)
        if fmt in imports and fmt != "csv" and "error" not in figures:
            target = work / f"import_{count}_{fmt}.db"
            imported = run_child("import", str(out), fmt, str(target))
            print(line("import", fmt, imported, baseline), flush=True)
            peaks[f"import {fmt}"] = imported.get("peak_mb", 0.0)
            target.unlink(missing_ok=True)
        shutil.rmtree(out, ignore_errors=True) if out.is_dir() else out.unlink(missing_ok=True)
    db_path.unlink()
    return peaks


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="10000,50000", help="article counts, comma-separated (peak memory compared across them)")
    parser.add_argument("--formats", default=",".join(FORMATS))
    parser.add_argument("--imports", default=",".join(FORMATS[:-1]), help="formats to import back too ('' for none)")
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        kind, *rest = args.child
        figures = child_idle() if kind == "idle" else child_export(Path(rest[0]), rest[1], Path(rest[2])) if kind == "export" \
            else child_import(Path(rest[0]), rest[1], Path(rest[2]))
        print(json.dumps(figures))
        return
    sizes = [int(s) for s in args.sizes.split(",")]
    formats = [f for f in args.formats.split(",") if f]
    with tempfile.TemporaryDirectory(prefix="bench_export_") as tmp:
        all_peaks = {count: bench_size(count, formats, set(args.imports.split(",")), Path(tmp)) for count in sizes}
    if len(sizes) > 1:
        small, large = sizes[0], sizes[-1]
        print(f"\npeak memory, {small:,} -> {large:,} articles ({large / small:.0f}x the data):")
        for key, value in all_peaks[large].items():
            before = all_peaks[small].get(key, 0.0)
            print(f"  {key:<20}{before:>7.0f} MB -> {value:>7.0f} MB  ({value / before if before else 0:.2f}x)")


if __name__ == "__main__":
    main()
