"""The workbench as a library: open a database, ingest, read articles with their spans, export, import.

The `annotate` command is a thin shell over these functions, so a script
gets exactly what the command gives: the same files, the same reports of
what could not be written, the same errors (an OptionError for options that
cannot work together, a one-line AnnotateError for bad input). Examples that
run as tests: docs/api.md.
"""
from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, Callable, Iterable, Iterator

from sqlite_utils import Database

from annotate.errors import OptionError
from annotate.io.export import VIEWS, ExportRequest, write_request
from annotate.io.formats import EXPORT_FORMATS, IMPORT_FORMATS, detect, get_format
from annotate.io.formats.base import Destination, ExportDocument, LineError, WriteReport
from annotate.io.split import HF_NAMES, SplitCounts, SplitSpec, export_split
from annotate.schema import Schema, cached_schema
from annotate.store.database import database_path
from annotate.store.database import open_database as _open_database

if TYPE_CHECKING:  # the reports' modules load the text pipeline; a script that only exports never needs them
    from annotate.io.importer import ImportReport
    from annotate.io.ingest import IngestReport
    from annotate.io.stats import Stats

__all__ = [
    "EXPORT_FORMATS", "IMPORT_FORMATS", "SAMPLES", "VIEWS", "ExportResult", "articles", "detect_format", "export",
    "import_file", "ingest", "open_database", "stats", "to_dataset_dict", "to_dict", "to_docbin",
]

SAMPLES = Path(__file__).resolve().parent / "samples"
FOLDER_FORMATS = ("hf", "brat")
Output = str | Path | IO[str] | None


@dataclass
class ExportResult:
    """What an export wrote: the report (every span not written as stored), and where each part went."""

    report: WriteReport
    files: dict[str, str] = field(default_factory=dict)
    counts: dict[str, SplitCounts] = field(default_factory=dict)
    card: Path | None = None

    def summary(self) -> str:
        return self.report.summary()


def open_database(path: str | Path | None = None, *, readonly: bool = False, create: bool = True) -> Database:
    """The database at path (default: $ANNOTATE_DB or db/annotate.db), migrated if older; created unless create=False."""
    return _open_database(path, readonly=readonly, create=create)


def ingest(
    paths: Iterable[str | Path], db: Database | str | Path | None = None, *, preannotate: bool = True,
    workers: int | None = None, progress: Callable[[int, int], None] | None = None, **options: Any,
) -> IngestReport:
    """Read, clean and pre-annotate article files (.txt, .jsonl; folders, globs); bad files are listed in the report.

    Further keyword options go to annotate.io.ingest.ingest (chunk_progress: the command's progress bar).
    """
    from annotate.io.ingest import ingest as run_ingest

    target = database_path(db) if isinstance(db, Database) else db
    if isinstance(db, Database) and target is None:
        raise OptionError("ingest runs in worker processes that open the database by its file: give a database on disk, not in memory")
    return run_ingest([str(p) for p in paths], target, workers=workers, progress=progress, preannotate=preannotate, **options)


def articles(
    db: Database, view: str = "predicted", annotator: str | None = None, *, include_unfinished: bool = False, status: str = "decided",
) -> Iterator[ExportDocument]:
    """The articles of a view, each with its spans (`doc.article.text`, `doc.spans`: offsets are code points), streamed."""
    request = ExportRequest(view, annotator, include_unfinished=include_unfinished, status=status)
    request.check()
    return request.documents(db, WriteReport())


def to_dict(doc: ExportDocument, carry_status: bool = False) -> dict[str, Any]:
    """One article as our JSONL object: text, spans (start, end, label, text, attrs), meta."""
    from annotate.io.formats.jsonl import document

    return document(doc.article, doc.spans, carry_status)


def _destination(output: Output | Destination, fmt: str) -> Destination:
    if isinstance(output, Destination):
        return output
    if output is None or output == "-":
        if fmt in FOLDER_FORMATS:
            raise OptionError(f"--format {fmt} writes a folder: give -o FOLDER, not standard output")
        return Destination(stream=sys.stdout)
    if isinstance(output, (str, Path)):
        return Destination(path=output)
    return Destination(stream=output)


