"""The one homonym chooser: which of several same-named places a mention stands for.

Every caller (unit-word mentions, bare names, titles, fuzzy repairs) asks
here, so one score decides everywhere: the level a unit word announces, the
country written next to the name, the article's date (a unit valid that day
wins over one dissolved or not yet created), the countries the article has
named so far, then the higher tier.
"""
from __future__ import annotations

from collections import Counter
from typing import Sequence

from .entries import REFORM_LAST_DAY, PlaceEntry


def choose(
    entries: Sequence[PlaceEntry],
    unit_level: str | None = None,
    context_country: str | None = None,
    doc_countries: Counter | None = None,
    day: str | None = None,
) -> PlaceEntry:
    """The best entry among homonyms (entries must not be empty); an undated article counts as pre-reform."""
    day = day or REFORM_LAST_DAY

    def score(entry: PlaceEntry) -> float:
        s = 0.0 if entry.valid_on(day) else -6.0
        if context_country and entry.country == context_country:
            s += 8
        if unit_level:
            if entry.level == unit_level:
                s += 4
            elif unit_level == "city" and entry.level == "province":
                s += 3  # "thành phố Thượng Hải": a municipality is written as a city
            elif unit_level in ("province", "city") and entry.level in ("district", "commune"):
                s -= 4
        if doc_countries:
            s += min(doc_countries.get(entry.country, 0), 5) * 0.5
        s -= entry.level_rank * 0.9
        return s

    return max(entries, key=score)
