"""The `annotate` command: thin wrappers over the library, one-line errors.

A bare `annotate` opens the review app on the default database (ingesting the
bundled samples first when it is empty). Heavy imports stay inside commands.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import click
from click_default_group import DefaultGroup

from annotate.commands.common import db_option, login_name, one_line_errors

SAMPLES = Path(__file__).resolve().parent / "samples"

annotator_option = click.option("--annotator", default=login_name, show_default="login name", help="Whose decisions these are.")


@click.group(cls=DefaultGroup, default="review", default_if_no_args=True)
@click.version_option(package_name="vn-entity-workbench")
def main() -> None:
    """Curate entity-annotated Vietnamese news: officials, localities, figures."""


@main.command()
@db_option
@annotator_option
@click.option("--samples/--no-samples", default=True, help="Ingest the bundled sample articles into an empty database.")
@one_line_errors
def review(db_path: Path | None, annotator: str, samples: bool) -> None:
    """Open the keyboard-driven review app."""
    from tui.app import run_app

    run_app(db_path=db_path, annotator=annotator, samples=SAMPLES if samples else None)


class TerminalProgress:
    """A progress bar on stderr when it is a terminal, silence otherwise."""

    def __init__(self, label: str):
        self.label = label
        self.bar = None
        self.task = None

    def __enter__(self) -> "TerminalProgress":
        if sys.stderr.isatty():
            from rich.console import Console
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

            self.bar = Progress(TextColumn(self.label), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(), console=Console(stderr=True), transient=True)
            self.bar.__enter__()
            self.task = self.bar.add_task(self.label, total=None)
        return self

    def __call__(self, done: int, total: int) -> None:
        if self.bar is not None:
            self.bar.update(self.task, completed=done, total=total)

    def __exit__(self, *exc: Any) -> None:
        if self.bar is not None:
            self.bar.__exit__(*exc)


@main.command()
@click.argument("paths", nargs=-1, required=True)
@db_option
@click.option("--workers", type=click.IntRange(1, 64), default=None, help="Processes for pre-annotation (default: every core).")
@click.option("--preannotate/--no-preannotate", default=True, help="Store machine suggestions for each article.")
@one_line_errors
def ingest(paths: tuple[str, ...], db_path: Path | None, workers: int | None, preannotate: bool) -> None:
    """Load article files (.txt, .jsonl; files, folders, globs) into the database."""
    from annotate.ingest import ingest as run_ingest

    with TerminalProgress("pre-annotating") as progress:
        report = run_ingest(paths, db_path, workers=workers, progress=progress, preannotate=preannotate)
    for failure in report.failed:
        click.echo(f"error: {failure}", err=True)
    click.echo(report.summary())
    if not report.ok:
        sys.exit(1)


@main.command("export")
@db_option
@click.option("--view", type=click.Choice(["predicted", "reviewed", "gold"]), default="predicted", show_default=True)
@click.option("--annotator", default=None, help="Whose reviewed work (with --view reviewed).")
@click.option("--format", "fmt", type=click.Choice(["jsonl", "conll", "csv"]), default="jsonl", show_default=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=None, help="File to write (default: stdout).")
@click.option("--include-unfinished", is_flag=True, help="Also articles not yet marked done.")
@one_line_errors
def export_command(db_path: Path | None, view: str, annotator: str | None, fmt: str, output: Path | None, include_unfinished: bool) -> None:
    """Write the curated dataset (JSONL spans, CoNLL BIO or CSV)."""
    from annotate.export import export
    from annotate.store import open_database

    db = open_database(db_path)
    if output:
        with output.open("w", encoding="utf-8", newline="\n") as out:
            count = export(db, out, view, annotator, fmt, include_unfinished)
        click.echo(f"wrote {count} articles to {output}", err=True)
    else:
        export(db, sys.stdout, view, annotator, fmt, include_unfinished)


@main.command("import")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@db_option
@click.option("--annotator", required=True, help="Whose finished work this is.")
@one_line_errors
def import_command(files: tuple[Path, ...], db_path: Path | None, annotator: str) -> None:
    """Load annotations in the export's JSONL format as one annotator's finished work."""
    from annotate.importer import import_file
    from annotate.store import open_database

    db = open_database(db_path)
    failed = False
    for file in files:
        report = import_file(db, file, annotator)
        for failure in report.failed:
            click.echo(f"error: {failure}", err=True)
        click.echo(f"{file}: {report.summary()}")
        failed = failed or bool(report.failed)
    if failed:
        sys.exit(1)


@main.command()
@db_option
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
@one_line_errors
def stats(db_path: Path | None, as_json: bool) -> None:
    """Articles, and spans by label, status and annotator."""
    from annotate.stats import collect
    from annotate.store import open_database

    result = collect(open_database(db_path))
    click.echo(json.dumps(result.as_dict(), ensure_ascii=False, indent=2) if as_json else result.format())


@main.command()
@click.option("--gold", "gold_path", required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path), help="Gold JSONL (export format).")
@click.option("--predicted", "predicted_path", type=click.Path(exists=True, dir_okay=False, path_type=Path), default=None, help="Predictions JSONL (default: run the pre-annotator on the gold texts).")
@db_option
@click.option("--from-db", is_flag=True, help="Score the database's stored suggestions instead.")
@click.option("--json", "as_json", is_flag=True)
@one_line_errors
def evaluate(gold_path: Path, predicted_path: Path | None, db_path: Path | None, from_db: bool, as_json: bool) -> None:
    """Score predictions against gold: strict/overlap P/R/F1 per label, attribute accuracy, errors."""
    from annotate.evaluate import evaluate as run_evaluate
    from annotate.evaluate import format_report, report_to_dict

    gold = [json.loads(line) for line in gold_path.read_text(encoding="utf-8").splitlines() if line.strip()]
    if predicted_path:
        predicted = [json.loads(line) for line in predicted_path.read_text(encoding="utf-8").splitlines() if line.strip()]
    elif from_db:
        from annotate.export import document, select
        from annotate.store import open_database

        predicted = [document(a, s) for a, s in select(open_database(db_path), "predicted")]
    else:
        from annotate.preannotate.pipeline import Preannotator

        preannotator = Preannotator()
        predicted = []
        for doc in gold:
            meta = doc.get("meta", {})
            region = tuple(meta["article"]) if meta.get("article") else None
            spans = preannotator.annotate(doc["text"], region, [tuple(r) for r in meta.get("furniture_inside", [])])
            predicted.append({"text": doc["text"], "meta": meta, "spans": [{"start": s.start, "end": s.end, "label": s.label, "attrs": s.attrs} for s in spans]})
    report = run_evaluate(gold, predicted)
    click.echo(json.dumps(report_to_dict(report), ensure_ascii=False, indent=2) if as_json else format_report(report))


from annotate.commands.team import register as register_team_commands  # noqa: E402

register_team_commands(main)  # agreement, adjudicate, merge, assign

if __name__ == "__main__":
    main()
