"""Where the tests' data lives: inside this repository only, never a machine path."""
from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data"
SAMPLES = ROOT / "annotate" / "samples"
DEV_GOLD = DATA / "dev_gold.jsonl"
