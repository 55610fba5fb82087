"""Span-level precision/recall/F1 and error listing, for agreement and pre-annotation evaluation.

Matching follows the usual NER conventions (seqeval's exact match, nervaluate's
"partial"/"type" schemes): a candidate span is credited at most once, and only
against a reference span with the same label.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Collection, Iterable, Literal, Sequence

from annotate.models import Span

Mode = Literal["strict", "overlap"]
MODES: tuple[str, ...] = ("strict", "overlap")
MICRO = "micro"
ErrorKind = Literal["missing", "spurious", "wrong_label", "wrong_boundary"]


@dataclass(frozen=True, slots=True)
class PRF:
    """Raw counts, kept so per-document and per-label results can be summed (micro-averaged).

    Degenerate rates: a rate whose denominator is 0 is 1.0 when there was nothing
    to get right at all (tp = fp = fn = 0: two empty annotations agree perfectly)
    and 0.0 otherwise (e.g. an empty candidate against a non-empty reference has
    precision 0.0, recall 0.0, F1 0.0).
    """

    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        """Share of candidate spans that were right."""
        return self._rate(self.tp, self.tp + self.fp)

    @property
    def recall(self) -> float:
        """Share of reference spans that were found."""
        return self._rate(self.tp, self.tp + self.fn)

    @property
    def f1(self) -> float:
        """Harmonic mean of precision and recall, written as 2tp/(2tp+fp+fn) so it is defined whenever any count is non-zero."""
        return self._rate(2 * self.tp, 2 * self.tp + self.fp + self.fn)

    def _rate(self, num: int, den: int) -> float:
        """Divide, applying the class's 0/0 convention."""
        if den:
            return num / den
        return 1.0 if self.tp == self.fp == self.fn == 0 else 0.0

    def __add__(self, other: "PRF") -> "PRF":
        """Sum counts, which is what micro-averaging means."""
        if not isinstance(other, PRF):
            return NotImplemented
        return PRF(self.tp + other.tp, self.fp + other.fp, self.fn + other.fn)

    def __radd__(self, other: object) -> "PRF":
        """Let built-in sum() start from 0."""
        if other == 0:
            return self
        return NotImplemented


@dataclass(frozen=True, slots=True)
class SpanError:
    """One disagreement between reference and candidate, for the evaluate report and the adjudication screen."""

    kind: ErrorKind
    reference: Span | None
    candidate: Span | None

    @property
    def start(self) -> int:
        """Leftmost offset of the spans involved, so errors can be listed in text order."""
        return min(s.start for s in (self.reference, self.candidate) if s is not None)


def _check_mode(mode: str) -> None:
    """Fail loudly on a typo rather than silently scoring in the wrong mode."""
    if mode not in MODES:
        raise ValueError(f"mode must be one of {MODES}, got {mode!r}")


def _overlap(a: Span, b: Span) -> int:
    """Number of shared code points (0 when disjoint)."""
    return max(0, min(a.end, b.end) - max(a.start, b.start))


def _strict_pairs(
    reference: Sequence[Span], candidate: Sequence[Span], ref_free: set[int], cand_free: set[int]
) -> list[tuple[int, int]]:
    """Pair identical (start, end, label) spans one-to-one, consuming indices from the free sets."""
    by_key: dict[tuple[int, int, str], list[int]] = defaultdict(list)
    for j in sorted(cand_free):
        c = candidate[j]
        by_key[(c.start, c.end, c.label)].append(j)
    pairs = []
    for i in sorted(ref_free):
        r = reference[i]
        bucket = by_key.get((r.start, r.end, r.label))
        if bucket:
            j = bucket.pop(0)
            pairs.append((i, j))
            ref_free.discard(i)
            cand_free.discard(j)
    return pairs


def _greedy_overlap_pairs(
    reference: Sequence[Span],
    candidate: Sequence[Span],
    ref_free: set[int],
    cand_free: set[int],
    same_label: bool,
) -> list[tuple[int, int]]:
    """Pair overlapping spans greedily by largest overlap, then smallest union (so exact matches win ties).

    Greedy is not a maximum matching in every contrived case, but it is
    deterministic, explainable in the UI, and always keeps exact matches.
    """
    scored = []
    for i in ref_free:
        r = reference[i]
        for j in cand_free:
            c = candidate[j]
            if same_label and r.label != c.label:
                continue
            shared = _overlap(r, c)
            if shared:
                union = max(r.end, c.end) - min(r.start, c.start)
                scored.append((-shared, union, i, j))
    scored.sort()
    pairs = []
    for _, _, i, j in scored:
        if i in ref_free and j in cand_free:
            pairs.append((i, j))
            ref_free.discard(i)
            cand_free.discard(j)
    return pairs


