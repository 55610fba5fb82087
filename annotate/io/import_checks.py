"""Check one imported document against its text and the schema, and make its text like ingested text.

Every format's reader hands over what the file said, unchecked; this is the
one place that decides whether it can be stored. A problem with the document
is a LineError (that item fails, the rest of the file goes on); a problem with
one metadata field is a warning and the field is ignored, never stringified.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from annotate.io.formats.base import ImportedDocument, LineError
from annotate.io.formats.normal import normalise
from annotate.models import STATUSES, Source, Span, check_confidence, parse_provenance
from annotate.schema import Schema

SQLITE_INT = 2**63
TEXT_FIELDS = ("source", "title", "url")


@dataclass
class CheckedDocument:
    """A document ready to store: NFC text, spans with statuses, metadata of the right types."""

    where: str
    text: str
    spans: list[tuple[Span, str]]
    meta: dict[str, Any]
    annotator: str | None
    warnings: list[str] = field(default_factory=list)
    token_offsets: list[tuple[int, int]] | None = None


def json_type(value: Any) -> str:
    """A value's type as JSON calls it, for messages about a file."""
    if isinstance(value, bool):
        return "a boolean"
    return {dict: "an object", list: "an array", int: "a number", float: "a number", str: "a string"}.get(type(value), "null")


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


RawSpan = tuple[int, int, str, dict[str, Any], str, tuple[Source, ...], float | None]
"""start, end, label, attrs, status, provenance, confidence: a span as the file gave it, checked."""


def _raw_spans(doc: ImportedDocument, text: str, schema: Schema) -> list[RawSpan]:
    spans = []
    for number, raw in enumerate(doc.spans, start=1):
        if not _is_int(raw.start) or not _is_int(raw.end):
            raise LineError(doc.where, f"span {number}: start and end must be integers")
        if not 0 <= raw.start < raw.end <= len(text):
            raise LineError(doc.where, f"span {number} ({raw.start}-{raw.end}) is out of range for a text of {len(text)} characters")
        if raw.label not in schema.label_names:
            raise LineError(doc.where, f"span {number}: unknown label {raw.label!r} (the schema has {', '.join(schema.label_names)})")
        if raw.text is not None and raw.text != text[raw.start : raw.end]:
            raise LineError(doc.where, f"span {number}: text {raw.text!r} does not match the text at {raw.start}-{raw.end} ({text[raw.start : raw.end]!r})")
        if not isinstance(raw.attrs, dict):
            raise LineError(doc.where, f"span {number}: attrs must be an object")
        if raw.status not in STATUSES:
            raise LineError(doc.where, f"span {number}: unknown status {raw.status!r} (one of {', '.join(STATUSES)})")
        try:
            provenance, confidence = parse_provenance(raw.provenance), check_confidence(raw.confidence)
        except (ValueError, TypeError) as error:
            raise LineError(doc.where, f"span {number}: {error}") from None
        spans.append((raw.start, raw.end, raw.label, raw.attrs, raw.status, provenance, confidence))
    return spans


def _is_range(value: Any, length: int) -> bool:
    return isinstance(value, list) and len(value) == 2 and all(_is_int(v) for v in value) and 0 <= value[0] <= value[1] <= length


def _meta(doc: ImportedDocument, length: int, warnings: list[str]) -> dict[str, Any]:
    """The metadata fields we use, each of the right type; a wrong one is warned about and left out."""
    meta = doc.meta
    if meta is None:
        return {}
    if not isinstance(meta, dict):
        raise LineError(doc.where, "'meta' must be an object")
    if "article" in meta and meta["article"] is not None and not _is_range(meta["article"], length):
        raise LineError(doc.where, f"meta.article {meta['article']!r} is not [start, end] within the text (0-{length})")
    furniture = meta.get("furniture_inside")
    if furniture is not None and (not isinstance(furniture, list) or not all(_is_range(r, length) for r in furniture)):
        raise LineError(doc.where, f"meta.furniture_inside must be a list of [start, end] ranges within the text (0-{length})")
    kept = {key: meta[key] for key in ("article", "furniture_inside") if meta.get(key) is not None}
    for key in TEXT_FIELDS:
        value = meta.get(key)
        if value is None:
            continue
        if isinstance(value, str):
            kept[key] = value
        else:
            warnings.append(f"{doc.where}: meta.{key} is {json_type(value)}, not a string: ignored")
    article_id = meta.get("article_id")
    if article_id is not None:
        if not _is_int(article_id):
            warnings.append(f"{doc.where}: meta.article_id is {json_type(article_id)}, not an integer: ignored")
        elif not -SQLITE_INT <= article_id < SQLITE_INT:
            warnings.append(f"{doc.where}: meta.article_id {article_id} does not fit a 64-bit integer: ignored")
        else:
            kept["article_id"] = article_id
    return kept


def _moved(value: int, positions: list[int | None], where: str, what: str) -> int:
    moved = positions[value]
    if moved is None:
        raise LineError(where, f"{what} offset {value} falls inside a character that NFC composes")
    return moved


def _normalised(doc: ImportedDocument, raw: list[RawSpan], meta: dict[str, Any], warnings: list[str]) -> tuple[str, list[RawSpan], list[tuple[int, int]] | None]:
    """NFC text with "\\n" line ends, and every offset (spans, region, furniture, tokens) moved with it."""
    normal = normalise(doc.text)
    if not normal.changed:
        return doc.text, raw, doc.token_offsets
    warnings.append(f"{doc.where}: text was not NFC with \\n line ends: normalised, offsets moved with it")
    where, positions = doc.where, normal.positions
    spans = [(_moved(s, positions, where, "span"), _moved(e, positions, where, "span"), *rest) for s, e, *rest in raw]
    for key in ("article",):
        if key in meta:
            meta[key] = [_moved(v, positions, where, f"meta.{key}") for v in meta[key]]
    if "furniture_inside" in meta:
        meta["furniture_inside"] = [[_moved(v, positions, where, "furniture") for v in r] for r in meta["furniture_inside"]]
    tokens = None
    if doc.token_offsets is not None:
        tokens = [(_moved(s, positions, where, "token"), _moved(e, positions, where, "token")) for s, e in doc.token_offsets]
    return normal.text, spans, tokens


def check(doc: ImportedDocument, schema: Schema) -> CheckedDocument:
    """The document as it will be stored, or LineError naming its place and the first problem."""
    if not isinstance(doc.text, str) or not doc.text.strip():
        raise LineError(doc.where, "needs a non-empty 'text' string")
    warnings = list(doc.warnings)
    raw = _raw_spans(doc, doc.text, schema)
    meta = _meta(doc, len(doc.text), warnings)
    text, moved, tokens = _normalised(doc, raw, meta, warnings)
    spans = sorted(
        ((Span(s, e, label, dict(attrs), "human", provenance, confidence), status)
         for s, e, label, attrs, status, provenance, confidence in moved),
        key=lambda p: (p[0].start, p[0].end),
    )
    for (left, _), (right, _) in zip(spans, spans[1:]):
        if right.start < left.end:
            raise LineError(doc.where, f"spans {left.start}-{left.end} and {right.start}-{right.end} overlap")
    return CheckedDocument(doc.where, text, spans, meta, doc.annotator, warnings, tokens)
