"""Overlap resolution between candidate spans from the rule, gazetteer and model sources.

Policy (GUIDELINES: spans never overlap):

1. Every candidate carries a priority that says how much evidence stands
   behind it, not which source produced it:
   human edits > an official found with its title > a place written after a
   unit word or inside a title ("tỉnh X", "Thành ủy X") or a fused
   abbreviation > a later mention of an official after "ông/bà" > a figure >
   a bare gazetteer place > a later mention of an official by bare name >
   a place known only from "X (Country)" context > a fuzzy-linked place >
   a model-only guess.
   This is what makes "Chủ tịch Hồ Chí Minh" an OFFICIAL and
   "Thành phố Hồ Chí Minh" a LOCALITY although both contain a gazetteer name.
2. Among equal priorities the longer span wins (it carries more of the name:
   "Thừa Thiên Huế" over "Huế"), then the earlier one.
3. Candidates are accepted greedily in that order; one that overlaps an
   accepted span is dropped. Exact duplicates collapse to the first.
4. The result is sorted by (start, end).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable

from annotate.models import Span

HUMAN = 100
OFFICIAL_TITLED = 90
LOCALITY_UNIT = 85
OFFICIAL_HONORIFIC = 75
FIGURE = 70
LOCALITY_GAZETTEER = 60
OFFICIAL_NAME = 50
LOCALITY_CONTEXT = 45
LOCALITY_FUZZY = 40
MODEL = 10


@dataclass(slots=True)
class Candidate:
    """A span proposed by one source, with the strength of its evidence."""

    span: Span
    priority: int

    @property
    def length(self) -> int:
        """Code points covered."""
        return self.span.end - self.span.start


def resolve(candidates: Iterable[Candidate]) -> list[Span]:
    """Non-overlapping spans chosen by priority, then length, then position (see module docstring)."""
    ordered = sorted(
        (c for c in candidates if c.span.end > c.span.start),
        key=lambda c: (-c.priority, -c.length, c.span.start, c.span.label),
    )
    accepted: list[Span] = []
    taken: list[tuple[int, int]] = []
    for cand in ordered:
        s, e = cand.span.start, cand.span.end
        if any(s < te and ts < e for ts, te in taken):
            continue
        accepted.append(cand.span)
        taken.append((s, e))
    accepted.sort(key=lambda sp: (sp.start, sp.end))
    return accepted
