"""Attributes for a span a reviewer draws or relabels, read by the pre-annotator's own rules.

A reviewer's new FIGURE gets its value and unit, a LOCALITY its gazetteer
entry, an OFFICIAL the title and side its context states, exactly as the
pre-annotator would have filled them: this module only calls the finders of
annotate.preannotate (figures, localities, officials, the title reader) on
the sentence around the span and takes what they say about those offsets.
Nothing here is a rule of its own, so a rule fixed there is fixed here.
A fill reads one sentence (a few milliseconds), not the article: it runs
while the reviewer keeps typing.
"""
from __future__ import annotations

import re
import threading
from typing import Any, Sequence

from annotate.gazetteer.choose import choose
from annotate.gazetteer.entries import PlaceEntry
from annotate.gazetteer.index import PlaceIndex, default_index
from annotate.models import ArticleRecord
from annotate.preannotate.dating import page_date
from annotate.preannotate.figures import find_figures, parse_vietnamese_number
from annotate.preannotate.lexicon import Lexicon, load_lexicon
from annotate.preannotate.localities import find_localities
from annotate.preannotate.officials import find_officials
from annotate.preannotate.places import locality_attrs, strip_unit_word
from annotate.preannotate.title_reading import TitleReader
from annotate.preannotate.title_tail import TailReader
from annotate.text.segments import article_segments
from annotate.text.syllables import words_in

Range = tuple[int, int]
_SENTENCE_END = re.compile(r"([.!?…]+)[\"”’)]*(?=\s)|\n")
_ABBREVIATION = re.compile(r"[A-ZĐ][A-Za-zĐđ]{0,3}")
OTHER_MENTIONS = 6
"""How many other sentences naming the same person are read for their title, nearest first."""
WARM_UP = ArticleRecord(0, "", "", "Bí thư Tỉnh ủy Lạng Sơn Nguyễn Văn A tiếp đoàn tỉnh Quảng Tây, kim ngạch đạt 1,5 tỷ USD.", "", 0, 84)


def _ends_sentence(text: str, match: re.Match) -> bool:
    """A full stop after an abbreviation ("TP. Hồ Chí Minh", "PGS. TS.") ends no sentence."""
    if match.group(1) != ".":
        return True
    word = re.search(r"(\w+)$", text[max(0, match.start() - 6) : match.start()])
    return not (word and _ABBREVIATION.fullmatch(word.group(1)))


def sentence_around(text: str, start: int, end: int) -> Range:
    """The sentence (or line) holding [start, end): from after the previous sentence end to the next one."""
    before = 0
    for match in _SENTENCE_END.finditer(text, max(0, start - 400), start):
        if _ends_sentence(text, match):
            before = match.end()
    for after in _SENTENCE_END.finditer(text, end):
        if _ends_sentence(text, after):
            return before, after.end(1) if after.group(1) else after.start()
    return before, len(text)


def paragraph_segments(article: ArticleRecord, start: int, end: int) -> list[Range]:
    """The article's pieces (region minus furniture) inside the sentence holding [start, end)."""
    sentence = sentence_around(article.text, start, end)
    pieces = [(max(s, sentence[0]), min(e, sentence[1])) for s, e in article_segments(article.region, article.furniture)]
    pieces = [(s, e) for s, e in pieces if s < e and s <= start and end <= e]
    return pieces or [sentence]  # a span drawn in the furniture is read in its own sentence


