"""`annotate entities`: the corpus's entities for one annotator, and bulk decisions on them from scripts.

A thin wrapper over annotate.services.entities: listing (table, JSON, CSV),
`--accept/--reject FORM --label L` on every pending mention (one transaction,
one undoable group), `--dry-run` for the count first, `--undo` for the last
bulk action.
"""
from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import click

from annotate.cli.common import db_option, login_name, one_line_errors, say

SORT_CHOICES = ("pending", "confidence", "low-confidence", "disagreement", "form")


def _row_dict(row: Any) -> dict[str, Any]:
    return {
        "form": row.form, "label": row.label, "canonical": row.canonical or None,
        "pending": row.pending, "accepted": row.accepted, "rejected": row.rejected, "edited": row.edited,
        "articles": row.articles, "mean_confidence": None if row.mean_confidence is None else round(row.mean_confidence, 4),
        "disputed": row.disputed, "attributes": {k: {"value": v, "count": n} for k, (v, n) in row.attributes.items()},
    }


def _attributes_text(row: Any) -> str:
    return ", ".join(f"{name}={value} ×{count}" for name, (value, count) in row.attributes.items())


def _table(rows: list[Any]) -> str:
    lines = [f"{'pending':>7} {'acc':>5} {'rej':>5} {'edit':>5} {'arts':>5} {'conf':>5} {'disp':>4}  {'label':<9} form / canonical / attributes"]
    for r in rows:
        conf = "—" if r.mean_confidence is None else f"{r.mean_confidence:.2f}"
        canonical = f" → {r.canonical}" if r.canonical and r.canonical != r.form else ""
        attrs = _attributes_text(r)
        lines.append(
            f"{r.pending:>7} {r.accepted:>5} {r.rejected:>5} {r.edited:>5} {r.articles:>5} {conf:>5} {r.disputed:>4}  {r.label:<9} "
            f"{r.form}{canonical}{'  [' + attrs + ']' if attrs else ''}"
        )
    lines.append(f"{len(rows)} entities, {sum(r.pending for r in rows)} pending mentions")
    return "\n".join(lines)


def _csv(rows: list[Any]) -> str:
    out = io.StringIO()
    fields = ["form", "label", "canonical", "pending", "accepted", "rejected", "edited", "articles", "mean_confidence", "disputed", "attributes"]
    writer = csv.DictWriter(out, fieldnames=fields, lineterminator="\n")
    writer.writeheader()
    for row in rows:
        data = _row_dict(row)
        data["attributes"] = json.dumps(data["attributes"], ensure_ascii=False)
        writer.writerow(data)
    return out.getvalue()


def _resolve_key(service: Any, form: str, label: str, canonical: str | None) -> Any:
    """The one entity FORM names with this label; several canonicals need --canonical."""
    from annotate.services.entities import EntityKey

    if canonical is not None:
        return EntityKey(form, label, canonical)
    found = sorted({r.canonical for r in service.rows(label=label) if r.form == form})
    if len(found) > 1:
        names = ", ".join(c or "(none)" for c in found)
        raise click.ClickException(f"“{form}” ({label}) has {len(found)} canonicals: {names}; name one with --canonical ('' for none)")
    return EntityKey(form, label, found[0] if found else "")


def _bulk(service: Any, verb: str, form: str, label: str, canonical: str | None, dry_run: bool) -> None:
    from annotate.services.entities import BulkAction

    service.schema.label(label)  # an unknown label is one line naming the known ones
    key = _resolve_key(service, form, label, canonical)
    what = f"“{key.form}” ({key.label}{', ' + key.canonical if key.canonical else ''})"
    preview = service.preview(key)
    if dry_run:
        say(f"would {verb} {preview.pending} pending mentions of {what} in {preview.articles} articles"
            f" ({preview.unopened} not opened yet); {preview.decided} already decided, left alone")
        return
    outcome = service.apply(key, BulkAction(verb))
    past = {"accept": "accepted", "reject": "rejected"}[verb]
    say(f"{past} {outcome.decided} mentions of {what} in one transaction; {outcome.left_decided} already decided, left alone"
        f"; {outcome.overlapping} skipped (overlap a decided span); {outcome.displaced} overlapping suggestions rejected"
        + (f"; undo with: annotate entities --undo --annotator {service.annotator}" if outcome.decided else ""))


@click.command("entities")
@db_option
@click.option("--annotator", default=lambda: login_name(), show_default="login name", help="Whose layer: their decisions, and the machine's suggestions on articles they have not opened.")
@click.option("--label", default=None, help="Only this label (required with --accept / --reject).")
@click.option("--search", default="", help="Only forms or canonicals containing this (accents and case aside).")
@click.option("--sort", type=click.Choice(SORT_CHOICES), default="pending", show_default=True, help="Row order: most pending, most or least sure, most disputed, or by form.")
@click.option("--format", "fmt", type=click.Choice(["table", "json", "csv"]), default="table", show_default=True, help="A table to read, or JSON / CSV for programs.")
@click.option("--limit", type=click.IntRange(0), default=None, help="At most this many rows (default: all).")
@click.option("--accept", "accept_form", default=None, metavar="FORM", help="Accept every pending mention of FORM (with --label).")
@click.option("--reject", "reject_form", default=None, metavar="FORM", help="Reject every pending mention of FORM (with --label).")
@click.option("--canonical", default=None, help="With --accept / --reject: the canonical of the entity, when FORM has several ('' for none).")
@click.option("--dry-run", is_flag=True, help="With --accept / --reject: only count what would be decided and left alone.")
@click.option("--undo", "undo_last", is_flag=True, help="Undo the annotator's last bulk decision (every mention it decided).")
@one_line_errors
def entities_command(db_path: Path | None, annotator: str, label: str | None, search: str, sort: str, fmt: str, limit: int | None,
                     accept_form: str | None, reject_form: str | None, canonical: str | None, dry_run: bool, undo_last: bool) -> None:
    """Entities over the corpus (one row per form, label and canonical) and bulk decisions on their pending mentions."""
    from annotate.services.entities import EntityService

    if accept_form is not None and reject_form is not None:
        raise click.UsageError("give --accept or --reject, not both")
    service = EntityService(db_path, annotator)
    try:
        if undo_last:
            result = service.undo_last_bulk()
            say("no bulk decision to undo" if result is None else
                f"undid the bulk decision to {result.group.description}: {result.undone} mentions back as before, {result.kept} changed since and kept")
            return
        form, verb = (accept_form, "accept") if accept_form is not None else (reject_form, "reject")
        if form is not None:
            if not label:
                raise click.UsageError(f"--{verb} needs --label")
            _bulk(service, verb, form, label, canonical, dry_run)
            return
        rows = service.rows(label=label, search=search, sort=sort)[:limit]
        if fmt == "table":
            say(_table(rows))
        elif fmt == "json":
            click.echo(json.dumps([_row_dict(r) for r in rows], ensure_ascii=False, indent=2), color=True)
        else:
            click.echo(_csv(rows).rstrip("\n"), color=True)
    finally:
        service.close()


COMMANDS = [entities_command]
