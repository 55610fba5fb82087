"""Learning from reviewers: a per-database lexicon built from their layers, and resuggest.

Where the facts come from: the reviewers' layers, not the decision log. A
layer is what a reviewer decided as it stands now (undo already applied,
several edits of one span collapsed into its final state), so a fact is
never learned from a decision that was taken back, and rebuilding is
idempotent. The log would tell the same story only after replaying undo.
`learn` rebuilds learned_facts from every reviewer's layer in one transaction
(whenever resuggest runs, or the lexicon is asked for), so the table is a
cache: deleting it loses nothing.

What is learned (applied by annotate.preannotate.learned_lexicon):
- every accepted, edited or hand-made LOCALITY with a canonical: form -> attrs;
- every such OFFICIAL: name -> side and title;
- judgements: a kept span counts as kept for (label, form, word before);
  a rejected suggestion counts as rejected; a machine suggestion a reviewer
  replaced by another span (new boundary or label) counts as rejected too.
Where reviewers disagree the most frequent attributes win.
"""
from __future__ import annotations

import json
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from sqlite_utils import Database

from annotate.models import Span, SpanRecord
from annotate.preannotate.learned_lexicon import LearnedLexicon, context_of, form_of
from annotate.store import articles as article_store
from annotate.store import learned as learned_store
from annotate.store.database import MACHINE, open_database
from annotate.store.learned import FactRow

KEPT = ("accepted", "edited")


@dataclass
class _Votes:
    """Attribute votes and judgement counts gathered over the layers before they become rows."""

    attrs: dict[tuple[str, str], Counter] = field(default_factory=lambda: defaultdict(Counter))
    who: dict[tuple[str, str], set] = field(default_factory=lambda: defaultdict(set))
    judged: dict[tuple[str, str, str], list[int]] = field(default_factory=lambda: defaultdict(lambda: [0, 0]))

    def rows(self) -> list[FactRow]:
        out = []
        for (label, form), votes in sorted(self.attrs.items()):
            attrs, n = votes.most_common(1)[0]
            kind = "place" if label == "LOCALITY" else "official"
            out.append(FactRow(kind, label, form, "", json.loads(attrs), n, 0, tuple(sorted(self.who[(label, form)]))))
        for (label, form, context), (kept, rejected) in sorted(self.judged.items()):
            out.append(FactRow("judgement", label, form, context, {}, kept, rejected, ()))
        return out


def learn(db: Database) -> LearnedLexicon:
    """Rebuild learned_facts from every reviewer's layer (one transaction) and return the lexicon."""
    votes = _Votes()
    for article_id in learned_store.articles_with_decisions(db):
        text = article_store.get_article(db, article_id).text
        machine = learned_store.machine_layer(db, article_id)
        for annotator, spans in learned_store.decided_layers(db, article_id).items():
            _count_layer(votes, text, annotator, spans, machine)
    rows = votes.rows()
    learned_store.replace_facts(db, rows)
    return lexicon_from(rows)


def _count_layer(votes: _Votes, text: str, annotator: str, spans: list[SpanRecord], machine: list[SpanRecord]) -> None:
    """One reviewer's decided spans on one article into the votes."""
    kept = [s for s in spans if s.status in KEPT]
    for span in spans:
        form = form_of(text, span.start, span.end)
        context = context_of(text, span.start)
        votes.judged[(span.label, form, context)][0 if span.status in KEPT else 1] += 1
        if span.status in KEPT and _worth_learning(span):
            votes.attrs[(span.label, form)][json.dumps(span.attrs, ensure_ascii=False, sort_keys=True)] += 1
            votes.who[(span.label, form)].add(annotator)
    in_layer = {(s.start, s.end, s.label) for s in spans}
    for suggestion in machine:
        if (suggestion.start, suggestion.end, suggestion.label) in in_layer:
            continue
        if any(suggestion.start < k.end and k.start < suggestion.end for k in kept):
            form = form_of(text, suggestion.start, suggestion.end)
            votes.judged[(suggestion.label, form, context_of(text, suggestion.start))][1] += 1


def _worth_learning(span: SpanRecord) -> bool:
    """A LOCALITY with its canonical, or an OFFICIAL with a side: facts about the entity, not the sentence."""
    if span.label == "LOCALITY":
        return bool(span.attrs.get("canonical"))
    return span.label == "OFFICIAL" and bool(span.attrs.get("side"))


