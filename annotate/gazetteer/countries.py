"""Countries and regions: names that look like places but are never a LOCALITY."""
from __future__ import annotations

from functools import lru_cache

from .entries import Country
from .yamlio import DATA_DIR, load_yaml


@lru_cache(maxsize=1)
def countries() -> tuple[Country, ...]:
    """Every country in data/countries.yaml."""
    data = load_yaml(DATA_DIR / "countries.yaml")
    return tuple(
        Country(iso=row["iso"], name=row["name"], aliases=tuple(row.get("aliases") or ()))
        for row in data["countries"]
    )


@lru_cache(maxsize=1)
def regions() -> tuple[str, ...]:
    """Regions, seas and blocs (Đông Nam Á, Biển Đông...): also never a LOCALITY."""
    return tuple(load_yaml(DATA_DIR / "countries.yaml").get("regions") or ())
