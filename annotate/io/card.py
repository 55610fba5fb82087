"""The dataset card written next to a split export: what is in the files, by whom, under which rules.

README.md, as Hugging Face names a dataset card (YAML metadata first, then
Markdown): counts of articles and spans per label and split (spans a format
could not write already taken off), the view, format and options, the
guidelines' version, who annotated the exported articles, and how well the
annotators agree on the articles two of them finished (strict span F1;
`annotate agreement` adds kappa and alpha). Nothing in it changes between two
exports of the same data, so the card diffs as cleanly as the files.
"""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from itertools import combinations
from pathlib import Path

from sqlite_utils import Database

from annotate import __version__
from annotate.io.export import ExportRequest
from annotate.io.split import SplitResult
from annotate.store import layers, reviews
from annotate.store.database import GOLD, MACHINE
from annotate.text.visible import visible

GUIDELINES = Path(__file__).resolve().parent.parent / "GUIDELINES.md"
CARD_NAME = "README.md"
DECIDED = ("accepted", "edited")
_VERSION_LINE = re.compile(r"^\s*(?:version|phiên bản)\s*[:=]\s*(\S+)", re.IGNORECASE | re.MULTILINE)


@dataclass(frozen=True)
class PairAgreement:
    """Two annotators over the exported articles both finished: strict span F1 (None: nothing shared)."""

    a: str
    b: str
    articles: int
    f1: float | None


def cell(text: str) -> str:
    """A name as literal Markdown table text: control characters as placeholders (text.visible), pipes and markup escaped."""
    return re.sub(r"([\\|`*_\[\]<>#])", r"\\\1", visible(text))


def guidelines_version(path: Path = GUIDELINES) -> str:
    """A `Version:` line of the guidelines if they have one, else the first 12 hex digits of their sha256."""
    text = path.read_text(encoding="utf-8")
    found = _VERSION_LINE.search(text)
    return found.group(1) if found else f"sha256:{hashlib.sha256(text.encode('utf-8')).hexdigest()[:12]}"


def annotators(db: Database, request: ExportRequest, exported: set[int]) -> dict[str, int]:
    """Who made the exported annotations, with how many of the articles each finished."""
    if request.view == "predicted":
        return {f"{MACHINE} (the pre-annotator, not reviewed)": len(exported)}
    if request.view == "reviewed":
        return {str(request.annotator): len(exported)}
    finished = reviews.finished_articles(db)
    people = {name: len(ids & exported) for name, ids in finished.items() if not name.startswith("@") and ids & exported}
    return {**dict(sorted(people.items())), f"{GOLD} (adjudicated)": len(exported)}


def agreement(db: Database, exported: set[int]) -> list[PairAgreement]:
    """Strict span F1 for every pair of people who both finished some of the exported articles."""
    from annotate.metrics import MICRO, span_prf

    finished = {name: ids & exported for name, ids in reviews.finished_articles(db).items() if not name.startswith("@")}
    pairs = []
    for a, b in combinations(sorted(n for n, ids in finished.items() if ids), 2):
        shared = finished[a] & finished[b]
        if not shared:
            continue
        left, right = layers.spans_by_article(db, a, shared, DECIDED), layers.spans_by_article(db, b, shared, DECIDED)
        total = None
        for article_id in sorted(shared):
            counts = span_prf(left.get(article_id, []), right.get(article_id, []), "strict")[MICRO]
            total = counts if total is None else total + counts
        pairs.append(PairAgreement(a, b, len(shared), total.f1 if total is not None else None))
    return pairs


def _yaml(result: SplitResult, request: ExportRequest) -> list[str]:
    lines = ["---", "language:", "- vi", "task_categories:", "- token-classification", "task_ids:", "- named-entity-recognition",
             "pretty_name: 'Vietnamese news on Vietnamese-Chinese local cooperation: officials, localities, figures'",
             "tags:", "- vn-entity-workbench", f"- view-{request.view}", "splits:"]
    for name, counts in result.counts.items():
        lines.append(f"  {name}: {{articles: {counts.articles}, spans: {counts.spans}}}")
    return lines + ["---", ""]


def _counts_table(result: SplitResult, labels: list[str]) -> list[str]:
    header = ["split", "file", "articles", *labels, "spans"]
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    total_articles, total = 0, {label: 0 for label in labels}
    for name, counts in result.counts.items():
        lines.append("| " + " | ".join([name, f"`{result.files[name]}`", str(counts.articles), *(str(counts.labels.get(l, 0)) for l in labels), str(counts.spans)]) + " |")
        total_articles += counts.articles
        for label in labels:
            total[label] += counts.labels.get(label, 0)
    lines.append("| " + " | ".join(["total", "", str(total_articles), *(str(total[l]) for l in labels), str(sum(total.values()))]) + " |")
    return lines


def _options(result: SplitResult, request: ExportRequest) -> str:
    who = f" of {cell(str(request.annotator))}" if request.view == "reviewed" else ""
    extra = [f"--align {request.align}", f"--status {request.status}"]
    if request.max_tokens is not None:
        extra.append(f"--max-tokens {request.max_tokens}")
    if request.fmt == "conll":
        extra.append(f"--docstart {request.docstart}")
    return (f"View `{request.view}`{who}, format `{request.fmt}` ({', '.join(extra)}), split {result.spec} with seed "
            f"{result.spec.seed}: by article, versions of one article in one split, each article's split fixed by the "
            f"seed and the article alone (re-exporting never moves one).")


def _agreement_lines(pairs: list[PairAgreement]) -> list[str]:
    if not pairs:
        return ["No exported article was finished by two annotators, so agreement is not measured."]
    lines = ["Strict span F1 over the exported articles both finished (`annotate agreement` adds kappa and alpha):", "",
             "| annotators | articles | span F1 |", "|---|---|---|"]
    lines += [f"| {cell(p.a)} / {cell(p.b)} | {p.articles} | {'-' if p.f1 is None else f'{p.f1:.3f}'} |" for p in pairs]
    return lines


def dataset_card(db: Database, result: SplitResult, request: ExportRequest, labels: list[str]) -> str:
    """The card's text (Markdown with YAML metadata)."""
    exported = {article_id for ids in result.ids.values() for article_id in ids}
    used = [label for label in labels if any(c.labels.get(label) for c in result.counts.values())]
    used += sorted({label for c in result.counts.values() for label, n in c.labels.items() if n and label not in used})
    lines = _yaml(result, request)
    lines += ["# Dataset card", "", f"Exported by vn-entity-workbench {__version__}. {_options(result, request)}", "",
              f"Annotation guidelines: `annotate/GUIDELINES.md`, version `{guidelines_version()}`.", "", "## Counts", ""]
    lines += _counts_table(result, used) + [""]
    report = result.report
    if report.skipped:
        lines += [f"{len(report.skipped)} spans could not be written in this format and are not counted above "
                  "(each was reported when the export ran; `--align expand` or `contract` moves them).", ""]
    lines += ["## Annotators", "", "| annotator | articles |", "|---|---|"]
    lines += [f"| {cell(name)} | {count} |" for name, count in annotators(db, request, exported).items()]
    lines += ["", "## Agreement", ""] + _agreement_lines(agreement(db, exported) if request.view != "predicted" else [])
    return "\n".join(lines) + "\n"


def write_card(db: Database, folder: Path, result: SplitResult, request: ExportRequest, labels: list[str]) -> Path:
    """Write README.md into the split folder; returns its path."""
    path = folder / CARD_NAME
    path.write_text(dataset_card(db, result, request, labels), encoding="utf-8", newline="\n")
    return path
