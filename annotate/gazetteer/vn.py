"""Vietnamese units read at load time from the installed vietnamadminunits package.

The package ships the 63-province tree (province, district, commune) valid
until 2025-06-30, the 34-province tree (province, commune) in force from
2025-07-01, and the old-to-new mapping; reading its SQLite file directly
takes ~0.1 s, so no derived copy is shipped. Curated aliases and units the
package lacks come from ``data/vn_aliases.yaml``.
"""
from __future__ import annotations

import json
import sqlite3
from functools import lru_cache
from pathlib import Path
from typing import Any

from .entries import REFORM_FIRST_DAY, REFORM_LAST_DAY, PlaceEntry
from .yamlio import load_yaml

_ALIASES = Path(__file__).with_name("data") / "vn_aliases.yaml"


def _package_dir() -> Path:
    """Folder of the installed vietnamadminunits package (imports nothing heavy)."""
    import importlib.util

    spec = importlib.util.find_spec("vietnamadminunits")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("vietnamadminunits is not installed")
    return Path(next(iter(spec.submodule_search_locations)))


def _rows(conn: sqlite3.Connection, sql: str) -> list[sqlite3.Row]:
    """Run one query and return its rows."""
    conn.row_factory = sqlite3.Row
    return conn.execute(sql).fetchall()


def _commune_name(short: str | None, full: str) -> str:
    """Short name, or the full one when the short is a bare number ('Phường 1')."""
    if not short or short[0].isdigit():
        return full
    return short


