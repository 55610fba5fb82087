"""Rule vocabulary for officials and localities, loaded once per process.

data/patterns.yaml holds the title heads, bodies and unit words
the rules need; countries, regions, well-known officials, surnames and the
extra title words come from the gazetteer package, the one place they are
listed. Everything is compiled here, once, so the per-article code does no
YAML and no regex compilation; a missing or broken file raises.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Sequence

import yaml

from annotate.gazetteer import countries as gazetteer_countries
from annotate.gazetteer import people
from annotate.text.syllables import UPPER, PhraseSet, Word, is_name_syllable, match_phrase, phrase_set

PATTERNS_PATH = Path(__file__).resolve().parent / "data" / "patterns.yaml"


@dataclass(frozen=True)
class HeadInfo:
    """What a role head says about the person's side."""

    head: str
    kind: str = ""
    side: str = ""
    domain: bool = False


@dataclass
class Lexicon:
    """Compiled rule vocabulary."""

    heads: dict[str, HeadInfo]
    head_re: re.Pattern
    modifiers: tuple[str, ...]
    bodies: dict[str, str]
    body_phrases: PhraseSet
    org_nouns: PhraseSet
    private_bodies: frozenset[str]
    honorifics: frozenset[str]
    honorific_re: re.Pattern
    stoppers: frozenset[str]
    unit_words: dict[str, str]
    unit_phrases: PhraseSet
    abbreviations: dict[str, str]
    abbreviation_re: re.Pattern
    venue_words: frozenset[str]
    not_places: frozenset[str]
    countries: dict[str, str]
    country_phrases: PhraseSet
    officials: dict[str, str]
    surnames: frozenset[str] = frozenset()
    ethnic_phrases: PhraseSet = field(default_factory=lambda: PhraseSet(()))
    gate_re: re.Pattern | None = None
    venue_breaks: frozenset[str] = frozenset()
    org_heads: PhraseSet = field(default_factory=lambda: PhraseSet(()))
    plural_markers: frozenset[str] = frozenset()
    unit_acronyms: dict[str, str] = field(default_factory=dict)
    unit_acronym_re: re.Pattern | None = None

    def head_info(self, head: str) -> HeadInfo | None:
        """The HeadInfo of a head as matched (either capitalisation of its first letter)."""
        return self.heads.get(head) or self.heads.get(head[:1].upper() + head[1:])

    def body_side(self, title: str) -> str:
        """The side implied by the longest body phrase in a title that implies one."""
        for body in sorted(self.bodies, key=len, reverse=True):
            side = self.bodies[body]
            if side and body in title:
                return side
        return ""


def match_unit(words: Sequence[Word], i: int, units: PhraseSet) -> int:
    """Like match_phrase over unit words, but a capitalised one-word unit ("Châu") inside a name run is a name."""
    k = match_phrase(words, i, units)
    if k == 1 and i > 0 and is_name_syllable(words[i].text) and is_name_syllable(words[i - 1].text):
        if words[i].start - words[i - 1].end <= 1:
            return 0
    return k


def _official_sides() -> dict[str, str]:
    """Well-known officials (gazetteer officials.yaml and the user's files): name or pinyin -> side."""
    return {
        unicodedata.normalize("NFC", form): official.side
        for official in people.default_officials().officials
        for form in filter(None, (official.name, official.pinyin))
    }


