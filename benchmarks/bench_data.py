"""A large database for the interchange benchmark, built from real news through the store API.

The 40 hand-annotated real dev articles (tests/data/real/dev_gold.jsonl) are
joined two or three at a time until an article holds at least the wanted
number of gold spans, numbered so every text is distinct, and stored as one
annotator's finished work (accepted spans, review done) with the store's own
functions, many articles to a transaction. No pre-annotator runs.
"""
from __future__ import annotations

import json
import time
from pathlib import Path

from annotate.models import Span
from annotate.store import articles as article_store
from annotate.store import layers, reviews
from annotate.store.database import open_database, write_transaction

ROOT = Path(__file__).resolve().parent.parent
REAL_GOLD = ROOT / "tests" / "data" / "real" / "dev_gold.jsonl"
ANNOTATOR = "bench"
BATCH = 500


def real_articles() -> list[dict]:
    return [json.loads(line) for line in REAL_GOLD.read_text(encoding="utf-8").splitlines() if line.strip()]


def combined(number: int, sources: list[dict], spans_each: int) -> tuple[str, list[Span]]:
    """Article `number`: a numbered heading, then real articles one after another until it has spans_each spans."""
    text = f"Bài số {number}\n"
    spans: list[Span] = []
    index = number
    while len(spans) < spans_each:
        source = sources[index % len(sources)]
        offset = len(text)
        spans += [Span(s["start"] + offset, s["end"] + offset, s["label"], s["attrs"], "human") for s in source["spans"]]
        text += source["text"] + "\n"
        index += 7
    return text, spans[:spans_each]


def build(path: Path, count: int, spans_each: int = 30) -> float:
    """Create the database at path with count articles; returns the seconds it took."""
    sources = real_articles()
    started = time.perf_counter()
    db = open_database(path)
    try:
        for first in range(1, count + 1, BATCH):
            with write_transaction(db):
                for number in range(first, min(first + BATCH, count + 1)):
                    text, spans = combined(number, sources, spans_each)
                    article_id = article_store.insert_article(db, {
                        "source_key": f"bench/{number:06d}.txt", "source": f"{number:06d}.txt",
                        "content_hash": article_store.content_hash(text), "text": text,
                        "title": text.split("\n", 2)[1][:80], "region_start": 0, "region_end": len(text), "furniture": [],
                    })
                    layers.insert_spans(db, article_id, ANNOTATOR, spans, status="accepted")
                    reviews.set_review(db, article_id, ANNOTATOR, status="done", opened=1)
    finally:
        db.close()
    return time.perf_counter() - started
