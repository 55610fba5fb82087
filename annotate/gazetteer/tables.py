"""The compiled gazetteer index as plain strings, so it can be cached as JSON and read back in milliseconds.

Every table maps a text key to the positions of its entries ("12,40"), in the
order the entries were added (the homonym chooser breaks ties by that order):

- ``forms``: the words of each name as written in running text, joined by
  U+001F (an alias without its leading unit word; glued hyphens also split as
  the locality rules read them);
- ``iy_forms``: the same with syllable-final i spelt y, where that finds more
  than ``forms`` does under the same key (a lookup tries forms, then these);
- ``folded``: the same names without case and diacritics;
- ``fuzzy`` / ``fuzzy_folds``: the normalised keys of names above commune
  level and their folds, with ``by_key`` giving their entries.

Entries are encoded one per line (fields joined by a tab, aliases by "|",
None as "^": characters no name holds, and cheap in JSON) and decoded only
when a lookup returns them.
"""
from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any, Iterable

from annotate.text.syllables import WORD_RE, is_name_syllable, word_texts

from .countries import country_codes, not_places
from .entries import PlaceEntry
from .normalize import fix_iy, fold, key, name_words
from .yamlio import DATA_DIR, load_yaml

SEP = "\x1f"  # between the words of a key
_FIELD_SEP = "\t"
_ALIAS_SEP = "|"
_NONE = "^"
_FIELDS = tuple(f.name for f in fields(PlaceEntry))


@dataclass(slots=True)
class Tables:
    """The index's tables: entry rows and text keys -> comma-separated entry positions."""

    rows: list[str]
    by_key: dict[str, str]
    forms: dict[str, str]
    iy_forms: dict[str, str]
    folded: dict[str, str]
    fuzzy: list[str]
    fuzzy_folds: list[str]
    max_words: int

    def to_payload(self) -> dict[str, Any]:
        """JSON-ready: the rows and the two key lists as single strings (faster to read back)."""
        return {"rows": "\n".join(self.rows), "by_key": self.by_key, "forms": self.forms, "iy_forms": self.iy_forms,
                "folded": self.folded, "fuzzy": SEP.join(self.fuzzy), "fuzzy_folds": SEP.join(self.fuzzy_folds),
                "max_words": self.max_words}

    @classmethod
    def from_payload(cls, data: dict[str, Any]) -> "Tables | None":
        """Tables from a cached payload, or None when any part has the wrong shape."""
        try:
            rows, fuzzy, fuzzy_folds = data["rows"], data["fuzzy"], data["fuzzy_folds"]
            tables = {name: data[name] for name in ("by_key", "forms", "iy_forms", "folded")}
            max_words = data["max_words"]
        except (KeyError, TypeError):
            return None
        if not (isinstance(rows, str) and isinstance(fuzzy, str) and isinstance(fuzzy_folds, str)
                and isinstance(max_words, int) and all(isinstance(t, dict) for t in tables.values())):
            return None
        rows = rows.split("\n") if rows else []
        if rows and any(r.count(_FIELD_SEP) != len(_FIELDS) - 1 for r in (rows[0], rows[-1])):
            return None
        keys = fuzzy.split(SEP) if fuzzy else []
        folds = fuzzy_folds.split(SEP) if fuzzy_folds else []
        if len(keys) != len(folds):
            return None
        return cls(rows, tables["by_key"], tables["forms"], tables["iy_forms"], tables["folded"], keys, folds, max_words)


def encode(entry: PlaceEntry) -> str:
    """One entry as one line (raises ValueError if a field holds a separator)."""
    parts = []
    for name in _FIELDS:
        value = getattr(entry, name)
        if name == "aliases":
            if any(_ALIAS_SEP in alias for alias in value):
                raise ValueError(f"gazetteer entry {entry.id!r}: an alias holds {_ALIAS_SEP!r}")
            parts.append(_ALIAS_SEP.join(value))
        elif value is None:
            parts.append(_NONE)
        elif value == _NONE:
            raise ValueError(f"gazetteer entry {entry.id!r}: {name} is {_NONE!r}")
        else:
            parts.append(str(value))
    row = _FIELD_SEP.join(parts)
    if row.count(_FIELD_SEP) != len(_FIELDS) - 1 or "\n" in row:
        raise ValueError(f"gazetteer entry {entry.id!r} holds a tab or a line break")
    return row


