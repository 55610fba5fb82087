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
from annotate.gazetteer.normalize import fix_tones
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
    after_name: bool = False  # only as an apposition after a name ("Hách Văn Lượng, Thường vụ Thành ủy")


@dataclass
class Lexicon:
    """Compiled rule vocabulary."""

    heads: dict[str, HeadInfo]
    head_keys: dict[str, HeadInfo]
    head_re: re.Pattern
    org_title_re: re.Pattern
    bodies: dict[str, str]
    body_keys: dict[str, str]
    body_phrases: PhraseSet
    org_nouns: PhraseSet
    parent_org_nouns: PhraseSet
    title_gate_words: PhraseSet
    title_gate_modifiers: PhraseSet
    name_preludes: frozenset[str]
    title_linking_words: frozenset[str]
    side_cues: frozenset[str]
    position_words: frozenset[str]
    private_bodies: frozenset[str]
    honorifics: frozenset[str]
    honorific_phrases: PhraseSet
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
        """The HeadInfo of a head as matched (any case, either tone placement: "Uỷ viên" is "Ủy viên")."""
        return self.head_keys.get(fold_word(head))

    def body_side(self, title: str) -> str:
        """The side implied by the longest body phrase in a title that implies one (any case or tone placement)."""
        folded = f" {fold_word(title)} "
        for body, side in self.body_keys.items():  # longest first
            if side and f" {body} " in folded:
                return side
        return ""


@lru_cache(maxsize=65536)
def fold_word(text: str) -> str:
    """A word or phrase as title rules compare it: lower case, new-style tone placement ("Uỷ" -> "ủy")."""
    return fix_tones(text.casefold())


_OLD_TONES = {"òa": "oà", "óa": "oá", "ỏa": "oả", "õa": "oã", "ọa": "oạ", "òe": "oè", "óe": "oé", "ỏe": "oẻ",
              "õe": "oẽ", "ọe": "oẹ", "ùy": "uỳ", "úy": "uý", "ủy": "uỷ", "ũy": "uỹ", "ụy": "uỵ"}
_OLD_TONES.update({k[0].upper() + k[1:]: v[0].upper() + v[1:] for k, v in list(_OLD_TONES.items())})
_NEW_TONES = {v: k for k, v in _OLD_TONES.items()}
_END = r"(?![^\W\d_])"
_NEW_RE = re.compile(r"(?<![qQ])(" + "|".join(_OLD_TONES) + r")" + _END)
_OLD_RE = re.compile(r"(?<![qQ])(" + "|".join(_NEW_TONES) + r")" + _END)


def tone_spellings(text: str) -> set[str]:
    """text in both tone placements: the press writes "Tỉnh uỷ" as often as "Tỉnh ủy"."""
    new = _OLD_RE.sub(lambda m: _NEW_TONES[m.group(1)], text)
    return {new, _NEW_RE.sub(lambda m: _OLD_TONES[m.group(1)], new)}


def match_folded(words: Sequence[Word], i: int, phrases: PhraseSet) -> int:
    """Like match_phrase over folded phrases (fold_word), comparing words folded: any case, either tone placement."""
    n = len(words)
    if i >= n:
        return 0
    for phrase in phrases.by_first.get(fold_word(words[i].text), ()):
        k = len(phrase)
        if i + k > n:
            continue
        if all(
            fold_word(words[i + j].text) == phrase[j] and words[i + j].start - words[i + j - 1].end <= 1
            for j in range(1, k)
        ):
            return k
    return 0


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


def _heads_and_bodies(data: dict) -> tuple[dict[str, HeadInfo], dict[str, str]]:
    """Heads and bodies of patterns.yaml, with the gazetteer's titles.yaml extra ones (ours win where both list one)."""
    heads = {
        _nfc(h["head"]): HeadInfo(
            _nfc(h["head"]), h.get("kind", ""), h.get("side", ""), bool(h.get("domain")), bool(h.get("after_name"))
        )
        for h in data["title_heads"]
    }
    org_nouns = {_nfc(o) for o in data["org_nouns"]}
    bodies = {_nfc(b["body"]): b.get("side", "") for b in data["title_bodies"]}
    modifiers = [_nfc(m) for m in data["title_modifiers"]]
    title_words = people.default_titles()
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
    return heads, bodies


def _head_regexes(data: dict, heads: dict[str, HeadInfo]) -> tuple[re.Pattern, re.Pattern]:
    """Heads with their modifiers, in any case and either tone placement ("Phó Chủ tịch", "Uỷ viên",
    "Trưởng Đoàn"); and the same heads glued to an organisation word ("Tổng Lãnh sự quán"), a post only in an
    apposition."""
    modifiers = {v for m in data["title_modifiers"] for v in tone_spellings(_nfc(m))}
    variants = {v for h in heads for v in tone_spellings(h)}
    blockers = _alternation(_nfc(b) for b in data["head_blockers"])
    head = rf"(?<![\w])(?P<mods>(?:(?:{_alternation(modifiers)})\s+)*)(?P<head>{_alternation(variants)})(?![\w])"
    return (
        re.compile(head + rf"(?!\s+(?:{blockers})(?![\w]))", re.IGNORECASE),
        re.compile(head + rf"(?=\s+(?:{blockers})(?![\w]))", re.IGNORECASE),
    )


def _title_vocabulary(data: dict) -> dict:
    """Heads, bodies, their regexes, organisation nouns and the words around a title."""
    heads, bodies = _heads_and_bodies(data)
    head_re, org_title_re = _head_regexes(data, heads)
    head_keys = {fold_word(h): info for h, info in heads.items()}
    body_keys = {fold_word(b): side for b, side in sorted(bodies.items(), key=lambda kv: -len(kv[0]))}
    org_nouns = {v for o in data["org_nouns"] for v in tone_spellings(_nfc(o))}
    honorifics = frozenset(_nfc(h) for h in data["honorifics"])
    return {
        "heads": heads, "head_keys": head_keys, "head_re": head_re, "org_title_re": org_title_re,
        "bodies": bodies, "body_keys": body_keys, "body_phrases": phrase_set(body_keys),
        "org_nouns": phrase_set(org_nouns), "private_bodies": _words(data, "private_bodies"),
        "parent_org_nouns": phrase_set(v for o in data["parent_org_nouns"] for v in tone_spellings(_nfc(o))),
        "name_preludes": _words(data, "name_preludes"), "side_cues": _words(data, "side_cues"),
        "title_linking_words": _words(data, "title_linking_words"),
        "position_words": _words(data, "position_words"),
        # "Chi cục Hải quan cửa khẩu quốc tế Tà Lùng": a gate phrase inside an organisation's name
        "title_gate_words": phrase_set(_nfc(g) for g in data.get("gate_words") or () if g[:1].islower()),
        "title_gate_modifiers": phrase_set(_nfc(g) for g in data.get("gate_modifiers") or ()),
        "honorifics": honorifics, "honorific_phrases": phrase_set(honorifics),
        "honorific_re": re.compile(rf"(?:^|(?<=[\s(]))(?:{_alternation(honorifics)})\s+$"),
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
