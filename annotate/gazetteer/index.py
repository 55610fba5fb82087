"""PlaceIndex: exact, fuzzy and in-text look-up of localities over every gazetteer source.

Built once per process (``default_index()``); lookups are dict hits on a
normalised key, fuzzy search runs rapidfuzz over the ~3k names above commune
level, and ``link`` only accepts a fuzzy hit that differs from the mention by
diacritics or one letter, so that countries and ordinary words stay unlinked.
"""
from __future__ import annotations

import re
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Iterable

from rapidfuzz import fuzz, process
from rapidfuzz.distance import Levenshtein

from .countries import countries, regions
from .entries import PlaceEntry
from .normalize import fold, key, starts_with_unit, strip_units
from .records import cn_places, foreign_places, load_place_file
from .scanner import NameScanner, is_capitalised, tokens_of
from .vn import vn_units
from .yamlio import DATA_DIR, load_yaml

_UNIT_BEFORE = re.compile(
    r"(?:^|[^\w])(phường|xã|thị trấn|đặc khu|quận|huyện|thị xã|tỉnh|thành phố|tp\.?|châu)\s+$", re.IGNORECASE
)
# Which tiers a unit word right before a name points to (first match wins).
_UNIT_LEVELS = {
    "phường": ("commune",), "xã": ("commune",), "thị trấn": ("commune",), "đặc khu": ("commune", "city"),
    "quận": ("district", "city"), "huyện": ("district",), "thị xã": ("district", "city"),
    "tỉnh": ("province",), "thành phố": ("province", "city"), "tp": ("province", "city"),
    "tp.": ("province", "city"), "châu": ("city",),
}
_COMMUNE_UNIT_START = re.compile(r"(?:phường|xã|thị trấn|đặc khu) ")
_AUTONOMY = re.compile(r"\b(?:tự trị|dân tộc)\b")
_FOLD_PENALTY = 2.0  # a diacritic-only match ranks just below an exact-diacritics one


def default_entries() -> list[PlaceEntry]:
    """Every shipped entry: Chinese places, Vietnamese units of both eras, foreign starter list."""
    return [*cn_places(), *vn_units(), *foreign_places()]


