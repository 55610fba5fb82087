"""PlaceIndex: the one gazetteer lookup, over every locality of every source.

Built once per process (``default_index()``) from the shipped data, or with a
user's gazetteer files and reviewer-confirmed entries on top (later sources
override by id). Two ways in:

- names as written in running text, word by word (``place_at``, ``lookup``,
  ``lookup_folded``): what the pre-annotator reads articles with. Every name,
  canonical and alias is indexed as its words (an alias without its leading
  unit word: "Thành phố Hồ Chí Minh" as "Hồ Chí Minh"), also with
  syllable-final i spelt y and folded without case and diacritics; country
  and region names are never indexed, so they are never places;
- fuzzy search (``fuzzy``): rapidfuzz over the ~3k names above commune level,
  on the normalised key and its fold, for typos and the review screen's `g`.

Compiling the tables (gazetteer.tables) takes most of a second, so a built
index is cached as JSON in the user's private cache directory, keyed by the
content of every input (gazetteer.cache): a process reads it back in a few
hundredths of a second. Which entry a name stands for among homonyms is
gazetteer.choose's job.
"""
from __future__ import annotations

import json
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Iterable, Sequence

from annotate.text.syllables import Word, word_texts

from . import cache
from .countries import country_phrases
from .entries import PlaceEntry
from .normalize import fix_iy, fold, key, name_words, strip_units
from .records import cn_places, foreign_places, load_place_file
from .tables import SEP, Tables, compile_tables, decode, encode, row_id
from .vn import source_files, vn_units
from .yamlio import DATA_DIR

Phrase = tuple[str, ...]

_FOLD_PENALTY = 2.0  # a diacritic-only match ranks just below an exact-diacritics one
CACHE_KIND = "places"
CACHE_FORMAT = 1
# the code that turns the inputs into tables: a change to any of it is a change of the cache key
_BUILDERS = ("index.py", "tables.py", "entries.py", "normalize.py", "records.py", "vn.py", "countries.py", "yamlio.py")


def default_entries() -> list[PlaceEntry]:
    """Every shipped entry: Chinese places, Vietnamese units of both eras, foreign starter list."""
    return [*cn_places(), *vn_units(), *foreign_places()]


