"""What a cold start costs: `annotate ingest one-short-file.txt` against a bare underthesea call.

Issue 9's targets: building the pre-annotator (gazetteer index and rule
vocabulary) takes at most 0.5 s, and ingesting one short file costs at most
1.5 x `python -c "from underthesea import ner; ner('Hà Nội')"`. Each figure is
a fresh process, run several times (the machine is shared and noisy: the
minimum is the least disturbed run, the median the typical one). Besides wall
clock, the CPU time (user + system) of each process is reported: on a loaded
machine it moves far less than the wall clock, so its ratio is the steadier one. The
gazetteer cache (annotate/gazetteer/cache.py) is measured both ways: "cold"
starts from an empty cache directory every run (the first run after an
install or a gazetteer change), "warm" reuses the one the previous run wrote.

    python benchmarks/startup_ingest.py [--runs 7]
"""
from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHORT_ARTICLE = (
    "Lạng Sơn và Quảng Tây ký kết hợp tác\n\n"
    "Ngày 5/3, Bí thư Tỉnh ủy Lạng Sơn tiếp đoàn công tác Khu tự trị dân tộc Choang Quảng Tây "
    "tại thành phố Lạng Sơn. Hai bên ký 3 văn kiện hợp tác; kim ngạch năm 2024 đạt 12,5 tỷ USD.\n"
)
BARE = "from underthesea import ner; ner('Hà Nội')"
BUILD = (  # prints the import time, then the construction time
    "import time; t = time.perf_counter(); from annotate.preannotate.pipeline import Preannotator; "
    "u = time.perf_counter(); p = Preannotator(); p.index.lookup('Hà Nội'); "
    "print(u - t, time.perf_counter() - u)"
)


def _annotate_command() -> list[str]:
    """The installed `annotate` script next to this interpreter, else the module."""
    script = Path(sys.executable).with_name("annotate")
    return [str(script)] if script.exists() else [sys.executable, "-m", "annotate.cli"]


CPU: dict[str, list[float]] = {}


def _cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _timed(cmd: list[str], env: dict[str, str], cpu_label: str = "") -> tuple[float, str]:
    """Wall-clock seconds of one process, and its stdout; its CPU seconds go to CPU[cpu_label]."""
    cpu = _cpu_seconds()
    started = time.perf_counter()
    done = subprocess.run(cmd, env=env, cwd=ROOT, capture_output=True, text=True)
    elapsed = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed ({done.returncode}): {done.stderr.strip()[-400:]}")
    if cpu_label:
        CPU.setdefault(cpu_label, []).append(_cpu_seconds() - cpu)
    return elapsed, done.stdout


def _series(label: str, samples: list[float]) -> tuple[float, float]:
    """Print and return (minimum, median) of a series."""
    low, mid = min(samples), statistics.median(samples)
    print(f"{label:44s} min {low:6.3f} s   median {mid:6.3f} s   ({len(samples)} runs)")
    return low, mid


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=7, help="processes per figure")
    args = parser.parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix="startup-bench-"))
    try:
        article = work / "one-short-file.txt"
        article.write_text(SHORT_ARTICLE, encoding="utf-8")
        warm_cache, env = work / "cache-warm", dict(os.environ)
        env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
        bare, ingest_cold, ingest_warm, build_cold, build_warm, imports = [], [], [], [], [], []
        warm = dict(env, ANNOTATE_CACHE_DIR=str(warm_cache))
        _timed([sys.executable, "-c", BUILD], warm)  # writes the warm cache
        for run in range(args.runs):  # interleaved, so load spikes hit every figure alike
            bare.append(_timed([sys.executable, "-c", BARE], env, "bare")[0])
            for series, tag in ((build_cold, "build"), (build_warm, "")):
                run_env = dict(env, ANNOTATE_CACHE_DIR=str(work / f"cache-{tag}-{run}")) if tag else warm
                took_import, took_build = map(float, _timed([sys.executable, "-c", BUILD], run_env)[1].split())
                series.append(took_build)
                imports.append(took_import)
            for series, tag in ((ingest_cold, "ingest"), (ingest_warm, "")):
                run_env = dict(env, ANNOTATE_CACHE_DIR=str(work / f"cache-{tag}-{run}")) if tag else warm
                db = work / f"run-{run}-{tag or 'warm'}.db"
                command = [*_annotate_command(), "ingest", str(article), "--db", str(db)]
                series.append(_timed(command, run_env, f"ingest {tag or 'warm'}")[0])
        print(f"load average at the end: {' '.join(f'{x:.1f}' for x in os.getloadavg())} ({os.cpu_count()} cores)")
        bare_min, bare_mid = _series("bare underthesea ner('Hà Nội')", bare)
        _series("import annotate.preannotate.pipeline", imports)
        _series("Preannotator() build, cold cache (in process)", build_cold)
        warm_min, warm_mid = _series("Preannotator() build, warm cache (in process)", build_warm)
        cold_min, cold_mid = _series("annotate ingest one file, cold cache", ingest_cold)
        hot_min, hot_mid = _series("annotate ingest one file, warm cache", ingest_warm)
        print(f"build (warm) target 0.5 s: min {warm_min:.3f}, median {warm_mid:.3f} "
              f"({'OK' if warm_mid <= 0.5 else 'ABOVE'})")
        for label, low, mid in (("warm", hot_min, hot_mid), ("cold", cold_min, cold_mid)):
            ratio_min, ratio_mid = low / bare_min, mid / bare_mid
            verdict = "OK" if ratio_mid <= 1.5 else "ABOVE"
            print(f"ingest/bare ({label} cache) target 1.5: min/min {ratio_min:.2f}, median/median {ratio_mid:.2f} ({verdict})")
        bare_cpu = statistics.median(CPU["bare"])
        for label in ("warm", "ingest"):
            cpu = statistics.median(CPU[f"ingest {label}"])
            name = "warm" if label == "warm" else "cold"
            print(f"CPU seconds, median: bare {bare_cpu:.3f}, ingest ({name} cache) {cpu:.3f}, ratio {cpu / bare_cpu:.2f}")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
