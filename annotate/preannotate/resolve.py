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

Provenance survives resolution: every candidate names its rule (by default the
name of its priority level, RULE_NAMES) and the gazetteer entry it links to, if
any; an accepted span's `provenance` lists its own sources first, then those of
every dropped candidate with the same start, end and label (they fired too).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable

from annotate.gazetteer.entries import PlaceEntry
from annotate.models import Source, Span

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

RULE_NAMES = {
    HUMAN: "human",
    OFFICIAL_TITLED: "official-titled",
    LOCALITY_UNIT: "place-after-unit-word",
    OFFICIAL_HONORIFIC: "later-mention-after-honorific",
    FIGURE: "figure",
    LOCALITY_GAZETTEER: "place-bare-name",
    OFFICIAL_NAME: "later-mention-bare-name",
    LOCALITY_CONTEXT: "place-country-context",
    LOCALITY_FUZZY: "place-fuzzy",
    MODEL: "model-guess",
}
"""The rule a candidate names when its finder gives none: its evidence level."""


@dataclass(slots=True)
class Candidate:
    """A span proposed by one source, with the strength of its evidence and where it came from.

    rule: the rule that matched (default: RULE_NAMES of the priority); entry: the gazetteer
    entry the span links to, if any.
    """

    span: Span
    priority: int
    rule: str = ""
    entry: PlaceEntry | None = None

    @property
    def length(self) -> int:
        """Code points covered."""
        return self.span.end - self.span.start

    @property
    def rule_name(self) -> str:
        """The rule as recorded: the finder's name, else its evidence level's."""
        return self.rule or RULE_NAMES.get(self.priority, f"priority-{self.priority}")

    def sources(self) -> tuple[Source, ...]:
        """What this candidate contributes to the span's provenance: its rule, then its gazetteer entry."""
        rule = Source("rule", self.rule_name)
        if self.entry is None:
            return (rule,)
        return rule, Source("gazetteer", self.entry.source or "gazetteer", self.entry.id)


def resolve(candidates: Iterable[Candidate]) -> list[Span]:
    """Non-overlapping spans chosen by priority, then length, then position, with their provenance
    (see module docstring)."""
    ordered = sorted(
        (c for c in candidates if c.span.end > c.span.start),
        key=lambda c: (-c.priority, -c.length, c.span.start, c.span.label),
    )
    accepted: dict[tuple[int, int, str], Span] = {}
    taken: list[tuple[int, int]] = []
    for cand in ordered:
        s, e = cand.span.start, cand.span.end
        same = accepted.get((s, e, cand.span.label))
        if same is not None:
            same.provenance += tuple(src for src in cand.sources() if src not in same.provenance)
            continue
        if any(s < te and ts < e for ts, te in taken):
            continue
        cand.span.provenance = cand.sources()
        accepted[(s, e, cand.span.label)] = cand.span
        taken.append((s, e))
    return sorted(accepted.values(), key=lambda sp: (sp.start, sp.end))
