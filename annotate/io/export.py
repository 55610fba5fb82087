"""Export a view of the database as JSONL (Prodigy/doccano-style), CoNLL BIO or CSV.

JSONL is the exchange format: one article a line, code-point offsets into the
stored NFC text, end-exclusive; `annotate import` reads it back unchanged.
A span the pre-annotator proposed also carries "provenance" (the sources that
fired: [{kind, name, entry?}]) and "confidence" (P(correct), in [0, 1]); a
person's own span has neither key. CSV keeps both in two last columns; CoNLL
holds labels only.
"""
from __future__ import annotations

import csv
import io
import json
from typing import Any, Iterator, TextIO

from sqlite_utils import Database

from annotate.models import ArticleRecord, SpanRecord, provenance_json
from annotate.store import articles as article_store
from annotate.store import layers, reviews
from annotate.store.database import GOLD, MACHINE
from annotate.text.words import WordGrid

VIEWS = ("predicted", "reviewed", "gold")
FORMATS = ("jsonl", "conll", "csv")
KEPT = ("accepted", "edited")


def view_layer(view: str, annotator: str | None) -> str:
    """Which span layer a view reads."""
    if view == "predicted":
        return MACHINE
    if view == "gold":
        return GOLD
    if view == "reviewed":
        if not annotator:
            raise ValueError("--view reviewed needs --annotator NAME")
        return annotator
    raise ValueError(f"unknown view {view!r} (one of {', '.join(VIEWS)})")


def select(db: Database, view: str, annotator: str | None = None, include_unfinished: bool = False) -> Iterator[tuple[ArticleRecord, list[SpanRecord]]]:
    """The articles of a view with their spans, in article order."""
    layer_name = view_layer(view, annotator)
    if view == "predicted":
        for article in article_store.iter_articles(db):
            yield article, layers.layer(db, article.id, MACHINE)
        return
    statuses = ("done", "in_progress") if include_unfinished else ("done",)
    ids = reviews.articles_with_status(db, layer_name, statuses)
    for article in article_store.iter_articles(db, ids, include_superseded=True):
        yield article, layers.layer(db, article.id, layer_name, KEPT if view == "reviewed" else None)


def span_fields(article: ArticleRecord, span: SpanRecord) -> dict[str, Any]:
    """One span in the exchange format; provenance and confidence only where the span has them."""
    fields: dict[str, Any] = {
        "start": span.start, "end": span.end, "label": span.label, "text": article.text[span.start : span.end], "attrs": span.attrs,
    }
    if span.provenance:
        fields["provenance"] = [source.to_json() for source in span.provenance]
    if span.confidence is not None:
        fields["confidence"] = span.confidence
    return fields


def document(article: ArticleRecord, spans: list[SpanRecord]) -> dict[str, Any]:
    """One article in the exchange format."""
    return {
        "text": article.text,
        "spans": [span_fields(article, s) for s in sorted(spans, key=lambda s: (s.start, s.end))],
        "meta": {
            "source": article.source,
            "article_id": article.id,
            "title": article.title,
            "url": article.url,
            "article": [article.region_start, article.region_end],
            "furniture_inside": [list(r) for r in article.furniture],
        },
    }


def dumps(doc: dict[str, Any]) -> str:
    """The one canonical serialisation, so exports are byte-stable."""
    return json.dumps(doc, ensure_ascii=False)


def write_jsonl(rows: Iterator[tuple[ArticleRecord, list[SpanRecord]]], out: TextIO) -> int:
    count = 0
    for article, spans in rows:
        out.write(dumps(document(article, spans)) + "\n")
        count += 1
    return count


def write_conll(rows: Iterator[tuple[ArticleRecord, list[SpanRecord]]], out: TextIO) -> int:
    """Token-per-line BIO (syllable tokens, blank line between lines of text)."""
    count = 0
    for article, spans in rows:
        out.write(f"-DOCSTART- {article.source} {article.id}\n\n")
        ordered = sorted(spans, key=lambda s: s.start)
        grid = WordGrid(article.text)
        index, previous_end, opened = 0, None, -1
        for start, end in zip(grid.starts, grid.ends):
            if not article.region_start <= start < article.region_end:
                continue
            if previous_end is not None and "\n" in article.text[previous_end:start]:
                out.write("\n")
            previous_end = end
            while index < len(ordered) and ordered[index].end <= start:
                index += 1
            tag = "O"
            if index < len(ordered) and ordered[index].start < end:
                tag = ("I-" if opened == index else "B-") + ordered[index].label
                opened = index
            out.write(f"{article.text[start:end]}\t{tag}\n")
        out.write("\n")
        count += 1
    return count


def write_csv(rows: Iterator[tuple[ArticleRecord, list[SpanRecord]]], out: TextIO) -> int:
    """One span a row, attributes as JSON: for spreadsheets and pandas."""
    writer = csv.writer(out)
    writer.writerow(["article_id", "source", "start", "end", "label", "text", "attrs", "status", "annotator", "confidence", "provenance"])
    count = 0
    for article, spans in rows:
        for s in sorted(spans, key=lambda s: s.start):
            writer.writerow([
                article.id, article.source, s.start, s.end, s.label, article.text[s.start : s.end],
                json.dumps(s.attrs, ensure_ascii=False), s.status, s.annotator,
                "" if s.confidence is None else s.confidence, provenance_json(s.provenance) or "",
            ])
        count += 1
    return count


WRITERS = {"jsonl": write_jsonl, "conll": write_conll, "csv": write_csv}


def export(db: Database, out: TextIO, view: str = "predicted", annotator: str | None = None, fmt: str = "jsonl", include_unfinished: bool = False) -> int:
    """Write a view in a format; returns the number of articles written."""
    if fmt not in WRITERS:
        raise ValueError(f"unknown format {fmt!r} (one of {', '.join(FORMATS)})")
    return WRITERS[fmt](select(db, view, annotator, include_unfinished), out)


def export_string(db: Database, **kwargs: Any) -> str:
    buffer = io.StringIO()
    export(db, buffer, **kwargs)
    return buffer.getvalue()