def _index_pairs(reference: Sequence[Span], candidate: Sequence[Span], mode: Mode) -> list[tuple[int, int]]:
    """Matching on indices, since Span is mutable and unhashable."""
    _check_mode(mode)
    ref_free, cand_free = set(range(len(reference))), set(range(len(candidate)))
    if mode == "strict":
        return _strict_pairs(reference, candidate, ref_free, cand_free)
    return _greedy_overlap_pairs(reference, candidate, ref_free, cand_free, same_label=True)


def match_spans(reference: Sequence[Span], candidate: Sequence[Span], mode: Mode) -> list[tuple[Span, Span]]:
    """One-to-one (reference, candidate) pairs with the same label, exact or overlapping by mode, in reference text order."""
    pairs = _index_pairs(reference, candidate, mode)
    pairs.sort(key=lambda p: (reference[p[0]].start, reference[p[0]].end, p[0]))
    return [(reference[i], candidate[j]) for i, j in pairs]


def span_prf(
    reference: Sequence[Span],
    candidate: Sequence[Span],
    mode: Mode,
    labels: Collection[str] | None = None,
) -> dict[str, PRF]:
    """Counts per label plus MICRO; with `labels`, other labels are ignored and every listed label gets a key."""
    _check_mode(mode)
    if labels is not None:
        wanted = set(labels)
        reference = [s for s in reference if s.label in wanted]
        candidate = [s for s in candidate if s.label in wanted]
    else:
        wanted = {s.label for s in reference} | {s.label for s in candidate}
    tp: dict[str, int] = defaultdict(int)
    for r, _ in match_spans(reference, candidate, mode):
        tp[r.label] += 1
    n_ref: dict[str, int] = defaultdict(int)
    n_cand: dict[str, int] = defaultdict(int)
    for s in reference:
        n_ref[s.label] += 1
    for s in candidate:
        n_cand[s.label] += 1
    result = {
        label: PRF(tp[label], n_cand[label] - tp[label], n_ref[label] - tp[label]) for label in sorted(wanted)
    }
    result[MICRO] = sum(result.values(), PRF())
    return result


def compare_documents(
    pairs: Iterable[tuple[Sequence[Span], Sequence[Span]]],
    mode: Mode,
    labels: Collection[str] | None = None,
) -> dict[str, PRF]:
    """Sum per-document counts (micro over documents), so long articles weigh more than short ones."""
    total: dict[str, PRF] = defaultdict(PRF)
    for reference, candidate in pairs:
        for key, prf in span_prf(reference, candidate, mode, labels).items():
            total[key] += prf
    if labels is not None:
        for label in labels:
            total[label] += PRF()
    total[MICRO] += PRF()
    return {key: total[key] for key in sorted(k for k in total if k != MICRO)} | {MICRO: total[MICRO]}


def diff_spans(reference: Sequence[Span], candidate: Sequence[Span]) -> list[SpanError]:
    """List every non-exact disagreement in text order; exact matches are omitted.

    Precedence: exact match, then same-label overlap (wrong_boundary), then
    any-label overlap (wrong_label, whose boundaries may differ too), then
    missing / spurious. Each wrong_* uses one span from each side, so the
    strict counts are tp = exact, fp = wrong_* + spurious, fn = wrong_* + missing.
    """
    ref_free, cand_free = set(range(len(reference))), set(range(len(candidate)))
    _strict_pairs(reference, candidate, ref_free, cand_free)
    errors = [
        SpanError("wrong_boundary", reference[i], candidate[j])
        for i, j in _greedy_overlap_pairs(reference, candidate, ref_free, cand_free, same_label=True)
    ]
    errors += [
        SpanError("wrong_label", reference[i], candidate[j])
        for i, j in _greedy_overlap_pairs(reference, candidate, ref_free, cand_free, same_label=False)
    ]
    errors += [SpanError("missing", reference[i], None) for i in sorted(ref_free)]
    errors += [SpanError("spurious", None, candidate[j]) for j in sorted(cand_free)]
    order = {"missing": 0, "wrong_boundary": 1, "wrong_label": 2, "spurious": 3}
    errors.sort(key=lambda e: (e.start, order[e.kind]))
    return errors
