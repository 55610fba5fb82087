"""Prove a refactor changed no behaviour: the same inputs give byte-identical outputs.

Runs the real CLI on the bundled samples and every article set in tests/data:
ingest (with pre-annotation), import each gold file as an annotator's work,
then every export view and format, `stats --json` and `evaluate --json`. It
prints one sha256 per output; `--save FILE` records them, `--check FILE`
compares and names every output that differs.

    python tools/export_fingerprint.py --save tools/export_fingerprint.txt   # before
    python tools/export_fingerprint.py --check tools/export_fingerprint.txt  # after
"""
from __future__ import annotations

import argparse
import hashlib
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data"


def _inputs() -> tuple[list[Path], list[tuple[str, Path]]]:
    folders = [ROOT / "annotate" / "samples"] + sorted(p for p in DATA.iterdir() if p.is_dir() and p.name != "real" and any(p.glob("*.txt")))
    golds = [(p.stem.replace("_gold", ""), p) for p in sorted(DATA.glob("*_gold.jsonl"))]
    return folders, golds


def _run(args: list[str], env: dict[str, str]) -> bytes:
    result = subprocess.run([sys.executable, "-m", "annotate", *args], env=env, capture_output=True, check=False)
    if result.returncode not in (0, 1):
        raise SystemExit(f"annotate {' '.join(args)} failed ({result.returncode}):\n{result.stderr.decode()}")
    return result.stdout


def fingerprint() -> dict[str, str]:
    folders, golds = _inputs()
    outputs: dict[str, bytes] = {}
    with tempfile.TemporaryDirectory() as tmp:
        db = str(Path(tmp) / "fp.db")
        env = {**os.environ, "ANNOTATE_DB": db, "PYTHONHASHSEED": "0"}
        env.pop("ANNOTATE_SCHEMA", None)
        _run(["ingest", "--workers", "2", *map(str, folders)], env)
        for name, gold in golds:
            _run(["import", str(gold), "--annotator", name], env)
        for fmt in ("jsonl", "conll", "csv"):
            outputs[f"predicted.{fmt}"] = _run(["export", "--view", "predicted", "--format", fmt], env)
            for name, _ in golds:
                outputs[f"reviewed-{name}.{fmt}"] = _run(["export", "--view", "reviewed", "--annotator", name, "--format", fmt], env)
        outputs["stats.json"] = _run(["stats", "--json"], env)
        for name, gold in golds:
            outputs[f"evaluate-{name}.json"] = _run(["evaluate", "--gold", str(gold), "--from-db", "--json"], env)
    return {name: hashlib.sha256(data).hexdigest() + f" {len(data)}" for name, data in sorted(outputs.items())}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    group = parser.add_mutually_exclusive_group()
    group.add_argument("--save", type=Path, help="write the fingerprint here")
    group.add_argument("--check", type=Path, help="compare with a saved fingerprint")
    args = parser.parse_args()
    current = fingerprint()
    lines = [f"{name} {digest}" for name, digest in current.items()]
    if args.save:
        args.save.write_text("\n".join(lines) + "\n", encoding="utf-8")
    if args.check:
        saved = dict(line.split(" ", 1) for line in args.check.read_text(encoding="utf-8").splitlines() if line.strip())
        differ = sorted(n for n in set(saved) | set(current) if saved.get(n) != current.get(n))
        for name in differ:
            print(f"DIFFERS {name}: was {saved.get(name)}, now {current.get(name)}")
        print(f"{len(current) - len(differ)} of {len(set(saved) | set(current))} outputs identical")
        return 1 if differ else 0
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