class _Builder:
    """Turns package rows into PlaceEntry objects with parents and successors linked."""

    def __init__(self, root: Path, curated: dict[str, Any]) -> None:
        self.root = root
        self.curated = curated.get("provinces") or {}
        self.historical = curated.get("historical") or []
        self.entries: list[PlaceEntry] = []
        self.province_id: dict[str, str] = {}  # provinceKey (either era) -> entry id
        self.province_canon: dict[str, str] = {}  # entry id -> canonical
        self.new_province_of_old: dict[str, str] = {}  # old provinceKey -> new provinceKey
        self.new_ward_id: dict[tuple[str, str], str] = {}
        self.new_ward_canon: dict[str, str] = {}

    def build(self) -> list[PlaceEntry]:
        """Read the package once and return every unit of both eras."""
        with sqlite3.connect(f"file:{self.root / 'data' / 'dataset.db'}?mode=ro", uri=True) as conn:
            new = _rows(conn, "SELECT provinceKey, provinceShortKey, provinceShort, wardCode, ward, wardShort, wardKey FROM admin_units")
            old = _rows(
                conn,
                "SELECT provinceKey, provinceShortKey, provinceShort, districtCode, district, districtShort, districtType,"
                " districtKey, wardCode, ward, wardShort, wardKey FROM admin_units_legacy",
            )
        with open(self.root / "data" / "converter_2025.json", encoding="utf-8") as handle:
            converter = json.load(handle)
        for new_key, old_keys in converter["DICT_PROVINCE"].items():
            for old_key in old_keys:
                self.new_province_of_old[old_key] = new_key
        self._provinces(new, old)
        self._new_communes(new)
        self._old_units(old, converter)
        self._historical()
        return self.entries

    def _province_entry(self, short_key: str, name: str, **extra: Any) -> PlaceEntry:
        """A province entry with its curated canonical and aliases."""
        curated = self.curated.get(name) or {}
        canonical = curated.get("canonical") or name
        aliases = tuple(a for a in curated.get("aliases") or () if a not in (name, canonical))
        return PlaceEntry(
            id=f"vn-p-{short_key}", name=name, canonical=canonical, country="VN", level="province",
            aliases=aliases, source="vietnamadminunits", **extra,
        )

    def _provinces(self, new: list[sqlite3.Row], old: list[sqlite3.Row]) -> None:
        """One entry per province name; provinces merged away get valid_to and now."""
        current = {r["provinceKey"]: (r["provinceShortKey"], r["provinceShort"]) for r in new}
        by_name: dict[str, str] = {}
        for key, (short_key, name) in current.items():
            entry = self._province_entry(short_key, name)
            self.entries.append(entry)
            self.province_id[key] = entry.id
            self.province_canon[entry.id] = entry.canonical
            by_name[name] = entry.id
        legacy = {r["provinceKey"]: (r["provinceShortKey"], r["provinceShort"]) for r in old}
        for key, (short_key, name) in legacy.items():
            if name in by_name:
                self.province_id[key] = by_name[name]
                continue
            successor = self.province_id[self.new_province_of_old[key]]
            entry = self._province_entry(
                short_key, name, valid_to=REFORM_LAST_DAY,
                now=self.province_canon[successor], now_id=successor,
            )
            self.entries.append(entry)
            self.province_id[key] = entry.id
            self.province_canon[entry.id] = entry.canonical

    def _new_communes(self, new: list[sqlite3.Row]) -> None:
        """Communes, wards and special zones of the 34-province map."""
        for r in new:
            parent = self.province_id[r["provinceKey"]]
            name = _commune_name(r["wardShort"], r["ward"])
            entry = PlaceEntry(
                id=f"vn-c34-{r['wardCode']}", name=name, canonical=name, country="VN", level="commune",
                parent=parent, parent_name=self.province_canon[parent], valid_from=REFORM_FIRST_DAY,
                aliases=(r["ward"],) if r["ward"] != name else (), source="vietnamadminunits",
            )
            self.entries.append(entry)
            self.new_ward_id[(r["provinceKey"], r["wardKey"])] = entry.id
            self.new_ward_canon[entry.id] = name

    def _old_units(self, old: list[sqlite3.Row], converter: dict[str, Any]) -> None:
        """Districts and communes of the 63-province map, with their 2025 successor."""
        successor_ward = self._ward_successors(converter)
        seen_districts: set[str] = set()
        for r in old:
            province = self.province_id[r["provinceKey"]]
            new_province_key = self.new_province_of_old[r["provinceKey"]]
            new_province = self.province_id[new_province_key]
            district_id = f"vn-d63-{r['districtCode']}"
            district_name = _commune_name(r["districtShort"], r["district"])
            if district_id not in seen_districts:
                seen_districts.add(district_id)
                self.entries.append(PlaceEntry(
                    id=district_id, name=district_name, canonical=district_name, country="VN",
                    level="city" if r["districtType"] == "Thành phố" else "district",
                    parent=province, parent_name=self.province_canon[province],
                    now=self.province_canon[new_province], now_id=new_province, valid_to=REFORM_LAST_DAY,
                    aliases=(r["district"],) if r["district"] != district_name else (), source="vietnamadminunits",
                ))
            if not r["wardCode"]:
                continue
            old_key = f"{r['provinceKey']}_{r['districtKey']}_{r['wardKey']}"
            new_ward = self.new_ward_id.get((new_province_key, successor_ward.get(old_key, "")))
            name = _commune_name(r["wardShort"], r["ward"])
            self.entries.append(PlaceEntry(
                id=f"vn-c63-{r['wardCode']}", name=name, canonical=name, country="VN", level="commune",
                parent=district_id, parent_name=district_name,
                now=self.new_ward_canon[new_ward] if new_ward else self.province_canon[new_province],
                now_id=new_ward or new_province, valid_to=REFORM_LAST_DAY,
                aliases=(r["ward"],) if r["ward"] != name else (), source="vietnamadminunits",
            ))

    @staticmethod
    def _ward_successors(converter: dict[str, Any]) -> dict[str, str]:
        """Old 'province_district_ward' key -> new ward key (the package's default when split)."""
        successors: dict[str, str] = {}
        for wards in converter["DICT_PROVINCE_WARD_NO_DIVIDED"].values():
            for new_key, old_keys in wards.items():
                for old_key in old_keys:
                    successors[old_key] = new_key
        for divided in converter["DICT_PROVINCE_WARD_DIVIDED"].values():
            for old_key, options in divided.items():
                default = next((o["newWardKey"] for o in options if o.get("isDefaultNewWard")), None)
                if default and old_key not in successors:
                    successors[old_key] = default
        return successors

    def _historical(self) -> None:
        """Curated units the package lacks (Thừa Thiên Huế before 2025...)."""
        by_name = {e.name: e for e in self.entries if e.level == "province"}
        for item in self.historical:
            now = by_name.get(item.get("now") or "")
            self.entries.append(PlaceEntry(
                id=item["id"], name=item["name"], canonical=item.get("canonical") or item["name"],
                country="VN", level=item.get("level", "province"), aliases=tuple(item.get("aliases") or ()),
                valid_from=item.get("valid_from"), valid_to=item.get("valid_to"),
                now=now.canonical if now else item.get("now"), now_id=now.id if now else None,
                source="vn_aliases.yaml",
            ))


def source_files() -> tuple[Path, ...]:
    """Every file the Vietnamese units are read from (the gazetteer cache is keyed by their content)."""
    data = _package_dir() / "data"
    return (data / "dataset.db", data / "converter_2025.json", _ALIASES)


@lru_cache(maxsize=1)
def vn_units() -> tuple[PlaceEntry, ...]:
    """All Vietnamese units of both eras (cached: the package data never changes at run time)."""
    return tuple(_Builder(_package_dir(), load_yaml(_ALIASES)).build())
