"""Countries, regions and other names that look like places but are never a LOCALITY."""
from __future__ import annotations

from functools import lru_cache
from typing import Sequence

from annotate.text.syllables import PhraseSet, Word, is_name_syllable, looks_foreign, match_phrase, phrase_set

from .entries import Country
from .yamlio import DATA_DIR, load_yaml


@lru_cache(maxsize=1)
def _data() -> dict:
    """data/countries.yaml, parsed once."""
    return load_yaml(DATA_DIR / "countries.yaml")


@lru_cache(maxsize=1)
def countries() -> tuple[Country, ...]:
    """Every country in data/countries.yaml."""
    return tuple(
        Country(iso=row["iso"], name=row["name"], aliases=tuple(row.get("aliases") or ()))
        for row in _data()["countries"]
    )


@lru_cache(maxsize=1)
def country_codes() -> dict[str, str]:
    """Every written form of a country -> its ISO code."""
    return {name: country.iso for country in countries() for name in country.names}


@lru_cache(maxsize=1)
def regions() -> tuple[str, ...]:
    """Regions, seas and blocs (Đông Nam Á, Biển Đông...): also never a LOCALITY."""
    return tuple(_data().get("regions") or ())


@lru_cache(maxsize=1)
def not_places() -> frozenset[str]:
    """Regions plus the other names never a LOCALITY even where a gazetteer lists them."""
    return frozenset((*regions(), *(_data().get("not_places") or ())))


@lru_cache(maxsize=1)
def country_phrases() -> PhraseSet:
    """Country names as word tuples, longest first, for matching in running text."""
    return phrase_set(country_codes())


def country_at(words: Sequence[Word], i: int) -> tuple[int, str]:
    """Longest country name starting at words[i]: (word count, ISO code), (0, "") when none.

    A one-word country glued to a capitalised word before it is a given name
    ("Trần Phước Anh", "Nguyễn Minh Đức"), unless a foreign name follows
    ("Bộ Công Thương Lào Khamphou Sisavath").
    """
    k = match_phrase(words, i, country_phrases())
    if not k:
        return 0, ""
    if k == 1 and i > 0 and is_name_syllable(words[i - 1].text) and words[i].start - words[i - 1].end <= 1:
        after = words[i + 1].text if i + 1 < len(words) else ""
        if not (is_name_syllable(after) and looks_foreign(after)):
            return 0, ""
    name = " ".join(words[i + j].text for j in range(k))
    return k, country_codes().get(name, "")
