"""Curated YAML place records (CN, foreign, user files) turned into PlaceEntry objects."""
from __future__ import annotations

from pathlib import Path
from typing import Any, Iterable

from .entries import PlaceEntry
from .yamlio import DATA_DIR, load_yaml


def entries_from_records(records: Iterable[dict[str, Any]], country: str | None, source: str) -> list[PlaceEntry]:
    """Build entries, resolving parent ids to names within the same list."""
    rows = list(records)
    names = {row["id"]: row.get("canonical") or row["name"] for row in rows}
    out = []
    for row in rows:
        aliases = tuple(dict.fromkeys(str(a) for a in (*(row.get("variants") or ()), *(row.get("aliases") or ()))))
        parent = row.get("parent")
        out.append(PlaceEntry(
            id=str(row["id"]),
            name=row["name"],
            canonical=row.get("canonical") or row["name"],
            country=row.get("country") or country or "",
            level=row["level"],
            parent=parent,
            parent_name=row.get("parent_name") or names.get(parent) if parent else None,
            now=row.get("now"),
            now_id=row.get("now_id"),
            aliases=tuple(a for a in aliases if a != row["name"]),
            hanzi=row.get("hanzi"),
            pinyin=row.get("pinyin"),
            valid_from=_iso(row.get("valid_from")),
            valid_to=_iso(row.get("valid_to")),
            source=source,
        ))
    return out


def _iso(value: Any) -> str | None:
    """YAML may parse dates itself; keep ISO text so comparisons stay simple."""
    return None if value is None else (value.isoformat() if hasattr(value, "isoformat") else str(value))


def load_place_file(path: str | Path, country: str | None = None) -> list[PlaceEntry]:
    """Entries of one place file: a mapping with a `places:` list (or a bare list)."""
    data = load_yaml(path)
    records = data.get("places", []) if isinstance(data, dict) else (data or [])
    return entries_from_records(records, country, Path(path).name)


def cn_places() -> list[PlaceEntry]:
    """The shipped Chinese gazetteer."""
    return load_place_file(DATA_DIR / "cn_places.yaml", "CN")


def foreign_places() -> list[PlaceEntry]:
    """The shipped starter list of sub-national places outside VN and CN."""
    return load_place_file(DATA_DIR / "foreign_places.yaml")
