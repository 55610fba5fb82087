"""Attributes for a span a reviewer draws or relabels, read by the pre-annotator's own rules.

A reviewer's new FIGURE gets its value and unit, a LOCALITY its gazetteer
entry, an OFFICIAL the title and side its context states, exactly as the
pre-annotator would have filled them: this module only calls the finders of
annotate.preannotate (figures, localities, officials, the title reader) on
the paragraph around the span and takes what they say about those offsets.
Nothing here is a rule of its own, so a rule fixed there is fixed here.
"""
from __future__ import annotations

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
from annotate.text.segments import article_segments
from annotate.text.syllables import words_in

Range = tuple[int, int]


def paragraph_segments(article: ArticleRecord, start: int, end: int) -> list[Range]:
    """The article's pieces (region minus furniture) inside the paragraph holding [start, end)."""
    text = article.text
    para = (text.rfind("\n", 0, start) + 1, len(text) if text.find("\n", end) < 0 else text.find("\n", end))
    pieces = [(max(s, para[0]), min(e, para[1])) for s, e in article_segments(article.region, article.furniture)]
    pieces = [(s, e) for s, e in pieces if s < e and s <= start and end <= e]
    return pieces or [para]  # a span drawn in the furniture is read in its own paragraph


class AttributeFiller:
    """Fills a span's attributes from its context; safe to share between threads (one fill at a time)."""

    def __init__(self, index: PlaceIndex | None = None):
        self._index = index
        self._lexicon: Lexicon | None = None
        self._reader: TitleReader | None = None
        self._lock = threading.Lock()

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
        """The figure finder's reading of the paragraph at these offsets, else of the span text alone."""
        para_start, para_end = text.rfind("\n", 0, start) + 1, text.find("\n", end)
        for figure in find_figures(text, para_start, len(text) if para_end < 0 else para_end):
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
        day = page_date(text, article.region, segments)
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
        day = page_date(text, article.region, segments)
        mentions = [c.span for c in find_officials(text, segments, self.index, (), day)[0] if c.span.label == "OFFICIAL"]
        for span in mentions:
            if (span.start, span.end) == (start, end):
                return dict(span.attrs)
        elsewhere = self._same_person_elsewhere(article, start, name, day)
        if elsewhere:
            return elsewhere
        return self._read_title_around(text, segments, start, end, day)

    def _same_person_elsewhere(self, article: ArticleRecord, start: int, name: str, day: str | None) -> dict[str, Any]:
        """A later mention takes the title of the person's nearest earlier titled mention (GUIDELINES)."""
        text = article.text
        found: list[tuple[int, dict]] = []
        seen: set[Range] = set()
        at = text.find(name)
        while at >= 0 and len(seen) < 20:
            if at != start:
                for segment in paragraph_segments(article, at, at + len(name)):
                    if segment in seen:
                        continue
                    seen.add(segment)
                    for candidate in find_officials(text, [segment], self.index, (), day)[0]:
                        span = candidate.span
                        if span.label == "OFFICIAL" and text[span.start : span.end] == name and span.attrs.get("title"):
                            found.append((span.start, dict(span.attrs)))
            at = text.find(name, at + 1)
        earlier = [f for f in found if f[0] < start]
        if earlier:
            return max(earlier, key=lambda f: f[0])[1]
        return min(found, key=lambda f: f[0])[1] if found else {}

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
            info = lexicon.head_info(match.group("head"))
            tail_end, _ = reader.parse_tail(words, wi, [], [], bool(info and info.domain))
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
