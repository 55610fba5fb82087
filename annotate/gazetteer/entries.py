"""Value types for gazetteer places, shared by every loader and the index."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

LEVELS = ("province", "city", "district", "commune")
LEVEL_RANK = {level: rank for rank, level in enumerate(LEVELS)}
# Which levels a unit word of each level can introduce ("thành phố" names municipalities, cities and towns).
UNIT_FITS: dict[str, tuple[str, ...]] = {
    "province": ("province", "city"),
    "city": ("province", "city", "district"),
    "district": ("district", "city"),
    "commune": ("commune", "district"),
}
# Vietnam's 2025 reform: the 63-province, district-tier map ends, the 34-province, two-tier map begins.
REFORM_LAST_DAY = "2025-06-30"
REFORM_FIRST_DAY = "2025-07-01"


@dataclass(frozen=True, slots=True)
class PlaceEntry:
    """One named locality, as the annotation attributes need it (country, canonical, level, now)."""

    id: str
    name: str
    canonical: str
    country: str
    level: str
    parent: str | None = None
    parent_name: str | None = None
    now: str | None = None
    now_id: str | None = None
    aliases: tuple[str, ...] = ()
    hanzi: str | None = None
    pinyin: str | None = None
    valid_from: str | None = None
    valid_to: str | None = None
    source: str = "data"

    @property
    def names(self) -> tuple[str, ...]:
        """Every spelling that should find this entry: name, canonical, aliases."""
        seen: dict[str, None] = {self.name: None, self.canonical: None}
        seen.update((alias, None) for alias in self.aliases)
        return tuple(seen)

    def valid_on(self, day: date | str) -> bool:
        """True when the unit existed under this name on the given day (ISO dates compare as text)."""
        iso = day.isoformat() if isinstance(day, date) else day
        if self.valid_from and iso < self.valid_from:
            return False
        if self.valid_to and iso > self.valid_to:
            return False
        return True

    @property
    def level_rank(self) -> int:
        """0 for province up to 3 for commune; unknown levels sort last."""
        return LEVEL_RANK.get(self.level, len(LEVELS))


@dataclass(frozen=True, slots=True)
class Country:
    """A country name: never a LOCALITY, kept so the pipeline can reject it."""

    iso: str
    name: str
    aliases: tuple[str, ...] = ()

    @property
    def names(self) -> tuple[str, ...]:
        """Name first, then aliases."""
        return (self.name, *self.aliases)
