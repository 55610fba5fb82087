"""brat standoff: a folder of `NAME.txt` (the whole text) and `NAME.ann` beside it.

Entities are `T` lines (`T1<TAB>LABEL start end<TAB>text`, code points,
end-exclusive); an attribute whose value is one word is an `A` line
(`A1<TAB>country T1 CN`) for brat's display, and the entity's `#` note holds
all of them as JSON (`#1<TAB>AnnotatorNotes T1<TAB>{...}`), so numbers and
values with spaces come back with their types and order; a note that is not
JSON (another tool's) is kept as the attribute `note`. An `annotation.conf` lists the labels and
attributes so brat can open the folder. brat keeps no span status and no
article region: on import a new article gets its region from the layout.
Discontinuous entities, relations and events are reported, not guessed at.
"""
from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any, Iterable, Iterator

from annotate.io.formats.base import Destination, ExportDocument, ImportedDocument, ImportedSpan, LineError, ReadItem, Sample, WriteOptions, WriteReport

_WORD = re.compile(r"^[^\s]+$")
_SAFE = re.compile(r"[^\w.-]+")


def file_stem(doc: ExportDocument) -> str:
    source = Path(doc.article.source).stem
    return f"{doc.article.id:06d}_{_SAFE.sub('_', source)[:60]}"


def ann_lines(doc: ExportDocument) -> list[str]:
    text = doc.article.text
    lines: list[str] = []
    attribute, note = 0, 0
    for number, span in enumerate(doc.spans, start=1):
        covered = text[span.start : span.end].replace("\n", " ").replace("\t", " ")
        lines.append(f"T{number}\t{span.label} {span.start} {span.end}\t{covered}")
        for name, value in span.attrs.items():
            if isinstance(value, str) and _WORD.match(value) and _WORD.match(name):
                attribute += 1
                lines.append(f"A{attribute}\t{name} T{number} {value}")
        if span.attrs:
            note += 1
            lines.append(f"#{note}\tAnnotatorNotes T{number}\t{json.dumps(span.attrs, ensure_ascii=False)}")
    return lines


def annotation_conf(labels: Iterable[str], attributes: dict[str, set[str]]) -> str:
    lines = ["[entities]", *labels, "", "[relations]", "", "[events]", "", "[attributes]"]
    for name, values in sorted(attributes.items()):
        lines.append(f"{name}\tArg:<ENTITY>, Value:{'|'.join(sorted(values))}")
    return "\n".join(lines) + "\n"


class BratFormat:
    name = "brat"
    suffix = ""
    carries_status = False
    description = "brat standoff folder: NAME.txt + NAME.ann, attributes as A and # lines"

    def write(self, documents: Iterable[ExportDocument], destination: Destination, options: WriteOptions) -> WriteReport:
        folder = destination.directory(self.name)
        report = WriteReport()
        attributes: dict[str, set[str]] = {}
        for doc in documents:
            stem = file_stem(doc)
            (folder / f"{stem}.txt").write_text(doc.article.text, encoding="utf-8", newline="")
            lines = ann_lines(doc)
            (folder / f"{stem}.ann").write_text("".join(line + "\n" for line in lines), encoding="utf-8", newline="")
            for line in lines:
                if line.startswith("A"):
                    name, _, value = line.split("\t")[1].split(" ")
                    attributes.setdefault(name, set()).add(value)
            report.articles += 1
            report.spans += len(doc.spans)
        (folder / "annotation.conf").write_text(annotation_conf(options.labels, attributes), encoding="utf-8")
        if report.articles:
            report.notes.append("brat keeps the text, spans and attributes; the article region and metadata are not kept")
        return report

    def read(self, path: Path) -> Iterator[ReadItem]:
        files = [path] if path.suffix == ".ann" else sorted(path.glob("*.ann"))
        for ann in files:
            yield _read_pair(ann)

    def sniff(self, sample: Sample) -> bool:
        if sample.is_dir:
            return any(name.endswith(".ann") for name in sample.names)
        return sample.path.suffix == ".ann"


def _read_pair(ann: Path) -> ReadItem:
    where = ann.name
    txt = ann.with_suffix(".txt")
    try:
        text = txt.read_bytes().decode("utf-8").removeprefix("\ufeff")
        lines = ann.read_bytes().decode("utf-8").split("\n")
    except FileNotFoundError:
        return LineError(where, f"no {txt.name} beside it")
    except UnicodeDecodeError as error:
        return LineError(where, f"not UTF-8 (byte {error.start + 1})")
    doc = ImportedDocument(where, text, meta={"source": txt.name})
    entities: dict[str, ImportedSpan] = {}
    for number, line in enumerate(lines, start=1):
        problem = _read_line(line, entities, doc)
        if problem:
            return LineError(f"{where}:{number}", problem)
    doc.spans = list(entities.values())
    return doc


def _read_line(line: str, entities: dict[str, ImportedSpan], doc: ImportedDocument) -> str | None:
    """Apply one .ann line to the entities read so far; a string is what is wrong with it."""
    if not line.strip():
        return None
    fields = line.split("\t")
    ident = fields[0]
    if ident.startswith("T"):
        if len(fields) < 2:
            return "an entity line needs ID<TAB>LABEL START END<TAB>TEXT"
        parts = fields[1].split(" ", 1)
        if len(parts) < 2 or ";" in parts[1]:
            return f"entity {ident} is discontinuous or has no offsets ({fields[1]!r}): not supported"
        bounds = parts[1].split()
        if len(bounds) != 2 or not all(b.isdigit() for b in bounds):
            return f"entity {ident}: offsets {parts[1]!r} are not two numbers"
        entities[ident] = ImportedSpan(int(bounds[0]), int(bounds[1]), parts[0], {}, text=None)
    elif ident.startswith("A") or ident.startswith("M"):
        parts = fields[1].split() if len(fields) > 1 else []
        if len(parts) < 2 or parts[1] not in entities:
            return f"attribute {ident} names no entity read before it"
        entities[parts[1]].attrs[parts[0]] = parts[2] if len(parts) > 2 else True
    elif ident.startswith("#"):
        parts = fields[1].split() if len(fields) > 1 else []
        target = entities.get(parts[1]) if len(parts) > 1 else None
        if target is not None and len(fields) > 2:
            target.attrs = {**_note(fields[2]), **{k: v for k, v in target.attrs.items() if k not in _note(fields[2])}}
    else:
        warning = f"{doc.where}: {ident[:1]} lines (relations, events, normalisations) are not imported"
        if warning not in doc.warnings:
            doc.warnings.append(warning)
    return None


def _note(note: str) -> dict[str, Any]:
    try:
        value = json.loads(note)
    except (json.JSONDecodeError, RecursionError):
        return {"note": note}
    return value if isinstance(value, dict) else {"note": note}
