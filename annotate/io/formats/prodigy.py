"""Prodigy's `ner_manual` JSONL: text, `tokens` (with `ws`), spans with `token_start`/`token_end`, `answer`.

Tokens are our syllable tokens over the whole text (Prodigy shows the whole
page; the article region travels in `meta`), so a span must start and end on
them (`--align`). `token_end` is inclusive, as in Prodigy. The machine's view
is written as a task stream (no `answer`); human views as accepted examples.
On import only `"answer": "accept"` is work: `reject` and `ignore` are
skipped and counted, and an example without an answer was never annotated.
Attributes ride along as each span's `attrs` (Prodigy keeps extra keys).
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Iterable, Iterator

from annotate.io.formats.align import align
from annotate.io.formats.base import Destination, ExportDocument, ImportedDocument, ImportedSpan, LineError, ReadItem, Sample, WriteOptions, WriteReport
from annotate.io.formats.jsonio import json_lines, keys_of
from annotate.io.formats.jsonl import meta_of
from annotate.io.formats.tokens import page_grid

PRODIGY_KEYS = ("tokens", "answer", "_input_hash", "_task_hash", "_view_id")


def example(doc: ExportDocument, options: WriteOptions, report: WriteReport) -> dict[str, Any]:
    article = doc.article
    aligned = align(doc, page_grid(article.text), options.align, report)
    grid = aligned.grid
    text, starts, ends = grid.text, grid.starts, grid.ends
    following = starts[1:] + [len(text)]  # `ws`: whitespace before the next token (or the end)
    tokens = [{"text": text[s:e], "start": s, "end": e, "id": i, "ws": after > e} for i, (s, e, after) in enumerate(zip(starts, ends, following))]
    spans = []
    for token_span in aligned.spans:
        start, end = grid.starts[token_span.first], grid.ends[token_span.last - 1]
        row: dict[str, Any] = {"start": start, "end": end, "token_start": token_span.first, "token_end": token_span.last - 1, "label": token_span.span.label}
        if token_span.span.attrs:
            row["attrs"] = token_span.span.attrs
        spans.append(row)
    row = {"text": article.text, "tokens": tokens, "spans": spans, "meta": meta_of(article)}
    if not doc.predicted:
        row["answer"] = "accept"
    report.spans += len(spans)
    return row


def _document(where: str, value: dict[str, Any]) -> ReadItem:
    answer = value.get("answer")
    doc = ImportedDocument(where, value.get("text"), meta=value.get("meta") if isinstance(value.get("meta"), dict) else {})
    if answer != "accept":
        doc.answer = f"answer {answer!r}" if answer is not None else "no 'answer' (a task, never annotated)"
        return doc
    spans = value.get("spans") or []
    if not isinstance(spans, list):
        return LineError(where, "'spans' must be a list")
    for number, span in enumerate(spans, start=1):
        if not isinstance(span, dict):
            return LineError(where, f"span {number} is not an object")
        if span.get("answer") in ("reject", "ignore"):
            continue  # a span the annotator rejected in a binary decision
        doc.spans.append(ImportedSpan(span.get("start"), span.get("end"), span.get("label"), span.get("attrs") or {}))
    return doc


class ProdigyFormat:
    name = "prodigy"
    suffix = ".jsonl"
    carries_status = False
    description = "Prodigy ner_manual: tokens, spans with token_start/token_end, answer"

    def write(self, documents: Iterable[ExportDocument], destination: Destination, options: WriteOptions) -> WriteReport:
        report = WriteReport()
        with destination.text() as out:
            for doc in documents:
                out.write(json.dumps(example(doc, options, report), ensure_ascii=False) + "\n")
                report.articles += 1
        return report

    def read(self, path: Path) -> Iterator[ReadItem]:
        for item in json_lines(path):
            if isinstance(item, LineError):
                yield item
                continue
            where, value = item
            if not isinstance(value, dict) or "text" not in value:
                yield LineError(where, f"not a Prodigy example (saw keys: {keys_of(value)})")
                continue
            yield _document(where, value)

    def sniff(self, sample: Sample) -> bool:
        value = sample.first_json
        return isinstance(value, dict) and "text" in value and any(k in value for k in PRODIGY_KEYS)