class PlaceIndex:
    """All localities, indexed for exact look-up, fuzzy search, linking and text scanning."""

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
        self._exact: dict[str, list[PlaceEntry]] = {}
        self._scanner: NameScanner[PlaceEntry] = NameScanner()
        for entry in by_id.values():
            self._add(entry)
        self._scanner.freeze()
        self._fuzzy_keys = [k for k, hits in self._exact.items() if any(e.level != "commune" for e in hits)]
        self._fuzzy_folds = [fold(k) for k in self._fuzzy_keys]
        self._blocked, self._blocked_folds = self._blocked_names()
        parts = load_yaml(DATA_DIR / "name_parts.yaml")
        self._name_parts = {key(p) for p in (*parts["surnames"], *parts["middle_names"])}

    def _add(self, entry: PlaceEntry) -> None:
        """Index every spelling of one entry for lookup and, where sensible, for scanning."""
        for name in entry.names:
            k = key(name)
            if not k:
                continue
            bucket = self._exact.setdefault(k, [])
            if entry not in bucket:
                bucket.append(entry)
            if _scannable(name, k, entry):
                self._scanner.add(name, entry)

    def _blocked_names(self) -> tuple[set[str], set[str]]:
        """Keys of countries and regions, which are never localities; also registered with the scanner."""
        names = [n for c in countries() for n in c.names] + list(regions())
        blocked = {key(n) for n in names}
        self._country_scanner: NameScanner[str] = NameScanner()
        for n in names:
            self._country_scanner.add(n, n)
        self._country_scanner.freeze()
        return blocked, {fold(k) for k in blocked}

    # ------------------------------------------------------------------ lookup
    def lookup(self, mention: str) -> list[PlaceEntry]:
        """Entries whose name or alias equals the mention after normalisation and unit-word stripping."""
        k = key(mention)
        for candidate in strip_units(k):
            hits = self._exact.get(candidate)
            if hits:
                return sorted(hits, key=_rank_key)
        if _AUTONOMY.search(k):  # "Khu tự trị dân tộc Choang Quảng Tây": the name is a suffix
            parts = k.split(" ")
            for i in range(1, len(parts)):
                hits = self._exact.get(" ".join(parts[i:]))
                if hits:
                    return sorted(hits, key=_rank_key)
        return []

    def is_blocked(self, mention: str) -> bool:
        """True for a country or region name (with or without diacritics)."""
        return any(k in self._blocked or fold(k) in self._blocked_folds for k in strip_units(key(mention)))

    # ------------------------------------------------------------------ fuzzy
    def fuzzy(
        self, query: str, limit: int = 10, score_cutoff: float = 70
    ) -> list[tuple[PlaceEntry, float]]:
        """Nearest names above commune level, scored 0-100; a diacritic-only difference scores 98."""
        return [(entry, score) for entry, score, _ in self._fuzzy(query, limit, score_cutoff)]

    def _fuzzy(self, query: str, limit: int, score_cutoff: float) -> list[tuple[PlaceEntry, float, str]]:
        """Fuzzy hits with the key each one matched, best first."""
        q = list(strip_units(key(query)))[-1]
        if not q:
            return []
        scores: dict[int, float] = {}
        for choice, score, idx in process.extract(
            q, self._fuzzy_keys, scorer=fuzz.ratio, limit=limit * 3, score_cutoff=score_cutoff
        ):
            scores[idx] = max(scores.get(idx, 0.0), score)
        for choice, score, idx in process.extract(
            fold(q), self._fuzzy_folds, scorer=fuzz.ratio, limit=limit * 3, score_cutoff=score_cutoff + _FOLD_PENALTY
        ):
            scores[idx] = max(scores.get(idx, 0.0), score - _FOLD_PENALTY)
        best: dict[str, tuple[PlaceEntry, float, str]] = {}
        for idx, score in scores.items():
            k = self._fuzzy_keys[idx]
            for entry in self._exact[k]:
                if entry.level == "commune":
                    continue
                if entry.id not in best or best[entry.id][1] < score:
                    best[entry.id] = (entry, score, k)
        ranked = sorted(best.values(), key=lambda item: (-item[1], _rank_key(item[0])))
        return ranked[:limit]

    # ------------------------------------------------------------------ link
    def link(
        self,
        mention: str,
        context_country: str | None = None,
        on: date | str | None = None,
        allow_communes: bool = False,
    ) -> PlaceEntry | None:
        """The one entry a mention stands for, or None when it is a country, unknown or ambiguous.

        Commune names are ordinary words too often ("Hữu Nghị", "Tân Định"), so a
        mention that only matches communes links only when it starts with
        phường/xã/thị trấn/đặc khu, or when allow_communes is True.
        """
        if not mention.strip() or self.is_blocked(mention):
            return None
        hits = self.lookup(mention)
        if not hits:
            hits = self._safe_fuzzy(mention)
        if _COMMUNE_UNIT_START.match(key(mention)):  # "xã Hồng Hà": the commune, not the prefecture
            hits = [e for e in hits if e.level == "commune"] or hits
        elif not allow_communes:
            hits = [e for e in hits if e.level != "commune"]
        return choose(hits, context_country, on, keep_communes=_all_communes(hits))

    def _safe_fuzzy(self, mention: str) -> list[PlaceEntry]:
        """Fuzzy hits that differ from the mention only by diacritics or one letter (names of 8+ letters)."""
        q = fold(list(strip_units(key(mention)))[-1])
        accepted = []
        for entry, score, k in self._fuzzy(mention, 20, 85):
            fk = fold(k)
            if fk == q or (
                len(q) >= 8 and fk.count(" ") == q.count(" ") and Levenshtein.distance(fk, q) <= 1
            ):
                accepted.append(entry)
        return accepted

    # ------------------------------------------------------------------ scan
    @property
    def names_by_first_syllable(self) -> dict[str, list]:
        """First-syllable key -> name patterns (longest first), as the scanner uses them."""
        return self._scanner.by_first

    def scan(
        self,
        text: str,
        start: int = 0,
        end: int | None = None,
        context_country: str | None = None,
        on: date | str | None = None,
    ) -> list[tuple[int, int, PlaceEntry]]:
        """Longest non-overlapping gazetteer names in text[start:end], as (start, end, entry)."""
        end = len(text) if end is None else end
        toks = tokens_of(text, start, end)
        found: list[tuple[int, int, PlaceEntry]] = []
        i = 0
        while i < len(toks):
            if not is_capitalised(text, toks[i][0]) or self._inside_person_name(text, toks, i):
                i += 1
                continue
            blocked_last = next((last for last, _ in self._country_scanner.matches_at(text, toks, i)), -1)
            hit = self._scan_at(text, toks, i, context_country, on)
            if hit is None or blocked_last >= hit[0]:
                i = max(i + 1, blocked_last + 1)
                continue
            last, entry = hit
            found.append((toks[i][0], toks[last][1], entry))
            i = last + 1
        return found

    def _scan_at(
        self, text: str, toks: list[tuple[int, int, str]], i: int, context_country: str | None, on: date | str | None
    ) -> tuple[int, PlaceEntry] | None:
        """Longest acceptable name at token i: communes only right after phường/xã/thị trấn."""
        unit = _UNIT_BEFORE.search(text[max(0, toks[i][0] - 14):toks[i][0]])
        levels = _UNIT_LEVELS.get(unit.group(1).casefold()) if unit else None
        for last, entries in self._scanner.matches_at(text, toks, i):
            allowed = [e for e in entries if e.level != "commune" or (levels and "commune" in levels)]
            if levels:
                allowed = [e for e in allowed if e.level in levels] or allowed
            if not allowed:
                continue
            keep = bool(levels and "commune" in levels)
            entry = choose(allowed, context_country, on, keep_communes=keep) or sorted(allowed, key=_rank_key)[0]
            return last, entry
        return None

    def _inside_person_name(self, text: str, toks: list[tuple[int, int, str]], i: int) -> bool:
        """True when the word before is a capitalised surname or middle name one space away."""
        if i == 0:
            return False
        prev = toks[i - 1]
        return (
            prev[2] in self._name_parts
            and _capitalised_word(text[prev[0]:prev[1]])
            and text[prev[1]:toks[i][0]] == " "
        )

    def __len__(self) -> int:
        return len(self.by_id)


