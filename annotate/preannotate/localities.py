"""LOCALITY candidates: gazetteer names, unit-word patterns, fused abbreviations, context and fuzzy links.

Sources, each with its own evidence level (see resolve.py):
- a name written after a unit word ("tỉnh Chiết Giang", "TP. Hồ Chí Minh",
  "Khu tự trị dân tộc Choang Quảng Tây", "Thành ủy Thượng Hải"): the span
  leaves the unit word out; a run the gazetteer does not know is still
  proposed, with attributes guessed from the unit word and the context;
- a fused abbreviation ("TPHCM", "TP.HCM"): one span; an acronym after a separate
  unit word ("TP HCM", "TP. HCM"): the acronym only;
- every item of a plural unit list ("các huyện A, B và C", "các tỉnh, thành phố A, B");
- a bare gazetteer name at province or city level ("Giang Tô", "Hà Nội"), also
  closing an organisation's name ("Sở Công Thương Cao Bằng", "Báo Lạng Sơn") or
  after an ethnic name ("dân tộc Miêu Văn Sơn");
- "X (Nhật Bản)" / "X, Trung Quốc" where underthesea calls X a location;
- a misspelling: a capitalised run whose diacritic-free form equals a place
  already named in the article ("Trung Khánh" -> Trùng Khánh), or, after a
  unit word, a close gazetteer match.
Countries, regions and seas are never proposed; nor is a small place right
after a venue word ("sân bay quốc tế Phố Đông"), nor any place naming a border
gate, airport, bridge, economic zone, port or station ("cửa khẩu quốc tế Móng
Cái", "cửa khẩu Lào Cai - Hà Khẩu", "Khu kinh tế cửa khẩu X"); a preposition
ends a venue phrase, so routes name places ("tuyến đường sắt từ Hà Khẩu đi Côn
Minh"). The article's date (dating.py) picks among homonyms of both
administrative eras. The text is read with the look-alike "Ð" as "Đ" and a
hyphen glued to a capital as a separator ("Quảng Tây-Trung Quốc"); underthesea's
tokens tell a capitalised common word ("Đoàn", "Hội kiến") from a name.

The finder reads each segment word by word. At a capitalised word the skip
rules run in order (a country, a sentence opener, an ethnic name, a unit word
...), the first that applies consumes its words; otherwise a known name is
checked against the filters of `_known_place`, and an unknown capitalised run
is kept for a second pass once the whole article has been read.
"""
from __future__ import annotations

from typing import Callable, Iterable, Sequence

from annotate.gazetteer.choose import choose
from annotate.gazetteer.countries import country_at
from annotate.gazetteer.entries import LEVELS, REFORM_LAST_DAY, UNIT_FITS, PlaceEntry
from annotate.gazetteer.index import PlaceIndex
from annotate.gazetteer.normalize import fix_lookalikes, fold, split_glued
from annotate.models import Span
from annotate.preannotate import resolve as prio
from annotate.preannotate.casing import recase_caps
from annotate.preannotate.credits import credit_ranges, is_credited_name, split_agency_from_place
from annotate.preannotate.lexicon import Lexicon, load_lexicon, match_unit
from annotate.preannotate.place_cues import PlaceCues, adjacent
from annotate.preannotate.place_reading import OpenList, PlaceMention, Reading, Spot, Unit, UnknownRun
from annotate.preannotate.place_repair import repaired_entry
from annotate.preannotate.places import BARE_LEVELS, bare_ok, guessed_attrs, locality_attrs, strip_unit_word
from annotate.preannotate.resolve import Candidate
from annotate.preannotate.tokens import Token
from annotate.text.syllables import Word, is_name_syllable, words_in

MAX_RUN = 5


