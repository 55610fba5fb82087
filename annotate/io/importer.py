"""Import annotations made elsewhere (the export's JSONL) as one annotator's finished work.

Articles are matched by their text's content hash, so re-importing the same
file changes nothing; a line with a bad span is reported and skipped while the
rest of the file still lands.
"""
from __future__ import annotations

import json
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from annotate.models import Span, check_confidence, parse_provenance
from annotate.schema import Schema, cached_schema
from annotate.store import articles as article_store
from annotate.store import history, layers, reviews
from annotate.store.database import write_transaction
from annotate.text.layout import analyse_layout
from annotate.text.readers import ReadError


@dataclass
class ImportReport:
    imported: int = 0
    unchanged: int = 0
    created_articles: int = 0
    failed: list[ReadError] = field(default_factory=list)

    def summary(self) -> str:
        return f"imported {self.imported}, unchanged {self.unchanged}, new articles {self.created_articles}, failed {len(self.failed)}"


class LineError(ValueError):
    """One JSONL line cannot be imported; the message says why."""


def parse_spans(doc: dict[str, Any], schema: Schema) -> list[Span]:
    """Validate a document's spans against its text and the schema."""
    text = doc["text"]
    spans = []
    raw_spans = doc.get("spans") or []
    if not isinstance(raw_spans, list):
        raise LineError("'spans' must be a list")
    for number, raw in enumerate(raw_spans, start=1):
        if not isinstance(raw, dict):
            raise LineError(f"span {number} is not an object")
        start, end, label = raw.get("start"), raw.get("end"), raw.get("label")
        if not isinstance(start, int) or not isinstance(end, int) or isinstance(start, bool) or isinstance(end, bool):
            raise LineError(f"span {number}: start and end must be integers")
        if not 0 <= start < end <= len(text):
            raise LineError(f"span {number} ({start}-{end}) is out of range for a text of {len(text)} characters")
        if label not in schema.label_names:
            raise LineError(f"span {number}: unknown label {label!r}")
        if "text" in raw and raw["text"] != text[start:end]:
            raise LineError(f"span {number}: text {raw['text']!r} does not match the text at {start}-{end} ({text[start:end]!r})")
        attrs = raw.get("attrs") or {}
        if not isinstance(attrs, dict):
            raise LineError(f"span {number}: attrs must be an object")
        try:
            provenance = parse_provenance(raw.get("provenance"))
            confidence = check_confidence(raw.get("confidence"))
        except (ValueError, TypeError) as error:
            raise LineError(f"span {number}: {error}") from None
        spans.append(Span(start, end, label, attrs, "human", provenance, confidence))
    ordered = sorted(spans, key=lambda s: (s.start, s.end))
    for left, right in zip(ordered, ordered[1:]):
        if right.start < left.end:
            raise LineError(f"spans {left.start}-{left.end} and {right.start}-{right.end} overlap")
    return ordered


def parse_line(line: str, schema: Schema) -> tuple[dict[str, Any], list[Span]]:
    try:
        doc = json.loads(line)
    except json.JSONDecodeError as error:
        raise LineError(f"invalid JSON ({error.msg} at column {error.colno})") from None
    if not isinstance(doc, dict) or not isinstance(doc.get("text"), str) or not doc["text"]:
        raise LineError("needs a non-empty 'text' string")
    if unicodedata.normalize("NFC", doc["text"]) != doc["text"]:
        raise LineError("text is not NFC-normalised, so its offsets would be ambiguous")
    check_meta(doc)
    return doc, parse_spans(doc, schema)


def _is_range(value: Any, length: int) -> bool:
    return (
        isinstance(value, list) and len(value) == 2
        and all(isinstance(v, int) and not isinstance(v, bool) for v in value)
        and 0 <= value[0] <= value[1] <= length
    )


