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
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Sequence

from annotate.gazetteer import countries as gazetteer_countries
from annotate.gazetteer import people
from annotate.gazetteer.yamlio import load_yaml
from annotate.text.syllables import UPPER, PhraseSet, Word, is_name_syllable, match_phrase, phrase_set, word_texts

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
    bodies: dict[str, str]
    body_phrases: PhraseSet
    org_nouns: PhraseSet
    private_bodies: frozenset[str]
    honorifics: frozenset[str]
    honorific_re: re.Pattern
    stoppers: frozenset[str]
    unit_words: dict[str, str]
    unit_phrases: PhraseSet
    abbreviations: dict[str, str]  # casefolded abbreviation -> canonical
    abbreviation_re: re.Pattern
    venue_words: frozenset[str]
    not_places: frozenset[str]
    countries: dict[str, str]
    officials: dict[str, str]
    surnames: frozenset[str]
    ethnic_phrases: PhraseSet
    gate_re: re.Pattern | None
    gate_word_blockers: frozenset[str]
    venue_breaks: frozenset[str]
    org_heads: PhraseSet
    plural_markers: frozenset[str]
    unit_acronyms: dict[str, str]
    unit_acronym_re: re.Pattern | None
    person_titles: frozenset[str]
    sentence_openers: frozenset[str]
    list_separators: tuple[tuple[str, ...], ...]
    former_re: re.Pattern
    post_reform_commune_units: frozenset[str]
    venue_name_re: re.Pattern
    title_structure_words: frozenset[str]
    posting_prepositions: frozenset[str]
    verb_pos_tags: frozenset[str]

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
        _nfc(form): official.side
        for official in people.default_officials().officials
        for form in filter(None, (official.name, official.pinyin))
    }


def _nfc(text: object) -> str:
    """YAML text as NFC, the form articles are stored in."""
    return unicodedata.normalize("NFC", str(text))


def _words(data: dict, key: str) -> frozenset[str]:
    """One list of patterns.yaml as a set (an optional list may be missing)."""
    return frozenset(_nfc(w) for w in data.get(key) or ())


def _alternation(words) -> str:
    """Regex alternation of words, longest first so the longest wins."""
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


def _either_case_first(words) -> str:
    """Regex alternation of lowercase words whose first letter may be written either way ("[Tt]rung tâm")."""
    return "|".join(f"[{w[0].upper()}{w[0]}]{re.escape(w[1:])}" for w in words)


def _title_vocabulary(data: dict) -> dict:
    """Heads (with the gazetteer's titles.yaml extra ones), bodies, their regex and organisation nouns."""
    heads = {
        _nfc(h["head"]): HeadInfo(_nfc(h["head"]), h.get("kind", ""), h.get("side", ""), bool(h.get("domain")))
        for h in data["title_heads"]
    }
    org_nouns = {_nfc(o) for o in data["org_nouns"]}
    bodies = {_nfc(b["body"]): b.get("side", "") for b in data["title_bodies"]}
    modifiers = [_nfc(m) for m in data["title_modifiers"]]
    title_words = people.default_titles()  # extra heads and bodies; ours win where both list a word
    for word in title_words.heads:
        text = _nfc(word.text)
        first, _, rest = text.partition(" ")
        if first in modifiers and rest in heads:
            continue  # "Phó Chủ tịch": modifier + head already
        if text.split()[-1] in org_nouns:
            continue  # "Giám đốc Sở": the body opens the organisation name
        heads.setdefault(text, HeadInfo(text, "diplomat" if word.diplomatic else "", word.side or ""))
    for word in title_words.bodies:
        text = _nfc(word.text)
        if " " not in text or text in org_nouns:
            continue
        bodies.setdefault(text, word.side or "")
    blockers = "|".join(re.escape(_nfc(b)) for b in data["head_blockers"])
    variants = set(heads) | {h[0].lower() + h[1:] for h in heads}  # "ông Hùng Ba, đại sứ Trung Quốc tại Việt Nam"
    head_re = re.compile(
        rf"(?<![\w])(?P<mods>(?:(?:{_alternation(modifiers)})\s+)*)(?P<head>{_alternation(variants)})(?![\w])"
        rf"(?!\s+(?:{blockers})(?![\w]))"
    )
    honorifics = frozenset(_nfc(h) for h in data["honorifics"])
    return {
        "heads": heads, "head_re": head_re, "bodies": bodies, "body_phrases": phrase_set(bodies),
        "org_nouns": phrase_set(org_nouns), "private_bodies": _words(data, "private_bodies"),
        "honorifics": honorifics, "honorific_re": re.compile(rf"(?:^|(?<=[\s(]))(?:{_alternation(honorifics)})\s+$"),
        "stoppers": _words(data, "title_stoppers"), "title_structure_words": _words(data, "title_structure_words"),
        "posting_prepositions": _words(data, "posting_prepositions"), "verb_pos_tags": _words(data, "verb_pos_tags"),
    }


