"""What a reviewer's decision does to spans, as pure functions over span records.

ReviewService applies these rules to the database; a front end applies the very
same functions to what it shows (annotate.services.article_model), so the screen
can show a key's effect at once and the commit that follows agrees with it.
Only attribute filling (the pre-annotator's parsers) is left to the service.
"""
from __future__ import annotations

from dataclasses import replace
from typing import Any, Iterable, Sequence

from annotate.errors import SpanError
from annotate.models import DecisionRecord, SpanRecord
from annotate.schema import Schema
from annotate.text.words import WordGrid

LIVE = ("suggested", "accepted", "edited")
PLACE_KEYS = ("country", "canonical", "level", "now")
"""The LOCALITY attributes a gazetteer entry sets: a new pick replaces all of them."""
EDGES = ("start_left", "start_right", "end_left", "end_right")


def check_range(text_length: int, start: int, end: int) -> None:
    """A span must hold at least one code point of the text."""
    if not 0 <= start < end <= text_length:
        raise SpanError(f"span {start}-{end} is outside the text (0-{text_length}) or empty")


def displaced(spans: Iterable[SpanRecord], start: int, end: int, skip: int | None = None) -> list[SpanRecord]:
    """The suggestions a reviewer's span over [start, end) rejects; SpanError if it would cover a decided span."""
    found = []
    for other in spans:
        if other.id == skip or other.status not in LIVE or not (other.start < end and start < other.end):
            continue
        if other.status != "suggested":
            raise SpanError(f"{start}-{end} would overlap the {other.status} {other.label} span at {other.start}-{other.end}")
        found.append(other)
    return found


def moved_edge(grid: WordGrid, start: int, end: int, edge: str) -> tuple[int, int]:
    """The span's bounds with one edge moved a word: start_left, start_right, end_left or end_right."""
    if edge == "start_left":
        return grid.start_left(start), end
    if edge == "start_right":
        return grid.start_right(start, end), end
    if edge == "end_left":
        return start, grid.end_left(start, end)
    if edge == "end_right":
        return start, grid.end_right(end)
    raise ValueError(f"unknown edge {edge!r} (known: {', '.join(EDGES)})")


def accepted(span: SpanRecord) -> SpanRecord:
    """Accepting keeps an edited span edited: the reviewer's edit is what they accept."""
    return replace(span, status="edited" if span.status == "edited" else "accepted", attrs=dict(span.attrs))


def kept_attributes(attrs: dict[str, Any], old_label: str, new_label: str, schema: Schema) -> dict[str, Any]:
    """What still applies after a relabel: the new label's attributes and extras no label defines."""
    if old_label == new_label:
        return dict(attrs)
    defined = {a.name for label in schema.labels for a in label.attributes}
    wanted = set(schema.label(new_label).attribute_names()) if new_label in schema.label_names else set()
    return {k: v for k, v in attrs.items() if k in wanted or k not in defined}


def remembered_attributes(history: Sequence[DecisionRecord], span_id: int, label: str) -> dict[str, Any]:
    """The attributes this span last had under label (a relabel 1 -> 2 -> 1 gives its OFFICIAL attributes back)."""
    for record in reversed(history):
        for key in ("after", "before"):
            for snapshot in reversed(record.payload.get(key, [])):
                if snapshot.get("id") == span_id and snapshot.get("label") == label and snapshot.get("attrs"):
                    return dict(snapshot["attrs"])
    return {}


def inherited_attributes(covered: Sequence[SpanRecord], label: str, schema: Schema) -> dict[str, Any]:
    """A new span drawn over suggestions keeps what applies of theirs, the same label's first."""
    result: dict[str, Any] = {}
    for span in sorted(covered, key=lambda s: s.label != label):
        for key, value in kept_attributes(span.attrs, span.label, label, schema).items():
            result.setdefault(key, value)
    return result


def completed(attrs: dict[str, Any], *sources: dict[str, Any]) -> dict[str, Any]:
    """attrs with every key it lacks (or has empty) taken from the sources, first source first."""
    result = dict(attrs)
    for source in sources:
        for key, value in source.items():
            if result.get(key) in (None, "") and value not in (None, ""):
                result[key] = value
    return result


def with_place(attrs: dict[str, Any], place: dict[str, Any]) -> dict[str, Any]:
    """A gazetteer pick replaces every place attribute (a `now` of the previous pick must not survive)."""
    result = {k: v for k, v in attrs.items() if k not in PLACE_KEYS}
    result.update({k: v for k, v in place.items() if v not in (None, "")})
    return result


def _word_start_outside(grid: WordGrid, spans: Sequence[SpanRecord], offset: int) -> int:
    """The start of the word at offset, moved back to a span's start when it falls inside one."""
    word = grid.word_at(offset)
    at = word[0] if word else offset
    for span in spans:
        if span.status in LIVE and span.start < at < span.end:
            at = span.start
    return at


def _word_end_outside(grid: WordGrid, spans: Sequence[SpanRecord], offset: int) -> int:
    """The end of the word at offset, moved on to a span's end when it falls inside one."""
    word = grid.word_at(offset)
    at = word[1] if word else offset
    for span in spans:
        if span.status in LIVE and span.start < at < span.end:
            at = span.end
    return at


def snapped_region(grid: WordGrid, spans: Sequence[SpanRecord], region: tuple[int, int], edge: str, offset: int) -> tuple[int, int]:
    """The article boundary with one edge at the word at offset, never inside a span.

    edge "start": the article starts at that word's start (or the start of the span it is in);
    edge "end": it ends after that word (or after the span it is in).
    """
    start, end = region
    if edge == "start":
        start = _word_start_outside(grid, spans, offset)
    elif edge == "end":
        end = _word_end_outside(grid, spans, offset)
    else:
        raise ValueError(f"unknown boundary edge {edge!r}")
    if not start < end:
        raise SpanError("the article would be empty: its start must come before its end")
    return start, end


def spans_outside(spans: Sequence[SpanRecord], region: tuple[int, int]) -> list[SpanRecord]:
    """Live spans that a region leaves out (they become page furniture)."""
    return [s for s in spans if s.status in LIVE and not (region[0] <= s.start and s.end <= region[1])]