def check_meta(doc: dict[str, Any]) -> None:
    """meta.article and meta.furniture_inside, when given, must be ranges inside the text."""
    meta = doc.get("meta")
    if meta is None:
        return
    if not isinstance(meta, dict):
        raise LineError("'meta' must be an object")
    length = len(doc["text"])
    if "article" in meta and meta["article"] is not None and not _is_range(meta["article"], length):
        raise LineError(f"meta.article {meta['article']!r} is not [start, end] within the text (0-{length})")
    furniture = meta.get("furniture_inside")
    if furniture is not None and (not isinstance(furniture, list) or not all(_is_range(r, length) for r in furniture)):
        raise LineError(f"meta.furniture_inside must be a list of [start, end] ranges within the text (0-{length})")


def _article_for(db: Database, doc: dict[str, Any], path: Path, line_number: int, report: ImportReport) -> int:
    text = doc["text"]
    digest = article_store.content_hash(text)
    existing = article_store.find_by_hash(db, digest)
    if existing:
        return existing.id
    meta = doc.get("meta") or {}
    layout = analyse_layout(text)
    region = meta.get("article") or list(layout.article)
    furniture = meta.get("furniture_inside") if "furniture_inside" in meta else [list(r) for r in layout.furniture]
    fields = {
        "source_key": f"{meta.get('source') or path.name}#{meta.get('article_id') or line_number}",
        "source": meta.get("source") or path.name,
        "path": str(path),
        "content_hash": digest,
        "text": text,
        "title": meta.get("title") or layout.title,
        "url": meta.get("url") or layout.url,
        "ext_id": str(meta["article_id"]) if meta.get("article_id") is not None else None,
        "encoding": "utf-8",
        "region_start": int(region[0]),
        "region_end": int(region[1]),
        "furniture": [tuple(r) for r in furniture],
    }
    wanted_id = meta.get("article_id")
    if isinstance(wanted_id, int) and article_store.id_is_free(db, wanted_id):
        fields["id"] = wanted_id
    report.created_articles += 1
    return article_store.insert_article(db, fields)


def import_layer(db: Database, article_id: int, annotator: str, spans: list[Span]) -> bool:
    """Replace an annotator's layer with finished spans; False when it already matched."""
    current = layers.layer(db, article_id, annotator, ("accepted", "edited"))
    state = reviews.review_state(db, article_id, annotator)
    same = [(s.start, s.end, s.label, s.attrs, s.provenance, s.confidence) for s in current] == [
        (s.start, s.end, s.label, s.attrs, s.provenance, s.confidence) for s in spans
    ]
    everything = layers.layer(db, article_id, annotator)
    if same and len(everything) == len(current) and state and state.status == "done":
        return False
    before = [s.snapshot() for s in everything]
    layers.delete_layer(db, article_id, annotator)
    ids = layers.insert_spans(db, article_id, annotator, spans, status="accepted")
    review = {"before": state.status if state else "new", "after": "done", "opened_before": int(state.opened) if state else 0}
    history.record(db, article_id, annotator, "import", {"before": before, "created": ids, "review": review})
    reviews.set_review(db, article_id, annotator, status="done", opened=1)
    return True


def import_file(db: Database, path: str | Path, annotator: str, schema: Schema | None = None) -> ImportReport:
    """Import every valid line of a JSONL file for one annotator."""
    schema = schema or cached_schema()
    path = Path(path)
    report = ImportReport()
    try:
        lines = path.read_text(encoding="utf-8-sig").splitlines()
    except FileNotFoundError:
        report.failed.append(ReadError(str(path), "no such file"))
        return report
    except (OSError, UnicodeDecodeError) as error:
        report.failed.append(ReadError(str(path), f"cannot read: {getattr(error, 'strerror', None) or error}"))
        return report
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            doc, spans = parse_line(line, schema)
        except LineError as error:
            report.failed.append(ReadError(str(path), f"line {number}: {error}"))
            continue
        with write_transaction(db):
            article_id = _article_for(db, doc, path, number, report)
            if import_layer(db, article_id, annotator, spans):
                report.imported += 1
            else:
                report.unchanged += 1
    return report