class PlaceIndex:
    """All localities: by id, by the words of their names in running text, and for fuzzy search."""

    def __init__(
        self,
        extra_paths: Iterable[str | Path] = (),
        extra_entries: Iterable[PlaceEntry] = (),
        *,
        base: Iterable[PlaceEntry] | None = None,
    ) -> None:
        paths, extras = list(extra_paths), list(extra_entries)
        digest = _inputs_digest(paths, extras) if base is None else None
        tables = _cached_tables(digest)
        self.from_cache = tables is not None
        entries: list[PlaceEntry] | None = None
        if tables is None:
            entries = _merged(default_entries() if base is None else base, paths, extras)
            tables = compile_tables(entries)
            if digest is not None and all(decode(row) == e for row, e in zip(tables.rows, entries)):
                cache.write(CACHE_KIND, digest, CACHE_FORMAT, tables.to_payload())
        self._tables = tables
        self._entries: list[PlaceEntry | None] = list(entries) if entries is not None else [None] * len(tables.rows)
        self._buckets: dict[str, list[PlaceEntry]] = {}

    # ------------------------------------------------------------ entries
    def _entry(self, pos: int) -> PlaceEntry:
        """The entry at a table position, decoded on first use."""
        entry = self._entries[pos]
        if entry is None:
            entry = self._entries[pos] = decode(self._tables.rows[pos])
        return entry

    def _bucket(self, positions: str) -> list[PlaceEntry]:
        """The entries of a table value ("3,17"), decoded once."""
        bucket = self._buckets.get(positions)
        if bucket is None:
            bucket = self._buckets[positions] = [self._entry(int(p)) for p in positions.split(",")]
        return bucket

    @cached_property
    def _position_of_id(self) -> dict[str, int]:
        return {row_id(row): pos for pos, row in enumerate(self._tables.rows)}

    def entry(self, entry_id: str) -> PlaceEntry | None:
        """The entry with this id, if any."""
        pos = self._position_of_id.get(entry_id)
        return None if pos is None else self._entry(pos)

    def entries(self) -> list[PlaceEntry]:
        """Every entry, in index order."""
        return [self._entry(pos) for pos in range(len(self._entries))]

    # ------------------------------------------------------------ names in running text
    @property
    def max_words(self) -> int:
        """Words in the longest name as written."""
        return self._tables.max_words

    def place_at(self, words: Sequence[Word], i: int, limit: int | None = None) -> tuple[int, list[PlaceEntry]]:
        """Longest name starting at words[i] (adjacent words only): (word count, entries), (0, []) when none."""
        tables = self._tables
        top = min(tables.max_words, len(words) - i, limit or tables.max_words)
        for k in range(top, 0, -1):
            if k > 1 and words[i + k - 1].start - words[i + k - 2].end > 1:
                continue
            phrase = SEP.join(words[i + j].text for j in range(k))
            hit = tables.forms.get(phrase) or self._iy_hit(phrase)
            if hit and all(words[i + j + 1].start - words[i + j].end <= 3 for j in range(k - 1)):
                return k, self._bucket(hit)
        return 0, []

    def lookup(self, name: str) -> list[PlaceEntry]:
        """Entries whose name or alias is written exactly like name (i or y aside)."""
        return self._entries_of(word_texts(name)) or self._entries_of(name_words(name)) or []

    def lookup_folded(self, name: str) -> list[PlaceEntry]:
        """Entries whose name folds (no case, no diacritics) to the same string."""
        hit = self._tables.folded.get(fold(name))
        return self._bucket(hit) if hit else []

    def _entries_of(self, words: Phrase) -> list[PlaceEntry] | None:
        """Entries of a name's words as written, else with syllable-final i spelt y."""
        if not words:
            return None
        phrase = SEP.join(words)
        hit = self._tables.forms.get(phrase) or self._iy_hit(phrase)
        return self._bucket(hit) if hit else None

    def _iy_hit(self, phrase: str) -> str | None:
        """The entries of a phrase with syllable-final i spelt y ("Quí Châu" -> "Quý Châu")."""
        spelt = fix_iy(phrase)
        if spelt == phrase:
            return self._tables.iy_forms.get(spelt)
        return self._tables.iy_forms.get(spelt) or self._tables.forms.get(spelt)

    def written_form(self, casefolded: Phrase) -> Phrase | None:
        """The written words of a place or country name whose words casefold to these ("CẦN", "THƠ")."""
        return self._caseless.get(casefolded)

    @cached_property
    def _caseless(self) -> dict[Phrase, Phrase]:
        """Casefolded words -> written words, places first, then countries."""
        table: dict[Phrase, Phrase] = {}
        for joined in self._tables.forms:
            form = tuple(joined.split(SEP))
            table.setdefault(tuple(w.casefold() for w in form), form)
        for phrase in country_phrases():
            table.setdefault(tuple(w.casefold() for w in phrase), tuple(phrase))
        return table

    def now_name(self, entry: PlaceEntry) -> str | None:
        """The unit the place belongs to today, when it changed ("thành phố Lào Cai": now Lào Cai province)."""
        now = entry.now
        if not now:
            return None
        successor = self.entry(now)
        if successor is not None:
            now = successor.canonical or successor.name
        if not now or (now == (entry.canonical or entry.name) and not entry.valid_to):
            return None  # still the same unit
        return str(now)

    # ------------------------------------------------------------ fuzzy search
    def fuzzy(self, query: str, limit: int = 10, score_cutoff: float = 70) -> list[tuple[PlaceEntry, float]]:
        """Nearest names above commune level, scored 0-100, best first; a diacritic-only difference scores 98."""
        from rapidfuzz import fuzz, process  # deferred: most processes never search fuzzily

        q = list(strip_units(key(query)))[-1]
        if not q:
            return []
        keys, folds = self._tables.fuzzy, self._tables.fuzzy_folds
        scores: dict[int, float] = {}
        for _, score, idx in process.extract(q, keys, scorer=fuzz.ratio, limit=limit * 3, score_cutoff=score_cutoff):
            scores[idx] = max(scores.get(idx, 0.0), score)
        for _, score, idx in process.extract(
            fold(q), folds, scorer=fuzz.ratio, limit=limit * 3, score_cutoff=score_cutoff + _FOLD_PENALTY
        ):
            scores[idx] = max(scores.get(idx, 0.0), score - _FOLD_PENALTY)
        best: dict[str, tuple[PlaceEntry, float]] = {}
        for idx, score in scores.items():
            for entry in self._bucket(self._tables.by_key[keys[idx]]):
                if entry.level != "commune" and (entry.id not in best or best[entry.id][1] < score):
                    best[entry.id] = (entry, score)
        ranked = sorted(best.values(), key=lambda item: (-item[1], _rank_key(item[0])))
        return ranked[:limit]

    def __len__(self) -> int:
        return len(self._tables.rows)


def _merged(base: Iterable[PlaceEntry], paths: Sequence[str | Path], extras: Sequence[PlaceEntry]) -> list[PlaceEntry]:
    """Entries of every source, later sources (user files, database) overriding earlier ones by id."""
    by_id: dict[str, PlaceEntry] = {}
    for source in (base, *(load_place_file(path) for path in paths), extras):
        for entry in source:
            by_id[entry.id] = entry
    return list(by_id.values())


def _inputs_digest(paths: Sequence[str | Path], extras: Sequence[PlaceEntry]) -> str | None:
    """SHA-256 over every input of the shipped index plus the user's files and entries; None if one is unreadable
    (the build then reports the problem as it always did)."""
    here = Path(__file__).resolve().parent
    files = [here / name for name in _BUILDERS] + [here.parent / "text" / "syllables.py"]
    files += sorted(DATA_DIR.glob("*.yaml")) + list(source_files())
    try:
        parts = [f"format {CACHE_FORMAT}".encode()]
        for path in files:
            parts += [path.name.encode(), path.read_bytes()]
        for path in paths:
            parts += [str(Path(path).resolve()).encode(), Path(path).read_bytes()]
        parts.append(json.dumps([encode(e) for e in extras], ensure_ascii=False).encode())
    except (OSError, ValueError, RuntimeError):
        return None
    return cache.content_digest(parts)


def _cached_tables(digest: str | None) -> Tables | None:
    """The cached tables for this key, if a sound copy is there."""
    if digest is None:
        return None
    payload = cache.read(CACHE_KIND, digest, CACHE_FORMAT)
    return Tables.from_payload(payload) if payload is not None else None


def _rank_key(entry: PlaceEntry) -> tuple:
    """Higher tiers first, then units that still exist, then a stable order."""
    return (entry.level_rank, 1 if entry.valid_to else 0, entry.id)


@lru_cache(maxsize=1)
def default_index() -> PlaceIndex:
    """The shipped gazetteer, built once per process (read from the cache when it is there)."""
    return PlaceIndex()
