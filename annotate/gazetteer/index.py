"""PlaceIndex: every locality of every gazetteer source, with fuzzy search for typos and suggestions.

Built once per process (``default_index()``) from the shipped data, or with a
user's gazetteer files and reviewer-confirmed entries on top (later sources
override by id). Fuzzy search runs rapidfuzz over the ~3k names above commune
level, on the normalised key and on its diacritic-free fold.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Iterable

from rapidfuzz import fuzz, process

from .entries import PlaceEntry
from .normalize import fold, key, strip_units
from .records import cn_places, foreign_places, load_place_file
from .vn import vn_units

_FOLD_PENALTY = 2.0  # a diacritic-only match ranks just below an exact-diacritics one


def default_entries() -> list[PlaceEntry]:
    """Every shipped entry: Chinese places, Vietnamese units of both eras, foreign starter list."""
    return [*cn_places(), *vn_units(), *foreign_places()]


class PlaceIndex:
    """All localities, by id and by normalised name, for fuzzy search."""

    def __init__(
        self,
        extra_paths: Iterable[str | Path] = (),
        extra_entries: Iterable[PlaceEntry] = (),
        *,
        base: Iterable[PlaceEntry] | None = None,
    ) -> None:
        by_id: dict[str, PlaceEntry] = {}
        sources: list[Iterable[PlaceEntry]] = [default_entries() if base is None else base]
        sources += [load_place_file(path) for path in extra_paths]
        sources.append(extra_entries)
        for source in sources:
            for entry in source:
                by_id[entry.id] = entry  # later sources (user files, database) override by id
        self.by_id = by_id
        self._by_key: dict[str, list[PlaceEntry]] = {}
        for entry in by_id.values():
            for name in entry.names:
                k = key(name)
                if k:
                    bucket = self._by_key.setdefault(k, [])
                    if entry not in bucket:
                        bucket.append(entry)
        self._fuzzy_keys = [k for k, hits in self._by_key.items() if any(e.level != "commune" for e in hits)]
        self._fuzzy_folds = [fold(k) for k in self._fuzzy_keys]

    def fuzzy(self, query: str, limit: int = 10, score_cutoff: float = 70) -> list[tuple[PlaceEntry, float]]:
        """Nearest names above commune level, scored 0-100, best first; a diacritic-only difference scores 98."""
        q = list(strip_units(key(query)))[-1]
        if not q:
            return []
        scores: dict[int, float] = {}
        for _, score, idx in process.extract(
            q, self._fuzzy_keys, scorer=fuzz.ratio, limit=limit * 3, score_cutoff=score_cutoff
        ):
            scores[idx] = max(scores.get(idx, 0.0), score)
        for _, score, idx in process.extract(
            fold(q), self._fuzzy_folds, scorer=fuzz.ratio, limit=limit * 3, score_cutoff=score_cutoff + _FOLD_PENALTY
        ):
            scores[idx] = max(scores.get(idx, 0.0), score - _FOLD_PENALTY)
        best: dict[str, tuple[PlaceEntry, float]] = {}
        for idx, score in scores.items():
            for entry in self._by_key[self._fuzzy_keys[idx]]:
                if entry.level != "commune" and (entry.id not in best or best[entry.id][1] < score):
                    best[entry.id] = (entry, score)
        ranked = sorted(best.values(), key=lambda item: (-item[1], _rank_key(item[0])))
        return ranked[:limit]

    def __len__(self) -> int:
        return len(self.by_id)


def _rank_key(entry: PlaceEntry) -> tuple:
    """Higher tiers first, then units that still exist, then a stable order."""
    return (entry.level_rank, 1 if entry.valid_to else 0, entry.id)


@lru_cache(maxsize=1)
def default_index() -> PlaceIndex:
    """The shipped gazetteer, built once per process."""
    return PlaceIndex()