def export(
    db: Database, output: Output | Destination = None, format: str = "jsonl", view: str = "predicted", annotator: str | None = None, *,
    include_unfinished: bool = False, align: str = "strict", status: str = "decided", max_tokens: int | None = None,
    docstart: str = "conll2003", split: str | None = None, seed: int | None = None, schema: Schema | None = None,
) -> ExportResult:
    """Write a view in a format to output (a path, "-" or None for stdout, or an open text stream).

    With split ("80/10/10"), output is a folder: one file a split and a
    dataset card (README.md) beside them. The result's report names every
    span that could not be written as stored; nothing is dropped silently.
    """
    request = ExportRequest(view, annotator, format, include_unfinished, align, status, max_tokens, docstart)
    request.check()
    if split is None:
        if seed is not None:
            raise OptionError("--seed places articles in splits: give --split too")
        destination = _destination(output, format)
        return ExportResult(write_request(db, request, destination, schema), {"all": destination.describe()})
    if output is None or output == "-" or not isinstance(output, (str, Path)):
        raise OptionError("--split writes a folder of files (one a split, and a dataset card): give -o FOLDER")
    from annotate.io.card import write_card

    folder = Path(output)
    result = export_split(db, folder, SplitSpec.parse(split, seed or 0), request, schema)
    card = write_card(db, folder, result, request, list((schema or cached_schema()).label_names))
    return ExportResult(result.report, result.files, result.counts, card)


def to_docbin(
    db: Database, view: str = "predicted", annotator: str | None = None, *, include_unfinished: bool = False,
    align: str = "strict", status: str = "decided", max_tokens: int | None = None, schema: Schema | None = None,
) -> tuple[object, WriteReport]:
    """A spaCy DocBin of the view in memory (as `--format spacy` writes it), and the report of spans it could not hold."""
    from annotate.io.formats.spacy_docbin import docbin

    request = ExportRequest(view, annotator, "spacy", include_unfinished, align, status, max_tokens)
    request.check()
    selection, report = WriteReport(), WriteReport()
    built = docbin(request.documents(db, selection), request.options(schema), report)
    return built, selection.merge(report)


def to_dataset_dict(
    db: Database, view: str = "predicted", annotator: str | None = None, *, include_unfinished: bool = False,
    align: str = "strict", status: str = "decided", max_tokens: int | None = None, split: str | None = None,
    seed: int | None = None, schema: Schema | None = None,
) -> tuple[object, WriteReport]:
    """A Hugging Face DatasetDict of the view in memory (`train`, or `train`/`validation`/`test` with split), and its report."""
    from annotate.io.formats.hf_dataset import dataset_dict
    from annotate.io.split import assign

    request = ExportRequest(view, annotator, "hf", include_unfinished, align, status, max_tokens)
    request.check()
    selection, report = WriteReport(), WriteReport()
    if split is None:
        if seed is not None:
            raise OptionError("--seed places articles in splits: give --split too")
        streams = {"train": request.documents(db, selection)}
    else:
        placed = assign(db, SplitSpec.parse(split, seed or 0), request)
        streams = {HF_NAMES[name]: request.documents(db, selection, ids) for name, ids in placed.items()}
    built = dataset_dict(streams, request.options(schema), report)
    return built, selection.merge(report)


def import_file(db: Database, path: str | Path, annotator: str | None = None, format: str | None = None, schema: Schema | None = None) -> ImportReport:
    """Load a file of annotations (any interchange format, detected unless given) as an annotator's finished work."""
    from annotate.io.importer import import_file as run_import

    path = Path(path)
    chosen = get_format(format) if format else None
    if chosen is None and path.exists():
        try:
            chosen = detect(path)
        except LineError:
            chosen = None  # the import reports it, naming the line and what it saw
    if chosen is not None and not annotator and not getattr(chosen, "names_annotators", False):
        raise OptionError(f"{path}: {chosen.name} files do not say whose work they are: give --annotator NAME")
    return run_import(db, path, annotator, schema, fmt=chosen)


def detect_format(path: str | Path) -> str:
    """The interchange format a file or folder is in, from its content (LineError naming what it saw otherwise)."""
    return detect(Path(path)).name


def stats(db: Database) -> Stats:
    """Articles, and spans by annotator, label and status."""
    from annotate.io.stats import collect

    return collect(db)
