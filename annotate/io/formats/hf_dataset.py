"""A Hugging Face `datasets.DatasetDict` saved to disk (or one split as a `.parquet` file).

One row a sentence of the article proper (furniture and text outside the
region left out, as in CoNLL): `tokens`, `ner_tags` (a `ClassLabel`: O, then
B-/I- of each schema label in schema order), `offsets` (each token's code-point
start and end in the stored article text, for aligning subwords back),
`spans` (start, end, label, text, attrs as JSON, status: offsets into the
article text) and `meta` (article id, sentence number, source, title, url,
content hash). Without a split the one split is `train`, as `load_dataset`
names it. On import the tags are the annotation (attributes come from the
span with the same offsets), and rows go back onto the stored article with
the same tokens, as CoNLL does.
"""
from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import Any, Iterable, Iterator

from annotate.errors import OptionError
from annotate.io.formats.align import AlignedDocument, align
from annotate.io.formats.base import Destination, ExportDocument, LineError, ReadItem, Sample, WriteOptions, WriteReport
from annotate.io.formats.extras import require
from annotate.io.formats.pieces import cut_long_sentences
from annotate.io.formats.tagged import rebuilt_document
from annotate.io.formats.tokens import article_grid

SPLIT = "train"


def tag_names(labels: Iterable[str]) -> list[str]:
    return ["O"] + [f"{prefix}-{label}" for label in labels for prefix in ("B", "I")]


def features(labels: Iterable[str]) -> Any:
    datasets = require("datasets", "hf")
    value, listed = datasets.Value, datasets.List
    return datasets.Features({
        "id": value("string"),
        "tokens": listed(value("string")),
        "ner_tags": listed(datasets.ClassLabel(names=tag_names(labels))),
        "offsets": listed(listed(value("int32"), length=2)),
        "spans": listed({"start": value("int32"), "end": value("int32"), "label": value("string"), "text": value("string"), "attrs": value("string"), "status": value("string")}),
        "meta": {"article_id": value("int64"), "sentence": value("int32"), "source": value("string"), "title": value("string"), "url": value("string"), "content_hash": value("string")},
    })


def rows(aligned: AlignedDocument, carry_status: bool) -> Iterator[dict[str, Any]]:
    """One row a sentence, with the spans inside it."""
    grid, article = aligned.grid, aligned.document.article
    tags = aligned.tags()
    by_first = {t.first: t for t in aligned.spans}
    for number, (first, last) in enumerate(grid.sentences):
        spans = []
        for index in range(first, last):
            token_span = by_first.get(index)
            if token_span is None:
                continue
            span, start, end = token_span.span, grid.starts[token_span.first], grid.ends[token_span.last - 1]
            status = span.status if carry_status and not aligned.document.predicted else "accepted"
            attrs = getattr(span, "attrs_json", None) or json.dumps(span.attrs, ensure_ascii=False)
            spans.append({"start": start, "end": end, "label": span.label, "text": article.text[start:end], "attrs": attrs, "status": status})
        yield {
            "id": f"{article.id}-{number}",
            "tokens": [grid.token(i) for i in range(first, last)],
            "ner_tags": tags[first:last],
            "offsets": [[grid.starts[i], grid.ends[i]] for i in range(first, last)],
            "spans": spans,
            "meta": {"article_id": article.id, "sentence": number, "source": article.source, "title": article.title, "url": article.url, "content_hash": article.content_hash},
        }


def _quietly(datasets: Any) -> bool:
    quiet = datasets.are_progress_bars_disabled()
    datasets.disable_progress_bars()
    return quiet


class HfFormat:
    name = "hf"
    suffix = ""
    carries_status = True
    has_sentences = True
    description = "Hugging Face DatasetDict on disk (or .parquet): tokens, ner_tags ClassLabel, spans, meta"

    def write(self, documents: Iterable[ExportDocument], destination: Destination, options: WriteOptions) -> WriteReport:
        return self.write_splits({SPLIT: documents}, destination, options)

    def write_splits(self, splits: dict[str, Iterable[ExportDocument]], destination: Destination, options: WriteOptions) -> WriteReport:
        """One DatasetDict with a split per entry (streamed through Arrow files, so memory stays flat)."""
        datasets = require("datasets", "hf")
        parquet = destination.path is not None and destination.path.suffix == ".parquet"
        if parquet and len(splits) > 1:
            raise OptionError("--format hf with --split writes a DatasetDict folder: give -o FOLDER, not a .parquet file")
        target = destination.path if parquet else destination.directory(self.name)
        report = WriteReport()
        quiet = _quietly(datasets)
        try:
            with tempfile.TemporaryDirectory(prefix="annotate-hf-") as scratch:
                written = {name: _arrow(datasets, docs, Path(scratch) / f"{name}.arrow", options, report) for name, docs in splits.items()}
                if parquet:
                    assert target is not None
                    target.parent.mkdir(parents=True, exist_ok=True)
                    written[SPLIT].to_parquet(str(target))
                else:
                    datasets.DatasetDict(written).save_to_disk(str(target))
                del written
        finally:
            if not quiet:
                datasets.enable_progress_bars()
        return report

    def read(self, path: Path) -> Iterator[ReadItem]:
        datasets = require("datasets", "hf")
        try:
            if path.suffix == ".parquet":
                import pyarrow.parquet as pq

                loaded: Any = {SPLIT: datasets.Dataset(pq.read_table(str(path)))}
            else:
                loaded = datasets.load_from_disk(str(path))
                loaded = loaded if isinstance(loaded, datasets.DatasetDict) else {SPLIT: loaded}
        except (FileNotFoundError, ValueError, OSError) as error:
            yield LineError("folder", f"not a saved Hugging Face dataset ({error})")
            return
        for split, dataset in loaded.items():
            missing = {"tokens", "ner_tags"} - set(dataset.column_names)
            if missing:
                yield LineError(f"split {split}", f"no {', '.join(sorted(missing))} column (saw: {', '.join(dataset.column_names)})")
                continue
            yield from _documents(split, dataset)

    def sniff(self, sample: Sample) -> bool:
        if sample.is_dir:
            return "dataset_dict.json" in sample.names or ("state.json" in sample.names and "dataset_info.json" in sample.names)
        return sample.head[:4] == b"PAR1"


