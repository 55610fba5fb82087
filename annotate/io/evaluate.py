"""Evaluate predicted annotations against gold, over export-format documents.

A document is a dict with `text`, `spans` (start, end, label, text, attrs)
and optional `meta` (`source`, `article` = [start, end],
`furniture_inside` = [[start, end], ...]). Documents are paired by
meta.source, else by text. Only spans inside the gold article region minus
its furniture count, on both sides (GUIDELINES: furniture is not annotated).

Span scores: strict (same start, end, label) and overlap (same label, any
shared character) P/R/F1 per label and micro, summed over documents.
Attribute accuracy: over strictly matched pairs, per attribute; a key present
on one side only is a disagreement (annotate.metrics.attributes). The overall
figure covers the scored attributes (title, side, country, canonical, level,
value, unit); `now` is listed on its own line but not in the overall figure.
"""
from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from typing import Any, Sequence

from annotate.metrics.attributes import DEFAULT_KEYS, attribute_agreement, values_agree
from annotate.metrics.spans import MICRO, PRF, compare_documents, diff_spans, match_spans
from annotate.models import Span
from annotate.text.segments import article_segments

LABELS = ("OFFICIAL", "LOCALITY", "FIGURE")
EXTRA_KEYS = ("now",)
CONTEXT = 30


@dataclass(frozen=True, slots=True)
class EvalError:
    """One disagreement, ready to print: what went wrong, where, and the words around it."""

    doc: str
    kind: str  # missing | spurious | wrong_boundary | wrong_label | attribute
    label: str
    gold_text: str
    predicted_text: str
    start: int
    end: int
    context: str
    detail: str = ""


@dataclass
class EvaluationReport:
    """Strict and overlap scores, attribute agreement and the error list."""

    documents: int
    strict: dict[str, PRF]
    overlap: dict[str, PRF]
    attributes: dict[str, tuple[int, int]]
    errors: list[EvalError] = field(default_factory=list)
    unmatched_gold: list[str] = field(default_factory=list)

    @property
    def attribute_accuracy(self) -> float:
        """Agreement over the scored attributes (not `now`); 1.0 when nothing was compared."""
        agree = sum(a for k, (a, _) in self.attributes.items() if k not in EXTRA_KEYS)
        total = sum(t for k, (_, t) in self.attributes.items() if k not in EXTRA_KEYS)
        return agree / total if total else 1.0


def _doc_key(doc: dict) -> str:
    """meta.source when present, else the NFC text."""
    meta = doc.get("meta") or {}
    return str(meta.get("source") or "") or unicodedata.normalize("NFC", doc.get("text", ""))


def _segments(doc: dict) -> list[tuple[int, int]]:
    """Gold article region minus furniture, as (start, end) pieces."""
    text = doc.get("text", "")
    meta = doc.get("meta") or {}
    region = tuple(meta.get("article") or (0, len(text)))
    return article_segments(region, [tuple(f) for f in meta.get("furniture_inside") or ()])


def _spans(doc: dict, segments: Sequence[tuple[int, int]]) -> list[Span]:
    """Spans of an export document that lie inside the segments."""
    out = []
    for row in doc.get("spans") or ():
        s, e = int(row["start"]), int(row["end"])
        if any(a <= s and e <= b for a, b in segments):
            out.append(Span(s, e, row["label"], dict(row.get("attrs") or {}), row.get("origin", "human")))
    return out


def _context(text: str, start: int, end: int) -> str:
    """The span in brackets with a few words either side, on one line."""
    left = text[max(0, start - CONTEXT) : start]
    right = text[end : end + CONTEXT]
    return " ".join(f"{left}[{text[start:end]}]{right}".split())


