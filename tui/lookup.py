"""The gazetteer as the suggestions modal needs it: lookups and additions on a connection of its own.

Lookups run in thread workers that a newer keystroke may overtake, so this object
serialises them with a lock and keeps them off the ReviewService's connection.
"""
from __future__ import annotations

import threading
from pathlib import Path

from annotate.store.database import open_database
from annotate.services.suggestions import PlaceSuggestion, add_place, suggest_places


class PlaceLookup:
    """suggest_places / add_place against one database, safe to call from any thread."""

    def __init__(self, db_path: str | Path | None):
        self._db_path = db_path
        self._db = None
        self._lock = threading.Lock()

    def _database(self):
        if self._db is None:
            self._db = open_database(self._db_path)
        return self._db

    def places(self, query: str, limit: int = 12) -> list[PlaceSuggestion]:
        """Best matches first; [] for an empty query."""
        with self._lock:
            return suggest_places(query, self._database(), limit=limit)

    def remember(self, name: str, suggestion: PlaceSuggestion, annotator: str) -> bool:
        """Store name -> suggestion in the user gazetteer; False when already known."""
        with self._lock:
            return add_place(self._database(), name, suggestion.canonical, suggestion.country, suggestion.level, suggestion.parent, annotator)

    def close(self) -> None:
        with self._lock:
            if self._db is not None:
                self._db.close()
                self._db = None
