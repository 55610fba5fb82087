"""Is a confidence of 0.9 right nine times in ten? Reliability bins, expected calibration error, Brier score.

The bins are finer near 1 because that is where a good pre-annotator's
suggestions sit; ECE is the count-weighted mean gap between a bin's mean
confidence and its observed precision, over the same bins that are printed.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

EDGES = (0.0, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 0.98, 0.99, 1.0)


@dataclass(frozen=True, slots=True)
class ReliabilityBin:
    """Suggestions whose confidence fell in [low, high) (the last bin includes 1.0)."""

    low: float
    high: float
    count: int
    mean_confidence: float
    precision: float

    @property
    def gap(self) -> float:
        """Observed precision minus mean confidence (negative: over-confident)."""
        return self.precision - self.mean_confidence


def reliability(confidences: Sequence[float], correct: Sequence[bool], edges: Sequence[float] = EDGES) -> list[ReliabilityBin]:
    """The non-empty bins of (confidence, correct) pairs."""
    if len(confidences) != len(correct):
        raise ValueError("one correctness flag per confidence")
    bins = []
    last = len(edges) - 2
    for b, (low, high) in enumerate(zip(edges, edges[1:])):
        members = [
            (p, y) for p, y in zip(confidences, correct)
            if low <= p < high or (b == last and p == high)
        ]
        if members:
            bins.append(ReliabilityBin(
                low, high, len(members),
                sum(p for p, _ in members) / len(members),
                sum(1 for _, y in members if y) / len(members),
            ))
    return bins


def expected_calibration_error(bins: Sequence[ReliabilityBin]) -> float:
    """Count-weighted mean |precision - mean confidence| over the bins; 0.0 with no data."""
    total = sum(b.count for b in bins)
    return sum(b.count * abs(b.gap) for b in bins) / total if total else 0.0


def brier_score(confidences: Sequence[float], correct: Sequence[bool]) -> float:
    """Mean squared gap between confidence and outcome (0 is perfect); 0.0 with no data."""
    if not confidences:
        return 0.0
    return sum((p - (1.0 if y else 0.0)) ** 2 for p, y in zip(confidences, correct)) / len(confidences)


def format_reliability(confidences: Sequence[float], correct: Sequence[bool]) -> str:
    """The reliability table, then ECE and Brier (with a constant guess's Brier for comparison)."""
    bins = reliability(confidences, correct)
    lines = [f"{'confidence':<13} {'count':>6} {'mean conf':>10} {'precision':>10} {'gap':>7}"]
    for b in bins:
        closing = "]" if b.high == EDGES[-1] else ")"
        lines.append(f"[{b.low:.2f}, {b.high:.2f}{closing} {b.count:>6} {b.mean_confidence:>10.3f} {b.precision:>10.3f} {b.gap:>+7.3f}")
    n = len(confidences)
    base = sum(1 for y in correct if y) / n if n else 0.0
    lines.append(
        f"suggestions {n}, precision {base:.3f}; ECE {expected_calibration_error(bins):.4f}; "
        f"Brier {brier_score(confidences, correct):.4f} (constant {base:.3f}: {brier_score([base] * n, correct):.4f})"
    )
    share, wrong = least_sure_share(confidences, correct)
    lines.append(f"the least sure {LEAST_SURE:.0%} of suggestions hold {share} of the {wrong} wrong ones")
    return "\n".join(lines)


LEAST_SURE = 0.05


def least_sure_share(confidences: Sequence[float], correct: Sequence[bool], fraction: float = LEAST_SURE) -> tuple[int, int]:
    """(wrong suggestions among the least sure fraction, wrong suggestions in all): what sorting by confidence finds."""
    order = sorted(range(len(confidences)), key=lambda i: confidences[i])
    head = order[: max(1, round(fraction * len(order)))] if order else []
    return sum(1 for i in head if not correct[i]), sum(1 for y in correct if not y)