def evaluate(gold: list[dict], predicted: list[dict]) -> EvaluationReport:
    """Score predicted documents against gold ones (see module docstring)."""
    by_key = {_doc_key(d): d for d in predicted}
    by_text = {unicodedata.normalize("NFC", d.get("text", "")): d for d in predicted}
    pairs: list[tuple[list[Span], list[Span]]] = []
    matched_pairs: list[tuple[Span, Span]] = []
    errors: list[EvalError] = []
    unmatched: list[str] = []
    for gdoc in gold:
        key = _doc_key(gdoc)
        pdoc = by_key.get(key) or by_text.get(unicodedata.normalize("NFC", gdoc.get("text", "")))
        segments = _segments(gdoc)
        gspans = _spans(gdoc, segments)
        pspans = _spans(pdoc, segments) if pdoc is not None else []
        if pdoc is None:
            unmatched.append(key[:60])
        pairs.append((gspans, pspans))
        text = gdoc.get("text", "")
        name = str((gdoc.get("meta") or {}).get("source") or key[:30])
        strict_pairs = match_spans(gspans, pspans, "strict")
        matched_pairs += strict_pairs
        for err in diff_spans(gspans, pspans):
            ref, cand = err.reference, err.candidate
            anchor = ref or cand
            errors.append(EvalError(
                name, err.kind, anchor.label if ref is None else ref.label,
                text[ref.start : ref.end] if ref else "",
                text[cand.start : cand.end] if cand else "",
                anchor.start, anchor.end, _context(text, anchor.start, anchor.end),
                "" if err.kind != "wrong_label" or cand is None else f"predicted {cand.label}",
            ))
        for ref, cand in strict_pairs:
            wrong = [
                f"{k}: {ref.attrs.get(k)!r} != {cand.attrs.get(k)!r}"
                for k in (*DEFAULT_KEYS, *EXTRA_KEYS)
                if (ref.attrs.get(k) is not None or cand.attrs.get(k) is not None)
                and not (ref.attrs.get(k) is not None and cand.attrs.get(k) is not None
                         and values_agree(k, ref.attrs.get(k), cand.attrs.get(k)))
            ]
            if wrong:
                errors.append(EvalError(
                    name, "attribute", ref.label, text[ref.start : ref.end], text[cand.start : cand.end],
                    ref.start, ref.end, _context(text, ref.start, ref.end), "; ".join(wrong),
                ))
    strict = compare_documents(pairs, "strict", LABELS)
    overlap = compare_documents(pairs, "overlap", LABELS)
    attributes = attribute_agreement(matched_pairs, (*DEFAULT_KEYS, *EXTRA_KEYS))
    return EvaluationReport(len(gold), strict, overlap, attributes, errors, unmatched)


def report_to_dict(report: EvaluationReport) -> dict[str, Any]:
    """Plain JSON-ready dict."""

    def prf(p: PRF) -> dict[str, Any]:
        return {"tp": p.tp, "fp": p.fp, "fn": p.fn, "precision": round(p.precision, 4),
                "recall": round(p.recall, 4), "f1": round(p.f1, 4)}

    return {
        "documents": report.documents,
        "strict": {k: prf(v) for k, v in report.strict.items()},
        "overlap": {k: prf(v) for k, v in report.overlap.items()},
        "attributes": {k: {"agree": a, "total": t} for k, (a, t) in report.attributes.items()},
        "attribute_accuracy": round(report.attribute_accuracy, 4),
        "errors": [
            {"doc": e.doc, "kind": e.kind, "label": e.label, "gold": e.gold_text, "predicted": e.predicted_text,
             "start": e.start, "end": e.end, "context": e.context, "detail": e.detail}
            for e in report.errors
        ],
        "unmatched_gold": list(report.unmatched_gold),
    }


def format_report(report: EvaluationReport, max_errors: int = 50) -> str:
    """A text table for the CLI: scores per label and micro, attributes, then the first errors."""
    lines = [f"documents: {report.documents}"]
    if report.unmatched_gold:
        lines.append(f"gold documents without prediction: {', '.join(report.unmatched_gold)}")
    header = f"{'label':<10} {'mode':<8} {'P':>6} {'R':>6} {'F1':>6} {'tp':>5} {'fp':>5} {'fn':>5}"
    lines += ["", header, "-" * len(header)]
    keys = [k for k in report.strict if k != MICRO] + [MICRO]
    for key in keys:
        for mode, table in (("strict", report.strict), ("overlap", report.overlap)):
            p = table.get(key, PRF())
            lines.append(f"{key:<10} {mode:<8} {p.precision:6.3f} {p.recall:6.3f} {p.f1:6.3f} {p.tp:5d} {p.fp:5d} {p.fn:5d}")
    lines += ["", f"{'attribute':<10} {'agree':>6} {'total':>6} {'acc':>6}"]
    for key, (agree, total) in report.attributes.items():
        if total:
            note = "  (not in overall)" if key in EXTRA_KEYS else ""
            lines.append(f"{key:<10} {agree:6d} {total:6d} {agree / total:6.3f}{note}")
    lines.append(f"{'overall':<10} {'':>6} {'':>6} {report.attribute_accuracy:6.3f}")
    if report.errors and max_errors:
        lines += ["", f"errors ({len(report.errors)}, first {min(max_errors, len(report.errors))}):"]
        for e in report.errors[:max_errors]:
            what = e.gold_text or e.predicted_text
            extra = f" -> {e.predicted_text!r}" if e.gold_text and e.predicted_text and e.gold_text != e.predicted_text else ""
            detail = f" ({e.detail})" if e.detail else ""
            lines.append(f"  {e.doc[:12]:<12} {e.kind:<14} {e.label:<9} {what!r}{extra}{detail} @{e.start}: {e.context}")
    return "\n".join(lines)