def row_id(row: str) -> str:
    """The id of the entry a row encodes, without decoding the rest."""
    return row.split(_FIELD_SEP, 1)[0]


def decode(row: str) -> PlaceEntry:
    """The entry a row encodes."""
    values: dict[str, Any] = {}
    for name, text in zip(_FIELDS, row.split(_FIELD_SEP)):
        if name == "aliases":
            values[name] = tuple(text.split(_ALIAS_SEP)) if text else ()
        else:
            values[name] = None if text == _NONE else text
    return PlaceEntry(**values)


def compile_tables(entries: Iterable[PlaceEntry]) -> Tables:
    """Every table for these entries (already merged by id, in their order)."""
    ordered = list(entries)
    rows = [encode(e) for e in ordered]
    by_key: dict[str, list[int]] = {}
    for pos, entry in enumerate(ordered):
        for name in entry.names:
            k = key(name)
            if k:
                _add_once(by_key.setdefault(k, []), pos)
    fuzzy = [k for k, hits in by_key.items() if any(ordered[p].level != "commune" for p in hits)]
    forms, folded = _written_forms(ordered)
    iy_forms: dict[str, list[int]] = {}
    for words, bucket in forms.items():  # "Quí Châu" finds "Quý Châu"
        iy_bucket = iy_forms.setdefault(fix_iy(words), [])
        iy_bucket.extend(p for p in bucket if p not in iy_bucket)
    iy_only = {k: v for k, v in iy_forms.items() if forms.get(k) != v}
    max_words = max((k.count(SEP) + 1 for k in forms), default=1)
    return Tables(rows, _joined({k: by_key[k] for k in fuzzy}), _joined(forms), _joined(iy_only), _joined(folded),
                  fuzzy, [fold(k) for k in fuzzy], max_words)


def _written_forms(entries: list[PlaceEntry]) -> tuple[dict[str, list[int]], dict[str, list[int]]]:
    """Words of every name as written (and as split at glued hyphens), and folds; countries and regions never."""
    excluded = set(country_codes()) | not_places()
    prefixes = tuple(word_texts(p) for p in load_yaml(DATA_DIR / "unit_words.yaml")["alias_prefixes"])
    openers = {p[0] for p in prefixes}
    forms: dict[str, list[int]] = {}
    folded: dict[str, list[int]] = {}
    for pos, entry in enumerate(entries):
        for raw in (entry.name, entry.canonical, *entry.aliases):
            form = raw if raw == entry.name or raw.split(" ", 1)[0] not in openers else without_prefix(raw, prefixes)
            words = tuple(WORD_RE.findall(form))  # word_texts, without building Word objects
            if form in excluded or not words or not is_name_syllable(words[0]):
                continue
            _add_once(forms.setdefault(SEP.join(words), []), pos)
            if "-" in form:  # "Bà Rịa-Vũng Tàu" as the locality rules split it in text
                _add_once(forms.setdefault(SEP.join(name_words(form)), []), pos)
            _add_once(folded.setdefault(fold(form), []), pos)
    return forms, folded


def without_prefix(name: str, prefixes: Iterable[tuple[str, ...]]) -> str:
    """"Thành phố Hồ Chí Minh" -> "Hồ Chí Minh": one leading unit word off an alias (administrative words only)."""
    words = name.split()
    for phrase in prefixes:
        if len(words) > len(phrase) and tuple(words[: len(phrase)]) == phrase:
            return " ".join(words[len(phrase):])
    return name


def _add_once(bucket: list[int], pos: int) -> None:
    if pos not in bucket:
        bucket.append(pos)


def _joined(table: dict[str, list[int]]) -> dict[str, str]:
    return {k: ",".join(map(str, v)) for k, v in table.items()}
