"""The pre-annotator: underthesea tokens + rules + gazetteer -> non-overlapping suggested spans.

`Preannotator.annotate` runs underthesea over the article region minus the
page furniture, then `annotate_tokens`, which does everything else (officials,
localities, figures, overlap resolution, provenance and confidence), so a
benchmark can time the two parts apart. Each span says which sources fired
(provenance.py) and how sure the tool is (confidence.py, calibrated on
labelled articles). Build one Preannotator per process (it loads the gazetteer
once); multiprocessing workers build their own, or call `preannotate_text`.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any, Sequence

from annotate.gazetteer.entries import PlaceEntry
from annotate.gazetteer.index import PlaceIndex, default_index
from annotate.models import Span
from annotate.preannotate.figures import find_figures
from annotate.preannotate import resolve as prio
from annotate.preannotate.dating import page_date
from annotate.preannotate.learned_lexicon import LearnedLexicon
from annotate.preannotate.lexicon import load_lexicon
from annotate.preannotate.confidence import ConfidenceTable, load_confidence
from annotate.preannotate.localities import find_localities
from annotate.preannotate.officials import find_officials
from annotate.preannotate.place_repair import link_guessed_places
from annotate.preannotate.provenance import ModelTags, figure_rule, name_locality_candidates, name_official_candidates
from annotate.preannotate.resolve import Candidate, resolve
from annotate.preannotate.tokens import Token, tag_text
from annotate.schema import default_attribute_order
from annotate.text.segments import article_segments

def ordered_attrs(label: str, attrs: dict[str, Any]) -> dict[str, Any]:
    """Attributes in the schema's order (the gold file's), `now` only where the unit changed."""
    order = default_attribute_order().get(label, ())
    out = {key: attrs[key] for key in order if key in attrs and not (key == "now" and not attrs[key])}
    for key, value in attrs.items():
        if key not in out and key not in order:
            out[key] = value
    return out


class Preannotator:
    """Suggests OFFICIAL, LOCALITY and FIGURE spans for one article at a time."""

    def __init__(self, index: PlaceIndex | None = None, confidence: ConfidenceTable | None = None, learned: LearnedLexicon | None = None):
        self.index = index if index is not None else default_index()
        self.lexicon = load_lexicon()
        self.confidence = confidence if confidence is not None else load_confidence()
        self.learned = learned if learned else None
        """What reviewers of this database taught it (learned_lexicon.py), applied after the rules and the confidence table."""

    @classmethod
    def with_extra_places(
        cls, paths: Sequence[str | Path] = (), entries: Sequence[PlaceEntry] = (), learned: LearnedLexicon | None = None,
    ) -> "Preannotator":
        """A pre-annotator that also knows the user's gazetteer files, confirmed entries and learned facts."""
        if learned:
            shipped = default_index()
            known = [form for form, attrs in learned.places.items()
                     if any(e.canonical == attrs.get("canonical") for e in shipped.lookup(form))]
            entries = [*entries, *learned.place_entries(known)]
        if not paths and not entries:
            return cls(learned=learned)
        return cls(PlaceIndex(extra_paths=paths, extra_entries=entries), learned=learned)

    def __getstate__(self) -> dict:
        """Pickle the index, the confidence table and the learned facts; the lexicon is reloaded on the other side."""
        return {"index": self.index, "confidence": self.confidence, "learned": self.learned}

    def __setstate__(self, state: dict) -> None:
        """Rebuild after unpickling (e.g. in a multiprocessing worker)."""
        self.__init__(state.get("index"), state.get("confidence"), state.get("learned"))

    def annotate(
        self,
        text: str,
        region: tuple[int, int] | None = None,
        furniture: Sequence[tuple[int, int]] = (),
    ) -> list[Span]:
        """Spans for text[region] minus furniture, sorted by start."""
        region = region or (0, len(text))
        tokens = []
        for s, e in article_segments(region, furniture):
            tokens.extend(tag_text(text, s, e))
        return self.annotate_tokens(text, tokens, region, furniture)

    def annotate_tokens(
        self,
        text: str,
        tokens: Sequence[Token],
        region: tuple[int, int] | None = None,
        furniture: Sequence[tuple[int, int]] = (),
    ) -> list[Span]:
        """Everything after underthesea: rules, gazetteer, figures, overlap resolution."""
        region = region or (0, len(text))
        segments = article_segments(region, furniture)
        if not segments:
            return []
        candidates: list[Candidate] = []
        # the page's own time stamp first, then the article's dates: furniture lists newer stories
        day = page_date(text, region, segments)
        official_cands, person_names = find_officials(text, segments, self.index, tokens, day)
        locality_cands = find_localities(text, segments, self.index, tokens, person_names, day)
        link_guessed_places(official_cands + locality_cands, self.index, day)  # "Lai Cai" split off a title is Lào Cai
        # named after the repair, so a repaired place records the entry it now links to
        candidates += name_official_candidates(text, official_cands, self.index)
        candidates += name_locality_candidates(locality_cands, self.index)
        for s, e in segments:
            seg_tokens = [t for t in tokens if s <= t.start and t.end <= e]
            for fig in find_figures(text, s, e, tokens=seg_tokens):
                attrs = {"value": fig.value, "unit": fig.unit}
                rule = figure_rule(text, fig.unit, fig.start, fig.end)
                candidates.append(Candidate(Span(fig.start, fig.end, "FIGURE", attrs, "rule"), prio.FIGURE, rule))
        if self.learned is not None:
            candidates += self.learned.candidates(text, segments)
        spans = resolve(c for c in candidates if any(s <= c.span.start and c.span.end <= e for s, e in segments))
        model = ModelTags(tokens)
        for span in spans:
            span.provenance += model.sources(span)
            span.confidence = self.confidence.estimate(span)
        if self.learned is not None:  # after the table: what reviewers said moves the table's estimate
            spans = self.learned.apply(text, spans)
        for span in spans:
            span.attrs = ordered_attrs(span.label, span.attrs)
        return spans


_DEFAULT: Preannotator | None = None


def preannotate_text(
    text: str,
    region: tuple[int, int] | None = None,
    furniture: Sequence[tuple[int, int]] = (),
) -> list[Span]:
    """Annotate with a per-process Preannotator built on first use."""
    global _DEFAULT
    if _DEFAULT is None:
        _DEFAULT = Preannotator()
    return _DEFAULT.annotate(text, region, furniture)