@lru_cache(maxsize=1)
def load_lexicon() -> Lexicon:
    """Read patterns.yaml and the gazetteer's vocabulary once and compile everything (a broken file raises)."""
    data = yaml.safe_load(PATTERNS_PATH.read_text(encoding="utf-8"))
    nfc = lambda s: unicodedata.normalize("NFC", str(s))  # noqa: E731
    title_words = people.default_titles()
    heads = {
        nfc(h["head"]): HeadInfo(nfc(h["head"]), h.get("kind", ""), h.get("side", ""), bool(h.get("domain")))
        for h in data["title_heads"]
    }
    org_nouns = {nfc(o) for o in data["org_nouns"]}
    bodies = {nfc(b["body"]): b.get("side", "") for b in data["title_bodies"]}
    mods = {nfc(m) for m in data["title_modifiers"]}
    # the gazetteer's titles.yaml: extra heads and bodies; ours win where both list a word
    for word in title_words.heads:
        text = nfc(word.text)
        first, _, rest = text.partition(" ")
        if first in mods and rest in heads:
            continue  # "Phó Chủ tịch": modifier + head already
        if text.split()[-1] in org_nouns or text.split()[-1] in ("Sở", "Bộ", "Ban"):
            continue  # "Giám đốc Sở": the body opens the organisation name
        heads.setdefault(text, HeadInfo(text, "diplomat" if word.diplomatic else "", word.side or ""))
    for word in title_words.bodies:
        text = nfc(word.text)
        if " " not in text or text in org_nouns:
            continue
        bodies.setdefault(text, word.side or "")
    modifiers = tuple(nfc(m) for m in data["title_modifiers"])
    blockers = "|".join(re.escape(nfc(b)) for b in data["head_blockers"])
    variants = set(heads)
    variants |= {h[0].lower() + h[1:] for h in heads}  # "ông Hùng Ba, đại sứ Trung Quốc tại Việt Nam"
    head_alt = "|".join(re.escape(h) for h in sorted(variants, key=len, reverse=True))
    mod_alt = "|".join(re.escape(m) for m in sorted(modifiers, key=len, reverse=True))
    head_re = re.compile(
        rf"(?<![\w])(?P<mods>(?:(?:{mod_alt})\s+)*)(?P<head>{head_alt})(?![\w])(?!\s+(?:{blockers})(?![\w]))"
    )
    honorifics = frozenset(nfc(h) for h in data["honorifics"])
    hon_alt = "|".join(re.escape(h) for h in sorted(honorifics, key=len, reverse=True))
    units = {nfc(u["word"]): u["level"] for u in data["unit_words"]}
    for word, level in list(units.items()):
        if word.endswith("dân tộc"):
            for ethnic in data.get("ethnic_names") or ():
                units.setdefault(f"{word} {nfc(ethnic)}", level)
    abbreviations = {nfc(k): nfc(v) for k, v in data["abbreviations"].items()}
    abbr_alt = "|".join(re.escape(a) for a in sorted(abbreviations, key=len, reverse=True))
    countries = {nfc(name): code for name, code in gazetteer_countries.country_codes().items()}
    officials = _official_sides()
    gate_alt = "|".join(re.escape(nfc(g)) for g in sorted(data.get("gate_words") or (), key=len, reverse=True))
    gate_mod = "|".join(re.escape(nfc(g)) for g in sorted(data.get("gate_modifiers") or (), key=len, reverse=True))
    # a gate word, its modifiers, then optionally the first name of a pair ("Lào Cai - ",
    # "Lào Cai (Việt Nam) - ")
    gate_re = re.compile(
        rf"(?<![\w])(?:{gate_alt})(?:\s+(?:{gate_mod}))*\s+"
        rf"(?:(?:[{UPPER}][\w'’-]*\s+){{1,4}}(?:\([^()\n]{{1,20}}\)\s*)?[-–]\s*)?$"
    ) if gate_alt else None
    acronyms = {nfc(k): nfc(v) for k, v in (data.get("unit_acronyms") or {}).items()}
    acr_alt = "|".join(re.escape(a) for a in sorted(acronyms, key=len, reverse=True))
    acronym_re = re.compile(
        rf"(?<![\w.])(?:TP\.?|Tp\.?|tp\.?|Thành phố|thành phố)[ \t]+(?P<acr>{acr_alt})(?![\w])"
    ) if acr_alt else None
    return Lexicon(
        heads=heads,
        head_re=head_re,
        modifiers=modifiers,
        bodies=bodies,
        body_phrases=phrase_set(bodies),
        org_nouns=phrase_set(org_nouns),
        private_bodies=frozenset(nfc(p) for p in data["private_bodies"]),
        honorifics=honorifics,
        honorific_re=re.compile(rf"(?:^|(?<=[\s(]))(?:{hon_alt})\s+$"),
        stoppers=frozenset(nfc(s) for s in data["title_stoppers"]),
        unit_words=units,
        unit_phrases=phrase_set(units),
        abbreviations=abbreviations,
        abbreviation_re=re.compile(rf"(?<![\w.])(?:{abbr_alt})(?![\w])"),
        venue_words=frozenset(nfc(v) for v in data["venue_words"]),
        not_places=frozenset(nfc(n) for n in gazetteer_countries.not_places()),
        countries=countries,
        country_phrases=phrase_set(countries),
        officials=officials,
        surnames=frozenset(nfc(s) for s in people.surnames()),
        ethnic_phrases=phrase_set(nfc(e) for e in data.get("ethnic_names") or ()),
        gate_re=gate_re,
        venue_breaks=frozenset(nfc(v) for v in data.get("venue_breaks") or ()),
        org_heads=phrase_set(nfc(o) for o in data.get("org_heads") or ()),
        plural_markers=frozenset(nfc(m) for m in data.get("plural_markers") or ()),
        unit_acronyms=acronyms,
        unit_acronym_re=acronym_re,
    )
