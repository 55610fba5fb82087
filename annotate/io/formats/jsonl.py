"""Our own JSONL: one article a line, code-point offsets, everything a view holds.

This is the exchange format that round-trips byte for byte through
`annotate import`; the serialisation below is the one canonical form. A span
the pre-annotator made also has "provenance" and "confidence" (after attrs);
a person's own span has neither key.
"""
from __future__ import annotations

import functools
import json
import json.encoder
from pathlib import Path
from typing import Any, Iterable, Iterator, Sequence

from annotate.io.formats.base import Destination, ExportDocument, ImportedDocument, ImportedSpan, LineError, ReadItem, Sample, WriteOptions, WriteReport
from annotate.io.formats.jsonio import json_lines, keys_of
from annotate.models import ArticleRecord, LayerSpan, SpanRecord

_string = json.encoder.encode_basestring  # what json.dumps(..., ensure_ascii=False) uses for every string
_dumps = functools.partial(json.dumps, ensure_ascii=False)
FOREIGN_KEYS = {"label": "doccano", "entities": "doccano", "tokens": "prodigy", "answer": "prodigy", "data": "labelstudio", "annotations": "labelstudio"}


def meta_of(article: ArticleRecord) -> dict[str, Any]:
    return {
        "source": article.source,
        "article_id": article.id,
        "title": article.title,
        "url": article.url,
        "article": [article.region_start, article.region_end],
        "furniture_inside": [list(r) for r in article.furniture],
    }


def document(article: ArticleRecord, spans: Iterable[SpanRecord], carry_status: bool = False) -> dict[str, Any]:
    """One article in the exchange format (with each span's status when asked to carry it)."""
    rows = []
    for s in sorted(spans, key=lambda s: (s.start, s.end)):
        row = {"start": s.start, "end": s.end, "label": s.label, "text": article.text[s.start : s.end], "attrs": s.attrs}
        if s.provenance:
            row["provenance"] = [source.to_json() for source in s.provenance]
        if s.confidence is not None:
            row["confidence"] = s.confidence
        if carry_status:
            row["status"] = s.status
        rows.append(row)
    return {"text": article.text, "spans": rows, "meta": meta_of(article)}


def dumps(doc: dict[str, Any]) -> str:
    """The one canonical serialisation, so exports are byte-stable."""
    return json.dumps(doc, ensure_ascii=False)


def line(article: ArticleRecord, spans: Sequence[Any], carry_status: bool = False) -> str:
    """dumps(document(...)) without building it: the same bytes, written several times faster.

    Attributes are spliced in as stored (models.attrs_json is the one encoding
    every writer uses, the same json.dumps settings as here), so a span's
    attributes are never decoded only to be encoded again. A test holds this
    equal to dumps(document(...)) on real data.
    """
    text, string, label = article.text, _string, _label
    stored = bool(spans) and all(isinstance(s, LayerSpan) for s in spans)
    if stored:  # provenance spliced as stored too (models.provenance_json), confidence a REAL whose repr is its JSON
        rows = [
            f'{{"start": {s.start}, "end": {s.end}, "label": {label(s.label)}, "text": {string(text[s.start : s.end])}, '
            f'"attrs": {s.attrs_json or "{}"}'
            + (f', "provenance": {s.provenance_json}' if s.provenance_json and s.provenance_json != "[]" else "")
            + ("" if s.confidence is None else f', "confidence": {float(s.confidence)!r}')
            + (f', "status": {label(s.status)}}}' if carry_status else "}")
            for s in spans
        ]
    else:
        rows = [
            f'{{"start": {s.start}, "end": {s.end}, "label": {label(s.label)}, "text": {string(text[s.start : s.end])}, '
            f'"attrs": {_dumps(s.attrs)}'
            + (f', "provenance": {_dumps([source.to_json() for source in s.provenance])}' if s.provenance else "")
            + ("" if s.confidence is None else f', "confidence": {_dumps(s.confidence)}')
            + (f', "status": {label(s.status)}}}' if carry_status else "}")
            for s in spans
        ]
    return f'{{"text": {string(text)}, "spans": [{", ".join(rows)}], "meta": {_dumps(meta_of(article))}}}'


@functools.lru_cache(maxsize=256)
def _label(name: str) -> str:
    """A label or status as JSON: a handful of names, encoded once each."""
    return _string(name)


def hint(value: Any) -> str:
    """Which other format a foreign line looks like, for the error message."""
    if isinstance(value, dict):
        for key, name in FOREIGN_KEYS.items():
            if key in value:
                return f"; it looks like {name}: use --format {name}"
    return ""


class JsonlFormat:
    name = "jsonl"
    suffix = ".jsonl"
    carries_status = True
    description = "ours: one article a line, code-point offsets; round-trips byte for byte"

    def write(self, documents: Iterable[ExportDocument], destination: Destination, options: WriteOptions) -> WriteReport:
        report = WriteReport()
        with destination.text() as out:
            for doc in documents:
                out.write(line(doc.article, doc.spans, options.carry_status and not doc.predicted) + "\n")
                report.articles += 1
                report.spans += len(doc.spans)
        return report

    def read(self, path: Path) -> Iterator[ReadItem]:
        for item in json_lines(path):
            if isinstance(item, LineError):
                yield item
                continue
            where, value = item
            if not isinstance(value, dict) or not isinstance(value.get("spans"), list):
                yield LineError(where, f"no 'spans' list (saw keys: {keys_of(value)}){hint(value)}")
                continue
            yield self.parse(where, value)

    def parse(self, where: str, value: dict[str, Any]) -> ReadItem:
        spans = []
        for number, raw in enumerate(value["spans"], start=1):
            if not isinstance(raw, dict):
                return LineError(where, f"span {number} is not an object")
            status = raw.get("status", "accepted")
            spans.append(ImportedSpan(
                raw.get("start"), raw.get("end"), raw.get("label"), raw.get("attrs") or {}, status, raw.get("text"),
                raw.get("provenance"), raw.get("confidence"),
            ))
        return ImportedDocument(where, value.get("text"), spans, value.get("meta"))

    def sniff(self, sample: Sample) -> bool:
        value = sample.first_json
        return isinstance(value, dict) and isinstance(value.get("spans"), list) and not hint(value)