class AttributeFiller:
    """Fills a span's attributes from its context; safe to share between threads (one fill at a time)."""

    def __init__(self, index: PlaceIndex | None = None):
        self._index = index
        self._lexicon: Lexicon | None = None
        self._reader: TitleReader | None = None
        self._tails: TailReader | None = None
        self._lock = threading.Lock()
        self._days: dict[tuple, str | None] = {}

    @property
    def index(self) -> PlaceIndex:
        if self._index is None:
            self._index = default_index()
        return self._index

    @property
    def lexicon(self) -> Lexicon:
        if self._lexicon is None:
            self._lexicon = load_lexicon()
        return self._lexicon

    def warm_up(self) -> None:
        """Load the gazetteer and word lists now (a second or so), not on the first decision that needs them."""
        for label, needle in (("OFFICIAL", "Nguyễn Văn A"), ("LOCALITY", "Quảng Tây"), ("FIGURE", "1,5 tỷ USD")):
            at = WARM_UP.text.index(needle)
            self.fill(WARM_UP, at, at + len(needle), label)

    def _day(self, article: ArticleRecord) -> str | None:
        """The article's date, as the pre-annotator reads it (over the whole article, once per article)."""
        key = (article.id, article.content_hash, article.region, tuple(article.furniture))
        if key not in self._days:
            if len(self._days) > 32:
                self._days.clear()
            self._days[key] = page_date(article.text, article.region, article_segments(article.region, article.furniture))
        return self._days[key]

    def fill(self, article: ArticleRecord, start: int, end: int, label: str, confirmed: Sequence[PlaceEntry] = ()) -> dict[str, Any]:
        """What the pre-annotator's rules say about a label-span at [start, end) ({} when they say nothing)."""
        with self._lock:
            if label == "FIGURE":
                return self._figure(article.text, start, end)
            if label == "LOCALITY":
                return self._place(article, start, end, confirmed)
            if label == "OFFICIAL":
                return self._official(article, start, end)
            return {}

    # -- figures -------------------------------------------------------------
    def _figure(self, text: str, start: int, end: int) -> dict[str, Any]:
        """The figure finder's reading of the sentence at these offsets, else of the span text alone."""
        for figure in find_figures(text, *sentence_around(text, start, end)):
            if (figure.start, figure.end) == (start, end):
                return {"value": figure.value, "unit": figure.unit}
        inside = find_figures(text, start, end)
        if inside:
            figure = max(inside, key=lambda f: f.end - f.start)
            return {"value": figure.value, "unit": figure.unit}
        value = parse_vietnamese_number(text[start:end])
        return {"value": value} if value is not None else {}

    # -- places --------------------------------------------------------------
    def _place(self, article: ArticleRecord, start: int, end: int, confirmed: Sequence[PlaceEntry]) -> dict[str, Any]:
        """The locality finder's attributes for these offsets, else the gazetteer entry the name is written as."""
        text = article.text
        segments = paragraph_segments(article, start, end)
        day = self._day(article)
        officials, names = find_officials(text, segments, self.index, (), day)
        for candidate in officials + find_localities(text, segments, self.index, (), names, day):
            span = candidate.span
            if span.label == "LOCALITY" and (span.start, span.end) == (start, end):
                return dict(span.attrs)
        name = strip_unit_word(text[start:end], self.lexicon.unit_phrases)
        folded = name.casefold()
        for entry in confirmed:
            if folded in (entry.name.casefold(), entry.canonical.casefold()):
                return locality_attrs(entry, self.index)
        entries = self.index.lookup(name) or self.index.lookup_folded(name)
        return locality_attrs(choose(entries, day=day), self.index) if entries else {}

    # -- officials -----------------------------------------------------------
    def _official(self, article: ArticleRecord, start: int, end: int) -> dict[str, Any]:
        """Title and side: the official finder's, else another mention's, else the title written around the name."""
        text = article.text
        name = text[start:end]
        segments = paragraph_segments(article, start, end)
        day = self._day(article)
        mentions = [c.span for c in find_officials(text, segments, self.index, (), day)[0] if c.span.label == "OFFICIAL"]
        for span in mentions:
            if (span.start, span.end) == (start, end):
                return dict(span.attrs)
        elsewhere = self._same_person_elsewhere(article, start, name, day) if self._looks_like_a_name(name) else {}
        if elsewhere:
            return elsewhere
        return self._read_title_around(text, segments, start, end, day)

    def _same_person_elsewhere(self, article: ArticleRecord, start: int, name: str, day: str | None) -> dict[str, Any]:
        """A later mention takes the title of the person's nearest earlier titled mention (GUIDELINES)."""
        text = article.text
        pattern = re.compile(r"(?<!\w)" + re.escape(name) + r"(?!\w)")
        places = [m.start() for m in pattern.finditer(text) if m.start() != start]
        nearest = sorted(places, key=lambda at: (at > start, abs(at - start)))  # earlier ones first, nearest first
        seen: set[Range] = set()
        for at in nearest:
            segments = [s for s in paragraph_segments(article, at, at + len(name)) if s not in seen]
            seen.update(segments)
            for candidate in find_officials(text, segments, self.index, (), day)[0] if segments else ():
                span = candidate.span
                if span.label == "OFFICIAL" and text[span.start : span.end] == name and span.attrs.get("title"):
                    return dict(span.attrs)
            if len(seen) >= OTHER_MENTIONS:
                break
        return {}

    def _read_title_around(self, text: str, segments: Sequence[Range], start: int, end: int, day: str | None) -> dict[str, Any]:
        """A role written right before the name ("Phó Bí thư ... Name") or right after it ("Name, Phó Bí thư ...")."""
        lexicon = self.lexicon
        reader = self._title_reader(day)
        segment = next((s for s in segments if s[0] <= start and end <= s[1]), (start, end))
        words = words_in(text, *segment)
        starts = [w.start for w in words]
        if start not in starts:
            return self._side_only(text[start:end])
        first = starts.index(start)
        last = next((i for i, w in enumerate(words) if w.end == end), first)
        for match in reversed(list(lexicon.head_re.finditer(text, segment[0], segment[1]))):
            after_name = match.start() >= end
            if match.end() > start and not after_name:
                continue
            wi = next((i for i, w in enumerate(words) if w.start >= match.end()), len(words))
            h0 = next((i for i, w in enumerate(words) if w.end > match.start()), wi)
            info = lexicon.head_info(match.group("head"))
            tail_end = self._tail_reader().read(text, words, wi, h0, [], [], bool(info and info.domain)).end
            if not after_name and wi <= first <= tail_end:
                title = text[match.start() : start].rstrip(" ,\t")
                side, _ = reader.title_side(title, match.group("head"), words, wi, first, [], "")
                side = side or reader.context_side(words, starts.index(match.start()) if match.start() in starts else wi)
                return {"title": title, "side": side or self._side(text[start:end], match.group("head"))}
            if after_name and text[end : match.start()].strip() in (",", "-", "–", "(") and wi > last:
                title_end = words[tail_end - 1].end if tail_end > wi else match.end()
                title = text[match.start() : title_end]
                side, _ = reader.title_side(title, match.group("head"), words, wi, tail_end, [], "")
                return {"title": title, "side": side or self._side(text[start:end], match.group("head"))}
        return self._side_only(text[start:end])

    @staticmethod
    def _looks_like_a_name(name: str) -> bool:
        """Two to five capitalised syllables: only then can another mention be the same person."""
        words = name.split()
        return 1 <= len(words) <= 5 and all(w[:1].isupper() for w in words)

    def _tail_reader(self) -> TailReader:
        if self._tails is None:
            self._tails = TailReader(self.index, self.lexicon)
        return self._tails

    def _title_reader(self, day: str | None) -> TitleReader:
        if self._reader is None:
            self._reader = TitleReader(self.index, self.lexicon)
        self._reader.day = day
        return self._reader

    def _side(self, name: str, head: str) -> str:
        """The side the pre-annotator falls back on: the well-known officials list, then the role's own side, then VN."""
        info = self.lexicon.head_info(head)
        return self.lexicon.officials.get(name) or (info.side if info and info.side else "") or "VN"

    def _side_only(self, name: str) -> dict[str, Any]:
        side = self.lexicon.officials.get(name)
        return {"side": side} if side else {}
