"""How sure a suggestion is: P(correct | its evidence), counted on labelled articles.

Each suggestion has an evidence signature, coarse to fine: its label, the rule
that made it, one label-specific detail (a place's level and whether the
gazetteer linked it, a figure's kind of unit, an official's side) and what
underthesea said over it (agrees / inside a longer entity / other / silent). The shipped table
(data/confidence.yaml) holds, for every prefix of every signature seen in the
labelled sets, how many suggestions had it and how many matched a gold span
strictly with the same label. The estimate backs off from coarse to fine:

    p(root)   = (correct + 1) / (n + 2)               over every suggestion
    p(prefix) = (correct + M * p(parent)) / (n + M)   M = the table's smoothing

so a signature seen often speaks for itself, a rare one stays near its parent,
and an unseen one takes its parent's rate. A reviewer can check any confidence
by hand from the counts. `tools/fit_confidence.py` refits the table; the
benchmark reports its calibration out-of-fold (k-fold by article). Counts must
come from suggestions on articles the rules were not fixed against: for the
real dev set those are its recorded first suggestions (read_first_suggestions).
"""
from __future__ import annotations

import json
import zlib
from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable, Sequence

import yaml

from annotate.models import Span, parse_provenance
from annotate.text.segments import article_segments

DATA_FILE = Path(__file__).parent / "data" / "confidence.yaml"
DEFAULT_SMOOTHING = 8.0
FLOOR, CEILING = 0.001, 0.999
"""Counts never make a suggestion certain, either way."""
SEPARATOR = " | "
MODEL_TYPES = {"LOCALITY": "LOC", "OFFICIAL": "PER"}
"""The underthesea entity type that agrees with each label (figures have none)."""
TIME_UNITS = frozenset({"giây", "phút", "giờ", "ngày", "tuần", "tháng", "quý", "năm", "thập", "thế"})
"""Head words of a length of time ("thập kỷ", "thế kỷ" by their first word)."""

Signature = tuple[str, ...]


def evidence(span: Span) -> Signature:
    """The span's evidence signature: label, rule, detail, model opinion (see module docstring)."""
    rule = next((s.name for s in span.provenance if s.kind == "rule"), "no-rule")
    return span.label, rule, _detail(span), _model_opinion(span)


def _model_opinion(span: Span) -> str:
    """What underthesea said over the span: model-agrees (an entity of the label's type begins there),
    model-inside (the span sits inside a longer one of that type), model-other (another type), model-silent."""
    tag = next((s.name for s in span.provenance if s.kind == "model"), "")
    if not tag:
        return "model-silent"
    wanted = MODEL_TYPES.get(span.label)
    if not wanted or not tag.endswith(wanted):
        return "model-other"
    return "model-agrees" if tag.startswith("B-") else "model-inside"


def _detail(span: Span) -> str:
    """One label-specific fact: LOCALITY level and link; FIGURE unit kind; OFFICIAL side."""
    attrs = span.attrs
    if span.label == "LOCALITY":
        linked = any(s.kind == "gazetteer" for s in span.provenance)
        return f"{attrs.get('level') or 'no-level'}-{'linked' if linked else 'unlinked'}"
    if span.label == "FIGURE":
        return _figure_kind(attrs)
    if span.label == "OFFICIAL":
        return f"side-{attrs.get('side') or 'none'}"
    return "-"


def _figure_kind(attrs: dict[str, Any]) -> str:
    """percent, rank, fraction, money (an ISO code), time-length ("20 năm"), pair (a count of two:
    "hai bên" is most often the two parties, not a figure) or counted-noun."""
    unit = str(attrs.get("unit") or "")
    if unit in ("%", "rank", "fraction"):
        return {"%": "percent"}.get(unit, unit)
    if len(unit) == 3 and unit.isupper():
        return "money"
    if unit.split()[:1] and unit.split()[0].casefold() in TIME_UNITS:
        return "time-length"
    return "pair" if attrs.get("value") == 2 else "counted-noun"


@dataclass
class ConfidenceTable:
    """Counts (n, correct) per signature prefix, and the smoothing that turns them into estimates."""

    counts: dict[Signature, tuple[int, int]] = field(default_factory=dict)
    smoothing: float = DEFAULT_SMOOTHING
    header: str = ""
    """What the data file's opening comment says (how and on what it was fitted)."""

    def estimate_signature(self, signature: Signature) -> float:
        """P(correct | signature) by backing off from the root to the full signature."""
        n, c = self.counts.get((), (0, 0))
        p = (c + 1) / (n + 2)
        for depth in range(1, len(signature) + 1):
            n, c = self.counts.get(signature[:depth], (0, 0))
            p = (c + self.smoothing * p) / (n + self.smoothing)
        return min(CEILING, max(FLOOR, round(p, 3)))

    def estimate(self, span: Span) -> float:
        """The span's confidence in [0, 1] (from its provenance and attributes)."""
        return self.estimate_signature(evidence(span))

    def to_yaml(self) -> str:
        """The data file: the header as comments, the smoothing, then one line per prefix ("a | b": [n, correct])."""
        lines = [f"# {line}" if line else "#" for line in self.header.splitlines()]
        lines.append(f"smoothing: {self.smoothing:g}")
        lines.append("counts:")
        for sig in sorted(self.counts):
            n, c = self.counts[sig]
            key = SEPARATOR.join(sig) if sig else "(all)"
            lines.append(f"  {yaml.safe_dump(key, allow_unicode=True).strip().removesuffix('...').strip()}: [{n}, {c}]")
        return "\n".join(lines) + "\n"

    @classmethod
    def from_yaml(cls, data: dict[str, Any]) -> "ConfidenceTable":
        counts: dict[Signature, tuple[int, int]] = {}
        for key, (n, c) in (data.get("counts") or {}).items():
            sig = () if key == "(all)" else tuple(str(key).split(SEPARATOR))
            counts[sig] = (int(n), int(c))
        return cls(counts, float(data.get("smoothing", DEFAULT_SMOOTHING)))


