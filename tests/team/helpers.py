"""Small real databases for the team tests: articles, layers and reviews written through the store API."""
from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Sequence

from sqlite_utils import Database

from annotate.models import ArticleRecord, Span
from annotate.store import articles as article_store
from annotate.store import layers, reviews
from annotate.store.database import open_database, write_transaction


def new_db(path: Path) -> Database:
    return open_database(path)


def add_article(db: Database, text: str, title: str | None = None, source: str = "test") -> int:
    """An article whose region is the whole text."""
    with write_transaction(db):
        return article_store.insert_article(
            db,
            {
                "source_key": f"{source}#{article_store.content_hash(text)[:8]}",
                "source": source,
                "content_hash": article_store.content_hash(text),
                "text": text,
                "title": title or text[:30],
                "region_start": 0,
                "region_end": len(text),
                "furniture": [],
            },
        )


def sp(text: str, phrase: str, label: str, nth: int = 0, **attrs: Any) -> Span:
    """The span of the nth occurrence of phrase in text."""
    start = -1
    for _ in range(nth + 1):
        start = text.index(phrase, start + 1)
    return Span(start, start + len(phrase), label, dict(attrs), origin="human")


def add_layer(db: Database, article_id: int, annotator: str, spans: Sequence[Span], status: str = "accepted", done: bool = True) -> list[int]:
    """Spans in one layer, and (for people) the review row: done or in progress."""
    with write_transaction(db):
        ids = layers.insert_spans(db, article_id, annotator, spans, status=status)
        if not annotator.startswith("@"):
            reviews.set_review(db, article_id, annotator, status="done" if done else "in_progress", opened=1)
        return ids


def whitespace_tokens(article: ArticleRecord) -> list[tuple[int, int]]:
    """Whitespace tokens of the region: hand-countable, unlike underthesea's segmentation."""
    region = article.text[article.region_start : article.region_end]
    return [(article.region_start + m.start(), article.region_start + m.end()) for m in re.finditer(r"\S+", region)]
