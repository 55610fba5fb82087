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
import itertools
from dataclasses import dataclass
import operator
from typing import Any, Iterable, Iterator, Sequence, TextIO

from sqlite_utils import Database

from annotate.io.formats import FORMATS, get_format
from annotate.io.formats.base import ALIGN_POLICIES, DECIDED, DOCSTART_STYLES, STATUS_POLICIES, Destination, ExportDocument, Format, WriteOptions, WriteReport
from annotate.io.formats.jsonl import document, dumps  # noqa: F401  (the exchange format, re-exported)
from annotate.errors import OptionError
from annotate.models import ArticleRecord, LayerSpan
from annotate.schema import Schema, cached_schema
from annotate.store import articles as article_store
from annotate.store import layers, reviews
from annotate.store.database import GOLD, MACHINE, read_snapshot

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
            raise OptionError("--view reviewed needs --annotator NAME")
        return annotator
    raise OptionError(f"unknown view {view!r} (one of {', '.join(VIEWS)})")


def view_ids(db: Database, view: str, annotator: str | None = None, include_unfinished: bool = False) -> list[int]:
    """The ids of the articles a view holds, in order (current articles for `predicted`, finished ones otherwise)."""
    layer_name = view_layer(view, annotator)
    if view == "predicted":
        return article_store.current_ids(db)
    statuses = ("done", "in_progress") if include_unfinished else ("done",)
    return reviews.articles_with_status(db, layer_name, statuses)


def _with_spans(articles: Iterable[ArticleRecord], spans: Iterator[LayerSpan]) -> Iterator[tuple[ArticleRecord, list[LayerSpan]]]:
    """Pair two streams ordered by article id: each article with its spans (spans of other articles skipped)."""
    groups = itertools.groupby(spans, key=operator.itemgetter(1))  # LayerSpan.article_id
    group = next(groups, None)
    for article in articles:
        while group is not None and group[0] < article.id:
            group = next(groups, None)
        if group is not None and group[0] == article.id:
            yield article, list(group[1])
            group = next(groups, None)
        else:
            yield article, []


def select_all(
    db: Database, view: str, annotator: str | None = None, include_unfinished: bool = False, ids: Sequence[int] | None = None,
    statuses: Sequence[str] = NOT_REJECTED,
) -> Iterator[tuple[ArticleRecord, list[LayerSpan]]]:
    """The articles of a view (only those in ids, when given) with their spans of these statuses, in article order.

    The machine's view has every span whatever statuses say. Articles and
    spans come from two ordered streams read in one snapshot, so memory stays
    flat in the size of the database and reviewers working at the same time
    never make an export half old, half new.
    """
    layer_name = view_layer(view, annotator)
    with read_snapshot(db):
        if view == "predicted" and ids is None:
            yield from _with_spans(article_store.iter_articles(db), layers.layer_in_order(db, MACHINE))
            return
        wanted = view_ids(db, view, annotator, include_unfinished)
        if ids is not None:
            chosen = set(ids)
            wanted = [i for i in wanted if i in chosen]
        spans = layers.layer_in_order(db, layer_name, None if view == "predicted" else statuses, None if ids is None else wanted)
        yield from _with_spans(article_store.iter_articles(db, wanted, include_superseded=True), spans)


def select(db: Database, view: str, annotator: str | None = None, include_unfinished: bool = False) -> Iterator[tuple[ArticleRecord, list[LayerSpan]]]:
    """The articles of a view with their decided spans (all suggestions for `predicted`)."""
    return select_all(db, view, annotator, include_unfinished, statuses=KEPT)


def documents(
    db: Database, view: str = "predicted", annotator: str | None = None, include_unfinished: bool = False,
    status: str = "decided", report: WriteReport | None = None, ids: Sequence[int] | None = None,
) -> Iterator[ExportDocument]:
    """The view as documents for a format; undecided spans left out are noted in the report."""
    if status not in STATUS_POLICIES:
        raise OptionError(f"unknown --status {status!r} (one of {', '.join(STATUS_POLICIES)})")
    owner = annotator if view == "reviewed" else (GOLD if view == "gold" else None)
    leaves_out = view != "predicted" and status == "decided"
    with read_snapshot(db):
        undecided = layers.undecided_counts(db, view_layer(view, annotator)) if leaves_out else {}
        for article, spans in select_all(db, view, annotator, include_unfinished, ids, KEPT if leaves_out else NOT_REJECTED):
            left_out = undecided.get(article.id)
            if left_out and report is not None:
                report.notes.append(f"article {article.id} ({article.source}): {left_out} undecided suggestions left out (--status all carries them)")
            yield ExportDocument(article, tuple(spans), view, owner)


