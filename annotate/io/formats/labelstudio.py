"""Label Studio JSON: an array of tasks, `data.text`, `predictions` and `annotations` of `labels` results.

Exports give the machine's suggestions as `predictions` (pre-annotation for
Label Studio) and human views as `annotations`. Imports read each task's
annotations as the work of `completed_by` (a user id becomes `ls-<id>`, a user
object its email), unless --annotator names one person for the whole file.
Cancelled annotations are skipped and counted. Label Studio counts offsets
in UTF-16 code units (JavaScript strings), so astral characters (emoji, rare
CJK) shift them; they are converted both ways here, and a result whose `text`
only matches as code points is read as code points.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Iterable, Iterator

from annotate.io.formats.base import Destination, ExportDocument, ImportedDocument, ImportedSpan, LineError, ReadItem, Sample, WriteOptions, WriteReport
from annotate.io.formats.jsonio import json_document, keys_of
from annotate.io.formats.jsonl import meta_of

FROM_NAME, TO_NAME = "label", "text"


def utf16_offsets(text: str) -> list[int]:
    """For each code-point offset 0..len, the UTF-16 offset."""
    positions, cursor = [0], 0
    for char in text:
        cursor += 2 if ord(char) > 0xFFFF else 1
        positions.append(cursor)
    return positions


def code_points(text: str) -> dict[int, int]:
    """UTF-16 offset -> code-point offset (offsets inside a surrogate pair are missing)."""
    return {u: c for c, u in enumerate(utf16_offsets(text))}


def _result(number: int, text: str, units: list[int], span: Any) -> dict[str, Any]:
    return {
        "id": f"s{number}",
        "from_name": FROM_NAME,
        "to_name": TO_NAME,
        "type": "labels",
        "value": {"start": units[span.start], "end": units[span.end], "text": text[span.start : span.end], "labels": [span.label]},
    }


def task(doc: ExportDocument) -> dict[str, Any]:
    article = doc.article
    units = utf16_offsets(article.text)
    results = [_result(n, article.text, units, s) for n, s in enumerate(doc.spans, start=1)]
    meta = meta_of(article)
    data: dict[str, Any] = {"text": article.text, "meta": meta, "attrs": [[s.start, s.end, s.attrs] for s in doc.spans if s.attrs]}
    row: dict[str, Any] = {"id": article.id, "data": data}
    if doc.predicted:
        row["predictions"] = [{"model_version": "vn-entity-workbench", "result": results}]
    else:
        if doc.view == "reviewed":  # gold is nobody's own work: an import of it must name whose it becomes
            meta["annotator"] = doc.annotator
        row["annotations"] = [{"result": results, "was_cancelled": False, "ground_truth": doc.view == "gold"}]
    return row


def _annotator(annotation: dict[str, Any], data: dict[str, Any]) -> str | None:
    who = annotation.get("completed_by")
    if isinstance(who, dict):
        who = who.get("email") or who.get("id")
    if isinstance(who, int) and not isinstance(who, bool):
        return f"ls-{who}"
    if isinstance(who, str) and who:
        return who
    meta = data.get("meta")
    return meta.get("annotator") if isinstance(meta, dict) and isinstance(meta.get("annotator"), str) else None


def _span(text: str, to_cp: dict[int, int], value: dict[str, Any], labels: list[Any]) -> ImportedSpan:
    start, end, quoted = value.get("start"), value.get("end"), value.get("text")
    label = labels[0] if labels else None
    if not all(isinstance(v, int) and not isinstance(v, bool) for v in (start, end)):
        return ImportedSpan(start, end, label, {}, text=quoted)
    cp_start, cp_end = to_cp.get(start, -1), to_cp.get(end, -1)  # type: ignore[arg-type]
    if quoted is not None and text[cp_start:cp_end] != quoted and text[start:end] == quoted:
        cp_start, cp_end = start, end  # a tool that wrote code points
    return ImportedSpan(cp_start if cp_start >= 0 else start, cp_end if cp_end >= 0 else end, label, {}, text=quoted)


def _documents(where: str, item: Any) -> Iterator[ReadItem]:
    if not isinstance(item, dict) or not isinstance(item.get("data"), dict):
        yield LineError(where, f"not a Label Studio task (saw keys: {keys_of(item)})")
        return
    data = item["data"]
    text = data.get("text")
    if not isinstance(text, str):
        strings = [v for v in data.values() if isinstance(v, str)]
        text = strings[0] if len(strings) == 1 else None
    annotations = item.get("annotations") or item.get("completions") or []
    if not isinstance(annotations, list) or not annotations:
        yield ImportedDocument(where, text, answer="no annotations (predictions are not finished work)")
        return
    to_cp = code_points(text) if isinstance(text, str) else {}
    attrs = {(r[0], r[1]): r[2] for r in data.get("attrs") or [] if isinstance(r, list) and len(r) == 3 and isinstance(r[2], dict)}
    for number, annotation in enumerate(annotations, start=1):
        place = f"{where} annotation {number}"
        if not isinstance(annotation, dict) or not isinstance(annotation.get("result"), list):
            yield LineError(place, f"annotation without a 'result' list (saw keys: {keys_of(annotation)})")
            continue
        doc = ImportedDocument(place, text, meta=data.get("meta") if isinstance(data.get("meta"), dict) else {}, annotator=_annotator(annotation, data))
        if annotation.get("was_cancelled"):
            doc.answer = "cancelled (skipped in Label Studio)"
        other = 0
        for result in annotation["result"]:
            value = result.get("value") if isinstance(result, dict) else None
            labels = value.get("labels") if isinstance(value, dict) else None
            if not isinstance(labels, list) or not isinstance(text, str):
                other += 1
                continue
            span = _span(text, to_cp, value, labels)
            span.attrs = dict(attrs.get((span.start, span.end), {}))
            doc.spans.append(span)
        if other:
            doc.warnings.append(f"{place}: {other} results that are not text labels (relations, choices, text areas) ignored")
        yield doc


class LabelStudioFormat:
    name = "labelstudio"
    suffix = ".json"
    carries_status = False
    names_annotators = True
    description = "Label Studio tasks: predictions (pre-annotation) or annotations, UTF-16 offsets"

    def write(self, documents: Iterable[ExportDocument], destination: Destination, options: WriteOptions) -> WriteReport:
        report = WriteReport()
        with destination.text() as out:
            out.write("[")
            for number, doc in enumerate(documents):
                out.write(("," if number else "") + "\n" + json.dumps(task(doc), ensure_ascii=False))
                report.articles += 1
                report.spans += len(doc.spans)
            out.write("\n]\n")
        return report

    def read(self, path: Path) -> Iterator[ReadItem]:
        try:
            value = json_document(path)
        except LineError as error:
            yield error
            return
        tasks = value if isinstance(value, list) else [value]
        for number, item in enumerate(tasks, start=1):
            yield from _documents(f"task {number}", item)

    def sniff(self, sample: Sample) -> bool:
        value = sample.first_json
        if isinstance(value, list):
            value = value[0] if value else None
        return isinstance(value, dict) and isinstance(value.get("data"), dict) and any(k in value for k in ("annotations", "predictions", "completions", "id"))
