"""Team commands: agreement, adjudicate --auto, merge and assign.

Thin wrappers over annotate.team and annotate.services.adjudication; heavy
imports stay inside the commands so `annotate --help` stays fast.
"""
from __future__ import annotations

from pathlib import Path

import click

from annotate.cli.common import db_option, login_name, one_line_errors, require_database, say


def _names(value: str | None) -> list[str] | None:
    """Comma-separated names; None when not given."""
    if not value:
        return None
    names = [n.strip() for n in value.split(",") if n.strip()]
    return names or None


@click.command("agreement")
@db_option
@click.option("--labels", default=None, help="Only these labels, comma-separated (default: every label used).")
@click.option("--annotators", default=None, help="Only these annotators, comma-separated; '@machine' is the pre-annotator (default: everyone who finished an article, plus @machine).")
@click.option("--no-machine", is_flag=True, help="Leave the pre-annotator out of the default set.")
@click.option("--format", "fmt", type=click.Choice(["table", "json", "csv"]), default="table", show_default=True,
              help="A table to read, or JSON / CSV for programs and spreadsheets.")
@click.option("--articles", type=click.IntRange(0), default=10, show_default=True, help="Lowest-agreement articles listed in the table.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=None, help="File to write (default: stdout).")
@one_line_errors
def agreement_command(db_path: Path | None, labels: str | None, annotators: str | None, no_machine: bool, fmt: str, articles: int, output: Path | None) -> None:
    """Inter-annotator agreement: span F1, kappa, alpha, attributes, worst articles."""
    from annotate.store import open_database
    from annotate.team.agreement import compute_agreement
    from annotate.team.agreement_formats import format_table, to_csv, to_json

    db = open_database(db_path, create=False)
    try:
        report = compute_agreement(db, labels=_names(labels), annotators=_names(annotators), include_machine=False if no_machine else None)
    finally:
        db.close()
    text = {"table": lambda r: format_table(r, articles), "json": to_json, "csv": to_csv}[fmt](report)
    if output:
        output.write_text(text if text.endswith("\n") else text + "\n", encoding="utf-8")
        say(f"wrote {output}", err=True)
    elif fmt == "table":
        say(text.rstrip("\n"))
    else:
        click.echo(text.rstrip("\n"), color=True)  # CSV and JSON exactly: click would strip ESC sequences on a pipe


@click.command("adjudicate")
@db_option
@click.option("--auto", is_flag=True, help="Finish into gold every article whose annotators fully agree.")
@click.option("--adjudicator", default=lambda: login_name("adjudicator"), show_default="login name", help="Who adjudicates (logged with each decision).")
@click.option("--min-annotators", type=click.IntRange(1), default=2, show_default=True, help="Articles finished by at least this many people.")
@one_line_errors
def adjudicate_command(db_path: Path | None, auto: bool, adjudicator: str, min_annotators: int) -> None:
    """List articles to adjudicate into gold (conflicts, status); --auto merges the fully agreed ones."""
    from annotate.services.adjudication import Adjudicator

    session = Adjudicator(require_database(db_path), adjudicator)
    try:
        if auto:
            done = session.auto(min_annotators)
            say(f"finished {len(done)} fully agreed articles into gold" + (f": {', '.join(map(str, done))}" if done else ""))
            return
        candidates = session.candidates(min_annotators)
        if not candidates:
            say(f"no article has been finished by {min_annotators} annotators yet")
            return
        say(f"{'article':>7}  {'conflicts':>9}  {'open':>4}  {'gold':<11}  annotators / title")
        for c in candidates:
            say(f"{c.article_id:>7}  {c.conflicts:>9}  {c.unresolved:>4}  {c.status:<11}  {', '.join(c.annotators)}  {c.title[:50]}")
    finally:
        session.close()


@click.command("merge")
@click.argument("sources", nargs=-1, required=True, type=click.Path(dir_okay=False, path_type=Path))
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False, path_type=Path), help="Team database to create or update.")
@one_line_errors
def merge_command(sources: tuple[Path, ...], output: Path) -> None:
    """Merge per-annotator database files into one team database (articles matched by content)."""
    from annotate.team.merge import merge

    report = merge(list(sources), output)
    for line in report.details():
        say(line, err=True)
    say(report.summary())


@click.command("assign")
@db_option
@click.option("--annotators", required=True, help="Comma-separated annotator names.")
@click.option("--k", "k", type=click.IntRange(1), default=None, help="Annotators per article, round robin (default 1).")
@click.option("--overlap", type=click.FloatRange(0.0, 1.0), default=None, help="Fraction of articles given to everyone (the rest to one each).")
@click.option("--seed", type=int, default=0, show_default=True, help="Shuffle seed: the same seed gives the same assignment.")
@one_line_errors
def assign_command(db_path: Path | None, annotators: str, k: int | None, overlap: float | None, seed: int) -> None:
    """Hand out unassigned articles: k annotators each, or a shared fraction plus one each."""
    from annotate.store import open_database
    from annotate.team.assign import assign

    if k is not None and overlap is not None:
        raise click.UsageError("use either --k or --overlap, not both")
    db = open_database(db_path, create=False)
    try:
        report = assign(db, _names(annotators) or [], k=k or 1, overlap=overlap, seed=seed)
    finally:
        db.close()
    say(report.summary())


COMMANDS = (agreement_command, adjudicate_command, merge_command, assign_command)
