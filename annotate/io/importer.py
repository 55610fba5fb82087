"""Import annotations made elsewhere as one annotator's finished work, from any interchange format.

The format is detected from the file's content (or forced); its reader turns
the file into documents or per-item errors; each document is checked
(import_checks), moved onto a stored article when it came as tokens
(token_match), and stored in one transaction with its decision-log entry.
Articles are matched by their text's content hash, so re-importing the same
file changes nothing; a bad item is reported and skipped while the rest of
the file still lands. Rejected or ignored items (Prodigy's answer, Label
Studio's cancelled annotations) are counted, never stored as work.
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from annotate.io.formats import detect, get_format
from annotate.io.formats.base import Format, ImportedDocument, LineError
from annotate.io.import_checks import CheckedDocument, check
from annotate.io.token_match import TokenIndex
from annotate.models import Span
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
    skipped: list[ReadError] = field(default_factory=list)
    failed: list[ReadError] = field(default_factory=list)
    warnings: list[ReadError] = field(default_factory=list)
    format: str = ""

    def summary(self) -> str:
        return (
            f"imported {self.imported}, unchanged {self.unchanged}, new articles {self.created_articles}, "
            f"skipped {len(self.skipped)}, failed {len(self.failed)}"
        )


def _article_for(db: Database, doc: CheckedDocument, path: Path, report: ImportReport) -> int:
    digest = article_store.content_hash(doc.text)
    existing = article_store.find_by_hash(db, digest)
    if existing:
        return existing.id
    meta = doc.meta
    layout = analyse_layout(doc.text)
    region = meta.get("article") or list(layout.article)
    furniture = meta["furniture_inside"] if "furniture_inside" in meta else [list(r) for r in layout.furniture]
    article_id = meta.get("article_id")
    fields = {
        "source_key": f"{meta.get('source') or path.name}#{article_id if article_id is not None else doc.where}",
        "source": meta.get("source") or path.name,
        "path": str(path),
        "content_hash": digest,
        "text": doc.text,
        "title": meta.get("title") or layout.title,
        "url": meta.get("url") or layout.url,
        "ext_id": str(article_id) if article_id is not None else None,
        "encoding": "utf-8",
        "region_start": int(region[0]),
        "region_end": int(region[1]),
        "furniture": [tuple(r) for r in furniture],
    }
    if article_id is not None and article_id > 0 and article_store.id_is_free(db, article_id):
        fields["id"] = article_id
    report.created_articles += 1
    return article_store.insert_article(db, fields)


def _comparable(spans: list[Any]) -> list[tuple[Any, ...]]:
    return [(s.start, s.end, s.label, s.attrs, s.status, s.provenance, s.confidence) for s in spans]


def import_layer(db: Database, article_id: int, annotator: str, spans: list[tuple[Span, str]]) -> bool:
    """Replace an annotator's layer with the imported spans; False when it already matched.

    The article is done unless a span is still a suggestion (an export that
    carried undecided spans): then it is in progress, as it was.
    """
    status = "in_progress" if any(s == "suggested" for _, s in spans) else "done"
    everything = layers.layer(db, article_id, annotator)
    state = reviews.review_state(db, article_id, annotator)
    wanted = [(s.start, s.end, s.label, s.attrs, st, s.provenance, s.confidence) for s, st in spans]
    if _comparable(everything) == wanted and state and state.status == status:
        return False
    before = [s.snapshot() for s in everything]
    layers.delete_layer(db, article_id, annotator)
    ids: list[int] = []
    for span, span_status in spans:
        ids += layers.insert_spans(db, article_id, annotator, [span], status=span_status)
    review = {"before": state.status if state else "new", "after": status, "opened_before": int(state.opened) if state else 0}
    history.record(db, article_id, annotator, "import", {"before": before, "created": ids, "review": review})
    reviews.set_review(db, article_id, annotator, status=status, opened=1)
    return True


class Importer:
    """One import run: the database, whose work it is by default, and the articles known by their tokens."""

    def __init__(self, db: Database, annotator: str | None, schema: Schema):
        self.db, self.annotator, self.schema = db, annotator, schema
        self.tokens = TokenIndex(db)
        self.seen: dict[tuple[str, str], tuple[str, str]] = {}

    def _once(self, doc: CheckedDocument, annotator: str) -> None:
        """A second, different version of one article for one annotator in one file would silently replace the first."""
        key = (article_store.content_hash(doc.text), annotator)
        earlier = self.seen.get(key)
        if earlier is not None and earlier[1] != _once_key(doc):
            raise LineError(doc.where, f"a second annotation of the article in {earlier[0]} for {annotator}: import without --annotator to keep each annotator's")
        self.seen[key] = (doc.where, _once_key(doc))

    def store(self, doc: ImportedDocument, path: Path, report: ImportReport) -> None:
        if doc.answer != "accept":
            report.skipped.append(ReadError(str(path), f"{doc.where}: {doc.answer}"))
            return
        checked = check(doc, self.schema)
        report.warnings += [ReadError(str(path), w) for w in checked.warnings]
        annotator = self.annotator or checked.annotator
        if not annotator:
            raise LineError(doc.where, "no annotator in the file: give --annotator NAME")
        if checked.token_offsets is not None and not self.tokens.rebase(checked):
            checked.meta.pop("article", None)
            checked.meta.pop("furniture_inside", None)
        self._once(checked, annotator)
        with write_transaction(self.db):
            article_id = _article_for(self.db, checked, path, report)
            if import_layer(self.db, article_id, annotator, checked.spans):
                report.imported += 1
            else:
                report.unchanged += 1


def _once_key(doc: CheckedDocument) -> str:
    """A digest of the spans (kept per article for the run, so memory stays small)."""
    rows = [(s.start, s.end, s.label, s.attrs, st, [p.to_json() for p in s.provenance], s.confidence) for s, st in doc.spans]
    return hashlib.sha256(json.dumps(rows, sort_keys=True, ensure_ascii=False).encode("utf-8")).hexdigest()


def _open_format(path: Path, fmt: str | Format | None) -> Format:
    if fmt is None:
        return detect(path)
    return get_format(fmt) if isinstance(fmt, str) else fmt


def import_file(db: Database, path: str | Path, annotator: str | None, schema: Schema | None = None, fmt: str | Format | None = None) -> ImportReport:
    """Import every valid item of a file (any format; detected unless fmt is given) for an annotator."""
    schema = schema or cached_schema()
    path = Path(path)
    report = ImportReport()
    if not path.exists():
        report.failed.append(ReadError(str(path), "no such file"))
        return report
    try:
        chosen = _open_format(path, fmt)
        report.format = chosen.name
        importer = Importer(db, annotator, schema)
        for item in chosen.read(path):
            if isinstance(item, LineError):
                report.failed.append(ReadError(str(path), str(item)))
                continue
            try:
                importer.store(item, path, report)
            except LineError as error:
                report.failed.append(ReadError(str(path), str(error)))
    except LineError as error:
        report.failed.append(ReadError(str(path), str(error)))
    except OSError as error:
        report.failed.append(ReadError(str(path), f"cannot read: {error.strerror or error}"))
    return report