def check_options(fmt: str, status: str = "decided", align: str = "strict", max_tokens: int | None = None, docstart: str = "conll2003") -> Format:
    """The format, once the options are known to make sense for it; OptionError (a usage error) otherwise."""
    chosen = get_format(fmt)
    if align not in ALIGN_POLICIES:
        raise OptionError(f"unknown --align {align!r} (one of {', '.join(ALIGN_POLICIES)})")
    if status == "all" and not chosen.carries_status:
        holders = ", ".join(name for name, f in FORMATS.items() if f.carries_status)
        raise OptionError(f"--format {fmt} cannot hold a span's status: use --status decided, or one of {holders}")
    if max_tokens is not None:
        if max_tokens < 1:
            raise OptionError(f"--max-tokens must be at least 1 (got {max_tokens})")
        if not getattr(chosen, "has_sentences", False):
            holders = ", ".join(name for name, f in FORMATS.items() if getattr(f, "has_sentences", False))
            raise OptionError(f"--max-tokens cuts sentences, and --format {fmt} writes whole articles: use one of {holders}")
    if docstart not in DOCSTART_STYLES:
        raise OptionError(f"unknown --docstart {docstart!r} (one of {', '.join(DOCSTART_STYLES)})")
    if docstart != "conll2003" and fmt != "conll":
        raise OptionError(f"--docstart is for --format conll, not {fmt}")
    return chosen


@dataclass(frozen=True)
class ExportRequest:
    """What to export and how: the view, the format and its options (one value the CLI, the API and --split share)."""

    view: str = "predicted"
    annotator: str | None = None
    fmt: str = "jsonl"
    include_unfinished: bool = False
    align: str = "strict"
    status: str = "decided"
    max_tokens: int | None = None
    docstart: str = "conll2003"

    def check(self) -> Format:
        """The format; OptionError when the options cannot work together."""
        view_layer(self.view, self.annotator)
        return check_options(self.fmt, self.status, self.align, self.max_tokens, self.docstart)

    def options(self, schema: Schema | None = None) -> WriteOptions:
        labels = tuple((schema or cached_schema()).label_names)
        return WriteOptions(align=self.align, status=self.status, labels=labels, max_tokens=self.max_tokens, docstart=self.docstart)

    def documents(self, db: Database, report: WriteReport, ids: Sequence[int] | None = None) -> Iterator[ExportDocument]:
        return documents(db, self.view, self.annotator, self.include_unfinished, self.status, report, ids)


def finish(written: WriteReport, selection: WriteReport, request: ExportRequest) -> WriteReport:
    """The format's report with the selection's notes first and what --max-tokens did last."""
    written.notes[:0] = selection.notes
    if request.max_tokens is not None and written.long_sentences:
        written.notes.append(
            f"--max-tokens {request.max_tokens}: {written.long_sentences} longer sentences cut into {written.pieces} pieces, none inside a span"
        )
    return written


def write_request(db: Database, request: ExportRequest, destination: Destination, schema: Schema | None = None, ids: Sequence[int] | None = None) -> WriteReport:
    """Write one export (only the articles in ids, when given); the report lists every span not written as stored."""
    chosen = request.check()
    selection = WriteReport()
    explained = [0]
    docs = _counting_explained(request.documents(db, selection, ids), explained)
    written = finish(chosen.write(docs, destination, request.options(schema)), selection, request)
    if explained[0] and chosen.name not in KEEP_PROVENANCE:
        written.notes.append(
            f"{chosen.name} holds no provenance or confidence: those of {explained[0]} spans are not in the file "
            f"({' and '.join(KEEP_PROVENANCE)} keep them)"
        )
    return written


def export(
    db: Database, out: TextIO | Destination, view: str = "predicted", annotator: str | None = None, fmt: str = "jsonl",
    include_unfinished: bool = False, align: str = "strict", status: str = "decided", schema: Schema | None = None,
    max_tokens: int | None = None, docstart: str = "conll2003", ids: Sequence[int] | None = None,
) -> WriteReport:
    """Write a view (only the articles in ids, when given) in a format; the report lists every span not written as stored."""
    request = ExportRequest(view, annotator, fmt, include_unfinished, align, status, max_tokens, docstart)
    destination = out if isinstance(out, Destination) else Destination(stream=out)
    return write_request(db, request, destination, schema, ids)


def _counting_explained(docs: Iterator[ExportDocument], counter: list[int]) -> Iterator[ExportDocument]:
    """Pass the documents through, counting the spans that carry provenance or a confidence."""
    for doc in docs:
        counter[0] += sum(1 for s in doc.spans if s.confidence is not None or (s.provenance_json if isinstance(s, LayerSpan) else s.provenance))
        yield doc


def export_string(db: Database, **kwargs: Any) -> str:
    buffer = io.StringIO()
    export(db, buffer, **kwargs)
    return buffer.getvalue()