def fit(examples: Iterable[tuple[Signature, bool]], smoothing: float = DEFAULT_SMOOTHING) -> ConfidenceTable:
    """Count every prefix of every example's signature: (n, correct)."""
    counts: dict[Signature, list[int]] = defaultdict(lambda: [0, 0])
    for signature, correct in examples:
        for depth in range(len(signature) + 1):
            row = counts[signature[:depth]]
            row[0] += 1
            row[1] += int(correct)
    return ConfidenceTable({sig: (n, c) for sig, (n, c) in counts.items()}, smoothing)


@lru_cache(maxsize=4)
def _load(path: str) -> ConfidenceTable:
    return ConfidenceTable.from_yaml(yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {})


def load_confidence(path: str | Path = DATA_FILE) -> ConfidenceTable:
    """The shipped table (read once per process)."""
    return _load(str(path))


# ------------------------------------------------------------ labelled examples and folds
@dataclass(frozen=True, slots=True)
class Example:
    """One suggestion on a labelled article: which article (for folds), its evidence, whether gold has it."""

    article: str
    signature: Signature
    correct: bool
    confidence: float | None = None


def label_suggestions(article: str, gold_doc: dict[str, Any], predicted: Sequence[Span]) -> list[Example]:
    """Suggestions inside the gold article region (minus furniture), each marked correct when a gold
    span has the same start, end and label (the strict match the benchmark scores)."""
    text = gold_doc["text"]
    meta = gold_doc.get("meta") or {}
    region = tuple(meta.get("article") or (0, len(text)))
    segments = article_segments(region, [tuple(f) for f in meta.get("furniture_inside") or ()])
    gold = {(int(s["start"]), int(s["end"]), s["label"]) for s in gold_doc.get("spans") or ()}
    return [
        Example(article, evidence(span), (span.start, span.end, span.label) in gold, span.confidence)
        for span in predicted
        if any(a <= span.start and span.end <= b for a, b in segments)
    ]


def first_suggestion_record(source: str, span: Span, correct: bool) -> str:
    """One line of a first-suggestions file (read_first_suggestions reads it back)."""
    return json.dumps({
        "source": source, "start": span.start, "end": span.end, "label": span.label, "attrs": span.attrs,
        "provenance": [s.to_json() for s in span.provenance], "correct": correct,
    }, ensure_ascii=False)


def read_first_suggestions(path: Path, name: str) -> list[Example]:
    """Examples from a file of suggestions recorded before the rules were fixed against those articles
    (one JSON object a line: source, start, end, label, attrs, provenance, correct); the signature is
    recomputed from the span, so a change of evidence() needs no new recording."""
    examples = []
    for number, line in enumerate(path.read_text(encoding="utf-8").split("\n"), 1):
        if not line.strip():
            continue
        try:
            rec = json.loads(line)
            span = Span(int(rec["start"]), int(rec["end"]), str(rec["label"]), dict(rec.get("attrs") or {}), "rule",
                        parse_provenance(rec.get("provenance")))
            examples.append(Example(f"{name}/{rec['source']}", evidence(span), bool(rec["correct"])))
        except (KeyError, TypeError, ValueError) as err:
            raise ValueError(f"{path}:{number}: {err}") from err
    return examples


def fold_of(article: str, folds: int) -> int:
    """A stable fold for an article (crc32 of its name), so every run splits the same way."""
    return zlib.crc32(article.encode("utf-8")) % folds


def out_of_fold(examples: Sequence[Example], folds: int = 5, smoothing: float = DEFAULT_SMOOTHING) -> list[float]:
    """Each example's confidence from a table fitted on the other folds' articles only."""
    by_fold = [fold_of(e.article, folds) for e in examples]
    estimates: list[float] = [0.0] * len(examples)
    for k in range(folds):
        table = fit(((e.signature, e.correct) for e, f in zip(examples, by_fold) if f != k), smoothing)
        for i, (e, f) in enumerate(zip(examples, by_fold)):
            if f == k:
                estimates[i] = table.estimate_signature(e.signature)
    return estimates
