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

Which entry a name stands for among homonyms is gazetteer.choose's job.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Iterable, Sequence

from rapidfuzz import fuzz, process

from annotate.text.syllables import Word, is_name_syllable, word_texts

from .countries import country_codes, country_phrases, not_places
from .entries import PlaceEntry
from .normalize import fix_iy, fold, key, name_words, strip_units
from .records import cn_places, foreign_places, load_place_file
from .vn import vn_units
from .yamlio import DATA_DIR, load_yaml

Phrase = tuple[str, ...]

_FOLD_PENALTY = 2.0  # a diacritic-only match ranks just below an exact-diacritics one


def default_entries() -> list[PlaceEntry]:
    """Every shipped entry: Chinese places, Vietnamese units of both eras, foreign starter list."""
    return [*cn_places(), *vn_units(), *foreign_places()]


@dataclass(frozen=True, slots=True)
class _WrittenNames:
    """Entries by the words of each name as written, by the same words with i spelt y, and by their fold."""

    forms: dict[Phrase, list[PlaceEntry]]
    iy_forms: dict[Phrase, list[PlaceEntry]]
    folded: dict[str, list[PlaceEntry]]
    max_words: int


class PlaceIndex:
    """All localities: by id, by the words of their names in running text, and for fuzzy search."""

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
                    _add_once(self._by_key.setdefault(k, []), entry)
        self._fuzzy_keys = [k for k, hits in self._by_key.items() if any(e.level != "commune" for e in hits)]
        self._fuzzy_folds = [fold(k) for k in self._fuzzy_keys]

    # ------------------------------------------------------------ names in running text
    @cached_property
    def _written(self) -> _WrittenNames:
        """Built on first use: the review screen's suggestions never need it."""
        excluded = set(country_codes()) | not_places()
        prefixes = tuple(word_texts(p) for p in load_yaml(DATA_DIR / "unit_words.yaml")["alias_prefixes"])
        forms: dict[Phrase, list[PlaceEntry]] = {}
        folded: dict[str, list[PlaceEntry]] = {}
        for entry in self.by_id.values():
            for raw in (entry.name, entry.canonical, *entry.aliases):
                form = raw if raw == entry.name else _without_prefix(raw, prefixes)
                words = word_texts(form)
                if form in excluded or not words or not is_name_syllable(words[0]):
                    continue
                _add_once(forms.setdefault(words, []), entry)
                _add_once(forms.setdefault(name_words(form), []), entry)  # "Bà Rịa-Vũng Tàu" as split in text
                _add_once(folded.setdefault(fold(form), []), entry)
        iy_forms: dict[Phrase, list[PlaceEntry]] = {}
        for words, bucket in forms.items():  # "Quí Châu" finds "Quý Châu"
            iy_bucket = iy_forms.setdefault(tuple(fix_iy(w) for w in words), [])
            iy_bucket.extend(e for e in bucket if e not in iy_bucket)
        return _WrittenNames(forms, iy_forms, folded, max((len(k) for k in forms), default=1))

    @property
    def max_words(self) -> int:
        """Words in the longest name as written."""
        return self._written.max_words

    def place_at(self, words: Sequence[Word], i: int, limit: int | None = None) -> tuple[int, list[PlaceEntry]]:
        """Longest name starting at words[i] (adjacent words only): (word count, entries), (0, []) when none."""
        written = self._written
        top = min(written.max_words, len(words) - i, limit or written.max_words)
        for k in range(top, 0, -1):
            if k > 1 and words[i + k - 1].start - words[i + k - 2].end > 1:
                continue
            phrase = tuple(words[i + j].text for j in range(k))
            hit = written.forms.get(phrase) or written.iy_forms.get(tuple(fix_iy(w) for w in phrase))
            if hit and all(words[i + j + 1].start - words[i + j].end <= 3 for j in range(k - 1)):
                return k, hit
        return 0, []

    def lookup(self, name: str) -> list[PlaceEntry]:
        """Entries whose name or alias is written exactly like name (i or y aside)."""
        return self._entries_of(word_texts(name)) or self._entries_of(name_words(name)) or []

    def lookup_folded(self, name: str) -> list[PlaceEntry]:
        """Entries whose name folds (no case, no diacritics) to the same string."""
        return self._written.folded.get(fold(name), [])

    def _entries_of(self, words: Phrase) -> list[PlaceEntry] | None:
        """Entries of a name's words as written, else with syllable-final i spelt y."""
        return self._written.forms.get(words) or self._written.iy_forms.get(tuple(fix_iy(w) for w in words))

    def written_form(self, casefolded: Phrase) -> Phrase | None:
        """The written words of a place or country name whose words casefold to these ("CẦN", "THƠ")."""
        return self._caseless.get(casefolded)

    @cached_property
    def _caseless(self) -> dict[Phrase, Phrase]:
        """Casefolded words -> written words, places first, then countries."""
        table: dict[Phrase, Phrase] = {}
        for form in self._written.forms:
            table.setdefault(tuple(w.casefold() for w in form), form)
        for phrase in country_phrases():
            table.setdefault(tuple(w.casefold() for w in phrase), tuple(phrase))
        return table

    def now_name(self, entry: PlaceEntry) -> str | None:
        """The unit the place belongs to today, when it changed ("thành phố Lào Cai": now Lào Cai province)."""
        now = entry.now
        if not now:
            return None
        if now in self.by_id:
            now = self.by_id[now].canonical or self.by_id[now].name
        if not now or (now == (entry.canonical or entry.name) and not entry.valid_to):
            return None  # still the same unit
        return str(now)

    # ------------------------------------------------------------ fuzzy search
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


def _add_once(bucket: list[PlaceEntry], entry: PlaceEntry) -> None:
    """Append entry unless an equal one is there."""
    if entry not in bucket:
        bucket.append(entry)


def _without_prefix(name: str, prefixes: Sequence[Phrase]) -> str:
    """"Thành phố Hồ Chí Minh" -> "Hồ Chí Minh": one leading unit word off an alias (administrative words only)."""
    words = name.split()
    for phrase in prefixes:
        if len(words) > len(phrase) and tuple(words[: len(phrase)]) == phrase:
            return " ".join(words[len(phrase):])
    return name


def _rank_key(entry: PlaceEntry) -> tuple:
    """Higher tiers first, then units that still exist, then a stable order."""
    return (entry.level_rank, 1 if entry.valid_to else 0, entry.id)


@lru_cache(maxsize=1)
def default_index() -> PlaceIndex:
    """The shipped gazetteer, built once per process."""
    return PlaceIndex()
