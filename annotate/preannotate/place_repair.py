"""Misspelt and toneless place names linked to the gazetteer, with a context check.

The press drops tone marks ("Quang Tay"), swaps them ("Sủng Tả") or slips a
letter ("Lai Cai"). A name the gazetteer does not know is linked when its
diacritic-free fold equals a known name; after a unit word ("tỉnh", "Tỉnh
ủy"), which says a place follows, also when one known name is close enough:
a fuzzy score of 90, or a single letter apart where the article's own
country speaks for it. Nothing else is guessed: a person ("đồng chí Hà
Dương") must not become the city he resembles, nor a Chinese town the
gazetteer lacks ("Long Bang") a prefecture.
"""
from __future__ import annotations

from collections import Counter
from typing import Iterable

from annotate.gazetteer.choose import choose
from annotate.gazetteer.entries import UNIT_FITS, PlaceEntry
from annotate.gazetteer.index import PlaceIndex
from annotate.gazetteer.normalize import fold
from annotate.preannotate.places import bare_ok, locality_attrs
from annotate.preannotate.resolve import Candidate

CLOSE = 90
ONE_LETTER = 80


def repaired_entry(
    name: str,
    places: PlaceIndex,
    unit_level: str | None,
    country: str = "",
    doc_countries: Counter | None = None,
    day: str | None = None,
    after_unit: bool = True,
) -> PlaceEntry | None:
    """The gazetteer entry a misspelt name stands for, or None (see the module docstring); a unit level of
    None takes only the levels a name may stand bare at."""
    entries = places.lookup_folded(name)
    if unit_level is None:
        entries = [e for e in entries if bare_ok(e)]
    if entries:
        return choose(entries, unit_level, country or None, doc_countries, day)
    if not after_unit:
        return None
    target = fold(name)
    home = country or (doc_countries.most_common(1)[0][0] if doc_countries else "")
    good = []
    for entry, score in places.fuzzy(name, limit=5, score_cutoff=ONE_LETTER):
        cand = fold(entry.name or "")
        if cand.split()[:1] != target.split()[:1] and cand[:2] != target[:2]:
            continue  # the first letters are rarely what a slip changes
        if not (bare_ok(entry) if unit_level is None else entry.level in UNIT_FITS.get(unit_level, ())):
            continue  # "xã X" is repaired to a commune or district, never to a province
        if score >= CLOSE or (_one_letter_apart(cand, target) and entry.country == home):
            good.append(entry)
    if not good:
        return None
    return choose(good, unit_level, country or None, doc_countries, day)


def _one_letter_apart(a: str, b: str) -> bool:
    """Same length and syllables, one letter different ("lao cai" / "lai cai")."""
    if len(a) != len(b) or len(a.split()) != len(b.split()):
        return False
    return sum(1 for x, y in zip(a, b) if x != y) == 1


def link_guessed_places(candidates: Iterable[Candidate], places: PlaceIndex, day: str | None = None) -> None:
    """Give LOCALITY candidates that only guessed their attributes (a place split off a title, an unknown
    name after a unit word) the entry a misspelling stands for, in place; the article's linked places
    say which country is at home."""
    cands = list(candidates)
    known = Counter(c.span.attrs.get("country") for c in cands if c.span.label == "LOCALITY" and places.lookup(
        str(c.span.attrs.get("canonical", ""))))
    known.pop("", None)
    known.pop(None, None)
    for cand in cands:
        attrs = cand.span.attrs
        if cand.span.label != "LOCALITY" or cand.span.origin != "rule" or "now" in attrs:
            continue  # "rule": guessed after a unit word; "model" guesses have no unit word to go by
        name = str(attrs.get("canonical", ""))
        if not name or places.lookup(name):
            continue
        # a guessed "city" says little (the title rules guess it for any place they split off); a smaller
        # unit's level is what its unit word said ("xã X"), and holds
        level = attrs.get("level")
        entry = repaired_entry(name, places, None if level in (None, "", "city") else level, "", known, day)
        if entry is not None:
            cand.span.attrs = locality_attrs(entry, places)
