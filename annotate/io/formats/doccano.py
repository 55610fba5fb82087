"""doccano's JSONL for sequence labelling: `text` and `label: [[start, end, LABEL], ...]`.

The export matches what doccano 1.8 itself exports and imports (code-point
offsets, end-exclusive); doccano spreads unknown columns into an example's
metadata and back, so our attributes travel as `attrs: [[start, end, {...}]]`
and our article metadata as `meta`. A doccano relation-project export
(`entities: [{start_offset, end_offset, label}]`) is read too. doccano keeps
no span status, so undecided spans cannot be carried.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Iterable, Iterator

from annotate.io.formats.base import Destination, ExportDocument, ImportedDocument, ImportedSpan, LineError, ReadItem, Sample, WriteOptions, WriteReport
from annotate.io.formats.jsonio import json_lines, keys_of
from annotate.io.formats.jsonl import meta_of


def _attrs_by_offsets(value: Any) -> dict[tuple[int, int], dict[str, Any]]:
    found = {}
    if isinstance(value, list):
        for row in value:
            if isinstance(row, list) and len(row) == 3 and isinstance(row[2], dict):
                found[(row[0], row[1])] = row[2]
    return found


def _spans(where: str, value: dict[str, Any]) -> list[ImportedSpan] | LineError:
    attrs = _attrs_by_offsets(value.get("attrs"))
    spans = []
    if isinstance(value.get("label"), list):
        for number, row in enumerate(value["label"], start=1):
            if not (isinstance(row, list) and len(row) == 3):
                return LineError(where, f"label {number} is not [start, end, LABEL] (found {json.dumps(row, ensure_ascii=False)[:60]})")
            spans.append(ImportedSpan(row[0], row[1], row[2], attrs.get((row[0], row[1]), {})))
        return spans
    for number, row in enumerate(value["entities"], start=1):
        if not isinstance(row, dict):
            return LineError(where, f"entity {number} is not an object")
        start, end = row.get("start_offset"), row.get("end_offset")
        spans.append(ImportedSpan(start, end, row.get("label"), attrs.get((start, end), {})))
    return spans


class DoccanoFormat:
    name = "doccano"
    suffix = ".jsonl"
    carries_status = False
    description = "doccano 1.8 sequence labelling: text, label [[start, end, LABEL]]"

    def write(self, documents: Iterable[ExportDocument], destination: Destination, options: WriteOptions) -> WriteReport:
        report = WriteReport()
        with destination.text() as out:
            for doc in documents:
                article = doc.article
                row = {
                    "id": article.id,
                    "text": article.text,
                    "label": [[s.start, s.end, s.label] for s in doc.spans],
                    "attrs": [[s.start, s.end, s.attrs] for s in doc.spans if s.attrs],
                    "meta": meta_of(article),
                }
                out.write(json.dumps(row, ensure_ascii=False) + "\n")
                report.articles += 1
                report.spans += len(doc.spans)
        return report

    def read(self, path: Path) -> Iterator[ReadItem]:
        for item in json_lines(path):
            if isinstance(item, LineError):
                yield item
                continue
            where, value = item
            if not isinstance(value, dict) or not (isinstance(value.get("label"), list) or isinstance(value.get("entities"), list)):
                yield LineError(where, f"no doccano 'label' or 'entities' list (saw keys: {keys_of(value)})")
                continue
            spans = _spans(where, value)
            if isinstance(spans, LineError):
                yield spans
                continue
            meta = value.get("meta") if isinstance(value.get("meta"), dict) else {}
            yield ImportedDocument(where, value.get("text"), spans, meta)

    def sniff(self, sample: Sample) -> bool:
        value = sample.first_json
        if not isinstance(value, dict) or "text" not in value or "spans" in value:
            return False
        label = value.get("label")
        entities = value.get("entities")
        return (isinstance(label, list) and all(isinstance(r, list) for r in label)) or (
            isinstance(entities, list) and all(isinstance(r, dict) and "start_offset" in r for r in entities)
        )