def _unit_vocabulary(data: dict) -> dict:
    """Unit words (with "... dân tộc" + each ethnic name), abbreviations and acronyms, and their regexes."""
    units = {_nfc(u["word"]): u["level"] for u in data["unit_words"]}
    for word, level in list(units.items()):
        if word.endswith("dân tộc"):
            for ethnic in data.get("ethnic_names") or ():
                units.setdefault(f"{word} {_nfc(ethnic)}", level)
    abbreviations = {_nfc(k).casefold(): _nfc(v) for k, v in data["abbreviations"].items()}  # "tphcm" too
    acronyms = {_nfc(k): _nfc(v) for k, v in (data.get("unit_acronyms") or {}).items()}
    acronym_re = re.compile(
        rf"(?<![\w.])(?:TP\.?|Tp\.?|tp\.?|Thành phố|thành phố)[ \t]+(?P<acr>{_alternation(acronyms)})(?![\w])"
    ) if acronyms else None
    return {
        "unit_words": units, "unit_phrases": phrase_set(units), "abbreviations": abbreviations,
        "abbreviation_re": re.compile(rf"(?<![\w.])(?:{_alternation(abbreviations)})(?![\w])", re.IGNORECASE),
        "unit_acronyms": acronyms, "unit_acronym_re": acronym_re,
        "ethnic_phrases": phrase_set(_nfc(e) for e in data.get("ethnic_names") or ()),
        "plural_markers": _words(data, "plural_markers"),
        "post_reform_commune_units": _words(data, "post_reform_commune_units"),
        "list_separators": tuple(word_texts(_nfc(s)) for s in data["list_separators"]),
    }


def _context_vocabulary(data: dict) -> dict:
    """Venue, gate and sentence words around a place, and the regexes built from them."""
    gate_alt = _alternation(_nfc(g) for g in data.get("gate_words") or ())
    # a gate word, its modifiers, then optionally the first name of a pair ("Lào Cai - ",
    # "Lào Cai (Việt Nam) - ")
    gate_re = re.compile(
        rf"(?<![\w])(?:{gate_alt})(?:\s+(?:{_alternation(_nfc(g) for g in data.get('gate_modifiers') or ())}))*\s+"
        rf"(?:(?:[{UPPER}][\w'’-]*\s+){{1,4}}(?:\([^()\n]{{1,20}}\)\s*)?[-–]\s*)?$"
    ) if gate_alt else None
    venue_heads = _either_case_first(_nfc(w) for w in data["venue_name_heads"])
    venue_words = _either_case_first(_nfc(w) for w in data["venue_name_words"])
    return {
        "venue_words": _words(data, "venue_words"), "venue_breaks": _words(data, "venue_breaks"), "gate_re": gate_re,
        "gate_word_blockers": _words(data, "gate_word_blockers"),
        "org_heads": phrase_set(_nfc(o) for o in data.get("org_heads") or ()),
        "person_titles": _words(data, "person_titles"), "sentence_openers": _words(data, "sentence_openers"),
        "former_re": re.compile(r"\s*\(?\s*(?:" + "|".join(re.escape(_nfc(w)) for w in data["former_markers"]) + r")\b"),
        "venue_name_re": re.compile(rf"\b(?:{venue_heads})(?:\s+(?:{venue_words})){{1,5}}\s+$"),
    }


def _gazetteer_vocabulary() -> dict:
    """Countries, not-places, well-known officials and surnames: listed only in the gazetteer's data."""
    return {
        "countries": {_nfc(name): code for name, code in gazetteer_countries.country_codes().items()},
        "not_places": frozenset(_nfc(n) for n in gazetteer_countries.not_places()),
        "officials": _official_sides(),
        "surnames": frozenset(_nfc(s) for s in people.surnames()),
    }


@lru_cache(maxsize=1)
def load_lexicon() -> Lexicon:
    """Read patterns.yaml and the gazetteer's vocabulary once and compile everything (a broken file raises)."""
    data = load_yaml(PATTERNS_PATH)  # the C loader: ten times faster than yaml.safe_load on this file
    return Lexicon(
        **_title_vocabulary(data), **_unit_vocabulary(data), **_context_vocabulary(data), **_gazetteer_vocabulary()
    )