def lexicon_from(rows: list[FactRow]) -> LearnedLexicon:
    """learned_facts rows as the pre-annotator's LearnedLexicon."""
    lexicon = LearnedLexicon()
    for row in rows:
        if row.kind == "place":
            lexicon.places[row.form] = dict(row.attrs)
        elif row.kind == "official":
            lexicon.officials[row.form] = dict(row.attrs)
        else:
            lexicon.judge(row.label, row.form, row.context, row.accepted, row.rejected)
    return lexicon


def load_learned(db: Database) -> LearnedLexicon:
    """The lexicon as last learned (without rebuilding it)."""
    return lexicon_from(learned_store.load_facts(db))


@dataclass
class ResuggestReport:
    """What resuggest did: articles and layers it looked at, suggestions removed and added."""

    articles: int = 0
    layers: int = 0
    removed: int = 0
    added: int = 0
    facts: int = 0

    @property
    def changed(self) -> int:
        """Suggestions that changed: every old one dropped plus every new one made (an unchanged one counts neither)."""
        return self.removed + self.added

    def format(self) -> str:
        return (f"resuggested {self.articles} articles ({self.layers} layers) with {self.facts} learned facts:"
                f" {self.changed} suggestions changed ({self.removed} removed, {self.added} added)")


Progress = Callable[[int, int], None]


def resuggest(db_path: str | Path | None, annotator: str | None = None, progress: Progress | None = None,
              preannotator: Any = None) -> ResuggestReport:
    """Learn, then re-run the pre-annotator where no reviewer decided: untouched articles' machine layer, and
    the still-suggested spans of open layers (away from every decided span). Nothing decided is ever changed."""
    db = open_database(db_path, create=False)
    try:
        lexicon = learn(db)
        if preannotator is None:
            from annotate.preannotate.pipeline import Preannotator
            from annotate.store.gazetteer import user_gazetteers

            user = user_gazetteers(db)
            preannotator = Preannotator.with_extra_places(user.place_files, user.places, lexicon)
        else:
            preannotator.learned = lexicon or None
        report = ResuggestReport(facts=len(learned_store.load_facts(db)))
        targets = list(learned_store.resuggest_targets(db, annotator))
        for done, (article_id, open_layers, untouched) in enumerate(targets, 1):
            _resuggest_article(db, preannotator, article_id, open_layers, untouched, report)
            if progress:
                progress(done, len(targets))
        return report
    finally:
        db.close()


def _resuggest_article(db: Database, preannotator: Any, article_id: int, open_layers: list[str], untouched: bool,
                       report: ResuggestReport) -> None:
    """Re-run one article and swap each eligible layer's untouched suggestions."""
    if not open_layers and not untouched:
        return
    article = article_store.get_article(db, article_id)
    fresh = preannotator.annotate(article.text, article.region, article.furniture)
    swaps = [(MACHINE, True)] if untouched else []
    swaps += [(who, False) for who in open_layers]
    for layer_name, machine_only in swaps:
        removed, added = learned_store.swap_suggestions(db, article_id, layer_name, _plan(fresh), machine_only)
        report.layers += 1
        report.removed += removed
        report.added += added
    report.articles += 1


def _key(span: Span | SpanRecord) -> tuple:
    return span.start, span.end, span.label, json.dumps(span.attrs, ensure_ascii=False, sort_keys=True)


def _plan(fresh: list[Span]) -> learned_store.Plan:
    """The swap for one layer: drop suggestions the new run does not make, add new ones clear of decided spans."""
    def plan(current: list[SpanRecord]) -> tuple[list[int], list[Span]]:
        decided = [s for s in current if s.status != "suggested"]
        wanted = [s for s in fresh if not any(s.start < d.end and d.start < s.end for d in decided)]
        wanted_keys = {_key(s) for s in wanted}
        old = [s for s in current if s.status == "suggested"]
        old_keys = {_key(s) for s in old}
        remove = [s.id for s in old if _key(s) not in wanted_keys]
        add = [s for s in wanted if _key(s) not in old_keys]
        return remove, add
    return plan
