"""What reviewers taught the pre-annotator, as it applies to one article's suggestions.

Three kinds of fact (built by annotate.services.learning from the reviewers'
layers, stored in learned_facts):
- places: a surface form a reviewer kept as LOCALITY, with its attributes.
  Forms the shipped gazetteer does not know join the place index as extra
  entries (the same path reviewer-confirmed places take); every suggestion of
  that form gets the reviewer's canonical, level, country and now.
- officials: a name a reviewer kept as OFFICIAL with its side and title. The
  side is a fact about the person, so it replaces the rules' guess; the title
  is how the article writes it, so the read title stays and the learned one
  only fills a title the rules could not read.
- judgements: how often reviewers kept or rejected a (label, form) after a
  given word (its context). A suggestion's confidence is updated with those
  counts the way the confidence table backs off (annotate.preannotate.confidence):

      p(form)    = (kept(form)    + M * base)    / (n(form)    + M)
      p(context) = (kept(context) + M * p(form)) / (n(context) + M)

  base is the span's own confidence when it has one, else PRIOR. A suggestion
  whose learned confidence falls under SUPPRESS_BELOW is not made: one
  rejection in the same context, or two anywhere with none kept, is enough.
Learned names also propose spans of their own (`candidates`) wherever they
are written, at the lowest priorities, so the rules win every overlap; a
learned OFFICIAL mention takes the title of the nearest earlier mention of
the same name in the article (the desk's convention), else the learned one.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Iterable, Sequence

from annotate.gazetteer.entries import PlaceEntry
from annotate.models import Span
from annotate.preannotate import resolve as prio
from annotate.preannotate.resolve import Candidate

SMOOTHING = 2.0
"""M above: how many unseen judgements the prior is worth."""
PRIOR = 0.5
"""A suggestion's confidence when it carries none."""
SUPPRESS_BELOW = 0.3
"""Learned confidence under which a suggestion is not made at all."""
LEARNED_OFFICIAL = prio.OFFICIAL_NAME - 1
LEARNED_PLACE = prio.LOCALITY_CONTEXT - 1
"""A learned name proposes a span only where the rules found nothing stronger."""
_WORD_BEFORE = re.compile(r"(\w+)\W{0,3}$")


def context_of(text: str, start: int) -> str:
    """The word before the span on its line, casefolded ('' at a line start): the context a judgement keys on."""
    line_start = text.rfind("\n", 0, start) + 1
    match = _WORD_BEFORE.search(text, max(line_start, start - 40), start)
    return match.group(1).casefold() if match else ""


def form_of(text: str, start: int, end: int) -> str:
    """The surface form a fact keys on: the span's text with its inner whitespace collapsed."""
    return " ".join(text[start:end].split())


@dataclass
class Judgement:
    """How often reviewers kept and rejected one (label, form[, context])."""

    kept: int = 0
    rejected: int = 0

    @property
    def n(self) -> int:
        return self.kept + self.rejected


@dataclass
class LearnedLexicon:
    """Per-database facts from reviewers: places, officials and judgements (see the module docstring)."""

    places: dict[str, dict[str, Any]] = field(default_factory=dict)
    officials: dict[str, dict[str, Any]] = field(default_factory=dict)
    judgements: dict[tuple[str, str, str], Judgement] = field(default_factory=dict)
    by_form: dict[tuple[str, str], Judgement] = field(default_factory=dict)

    def __bool__(self) -> bool:
        return bool(self.places or self.officials or self.judgements)

    def judge(self, label: str, form: str, context: str, kept: int, rejected: int) -> None:
        """Add counts for a form in a context (and to the form over every context)."""
        for table, key in ((self.judgements, (label, form, context)), (self.by_form, (label, form))):
            judgement = table.setdefault(key, Judgement())
            judgement.kept += kept
            judgement.rejected += rejected

    def place_entries(self, known: Iterable[str] = ()) -> list[PlaceEntry]:
        """Learned places as gazetteer entries, leaving out forms in `known` (the gazetteer has them already)."""
        skip = set(known)
        return [
            PlaceEntry(
                id=f"learned-{i}", name=form, canonical=str(attrs.get("canonical") or form),
                country=str(attrs.get("country") or ""), level=str(attrs.get("level") or "city"),
                aliases=(form,), source="learned",
            )
            for i, (form, attrs) in enumerate(sorted(self.places.items()))
            if form not in skip and attrs.get("canonical")
        ]

    def confidence(self, label: str, form: str, context: str, base: float = PRIOR) -> float:
        """The learned confidence of a suggestion (module docstring); base when nothing was learned."""
        p = base
        for judgement in (self.by_form.get((label, form)), self.judgements.get((label, form, context))):
            if judgement is not None:
                p = (judgement.kept + SMOOTHING * p) / (judgement.n + SMOOTHING)
        return p

    def candidates(self, text: str, segments: Sequence[tuple[int, int]]) -> list[Candidate]:
        """A span for every written occurrence of a learned name that reviewers kept more often than not."""
        out = []
        for label, table, priority in (("OFFICIAL", self.officials, LEARNED_OFFICIAL), ("LOCALITY", self.places, LEARNED_PLACE)):
            forms = [f for f in table if len(f.split()) >= 2 and self.confidence(label, f, "\0") >= PRIOR]
            if not forms:
                continue
            pattern = re.compile(r"(?<![\w/.@])(?:" + "|".join(re.escape(f) for f in sorted(forms, key=len, reverse=True)) + r")(?![\w/.@])")
            for seg_start, seg_end in segments:
                for match in pattern.finditer(text, seg_start, seg_end):
                    attrs = dict(table[match.group()]) if label == "LOCALITY" else {"title": "", "side": ""}
                    out.append(Candidate(Span(match.start(), match.end(), label, attrs, "gazetteer"), priority))
        return out

    def apply(self, text: str, spans: list[Span]) -> list[Span]:
        """The suggestions with learned attributes and confidence; those reviewers keep rejecting left out."""
        out = []
        titles: dict[str, str] = {}
        for span in spans:
            form = form_of(text, span.start, span.end)
            base = getattr(span, "confidence", None)
            p = self.confidence(span.label, form, context_of(text, span.start), PRIOR if base is None else base)
            if p < SUPPRESS_BELOW:
                continue
            if base is not None:
                span.confidence = round(p, 3)
            if span.label == "OFFICIAL" and not span.attrs.get("title") and titles.get(form):
                span.attrs = {**span.attrs, "title": titles[form]}
            self._correct(span, form)
            if span.label == "OFFICIAL" and span.attrs.get("title"):
                titles[form] = span.attrs["title"]
            out.append(span)
        return out

    def _correct(self, span: Span, form: str) -> None:
        """Learned attributes onto one suggestion: a place's link, an official's side (and a missing title)."""
        if span.label == "LOCALITY" and form in self.places:
            span.attrs = dict(self.places[form])
        elif span.label == "OFFICIAL" and form in self.officials:
            learned = self.officials[form]
            attrs = dict(span.attrs)
            if learned.get("side"):
                attrs["side"] = learned["side"]
            if not attrs.get("title") and learned.get("title"):
                attrs["title"] = learned["title"]
            span.attrs = attrs
