"""What the locality finder keeps while it reads an article: mentions found, the words around, what it learnt.

Plain values shared by localities.py (the word-by-word reading) and its helpers, so
each stays one job and under the size the project allows.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from annotate.gazetteer.entries import PlaceEntry
from annotate.text.syllables import Word


@dataclass(slots=True)
class PlaceMention:
    """A place found by any source, before it becomes a Span."""

    start: int
    end: int
    entry: PlaceEntry | None
    attrs: dict[str, Any]
    priority: int
    origin: str


@dataclass(slots=True)
class Spot:
    """What starts at words[i]: a place name (k words), a country (kc words), a unit word (ku words)."""

    i: int
    k: int
    entries: list[PlaceEntry]
    kc: int
    ku: int


@dataclass(slots=True)
class Unit:
    """The unit word before words[i], or the plural list it continues ("các huyện A, B và C")."""

    start: int
    level: str | None
    in_list: bool
    plural: bool


@dataclass(slots=True)
class OpenList:
    """The plural unit list being read: its level, the index right after its last item, its country."""

    level: str | None = None
    next: int = -1
    country: str = ""


@dataclass(slots=True)
class UnknownRun:
    """A capitalised run the gazetteer did not know, decided once the whole article is read."""

    start: int
    end: int
    name: str
    unit_level: str | None
    i: int
    j: int
    words: list[Word]


@dataclass
class Reading:
    """One article as the finder reads it: what it found so far and what it learnt."""

    text: str
    credits: list[tuple[int, int]]
    persons: set[str]
    loc_tokens: list[tuple[int, int]]
    mentions: list[PlaceMention] = field(default_factory=list)
    doc_countries: Counter = field(default_factory=Counter)
    unknown: list[UnknownRun] = field(default_factory=list)

    def add(self, mention: PlaceMention) -> None:
        """Record a mention and count its country."""
        self.mentions.append(mention)
        if mention.attrs["country"]:
            self.doc_countries[mention.attrs["country"]] += 1

    @property
    def last_end(self) -> int | None:
        """Where the latest mention ends, None before the first."""
        return self.mentions[-1].end if self.mentions else None
