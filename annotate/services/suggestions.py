"""Gazetteer suggestions for the review screen, and reviewer-confirmed additions.

Entries a reviewer confirms are stored in the database (table
gazetteer_entries), so they survive, are shared with other annotators on the
same database, and feed the pre-annotator of later ingests.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable

from sqlite_utils import Database

from annotate.store.database import now, write_transaction


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
        """LOCALITY attributes in schema order."""
        result = {"country": self.country, "canonical": self.canonical, "level": self.level}
        if self.now:
            result["now"] = self.now
        return result


def user_entries(db: Database) -> list[dict]:
    return list(db.query("SELECT * FROM gazetteer_entries WHERE kind = 'places' ORDER BY id"))


def place_entries(rows: Iterable[dict]):
    """Reviewer-confirmed rows as gazetteer entries (for suggestions and the pre-annotator)."""
    from annotate.gazetteer.entries import PlaceEntry

    for row in rows:
        yield PlaceEntry(
            id=f"user-{row['id']}", name=row["name"], canonical=row["canonical"], country=row["country"] or "",
            level=row["level"] or "city", parent_name=row["parent"], aliases=(row["name"],), source="user",
        )


def suggest_places(query: str, db: Database | None = None, limit: int = 10) -> list[PlaceSuggestion]:
    """Best gazetteer matches for a mention, best first (rapidfuzz under the hood)."""
    from annotate.gazetteer.index import default_index

    query = query.strip()
    if not query:
        return []
    index = default_index()
    results: list[PlaceSuggestion] = []
    seen: set[tuple[str, str]] = set()
    extra = list(place_entries(user_entries(db))) if db is not None else []
    scored = [(e, 100.0) for e in extra if e.name.casefold() == query.casefold() or e.canonical.casefold() == query.casefold()]
    scored += index.fuzzy(query, limit=limit * 2, score_cutoff=50)
    for entry, score in scored:
        key = (entry.canonical, entry.country)
        if key in seen:
            continue
        seen.add(key)
        results.append(PlaceSuggestion(entry.canonical, entry.country, entry.level, entry.parent_name, entry.now, round(float(score), 1), entry.source))
        if len(results) >= limit:
            break
    return results


def add_place(db: Database, name: str, canonical: str, country: str, level: str, parent: str | None, added_by: str) -> bool:
    """Remember a reviewer-confirmed place; False when it was already known."""
    with write_transaction(db):
        cursor = db.execute(
            "INSERT OR IGNORE INTO gazetteer_entries (kind, name, canonical, country, level, parent, added_by, added_at)"
            " VALUES ('places', ?, ?, ?, ?, ?, ?, ?)",
            [name, canonical, country, level, parent, added_by, now()],
        )
        return cursor.rowcount == 1
