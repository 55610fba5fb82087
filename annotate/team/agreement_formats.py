"""The agreement report as text for people, JSON for programs, CSV for spreadsheets."""
from __future__ import annotations

import csv
import io
import json
from typing import Any

from annotate.metrics import MICRO, PRF
from annotate.team.agreement_report import ALL, AgreementReport

HEADLINE_ATTRIBUTES = ("canonical", "side", "value")


def _num(value: float | None, digits: int = 3) -> str:
    return "—" if value is None else f"{value:.{digits}f}"


def _label_name(label: str) -> str:
    return "all" if label == ALL else label


def _attr(counts: tuple[int, int]) -> str:
    agree, total = counts
    return "—" if not total else f"{agree}/{total}"


def format_table(report: AgreementReport, articles: int = 10) -> str:
    """Plain-text report: pairs, per-label matrices, alpha, worst articles, notes."""
    if len(report.annotators) < 2:
        return "Agreement needs two annotators who finished articles; found: " + (", ".join(report.annotators) or "none") + "."
    lines = [
        "Annotators: " + ", ".join(f"{n} ({report.finished[n]} finished)" for n in report.annotators),
        "Labels: " + (", ".join(report.labels) or "none"),
        "",
        "Pairs (micro over shared finished articles)",
    ]
    width = max(len(f"{p.a} × {p.b}") for p in report.pairs)
    head = f"{'pair':<{width}}  articles  F1 strict  F1 overlap  kappa  " + "  ".join(f"{k:>9}" for k in HEADLINE_ATTRIBUTES)
    lines.append(head)
    for p in report.pairs:
        cell = p.cell()
        lines.append(
            f"{p.a + ' × ' + p.b:<{width}}  {len(p.articles):>8}  {_num(cell.f1_strict):>9}  {_num(cell.f1_overlap):>10}  {_num(cell.kappa):>5}  "
            + "  ".join(f"{_attr(p.attributes.get(k, (0, 0))):>9}" for k in HEADLINE_ATTRIBUTES)
        )
    lines += ["", "Per label: F1 strict / F1 overlap / kappa"]
    names = report.annotators
    col = max(18, *(len(n) for n in names))
    for label in [*report.labels, ALL]:
        lines.append(f"{_label_name(label)}")
        lines.append(" " * col + "".join(f"{n:>{col}}" for n in names))
        for a in names:
            row = f"{a:<{col}}"
            for b in names:
                cell = report.cell(label, a, b)
                text = "·" if cell is None else f"{_num(cell.f1_strict, 2)}/{_num(cell.f1_overlap, 2)}/{_num(cell.kappa, 2)}"
                row += f"{text:>{col}}"
            lines.append(row)
    lines += ["", "Krippendorff's alpha: " + ", ".join(f"{_label_name(k)} {_num(v)}" for k, v in report.alpha.items())]
    lines += ["", f"Lowest agreement first ({min(articles, len(report.per_article))} of {len(report.per_article)} articles)"]
    lines.append(f"{'article':>7}  F1 strict  F1 overlap  machine F1  worst pair            title")
    for row in report.per_article[:articles]:
        worst = f"{row.worst_pair[0]} × {row.worst_pair[1]}"
        lines.append(f"{row.article_id:>7}  {_num(row.f1_strict):>9}  {_num(row.f1_overlap):>10}  {_num(row.machine_f1):>10}  {worst:<20}  {row.title[:60]}")
    lines += ["", "Notes:"] + [f"- {note}" for note in report.notes]
    return "\n".join(lines)


def _prf(prf: PRF) -> dict[str, Any]:
    return {"tp": prf.tp, "fp": prf.fp, "fn": prf.fn, "precision": prf.precision, "recall": prf.recall, "f1": prf.f1}


def report_to_dict(report: AgreementReport) -> dict[str, Any]:
    """Plain data for JSON (labels keyed by name, 'micro' for all labels)."""
    return {
        "annotators": report.annotators,
        "labels": report.labels,
        "finished": report.finished,
        "pairs": [
            {
                "a": p.a,
                "b": p.b,
                "articles": p.articles,
                "labels": {
                    k: {
                        "strict": _prf(p.strict[k]) if p.articles else None,
                        "overlap": _prf(p.overlap[k]) if p.articles else None,
                        "kappa": p.kappa[k],
                    }
                    for k in p.strict
                },
                "attributes": {k: {"agree": v[0], "total": v[1]} for k, v in p.attributes.items() if v[1]},
                "by_article": [
                    {"article_id": aid, "f1_strict": s.f1, "f1_overlap": o.f1, "strict": _prf(s)} for aid, (s, o) in p.by_article.items()
                ],
            }
            for p in report.pairs
        ],
        "alpha": report.alpha,
        "per_article": [
            {
                "article_id": r.article_id,
                "title": r.title,
                "annotators": r.annotators,
                "f1_strict": r.f1_strict,
                "f1_overlap": r.f1_overlap,
                "worst_pair": list(r.worst_pair),
                "worst_f1": r.worst_f1,
                "spans": r.spans,
                "machine_f1": r.machine_f1,
            }
            for r in report.per_article
        ],
        "notes": report.notes,
    }


def to_json(report: AgreementReport) -> str:
    return json.dumps(report_to_dict(report), ensure_ascii=False, indent=2)


CSV_COLUMNS = ["kind", "a", "b", "label", "article_id", "articles", "tp", "fp", "fn", "f1_strict", "f1_overlap", "kappa", "alpha", "machine_f1"]


def to_csv(report: AgreementReport) -> str:
    """Long format: one row per pair and label, per label alpha, then per article (worst first)."""
    out = io.StringIO()
    writer = csv.DictWriter(out, CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()

    def fmt(value: float | None) -> str:
        return "" if value is None else f"{value:.6f}"

    for p in report.pairs:
        for k in p.strict:
            cell = p.cell(k)
            writer.writerow(
                {"kind": "pair", "a": p.a, "b": p.b, "label": k, "articles": len(p.articles), "tp": cell.strict.tp, "fp": cell.strict.fp,
                 "fn": cell.strict.fn, "f1_strict": fmt(cell.f1_strict), "f1_overlap": fmt(cell.f1_overlap), "kappa": fmt(cell.kappa)}
            )
    for k, value in report.alpha.items():
        writer.writerow({"kind": "alpha", "label": k, "alpha": fmt(value)})
    for r in report.per_article:
        writer.writerow(
            {"kind": "article", "a": r.worst_pair[0], "b": r.worst_pair[1], "label": MICRO, "article_id": r.article_id,
             "articles": 1, "f1_strict": fmt(r.f1_strict), "f1_overlap": fmt(r.f1_overlap), "machine_f1": fmt(r.machine_f1)}
        )
    return out.getvalue()
