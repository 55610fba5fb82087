"""Export a view of the database in any interchange format, saying what could not be written.

A view is which layer is read: `predicted` (the machine's suggestions),
`reviewed` (one annotator's decided spans on the articles they finished) or
`gold` (adjudicated). Undecided suggestions in a human layer are left out and
counted (`--status decided`, the default) or written with their status
(`--status all`, in formats that can hold one); they never become `O` silently.
The format modules (annotate.io.formats) write, and report every span they
could not write as stored. A suggestion's provenance and confidence travel in
jsonl and csv; any other format says how many spans' it left out.
"""
from __future__ import annotations

import io
from typing import Any, Iterator, TextIO

from sqlite_utils import Database

from annotate.io.formats import FORMATS, get_format
from annotate.io.formats.base import DECIDED, STATUS_POLICIES, Destination, ExportDocument, WriteOptions, WriteReport
from annotate.io.formats.jsonl import document, dumps  # noqa: F401  (the exchange format, re-exported)
from annotate.models import ArticleRecord, SpanRecord
from annotate.schema import Schema, cached_schema
from annotate.store import articles as article_store
from annotate.store import layers, reviews
from annotate.store.database import GOLD, MACHINE

VIEWS = ("predicted", "reviewed", "gold")
KEEP_PROVENANCE = ("jsonl", "csv")
"""The formats that write each span's provenance and confidence."""
KEPT = DECIDED
NOT_REJECTED = ("accepted", "edited", "suggested")


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


def select_all(db: Database, view: str, annotator: str | None = None, include_unfinished: bool = False) -> Iterator[tuple[ArticleRecord, list[SpanRecord]]]:
    """The articles of a view with every span not rejected, in article order."""
    layer_name = view_layer(view, annotator)
    if view == "predicted":
        for article in article_store.iter_articles(db):
            yield article, layers.layer(db, article.id, MACHINE)
        return
    statuses = ("done", "in_progress") if include_unfinished else ("done",)
    ids = reviews.articles_with_status(db, layer_name, statuses)
    for article in article_store.iter_articles(db, ids, include_superseded=True):
        yield article, layers.layer(db, article.id, layer_name, NOT_REJECTED)


def select(db: Database, view: str, annotator: str | None = None, include_unfinished: bool = False) -> Iterator[tuple[ArticleRecord, list[SpanRecord]]]:
    """The articles of a view with their decided spans (all suggestions for `predicted`)."""
    for article, spans in select_all(db, view, annotator, include_unfinished):
        yield article, spans if view == "predicted" else [s for s in spans if s.status in KEPT]


def documents(
    db: Database, view: str = "predicted", annotator: str | None = None, include_unfinished: bool = False,
    status: str = "decided", report: WriteReport | None = None,
) -> Iterator[ExportDocument]:
    """The view as documents for a format; undecided spans left out are noted in the report."""
    if status not in STATUS_POLICIES:
        raise ValueError(f"unknown --status {status!r} (one of {', '.join(STATUS_POLICIES)})")
    owner = annotator if view == "reviewed" else (GOLD if view == "gold" else None)
    for article, spans in select_all(db, view, annotator, include_unfinished):
        if view != "predicted" and status == "decided":
            undecided = sum(1 for s in spans if s.status not in KEPT)
            if undecided and report is not None:
                report.notes.append(f"article {article.id} ({article.source}): {undecided} undecided suggestions left out (--status all carries them)")
            spans = [s for s in spans if s.status in KEPT]
        yield ExportDocument(article, tuple(sorted(spans, key=lambda s: (s.start, s.end))), view, owner)


def export(
    db: Database, out: TextIO | Destination, view: str = "predicted", annotator: str | None = None, fmt: str = "jsonl",
    include_unfinished: bool = False, align: str = "strict", status: str = "decided", schema: Schema | None = None,
) -> WriteReport:
    """Write a view in a format; the report counts articles and spans and lists every span not written as stored."""
    chosen = get_format(fmt)
    if status == "all" and not chosen.carries_status:
        holders = ", ".join(name for name, f in FORMATS.items() if f.carries_status)
        raise ValueError(f"--format {fmt} cannot hold a span's status: use --status decided, or one of {holders}")
    options = WriteOptions(align=align, status=status, labels=tuple((schema or cached_schema()).label_names))
    destination = out if isinstance(out, Destination) else Destination(stream=out)
    report = WriteReport()
    explained = [0]
    written = chosen.write(_counting_explained(documents(db, view, annotator, include_unfinished, status, report), explained), destination, options)
    written.notes[:0] = report.notes
    if explained[0] and chosen.name not in KEEP_PROVENANCE:
        written.notes.append(
            f"{chosen.name} holds no provenance or confidence: those of {explained[0]} spans are not in the file "
            f"({' and '.join(KEEP_PROVENANCE)} keep them)"
        )
    return written


def _counting_explained(docs: Iterator[ExportDocument], counter: list[int]) -> Iterator[ExportDocument]:
    """Pass the documents through, counting the spans that carry provenance or a confidence."""
    for doc in docs:
        counter[0] += sum(1 for s in doc.spans if s.provenance or s.confidence is not None)
        yield doc


def export_string(db: Database, **kwargs: Any) -> str:
    buffer = io.StringIO()
    export(db, buffer, **kwargs)
    return buffer.getvalue()
