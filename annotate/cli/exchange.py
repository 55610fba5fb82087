"""`annotate export` and `annotate import`: curated data out, other people's annotations in."""
from __future__ import annotations

import sys
from pathlib import Path

import click

from annotate.cli.common import db_option, one_line_errors, say, staged_destination
from annotate.text.visible import for_stream

EXPORT_FORMATS = ("jsonl", "conll", "spacy", "hf", "doccano", "labelstudio", "prodigy", "brat", "csv")
IMPORT_FORMATS = tuple(f for f in EXPORT_FORMATS if f != "csv")
FOLDER_FORMATS = ("brat", "hf")  # hf writes a folder unless -o names a .parquet file


@click.command("export")
@db_option
@click.option("--view", type=click.Choice(["predicted", "reviewed", "gold"]), default="predicted", show_default=True,
              help="The machine's suggestions, one annotator's reviewed work, or the adjudicated gold.")
@click.option("--annotator", default=None, help="Whose reviewed work (with --view reviewed).")
@click.option("--format", "fmt", type=click.Choice(EXPORT_FORMATS), default="jsonl", show_default=True,
              help="jsonl (ours, what `annotate import` reads back byte for byte), conll (CoNLL-2003), spacy (DocBin), "
                   "hf (datasets folder, or a .parquet file), doccano, labelstudio, prodigy, brat (folder), csv (one span a row).")
@click.option("-o", "--output", type=click.Path(path_type=Path), default=None,
              help="File (or folder, for hf and brat) to write (default: stdout).")
@click.option("--include-unfinished", is_flag=True, help="Also articles not yet marked done.")
@click.option("--align", type=click.Choice(["strict", "expand", "contract"]), default="strict", show_default=True,
              help="Token formats: a span off token boundaries, partly outside the article or across a sentence break is "
                   "left out and reported (strict), widened (expand) or narrowed (contract).")
@click.option("--status", type=click.Choice(["decided", "all"]), default="decided", show_default=True,
              help="Human views: only accepted and edited spans (undecided suggestions left out and counted), "
                   "or all, each with its status (jsonl, spacy, hf, csv).")
@one_line_errors
def export_command(db_path: Path | None, view: str, annotator: str | None, fmt: str, output: Path | None,
                   include_unfinished: bool, align: str, status: str) -> None:
    """Write the curated dataset in an interchange format; every span that cannot be written is reported."""
    from annotate.io.export import export
    from annotate.store import open_database

    db = open_database(db_path, create=False)
    folder = fmt in FOLDER_FORMATS and not (output is not None and output.suffix == ".parquet")
    if output is not None and not folder and output.is_dir():
        raise ValueError(f"{output}: is a directory; --format {fmt} writes one file")
    with staged_destination(output, db, folder) as destination:  # all or nothing: a damaged page leaves no half export
        report = export(db, destination, view, annotator, fmt, include_unfinished, align=align, status=status)
    for note in report.notes:
        say(f"note: {note}", err=True)
    for moved in report.adjusted:
        say(f"moved: {moved}", err=True)
    for skipped in report.skipped:
        say(f"skipped: {skipped}", err=True)
    where = f" to {output}" if output else ""
    say(report.summary() + where, err=True)
    if report.skipped:
        sys.exit(1)


@click.command("import")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@db_option
@click.option("--annotator", default=None,
              help="Whose finished work this is (required unless the file names its annotators: Label Studio's completed_by).")
@click.option("--format", "fmt", type=click.Choice(IMPORT_FORMATS), default=None,
              help="The file's format (default: detected from its content).")
@one_line_errors
def import_command(files: tuple[Path, ...], db_path: Path | None, annotator: str | None, fmt: str | None) -> None:
    """Load annotations made elsewhere (any interchange format) as finished work."""
    from annotate.io.formats import detect, get_format
    from annotate.io.formats.base import LineError
    from annotate.io.importer import import_file
    from annotate.store import open_database

    db = open_database(db_path)
    failed = False
    for file in files:
        try:
            chosen = get_format(fmt) if fmt else detect(file) if file.exists() else None
        except LineError as error:
            say(f"error: {file}: {error}", err=True)
            failed = True
            continue
        if chosen is not None and not annotator and not getattr(chosen, "names_annotators", False):
            raise click.UsageError(for_stream(f"{file}: {chosen.name} files do not say whose work they are: give --annotator NAME", sys.stderr))
        report = import_file(db, file, annotator, fmt=chosen)
        for warning in report.warnings:
            say(f"warning: {warning}", err=True)
        for skipped in report.skipped:
            say(f"skipped: {skipped}", err=True)
        for failure in report.failed:
            say(f"error: {failure}", err=True)
        kind = f" ({report.format})" if report.format else ""
        say(f"{file}{kind}: {report.summary()}")
        failed = failed or bool(report.failed)
    if failed:
        sys.exit(1)


COMMANDS = (export_command, import_command)