def _all_communes(hits: list[PlaceEntry]) -> bool:
    """True when every hit is a commune (then keeping communes changes nothing for higher tiers)."""
    return bool(hits) and all(e.level == "commune" for e in hits)


def _capitalised_word(word: str) -> bool:
    """A word written with a capital first letter (and not all caps, which are acronyms)."""
    return word[:1].isupper() and not (len(word) > 1 and word.isupper())


def _scannable(name: str, k: str, entry: PlaceEntry) -> bool:
    """Names worth finding in running text: no unit-word prefix (unless fused: TP.HCM), no short pinyin."""
    fused = not any(ch.isspace() for ch in name)
    if len(k) < 2 or (starts_with_unit(k) and not fused) or k[0].isdigit():
        return False
    if name.isascii() and not name.isupper() and (entry.country in ("CN", "VN")) and len(k) < 5:
        return False  # pinyin like "Ali", "Aba": people's names more often than places
    return True


def _rank_key(entry: PlaceEntry) -> tuple:
    """Higher tiers first, then units that still exist, then a stable order."""
    return (entry.level_rank, 1 if entry.valid_to else 0, entry.id)


def choose(
    hits: list[PlaceEntry],
    context_country: str | None = None,
    on: date | str | None = None,
    keep_communes: bool = False,
) -> PlaceEntry | None:
    """Pick one entry: context country, then higher tier; None when countries or names still tie."""
    if not hits:
        return None
    if on is not None:
        valid = [e for e in hits if e.valid_on(on)]
        hits = valid or hits
    if not keep_communes and any(e.level != "commune" for e in hits):
        hits = [e for e in hits if e.level != "commune"]

    def group(e: PlaceEntry) -> tuple[int, int]:
        return (0 if context_country and e.country == context_country else 1, e.level_rank)

    hits = sorted(hits, key=lambda e: (group(e), _rank_key(e)))
    top = [e for e in hits if group(e) == group(hits[0])]
    if len({e.country for e in top}) > 1:
        return None
    current = [e for e in top if not e.valid_to] or top
    if len({key(e.canonical) for e in current}) > 1:
        return None  # two different places share this spelling at the same tier
    return current[0]


@lru_cache(maxsize=1)
def default_index() -> PlaceIndex:
    """The shipped gazetteer, built once per process."""
    return PlaceIndex()
