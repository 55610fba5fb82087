"""`annotate export` and `annotate import`: curated data out, other people's annotations in."""
from __future__ import annotations

import sys
from pathlib import Path

import click

from annotate.cli.common import db_option, one_line_errors, say, staged_destination
from annotate.cli.conventions import output_path, output_type

EXPORT_FORMATS = ("jsonl", "conll", "spacy", "hf", "doccano", "labelstudio", "prodigy", "brat", "csv")
IMPORT_FORMATS = tuple(f for f in EXPORT_FORMATS if f != "csv")
FOLDER_FORMATS = ("brat", "hf")  # hf writes a folder unless -o names a .parquet file


@click.command("export")
@db_option
@click.option("--view", type=click.Choice(["predicted", "reviewed", "gold"]), default="predicted", show_default=True,
              help="The machine's suggestions, one annotator's reviewed work, or the adjudicated gold.")
@click.option("--annotator", default=None, help="Whose reviewed work (with --view reviewed).")
@click.option("--format", "fmt", type=click.Choice(EXPORT_FORMATS), default="jsonl", show_default=True,
              help="jsonl (ours, what `annotate import` reads back byte for byte), conll (CoNLL-2003), spacy (DocBin; a folder of shards), "
                   "hf (datasets folder, or a .parquet file), doccano, labelstudio, prodigy, brat (folder), csv (one span a row).")
@click.option("-o", "--output", type=output_type, default=None,
              help="File (or folder, for hf, brat, spaCy shards and --split) to write; '-' or nothing: standard output.")
@click.option("--include-unfinished", is_flag=True, help="Also articles not yet marked done.")
@click.option("--align", type=click.Choice(["strict", "expand", "contract"]), default="strict", show_default=True,
              help="Token formats: a span off token boundaries, partly outside the article or across a sentence break is "
                   "left out and reported (strict), widened (expand) or narrowed (contract).")
@click.option("--status", type=click.Choice(["decided", "all"]), default="decided", show_default=True,
              help="Human views: only accepted and edited spans (undecided suggestions left out and counted), "
                   "or all, each with its status (jsonl, spacy, hf, csv).")
@click.option("--split", "split", metavar="TRAIN/DEV/TEST", default=None,
              help="Write train, dev and test files by article into the -o folder, with a dataset card (README.md): "
                   "e.g. 80/10/10, or 90/10 for train/test.")
@click.option("--seed", type=int, default=None, help="Which articles go to which split (default 0); the same seed always gives the same split.")
@click.option("--max-tokens", type=click.IntRange(1), default=None, metavar="N",
              help="Cut sentences longer than N tokens into pieces, never inside a span (conll, hf, spacy).")
@click.option("--docstart", type=click.Choice(["conll2003", "spacy"]), default="conll2003", show_default=True,
              help="CoNLL's document line: CoNLL-2003's '-DOCSTART- -X- -X- O', or spaCy's '-DOCSTART- -X- O O' "
                   "(the only one `spacy convert` splits documents on).")
@one_line_errors
def export_command(db_path: Path | None, view: str, annotator: str | None, fmt: str, output: Path | None,
                   include_unfinished: bool, align: str, status: str, split: str | None, seed: int | None,
                   max_tokens: int | None, docstart: str) -> None:
    """Write the curated dataset in an interchange format; every span that cannot be written is reported."""
    from annotate import api

    target = output_path(output)
    db = api.open_database(db_path, create=False)
    folder = split is not None or (fmt in FOLDER_FORMATS and not (target is not None and target.suffix == ".parquet")) \
        or (fmt == "spacy" and target is not None and target.suffix != ".spacy")
    if target is not None and not folder and target.is_dir():
        raise ValueError(f"{target}: is a directory; --format {fmt} writes one file")
    with staged_destination(target, db, folder) as destination:  # all or nothing: a damaged page leaves no half export
        result = api.export(db, target if split is not None else destination, fmt, view, annotator,
                            include_unfinished=include_unfinished, align=align, status=status,
                            max_tokens=max_tokens, docstart=docstart, split=split, seed=seed)
    sys.stdout.flush()
    report = result.report
    for note in report.notes:
        say(f"note: {note}", err=True)
    for moved in report.adjusted:
        say(f"moved: {moved}", err=True)
    for skipped in report.skipped:
        say(f"skipped: {skipped}", err=True)
    for name, counts in result.counts.items():
        say(f"{name}: {counts.articles} articles, {counts.spans} spans in {target / result.files[name] if target else name}", err=True)
    where = f" to {target}" if target else ""
    card = f" (dataset card {result.card})" if result.card else ""
    say(report.summary() + where + card, err=True)
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
    from annotate import api

    db = api.open_database(db_path)
    failed = False
    for file in files:
        report = api.import_file(db, file, annotator, fmt)
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