class LocalityFinder:
    """Finds LOCALITY candidates in article segments over one gazetteer."""

    def __init__(self, places: PlaceIndex, lexicon: Lexicon | None = None):
        self.places = places
        self.lex = lexicon or load_lexicon()
        self.cues = PlaceCues(places, self.lex)
        self.day: str | None = None
        self.token_at: dict[int, Token] = {}
        self._skip_rules: tuple[Callable[[str, list[Word], Spot], int], ...] = (
            self._skip_country, self._skip_sentence_opener, self._skip_common_capitalised, self._skip_ethnic_name,
            self._skip_unit_word, self._skip_unit_opening_a_name,
        )

    def find(
        self,
        text: str,
        segments: Sequence[tuple[int, int]],
        tokens: Sequence[Token] = (),
        person_names: Iterable[str] = (),
        day: str | None = None,
    ) -> list[PlaceMention]:
        """All LOCALITY candidates in the segments (overlaps allowed; resolve.py decides)."""
        self.day = day
        self.token_at = {t.start: t for t in tokens}
        text = split_agency_from_place(recase_caps(fix_lookalikes(text), segments, self.places))  # same length
        reading = Reading(
            text, credit_ranges(text, segments), set(person_names) | set(self.lex.officials),
            [(t.start, t.end) for t in tokens if t.ner.endswith("LOC")],
        )
        for seg_start, seg_end in segments:
            self._read_abbreviations(reading, seg_start, seg_end)
            words = split_glued(words_in(text, seg_start, seg_end))
            open_list = OpenList()
            i = 0
            while i < len(words):
                i = self._step(reading, words, i, open_list)
        self._decide_unknown_runs(reading)
        return reading.mentions

    # ------------------------------------------------------------ reading, word by word
    def _read_abbreviations(self, reading: Reading, seg_start: int, seg_end: int) -> None:
        """Fused abbreviations ("TPHCM", "TP.HCM": one span), then acronyms after a separate unit word
        ("TP HCM", "TP. HCM": the acronym only)."""
        lex = self.lex
        for m in lex.abbreviation_re.finditer(reading.text, seg_start, seg_end):
            reading.mentions.append(self._abbreviation(m.start(), m.end(), lex.abbreviations[m.group().casefold()]))
        if lex.unit_acronym_re is not None:
            for m in lex.unit_acronym_re.finditer(reading.text, seg_start, seg_end):
                reading.mentions.append(self._abbreviation(m.start("acr"), m.end("acr"), lex.unit_acronyms[m.group("acr")]))

    def _step(self, reading: Reading, words: list[Word], i: int, open_list: OpenList) -> int:
        """Read what starts at words[i]; the index of the next word to read."""
        if not is_name_syllable(words[i].text):
            return i + 1
        k, entries = self.places.place_at(words, i)
        spot = Spot(i, k, entries, country_at(words, i)[0], match_unit(words, i, self.lex.unit_phrases))
        for rule in self._skip_rules:
            skipped = rule(reading.text, words, spot)
            if skipped:
                return i + skipped
        unit = self._unit_at(words, i, open_list)
        if self._inside_a_name(reading.text, words, spot, unit):
            return i + 1
        k, entries = self._fitting_names(words, spot, unit)
        if k:
            self._known_place(reading, words, i, k, entries, unit, open_list)
            return i + k
        return self._unknown_run(reading, words, i, unit)

    # ------------------------------------------------------------ skip rules, in order
    @staticmethod
    def _skip_country(text: str, words: list[Word], spot: Spot) -> int:
        """Countries are skipped whole so their parts are never places ("Lào Cai" is not "Lào")."""
        return spot.kc if spot.kc and spot.kc >= spot.k else 0

    def _skip_sentence_opener(self, text: str, words: list[Word], spot: Spot) -> int:
        """"Phía Hải Nam đề xuất": the opener is no part of a name run."""
        return 1 if not spot.k and self.cues.sentence_word(text, words, spot.i) else 0

    def _skip_common_capitalised(self, text: str, words: list[Word], spot: Spot) -> int:
        """"Đoàn Lạng Sơn làm việc": a sentence opener underthesea reads as a common word on its own (an
        organisation head such as "Sở" opens the run of the organisation's name instead)."""
        if spot.k or not self._common_capitalised(words[spot.i]):
            return 0
        return 0 if self.cues.org_head(words, spot.i, spot.i + 2) else 1

    def _common_capitalised(self, word: Word) -> bool:
        """A capitalised word underthesea tags as one word by itself that is no proper noun ("Đoàn" Nc)."""
        token = self.token_at.get(word.start)
        return token is not None and token.end == word.end and token.pos not in ("Np", "Ny")

    def _skip_ethnic_name(self, text: str, words: list[Word], spot: Spot) -> int:
        """"dân tộc Miêu Văn Sơn": the ethnic name is part of the unit phrase."""
        ke = self.cues.ethnic_at(words, spot.i)
        return ke if ke and ke >= spot.k else 0

    @staticmethod
    def _skip_unit_word(text: str, words: list[Word], spot: Spot) -> int:
        """"Thành phố" in "Thành ủy Thành phố Hồ Chí Minh" is a unit word, not a place."""
        return spot.ku if spot.ku and spot.ku >= spot.k else 0

    def _skip_unit_opening_a_name(self, text: str, words: list[Word], spot: Spot) -> int:
        """"Châu Hồng Hà" at a sentence start: the unit word, not the commune "Châu Hồng"."""
        return spot.ku if spot.ku and self.cues.unit_not_name(words, spot.i, spot.ku, spot.entries) else 0

    # ------------------------------------------------------------ the unit word and the name run
    def _unit_at(self, words: list[Word], i: int, open_list: OpenList) -> Unit:
        """The unit word before words[i], else the level of the plural list it continues."""
        start, level = self.cues.unit_before(words, i)
        in_list = level is None and open_list.level is not None and self.cues.continues_list(words, open_list.next, i)
        if in_list:
            level = open_list.level
        plural = in_list or (level is not None and self.cues.plural_unit(words, start))
        return Unit(start, level, in_list, plural)

    def _inside_a_name(self, text: str, words: list[Word], spot: Spot, unit: Unit) -> bool:
        """words[i] continues a longer capitalised run ("Trần Hồng Hà"): no place, unless after "dân tộc X"
        or closing a brand ("Formosa Hà Tĩnh"). A capitalised common word opening the sentence does not count."""
        i = spot.i
        if unit.level is not None or i == 0 or not is_name_syllable(words[i - 1].text) or not adjacent(words, i):
            return False
        if self.cues.sentence_word(text, words, i - 1) or self._common_capitalised(words[i - 1]):
            return False  # "Phía Hải Nam đề xuất"
        r = i - 1
        while r > 0 and is_name_syllable(words[r - 1].text) and adjacent(words, r):
            r -= 1
        if r > 0 and words[r - 1].text == "tộc":
            return False
        if any(bare_ok(e) for e in spot.entries) and self.cues.org_head_before(words, r):
            return False  # "Tập đoàn Metro Quảng Châu": the province closes a company's name
        return not self.cues.brand_place(words, i, spot.k, spot.entries)

    def _fitting_names(self, words: list[Word], spot: Spot, unit: Unit) -> tuple[int, list[PlaceEntry]]:
        """The name at words[i] if a unit word before it allows it: (word count, entries), (0, []) if not.

        May settle unit.level: "đặc khu X" in a post-reform article is a commune-level special zone."""
        k, entries, i = spot.k, spot.entries, spot.i
        if not k or unit.level is None:
            return k, entries
        if self._post_reform_commune_unit(words, unit.start, i, entries):
            unit.level = "commune"
        fitting = [e for e in entries if e.level in UNIT_FITS.get(unit.level, LEVELS)]
        if not fitting:
            return 0, []  # "tỉnh Hồ ...": no province is called that
        if unit.in_list:
            entries = fitting
        n = len(words)
        if i + k < n and is_name_syllable(words[i + k].text) and adjacent(words, i + k) and not (
            i + k + 1 < n and is_name_syllable(words[i + k + 1].text)
        ) and not self._opens_a_common_word(words[i + k]):
            return 0, []  # "Tỉnh ủy Phùng Phi": one syllable left over, so a name, not a place
        return k, entries

    def _opens_a_common_word(self, word: Word) -> bool:
        """underthesea reads the capitalised word with the lowercase words after it as one word that is
        no proper noun: "tỉnh Hà Giang Hội kiến" ("Hội kiến", meets) leaves the place whole."""
        token = self.token_at.get(word.start)
        return token is not None and token.end > word.end and token.pos not in ("Np", "Ny")

    # ------------------------------------------------------------ a name the gazetteer knows
    def _known_place(
        self, reading: Reading, words: list[Word], i: int, k: int, entries: list[PlaceEntry], unit: Unit,
        open_list: OpenList,
    ) -> None:
        """Record the known name words[i:i+k] unless it is no place here; extend the open list."""
        name = " ".join(words[i + j].text for j in range(k))
        if self._not_a_place_here(reading, words, i, k, entries, unit, name):
            return
        entry = self._known_entry(reading, words, i, k, entries, unit, open_list)
        start, end = words[i].start, words[i + k - 1].end
        if self._names_a_venue(reading.text, start, entry.level, unit):
            return
        attrs = locality_attrs(entry, self.places)
        priority = prio.LOCALITY_UNIT if unit.level else prio.LOCALITY_GAZETTEER
        reading.add(PlaceMention(start, end, entry, attrs, priority, "gazetteer"))
        if unit.plural and unit.level is not None:
            open_list.level, open_list.next = unit.level, i + k
            open_list.country = attrs["country"] or open_list.country

    def _not_a_place_here(
        self, reading: Reading, words: list[Word], i: int, k: int, entries: list[PlaceEntry], unit: Unit, name: str,
    ) -> bool:
        """Known, but not a place here: listed as never one, a small place named bare (outside a route),
        a person's name, a credited photographer or a byline."""
        if name in self.lex.not_places:
            return True
        bare = unit.level is None
        if bare and not any(bare_ok(e) for e in entries) and not self.cues.in_route(
            reading.text, words, i, k, reading.last_end
        ):
            return True
        if (bare or unit.in_list) and name in reading.persons:
            return True
        return bare and is_credited_name(reading.text, words, i, k, reading.credits)

    def _known_entry(
        self, reading: Reading, words: list[Word], i: int, k: int, entries: list[PlaceEntry], unit: Unit,
        open_list: OpenList,
    ) -> PlaceEntry:
        """Which homonym the name stands for: the country written after it or its list's, then the chooser;
        a bare name takes a unit that may stand bare, and its successor when it was dissolved by then."""
        country = self.cues.following_country(words, i + k)
        if unit.in_list and not country:
            country = open_list.country
        if unit.plural and not country and len({e.country for e in entries}) > 1:
            country = self.cues.next_item_country(words, i + k)  # "hai tỉnh Hà Nam và Ninh Bình"
        entry = choose(entries, unit.level, country or None, reading.doc_countries, self.day)
        if unit.level is not None:
            return entry
        if not bare_ok(entry):
            standing = [e for e in entries if bare_ok(e)] or entries  # all small: a route's stop
            entry = choose(standing, None, country or None, reading.doc_countries, self.day)
        end = words[i + k - 1].end
        successor = None if self.lex.former_re.match(reading.text, end) else self._successor(entry, entries)
        return successor if successor is not None else entry

    def _names_a_venue(self, text: str, start: int, level: str, unit: Unit) -> bool:
        """The place names a venue: a small place after "sân bay", an exhibition centre's city,
        a border gate ("cửa khẩu quốc tế Móng Cái")."""
        if level not in BARE_LEVELS and self.cues.venue_before(text, start):
            return True
        if self.cues.venue_name_before(text, start):
            return True
        return (unit.level is None or unit.in_list) and self.cues.gate_before(text, start)

    # ------------------------------------------------------------ a run the gazetteer does not know
    def _unknown_run(self, reading: Reading, words: list[Word], i: int, unit: Unit) -> int:
        """The capitalised run from words[i]: a place closing an organisation's or brand's name, an
        organisation, or kept for the second pass; the index after the run."""
        j = i
        while j < len(words) and is_name_syllable(words[j].text) and (j == i or adjacent(words, j)):
            j += 1
        place = self._org_place(words, i, j)
        if place is None and unit.level is None:
            place = self._brand_run_place(words, i, j)
        if place is not None:
            reading.add(place)  # "Sở Công Thương Cao Bằng", "Gang thép Hưng Nghiệp Formosa Hà Tĩnh"
            return j
        if (unit.level is None or unit.in_list) and self.cues.org_head(words, i, j):
            return j  # an organisation's name, not a place
        # a list item the gazetteer does not know is only linked, never guessed from the list's unit
        reading.unknown.append(UnknownRun(words[i].start, words[j - 1].end, " ".join(x.text for x in words[i:j]),
                                           None if unit.in_list else unit.level, i, j, words))
        return j

    def _decide_unknown_runs(self, reading: Reading) -> None:
        """Second pass: misspellings of places already named, unknown places after unit words, "X (Country)"."""
        named: dict[str, PlaceEntry] = {}
        for m in reading.mentions:
            if m.entry is not None:
                named.setdefault(fold(reading.text[m.start : m.end]), m.entry)
        for run in reading.unknown:
            mention = self._unknown_mention(reading, run, named)
            if mention is not None:
                reading.mentions.append(mention)

    def _unknown_mention(self, reading: Reading, run: UnknownRun, named: dict[str, PlaceEntry]) -> PlaceMention | None:
        """A mention for an unknown run: linked by its fold or a close name, guessed from its unit word,
        or from a country after it where underthesea saw a location; None when nothing speaks for it."""
        if run.name in self.lex.not_places or run.name in reading.persons:
            return None
        if not reading.text[run.end :].strip():
            return None  # "tỉnh Lạng S": a name cut off at the end of an excerpt
        nwords = run.j - run.i
        country = self.cues.following_country(run.words, run.j)
        entry = named.get(fold(run.name)) or self._repaired_entry(reading, run, country)
        if entry is not None and nwords <= 3:
            priority = prio.LOCALITY_FUZZY if not run.unit_level else prio.LOCALITY_UNIT
            return PlaceMention(run.start, run.end, entry, locality_attrs(entry, self.places), priority, "gazetteer")
        if run.unit_level and nwords <= 3 and not self.cues.venue_before(reading.text, run.start):
            if nwords == 3 and run.words[run.i].text in self.lex.surnames:
                return None  # "Trưởng Đặc khu Hạ Nhất Thành": a person after a post, not an unknown place
            country = country or self.cues.bracketed_place_country(run.words, run.j) or (
                reading.doc_countries.most_common(1)[0][0] if reading.doc_countries else "")
            return PlaceMention(run.start, run.end, None, guessed_attrs(run.name, run.unit_level, country),
                                prio.LOCALITY_FUZZY, "rule")
        located = any(s <= run.start < e or s < run.end <= e for s, e in reading.loc_tokens)
        if not located or nwords > 3 or self.cues.gate_before(reading.text, run.start):
            return None
        if not run.unit_level and nwords >= 2:
            entry = repaired_entry(run.name, self.places, None, country, reading.doc_countries, self.day, False)
            if entry is not None:  # "Quang Tay" where underthesea saw a location: Quảng Tây
                return PlaceMention(run.start, run.end, entry, locality_attrs(entry, self.places),
                                    prio.LOCALITY_FUZZY, "gazetteer")
        if country:
            return PlaceMention(run.start, run.end, None, guessed_attrs(run.name, "city", country),
                                prio.LOCALITY_CONTEXT, "model")
        return None

    def _repaired_entry(self, reading: Reading, run: UnknownRun, country: str) -> PlaceEntry | None:
        """After a unit word, a two- or three-word run the gazetteer knows folded or by a close spelling."""
        if not run.unit_level or not 2 <= run.j - run.i <= 3:
            return None
        return repaired_entry(run.name, self.places, run.unit_level, country, reading.doc_countries, self.day)

    # ------------------------------------------------------------ places with a fixed reading
    def _abbreviation(self, start: int, end: int, canonical: str) -> PlaceMention:
        """A Vietnamese province written as an abbreviation or acronym ("TPHCM", "HCM")."""
        entries = self.places.lookup(canonical) or self.places.lookup(strip_unit_word(canonical, self.lex.unit_phrases))
        if entries:
            entry = choose(entries, "province", "VN", day=self.day)
            attrs = locality_attrs(entry, self.places)
        else:
            entry, attrs = None, {"country": "VN", "canonical": canonical, "level": "province"}
        return PlaceMention(start, end, entry, attrs, prio.LOCALITY_UNIT, "rule")

    def _org_place(self, words: list[Word], i: int, j: int) -> PlaceMention | None:
        """A province or city that closes an organisation's name written as one capitalised run, or closing
        the capitalised run after a head with a lowercase word ("Tập đoàn Metro Quảng Châu")."""
        head = self.cues.org_head(words, i, j) or (1 if self.cues.org_head_before(words, i) else 0)
        if not head or j - i > MAX_RUN + 4:
            return None
        for p in range(i + head, j):
            kp, entries = self.places.place_at(words, p, limit=j - p)
            if kp != j - p:
                continue
            name = " ".join(w.text for w in words[p:j])
            entries = [e for e in entries if bare_ok(e)]
            if not entries or name in self.lex.not_places:
                continue
            entry = choose(entries, None, None, None, self.day)
            return PlaceMention(words[p].start, words[j - 1].end, entry, locality_attrs(entry, self.places),
                                prio.LOCALITY_UNIT, "gazetteer")
        return None

    def _brand_run_place(self, words: list[Word], i: int, j: int) -> PlaceMention | None:
        """The province ending the capitalised run words[i:j] right after a brand word, if any."""
        for p in range(i + 1, j):
            kp, entries = self.places.place_at(words, p, limit=j - p)
            if kp != j - p or not self.cues.brand_place(words, p, kp, entries):
                continue
            name = " ".join(w.text for w in words[p:j])
            if name in self.lex.not_places:
                return None
            entry = choose([e for e in entries if e.level == "province"], None, None, None, self.day)
            return PlaceMention(words[p].start, words[j - 1].end, entry, locality_attrs(entry, self.places),
                                prio.LOCALITY_GAZETTEER, "gazetteer")
        return None

    # ------------------------------------------------------------ the article's date
    def _post_reform_commune_unit(self, words: list[Word], unit_start: int, i: int, entries: Sequence[PlaceEntry]) -> bool:
        """"đặc khu X" written on or after 2025-07-01 names a Vietnamese commune-level special zone."""
        if not self.day or self.day <= REFORM_LAST_DAY or unit_start >= i:
            return False
        phrase = " ".join(w.text for w in words[unit_start:i]).casefold()
        if phrase not in self.lex.post_reform_commune_units:
            return False
        return any(e.level == "commune" and e.country == "VN" and e.valid_on(self.day) for e in entries)

    def _successor(self, entry: PlaceEntry, entries: Sequence[PlaceEntry]) -> PlaceEntry | None:
        """A bare name whose chosen unit no longer existed on the article's date ("Quy Nhơn" in 2026, a
        city dissolved on 2025-07-01): the same-country unit of that name valid then, if exactly one."""
        if not self.day or self.day <= REFORM_LAST_DAY or entry.valid_on(self.day):
            return None
        if entry.level not in ("city", "district"):
            return None  # a merged province ("Yên Bái") is still named as the province
        valid = [e for e in entries if e is not entry and e.country == entry.country and e.valid_on(self.day)
                 and e.valid_from]
        return valid[0] if len(valid) == 1 else None


def find_localities(
    text: str,
    segments: Sequence[tuple[int, int]],
    places: PlaceIndex,
    tokens: Sequence[Token] = (),
    person_names: Iterable[str] = (),
    day: str | None = None,
) -> list[Candidate]:
    """LOCALITY candidates as resolve.Candidate objects."""
    finder = LocalityFinder(places)
    return [
        Candidate(Span(m.start, m.end, "LOCALITY", m.attrs, m.origin), m.priority, entry=m.entry)
        for m in finder.find(text, segments, tokens, person_names, day)
    ]
