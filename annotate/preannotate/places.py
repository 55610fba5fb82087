"""Place matching the official and locality rules share: which places stand bare, and their attributes.

The gazetteer finds names (gazetteer.index.PlaceIndex) and picks among
homonyms (gazetteer.choose); this module holds the pre-annotator's view on
top: a place may be named without a unit word only at province or city level
(and the few Chinese counties the gazetteer lists), and a LOCALITY's
attributes come from its entry, or are guessed from a unit word.
"""
from __future__ import annotations

from typing import Any, Sequence

from annotate.gazetteer.entries import PlaceEntry
from annotate.gazetteer.index import PlaceIndex

BARE_LEVELS = frozenset({"province", "city"})
Phrase = tuple[str, ...]


def bare_ok(entry: PlaceEntry) -> bool:
    """May this entry be linked without a unit word? Provinces and cities; Chinese counties too (the
    gazetteer lists only the border counties and the few the press names, e.g. Đông Hưng, Bằng Tường)."""
    return entry.level in BARE_LEVELS or (entry.level == "district" and entry.country == "CN")


def locality_attrs(entry: PlaceEntry, places: PlaceIndex) -> dict[str, Any]:
    """A known place's attributes: country, canonical, level, and now when the unit changed."""
    attrs: dict[str, Any] = {"country": entry.country, "canonical": entry.canonical or entry.name, "level": entry.level}
    now = places.now_name(entry)
    if now:
        attrs["now"] = now
    return attrs


def guessed_attrs(name: str, unit_level: str | None, country: str | None) -> dict[str, Any]:
    """Attributes for a place the gazetteer does not know: the unit word and context are all we have."""
    return {"country": country or "", "canonical": name, "level": unit_level or "city"}


def strip_unit_word(name: str, unit_phrases: Sequence[Phrase]) -> str:
    """"Thành phố Hồ Chí Minh" -> "Hồ Chí Minh": the first unit phrase opening the name, off."""
    words = name.split()
    for phrase in unit_phrases:
        k = len(phrase)
        if len(words) > k and tuple(words[:k]) == phrase:
            return " ".join(words[k:])
    return name