def _arrow(datasets: Any, documents: Iterable[ExportDocument], path: Path, options: WriteOptions, report: WriteReport) -> Any:
    """Write one split's rows to an Arrow file as they come, and open it as a Dataset (memory-mapped)."""
    from datasets.arrow_writer import ArrowWriter

    with ArrowWriter(features=features(options.labels), path=str(path)) as writer:
        for row in _rows(documents, options, report):
            writer.write(row)
        writer.finalize()
    return datasets.Dataset.from_file(str(path))


def dataset_dict(splits: dict[str, Iterable[ExportDocument]], options: WriteOptions, report: WriteReport) -> Any:
    """A DatasetDict in memory, a split per entry (what the API hands to code that trains with transformers)."""
    datasets = require("datasets", "hf")
    wanted = features(options.labels)
    built = {name: datasets.Dataset.from_list(list(_rows(docs, options, report)), features=wanted) for name, docs in splits.items()}
    return datasets.DatasetDict(built)


def _rows(documents: Iterable[ExportDocument], options: WriteOptions, report: WriteReport) -> Iterator[dict[str, Any]]:
    """Every row of every document (spans with labels outside the schema reported, as ner_tags cannot hold them)."""
    known = set(options.labels)
    for doc in documents:
        for span in doc.spans:
            if span.label not in known:
                report.skip(doc, span, f"label {span.label!r} is not in the schema, so ner_tags has no class for it")
        kept = ExportDocument(doc.article, tuple(s for s in doc.spans if s.label in known), doc.view, doc.annotator)
        aligned = align(kept, article_grid(doc.article), options.align, report)
        cut_long_sentences(aligned, options.max_tokens, report)
        yield from rows(aligned, options.carry_status)
        report.articles += 1
        report.spans += len(aligned.spans)


def _tag_names(dataset: Any) -> list[str] | None:
    feature = dataset.features["ner_tags"]
    inner = getattr(feature, "feature", None)
    return list(inner.names) if hasattr(inner, "names") else None


def _documents(split: str, dataset: Any) -> Iterator[ReadItem]:
    """Rows grouped into articles (consecutive rows with one meta.article_id), each a rebuilt document."""
    names = _tag_names(dataset)
    group: list[dict[str, Any]] = []
    group_key: Any = object()
    for number, row in enumerate(dataset):
        meta = row.get("meta") or {}
        key = meta.get("article_id") if meta.get("article_id") is not None else f"row {number}"
        if group and key != group_key:
            yield _document(split, group, names)
            group = []
        group_key = key
        group.append({**row, "_row": number})
    if group:
        yield _document(split, group, names)


def _document(split: str, group: list[dict[str, Any]], names: list[str] | None) -> ReadItem:
    where = f"split {split} row {group[0]['_row']}"
    sentences = []
    for row in group:
        tags = [names[t] if names is not None and isinstance(t, int) else t for t in row["ner_tags"]]
        if len(tags) != len(row["tokens"]):
            return LineError(f"split {split} row {row['_row']}", f"{len(row['tokens'])} tokens but {len(tags)} tags")
        sentences.append(list(zip(row["tokens"], tags)))
    doc = rebuilt_document(where, sentences)
    offsets = [tuple(o) for row in group for o in (row.get("offsets") or [])]
    extra = {(s["start"], s["end"]): s for row in group for s in (row.get("spans") or [])}
    if offsets and len(offsets) == len(doc.token_offsets or []):
        starts = {s: i for i, (s, _) in enumerate(doc.token_offsets or [])}
        ends = {e: i for i, (_, e) in enumerate(doc.token_offsets or [])}
        for span in doc.spans:
            found = extra.get((offsets[starts[span.start]][0], offsets[ends[span.end]][1]))
            if found:
                span.attrs = _attrs(found.get("attrs"), doc, where)
                span.status = found.get("status") or "accepted"
    meta = group[0].get("meta") or {}
    doc.meta = {k: meta[k] for k in ("source", "title", "url", "article_id") if meta.get(k) is not None}
    return doc


def _attrs(raw: Any, doc: Any, where: str) -> dict[str, Any]:
    if isinstance(raw, dict):
        return raw
    try:
        value = json.loads(raw) if isinstance(raw, str) and raw else {}
    except (json.JSONDecodeError, RecursionError):
        doc.warnings.append(f"{where}: span attrs {raw[:40]!r} are not JSON: ignored")
        return {}
    return value if isinstance(value, dict) else {}
