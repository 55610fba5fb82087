"""A database of real, hand-annotated articles (tests/data/real/dev_gold.jsonl) for the format tests."""
from __future__ import annotations

import json
from pathlib import Path

from annotate.io.export import export_string
from annotate.io.importer import import_file
from annotate.store.database import open_database
from tests.paths import DATA

REAL_GOLD = DATA / "real" / "dev_gold.jsonl"
INTERCHANGE = DATA / "interchange"


def real_database(folder: Path, articles: int = 6, annotator: str = "lan") -> Path:
    """A database holding the first real dev articles as one annotator's finished work."""
    folder.mkdir(parents=True, exist_ok=True)
    subset = folder / "subset.jsonl"
    subset.write_text("".join(REAL_GOLD.read_text(encoding="utf-8").splitlines(keepends=True)[:articles]), encoding="utf-8")
    db_path = folder / "real.db"
    report = import_file(open_database(db_path), subset, annotator)
    assert report.failed == [] and report.imported == articles
    return db_path


def spans_of(db_path: Path, annotator: str, keep_attrs: bool = True) -> list[list[tuple]]:
    """Each exported article's spans as (text, label, attrs), in article order."""
    docs = [json.loads(line) for line in export_string(open_database(db_path), view="reviewed", annotator=annotator).splitlines()]
    return [[(s["text"], s["label"], s["attrs"] if keep_attrs else None) for s in d["spans"]] for d in docs]
