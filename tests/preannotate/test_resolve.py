"""Overlap resolution: priority, then length, then position; output never overlaps."""
from __future__ import annotations

from annotate.models import Span
from annotate.preannotate import resolve as prio
from annotate.preannotate.resolve import Candidate, resolve


def cand(start, end, label, priority):
    return Candidate(Span(start, end, label, {}, "rule"), priority)


def test_higher_priority_wins_an_overlap():
    out = resolve([cand(10, 21, "LOCALITY", prio.LOCALITY_GAZETTEER), cand(10, 21, "OFFICIAL", prio.OFFICIAL_TITLED)])
    assert [(s.label, s.start) for s in out] == [("OFFICIAL", 10)]


def test_unit_word_locality_beats_a_bare_later_mention_of_a_name():
    out = resolve([cand(5, 16, "OFFICIAL", prio.OFFICIAL_NAME), cand(5, 16, "LOCALITY", prio.LOCALITY_UNIT)])
    assert [s.label for s in out] == ["LOCALITY"]


def test_longer_wins_among_equal_priorities_and_duplicates_collapse():
    out = resolve([
        cand(0, 4, "LOCALITY", prio.LOCALITY_GAZETTEER),
        cand(0, 14, "LOCALITY", prio.LOCALITY_GAZETTEER),
        cand(0, 14, "LOCALITY", prio.LOCALITY_GAZETTEER),
    ])
    assert [(s.start, s.end) for s in out] == [(0, 14)]


def test_output_sorted_and_non_overlapping():
    cands = [cand(30, 40, "FIGURE", prio.FIGURE), cand(0, 10, "LOCALITY", prio.LOCALITY_UNIT),
             cand(8, 20, "OFFICIAL", prio.OFFICIAL_NAME), cand(15, 25, "LOCALITY", prio.LOCALITY_FUZZY)]
    out = resolve(cands)
    assert [(s.start, s.end) for s in out] == [(0, 10), (15, 25), (30, 40)]
    assert all(a.end <= b.start for a, b in zip(out, out[1:]))


def test_empty_spans_are_dropped():
    assert resolve([cand(3, 3, "FIGURE", prio.FIGURE)]) == []
