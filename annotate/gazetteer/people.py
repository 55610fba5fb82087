"""Title words, known officials and surnames, so the OFFICIAL pre-annotator can find roles, names and sides."""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable

from .normalize import key
from .yamlio import DATA_DIR, load_yaml


@dataclass(frozen=True, slots=True)
class TitleWord:
    """A head (Bí thư) or body (Thành ủy) with the side it implies on its own, if any."""

    text: str
    kind: str  # "head", "body" or "modifier"
    side: str | None = None
    place_follows: bool = False
    country_follows: bool = False
    diplomatic: bool = False
    expands: str | None = None


@dataclass(frozen=True, slots=True)
class TitleHit:
    """One title word found in text, code-point offsets end-exclusive."""

    start: int
    end: int
    word: TitleWord


class TitleLexicon:
    """titles.yaml as lists plus one regex that finds every title word, longest first."""

    def __init__(self, data: dict[str, Any]) -> None:
        self.modifiers = tuple(TitleWord(m, "modifier") for m in data.get("modifiers") or ())
        self.heads = tuple(self._word(row, "head") for row in data.get("heads") or ())
        self.bodies = tuple(self._word(row, "body") for row in data.get("bodies") or ())
        self.place_connectors = tuple(data.get("place_connectors") or ())
        self.honorifics = tuple(data.get("honorifics") or ())
        diplomatic = data.get("diplomatic") or {}
        self.at_word: str = diplomatic.get("at_word", "tại")
        self.side_when_posted_in: dict[str, str] = dict(diplomatic.get("side_when_posted_in") or {})
        self._by_key: dict[str, TitleWord] = {}
        for word in (*self.modifiers, *self.bodies, *self.heads):  # heads win a tie with bodies
            self._by_key[key(word.text)] = word
        texts = sorted({w.text for w in self._by_key.values()}, key=len, reverse=True)
        self._pattern = re.compile(
            r"(?<!\w)(?:" + "|".join(re.escape(t) for t in texts) + r")(?!\w)", re.IGNORECASE
        )

    @staticmethod
    def _word(row: dict[str, Any], kind: str) -> TitleWord:
        """One YAML row as a TitleWord."""
        return TitleWord(
            text=row["text"], kind=kind, side=row.get("side"),
            place_follows=row.get("place") == "follows", country_follows=row.get("country") == "follows",
            diplomatic=bool(row.get("diplomatic")), expands=row.get("expands"),
        )

    @classmethod
    def load(cls, path: str | Path | None = None) -> "TitleLexicon":
        """Read titles.yaml (the shipped one by default)."""
        return cls(load_yaml(path or DATA_DIR / "titles.yaml"))

    def get(self, text: str) -> TitleWord | None:
        """The title word spelled exactly like text (case and tone placement aside)."""
        return self._by_key.get(key(text))

    def find(self, text: str, start: int = 0, end: int | None = None) -> list[TitleHit]:
        """Every title word in text[start:end], longest at each position, left to right."""
        end = len(text) if end is None else end
        hits = []
        for match in self._pattern.finditer(text, start, end):
            word = self.get(match.group(0))
            if word is not None:
                hits.append(TitleHit(match.start(), match.end(), word))
        return hits

    def side_hint(self, words: Iterable[TitleWord]) -> str | None:
        """The side the words agree on, or None when they give none or disagree."""
        sides = {w.side for w in words if w.side}
        return sides.pop() if len(sides) == 1 else None


@dataclass(frozen=True, slots=True)
class Role:
    """One post held by an official over inclusive calendar years (None: unknown or ongoing)."""

    title: str
    start: int | None = None
    end: int | None = None

    def held_in(self, year: int) -> bool:
        """True when the role covers the year (unknown bounds count as open)."""
        return (self.start is None or self.start <= year) and (self.end is None or year <= self.end)


@dataclass(frozen=True, slots=True)
class Official:
    """A known official: side and usual title, for names written without a title."""

    id: str
    name: str
    side: str
    title: str
    roles: tuple[Role, ...] = ()
    hanzi: str | None = None
    pinyin: str | None = None
    confidence: str = "high"

    def title_in(self, year: int | None) -> str:
        """The role held in that year (first listed wins), else the usual title."""
        if year is not None:
            for role in self.roles:
                if role.held_in(year):
                    return role.title
        return self.title


class OfficialIndex:
    """Officials by normalised name and romanisation."""

    def __init__(self, officials: Iterable[Official]) -> None:
        self.officials = tuple(officials)
        self._by_key: dict[str, list[Official]] = {}
        for official in self.officials:
            for name in filter(None, (official.name, official.pinyin, official.hanzi)):
                self._by_key.setdefault(key(name), []).append(official)

    @classmethod
    def load(cls, paths: Iterable[str | Path] = ()) -> "OfficialIndex":
        """The shipped officials.yaml plus any user files with the same schema."""
        rows: list[dict[str, Any]] = []
        for path in (DATA_DIR / "officials.yaml", *paths):
            rows.extend(load_yaml(path).get("officials") or ())
        return cls(_official(row) for row in rows)

    def lookup(self, name: str) -> list[Official]:
        """Officials whose name, pinyin or hanzi equals name after normalisation."""
        return list(self._by_key.get(key(name), ()))

    def get(self, name: str, year: int | None = None) -> Official | None:
        """The single official with that name (in office that year, when given), else None."""
        hits = self.lookup(name)
        if year is not None and len(hits) > 1:
            hits = [o for o in hits if any(r.held_in(year) for r in o.roles)] or hits
        return hits[0] if len(hits) == 1 else None

    def __len__(self) -> int:
        return len(self.officials)


def _official(row: dict[str, Any]) -> Official:
    """One YAML row as an Official."""
    return Official(
        id=row["id"], name=row["name"], side=row["side"], title=row["title"],
        roles=tuple(Role(r["title"], r.get("from"), r.get("to")) for r in row.get("roles") or ()),
        hanzi=row.get("hanzi"), pinyin=row.get("pinyin"), confidence=row.get("confidence", "high"),
    )


@lru_cache(maxsize=1)
def default_titles() -> TitleLexicon:
    """The shipped title lexicon, parsed once."""
    return TitleLexicon.load()


@lru_cache(maxsize=1)
def default_officials() -> OfficialIndex:
    """The shipped officials list plus the files schema.yaml names, parsed once."""
    from annotate.schema import cached_schema

    return OfficialIndex.load(cached_schema().official_gazetteers)


@lru_cache(maxsize=1)
def surnames() -> tuple[str, ...]:
    """Syllables that open a personal name (data/name_parts.yaml)."""
    return tuple(load_yaml(DATA_DIR / "name_parts.yaml")["surnames"])
