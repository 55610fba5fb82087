"""The user's gazetteers: places reviewers confirmed (table gazetteer_entries) and the files schema.yaml names.

Entries a reviewer confirms are stored in the database, so they survive, are
shared with other annotators on the same database, and feed the pre-annotator
of later ingests. `user_gazetteers` is the one loader: ingest and the review
screen's suggestions see the same files and the same confirmed places.
"""
from __future__ import annotations

from dataclasses import dataclass

from sqlite_utils import Database

from annotate.gazetteer.entries import PlaceEntry
from annotate.store.database import now, write_transaction


@dataclass(frozen=True, slots=True)
class UserGazetteers:
    """What the user adds to the shipped gazetteer: place files (schema.yaml) and confirmed places."""

    place_files: tuple[str, ...]
    places: tuple[PlaceEntry, ...]


def confirmed_place_rows(db: Database) -> list[dict]:
    """Reviewer-confirmed places, oldest first, as stored."""
    return list(db.query("SELECT * FROM gazetteer_entries WHERE kind = 'places' ORDER BY id"))


def confirmed_places(db: Database) -> list[PlaceEntry]:
    """Reviewer-confirmed places as gazetteer entries (for suggestions and the pre-annotator)."""
    return [
        PlaceEntry(
            id=f"user-{row['id']}", name=row["name"], canonical=row["canonical"], country=row["country"] or "",
            level=row["level"] or "city", parent_name=row["parent"], aliases=(row["name"],), source="user",
        )
        for row in confirmed_place_rows(db)
    ]


def add_place(db: Database, name: str, canonical: str, country: str, level: str, parent: str | None, added_by: str) -> bool:
    """Remember a reviewer-confirmed place; False when it was already known."""
    with write_transaction(db):
        cursor = db.execute(
            "INSERT OR IGNORE INTO gazetteer_entries (kind, name, canonical, country, level, parent, added_by, added_at)"
            " VALUES ('places', ?, ?, ?, ?, ?, ?, ?)",
            [name, canonical, country, level, parent, added_by, now()],
        )
        return cursor.rowcount == 1


def user_place_files() -> tuple[str, ...]:
    """The place gazetteer files schema.yaml names (paths resolved)."""
    from annotate.schema import cached_schema

    return tuple(str(p) for p in cached_schema().place_gazetteers)


def user_gazetteers(db: Database) -> UserGazetteers:
    """The user's place files and the places reviewers confirmed in this database."""
    return UserGazetteers(user_place_files(), tuple(confirmed_places(db)))
