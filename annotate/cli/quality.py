"""`annotate stats` and `annotate evaluate`: what the database holds, and how good the pre-annotator is."""
from __future__ import annotations

import json
from pathlib import Path

import click

from annotate.cli.common import db_option, one_line_errors, say


@click.command("stats")
@db_option
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
@click.option("--annotators", "per_annotator", is_flag=True,
              help="The desk's own work from the decision log: speed, acceptance, corrections, agreement with gold.")
@click.option("--format", "fmt", type=click.Choice(["table", "json", "csv"]), default=None,
              help="With --annotators: a table to read (default), JSON or CSV.")
@one_line_errors
def stats(db_path: Path | None, as_json: bool, per_annotator: bool, fmt: str | None) -> None:
    """Articles, and spans by label, status and annotator; --annotators: each annotator's work."""
    from annotate import api

    if per_annotator:
        _desk_stats(db_path, "json" if as_json and not fmt else (fmt or "table"))
        return
    if fmt:
        raise click.UsageError("--format goes with --annotators (use --json for the counts)")
    result = api.stats(api.open_database(db_path, create=False))
    if as_json:
        click.echo(json.dumps(result.as_dict(), ensure_ascii=False, indent=2))
    else:
        say(result.format())


def _desk_stats(db_path: Path | None, fmt: str) -> None:
    """`stats --annotators`: read the log, print the chosen format."""
    from annotate import api
    from annotate.io.desk_stats import desk_stats, format_table, to_csv, to_json

    db = api.open_database(db_path, create=False)
    try:
        result = desk_stats(db)
    finally:
        db.close()
    if fmt == "table":
        say(format_table(result))
    else:
        click.echo(to_json(result) if fmt == "json" else to_csv(result), nl=fmt == "json")


@click.command("evaluate")
@click.option("--gold", "gold_path", required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path), help="Gold JSONL (export format).")
@click.option("--predicted", "predicted_path", type=click.Path(exists=True, dir_okay=False, path_type=Path), default=None, help="Predictions JSONL (default: run the pre-annotator on the gold texts).")
@db_option
@click.option("--from-db", is_flag=True, help="Score the database's stored suggestions instead.")
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
@one_line_errors
def evaluate(gold_path: Path, predicted_path: Path | None, db_path: Path | None, from_db: bool, as_json: bool) -> None:
    """Score predictions against gold: strict/overlap P/R/F1 per label, attribute accuracy, errors."""
    from annotate.io.evaluate import evaluate as run_evaluate
    from annotate.io.evaluate import format_report, report_to_dict

    gold = [json.loads(line) for line in gold_path.read_text(encoding="utf-8").split("\n") if line.strip()]
    if predicted_path:
        predicted = [json.loads(line) for line in predicted_path.read_text(encoding="utf-8").split("\n") if line.strip()]
    elif from_db:
        from annotate import api

        predicted = [api.to_dict(doc) for doc in api.articles(api.open_database(db_path, create=False), "predicted")]
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
    if as_json:
        click.echo(json.dumps(report_to_dict(report), ensure_ascii=False, indent=2))
    else:
        say(format_report(report))


COMMANDS = (stats, evaluate)
