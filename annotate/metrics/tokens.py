"""Token-level chance-corrected agreement (Cohen's kappa, Krippendorff's alpha) over BIO tags."""
from __future__ import annotations

from bisect import bisect_left
from collections import Counter
from itertools import accumulate
from typing import Sequence

import krippendorff
import numpy as np

from annotate.models import Span

OUTSIDE = "O"

KAPPA_NOTE = (
    "Cohen's kappa: exactly two raters, nominal categories, chance agreement from each rater's own "
    "label distribution; tokens are treated as independent and most are O, so kappa mostly reflects "
    "whether entities were found at all."
)
ALPHA_NOTE = (
    "Krippendorff's alpha (nominal): any number of raters, missing ratings allowed, chance agreement "
    "from the labels pooled over all raters; tokens are treated as independent units."
)


def bio_labels(tokens: Sequence[tuple[int, int]], spans: Sequence[Span]) -> list[str]:
    """BIO tag per (start, end) token so span annotations become comparable item by item.

    Rule: a token sharing at least one code point with a span is inside it, even
    if only partly covered (span boundaries need not fall on token boundaries).
    A token touching several spans takes the one it shares most code points
    with (ties: the earlier span). The first token given to a span is B-, later
    consecutive ones I-; a span covering no token leaves no trace.
    """
    order = sorted(range(len(spans)), key=lambda k: (spans[k].start, spans[k].end, k))
    starts = [spans[k].start for k in order]
    max_end = list(accumulate((spans[k].end for k in order), max))
    tags: list[str] = []
    previous: int | None = None
    for t_start, t_end in tokens:
        best: int | None = None
        best_shared = 0
        pos = bisect_left(starts, t_end) - 1
        while pos >= 0 and max_end[pos] > t_start:
            span = spans[order[pos]]
            shared = min(span.end, t_end) - max(span.start, t_start)
            if shared > 0 and shared >= best_shared:
                best, best_shared = order[pos], shared
            pos -= 1
        if best is None:
            tags.append(OUTSIDE)
        else:
            prefix = "I" if best == previous else "B"
            tags.append(f"{prefix}-{spans[best].label}")
        previous = best
    return tags


def cohen_kappa(a: Sequence[str], b: Sequence[str]) -> float:
    """Two-rater agreement beyond chance, kappa = (p_o - p_e) / (1 - p_e).

    Degenerate case: when both raters use one identical category everywhere,
    p_e = 1 and the formula is 0/0; they agree on every item, so we return 1.0.
    Empty or unequal-length inputs raise ValueError.
    """
    if len(a) != len(b):
        raise ValueError(f"rater sequences differ in length: {len(a)} != {len(b)}")
    n = len(a)
    if n == 0:
        raise ValueError("kappa is undefined on zero items")
    observed = sum(x == y for x, y in zip(a, b))
    count_a, count_b = Counter(a), Counter(b)
    expected = sum(count_a[k] * count_b[k] for k in count_a)  # p_e * n**2, exact in integers
    if expected == n * n:
        return 1.0
    p_o, p_e = observed / n, expected / (n * n)
    return (p_o - p_e) / (1 - p_e)


def krippendorff_alpha(units: Sequence[Sequence[str | None]]) -> float:
    """Nominal alpha with annotators as rows and units (tokens) as columns; None marks a missing rating.

    Degenerate case: when every pairable rating (one in a unit rated at least
    twice) has the same category, disagreement is 0/0; they agree, so we
    return 1.0. No annotators, ragged rows, or no unit rated twice raise
    ValueError.
    """
    if not units:
        raise ValueError("alpha needs at least one annotator row")
    width = len(units[0])
    if any(len(row) != width for row in units):
        raise ValueError("annotator rows differ in length")
    pairable: set[str] = set()
    for column in zip(*units):
        present = [v for v in column if v is not None]
        if len(present) >= 2:
            pairable.update(present)
    if not pairable:
        raise ValueError("alpha needs at least one unit rated by two annotators")
    if len(pairable) == 1:
        return 1.0
    codes = {label: i for i, label in enumerate(sorted({v for row in units for v in row if v is not None}))}
    data = np.array(
        [[np.nan if v is None else codes[v] for v in row] for row in units],
        dtype=float,
    )
    return float(
        krippendorff.alpha(
            reliability_data=data,
            value_domain=list(range(len(codes))),
            level_of_measurement="nominal",
        )
    )
