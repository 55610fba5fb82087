"""Naming the evidence behind each candidate: which rule shape matched, which gazetteer entry, the model's tag.

The finders (officials, localities, figures) say what they found and at which
evidence level (resolve.py's priorities); this module gives each candidate the
name of the rule shape a reviewer would recognise, read from the finder's own
result and the text around it, so the finders need not carry names through
their code. After resolution the span also records what underthesea said over
it ("model B-LOC"): a second opinion that fired, or nothing when it saw none.
"""
from __future__ import annotations

import bisect
import re
from typing import Any, Iterable, Sequence

from annotate.gazetteer.entries import PlaceEntry
from annotate.gazetteer.index import PlaceIndex
from annotate.models import Source, Span
from annotate.preannotate import resolve as prio
from annotate.preannotate.resolve import Candidate
from annotate.preannotate.tokens import Token

_LEADING_SEPARATORS = re.compile(r"[\s,:;()\-–—]*")
_HONORIFIC_GAP = 24  # ", đồng chí " and a little more between a title and the name it introduces


def official_shape(text: str, span: Span) -> str:
    """How a titled OFFICIAL was written: title-before-name, title-after-name, title-honorific-name,
    romanised-form (the bracketed romanisation of a titled name), else official-titled."""
    title = str(span.attrs.get("title") or "")
    start, end = span.start, span.end
    if start > 0 and text[start - 1] == "(" and text[end : end + 1] == ")":
        return "romanised-form"
    if title and text[:start].rstrip(" \t,").endswith(title):
        return "title-before-name"
    after = text[end : end + len(title) + 40]
    if title and after[_LEADING_SEPARATORS.match(after).end() :].startswith(title):
        return "title-after-name"
    if title and title in text[max(0, start - len(title) - _HONORIFIC_GAP) : start]:
        return "title-honorific-name"
    return "official-titled"


def figure_rule(text: str, unit: str, start: int, end: int) -> str:
    """figure-rank ("thứ 5"), figure-fraction ("1/8"), figure-digits ("48,24 tỷ USD") or figure-words ("ba văn kiện")."""
    if unit in ("rank", "fraction"):
        return f"figure-{unit}"
    return "figure-digits" if any(ch.isdigit() for ch in text[start:end]) else "figure-words"


def name_official_candidates(text: str, candidates: Iterable[Candidate], places: PlaceIndex) -> list[Candidate]:
    """find_officials' candidates with rule names; places split off a title get their gazetteer entry."""
    out = []
    for cand in candidates:
        if cand.span.label == "OFFICIAL":
            if cand.priority == prio.OFFICIAL_TITLED and not cand.rule:
                cand.rule = official_shape(text, cand.span)
        elif cand.span.label == "LOCALITY":
            cand.rule = cand.rule or "place-in-title"
            if cand.entry is None:
                cand.entry = entry_for(cand.span.attrs, places)
        out.append(cand)
    return out


def name_locality_candidates(candidates: Iterable[Candidate], places: PlaceIndex) -> list[Candidate]:
    """find_localities' candidates with the rule names their level and link imply; a guess that
    link_guessed_places repaired gets the entry it now names."""
    out = []
    for cand in candidates:
        if cand.entry is None and cand.span.origin == "rule":
            cand.entry = entry_for(cand.span.attrs, places)
        if not cand.rule:
            if cand.priority == prio.LOCALITY_UNIT and cand.span.origin == "rule":
                cand.rule = "place-abbreviation"
            elif cand.priority == prio.LOCALITY_FUZZY:
                cand.rule = "place-fuzzy-link" if cand.entry is not None else "place-unknown-after-unit-word"
        out.append(cand)
    return out


def entry_for(attrs: dict[str, Any], places: PlaceIndex) -> PlaceEntry | None:
    """The one gazetteer entry with these attributes' canonical name, country and level (None if not exactly one)."""
    canonical = attrs.get("canonical")
    if not canonical:
        return None
    hits = [
        e for e in places.lookup(str(canonical))
        if (e.canonical or e.name) == canonical and e.country == attrs.get("country") and e.level == attrs.get("level")
    ]
    return hits[0] if len(hits) == 1 else None


class ModelTags:
    """underthesea's NER tags by position, to say what the model saw over a span."""

    def __init__(self, tokens: Sequence[Token]):
        ordered = sorted(tokens, key=lambda t: t.start)
        self._tokens = ordered
        self._ends = [t.end for t in ordered]

    def sources(self, span: Span) -> tuple[Source, ...]:
        """("model", tag) for the first entity tag on a token overlapping the span; () when the model saw none."""
        i = bisect.bisect_right(self._ends, span.start)
        while i < len(self._tokens) and self._tokens[i].start < span.end:
            tag = self._tokens[i].ner
            if tag and tag != "O":
                return (Source("model", tag),)
            i += 1
        return ()
