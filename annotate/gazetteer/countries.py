"""Countries, regions and other names that look like places but are never a LOCALITY."""
from __future__ import annotations

from functools import lru_cache

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
