"""Gazetteer suggestions for the review screen (`g`), and the places reviewers confirm there.

`SuggestionService` owns its database connection: lookups run in thread
workers that a newer keystroke may overtake, so it serialises them with a
lock and keeps them off the ReviewService's connection. It sees what ingest
sees (store.gazetteer.user_gazetteers): the shipped gazetteer with the
user's place files for fuzzy search, and confirmed places first when their
name is typed exactly.
"""
from __future__ import annotations

import threading
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable

from sqlite_utils import Database

from annotate.gazetteer.entries import PlaceEntry
from annotate.gazetteer.index import PlaceIndex, default_index
from annotate.schema import default_attribute_order
from annotate.services.span_rules import with_place
from annotate.store.database import open_database
from annotate.store.gazetteer import add_place, user_gazetteers
from annotate.store.gazetteer import confirmed_place_rows as user_entries

__all__ = ["PlaceSuggestion", "SuggestionService", "add_place", "index_with_files", "rank_suggestions", "user_entries"]


@dataclass(frozen=True, slots=True)
class PlaceSuggestion:
    """One fuzzy gazetteer match, ready to fill a LOCALITY's attributes."""

    canonical: str
    country: str
    level: str
    parent: str | None
    now: str | None
    score: float
    source: str

    def attrs(self) -> dict[str, str]:
        """LOCALITY attributes in schema order, `now` only where the unit changed."""
        values = {"country": self.country, "canonical": self.canonical, "level": self.level, "now": self.now}
        return {k: values[k] for k in default_attribute_order()["LOCALITY"] if k in values and (k != "now" or values[k])}

    def applied_to(self, attrs: dict[str, Any]) -> dict[str, Any]:
        """A span's attributes after picking this entry: every place attribute replaced, the others kept."""
        return with_place(attrs, self.attrs())


@lru_cache(maxsize=4)
def index_with_files(place_files: tuple[str, ...]) -> PlaceIndex:
    """The shipped gazetteer plus these user files, built once per set of files."""
    return PlaceIndex(extra_paths=place_files) if place_files else default_index()


def rank_suggestions(
    query: str, index: PlaceIndex, confirmed: Iterable[PlaceEntry] = (), limit: int = 10
) -> list[PlaceSuggestion]:
    """Best matches for a mention, best first: confirmed places named exactly so, then fuzzy matches."""
    query = query.strip()
    if not query:
        return []
    folded = query.casefold()
    scored = [(e, 100.0) for e in confirmed if e.name.casefold() == folded or e.canonical.casefold() == folded]
    scored += index.fuzzy(query, limit=limit * 2, score_cutoff=50)
    results: list[PlaceSuggestion] = []
    seen: set[tuple[str, str]] = set()
    for entry, score in scored:
        key = (entry.canonical, entry.country)
        if key in seen:
            continue
        seen.add(key)
        results.append(PlaceSuggestion(
            entry.canonical, entry.country, entry.level, entry.parent_name, entry.now, round(float(score), 1), entry.source
        ))
        if len(results) >= limit:
            break
    return results


class SuggestionService:
    """Suggestions and confirmed places against one database, safe to call from any thread."""

    def __init__(self, db_path: str | Path | None):
        self._db_path = db_path
        self._db: Database | None = None
        self._lock = threading.Lock()

    def _database(self) -> Database:
        """The service's own connection, opened on first use."""
        if self._db is None:
            self._db = open_database(self._db_path)
        return self._db

    def places(self, query: str, limit: int = 12) -> list[PlaceSuggestion]:
        """Best matches first; [] for an empty query."""
        with self._lock:
            if not query.strip():
                return []
            user = user_gazetteers(self._database())
            return rank_suggestions(query, index_with_files(user.place_files), user.places, limit=limit)

    def remember(self, name: str, suggestion: PlaceSuggestion, annotator: str) -> bool:
        """Store name -> suggestion among the confirmed places; False when already known."""
        with self._lock:
            return add_place(
                self._database(), name, suggestion.canonical, suggestion.country, suggestion.level, suggestion.parent,
                annotator,
            )

    def close(self) -> None:
        """Close the connection (a later call opens a new one)."""
        with self._lock:
            if self._db is not None:
                self._db.close()
                self._db = None
